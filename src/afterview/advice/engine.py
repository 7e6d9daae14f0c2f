"""Evaluate the rule pack against a situation's facts: actions, reasons, verdict.

Phases, whatever the order of rules in the file:
1. ``stop`` rules: if any fires, there is no action at all (dont_send);
2. ``act`` rules propose actions (one per person they fire for, first rule wins);
3. ``drop`` and ``narrow`` rules remove proposed actions;
4. every rule that fired and still matters becomes a reason, in the pack's order.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

from afterview.advice.facts import Facts, Person
from afterview.advice.pack import Pack, Rule
from afterview.advice.result import Action, Reason, Verdict
from afterview.advice.windows import WINDOWS
from afterview.wording import join

KIND_ORDER = ("thank_you", "value_add", "linkedin_note", "handwritten_note", "status_check")


@dataclass
class Firing:
    """A rule and the people it fired for (empty for situation-scope rules)."""

    rule: Rule
    people: list[Person]


def fire(pack: Pack, facts: Facts) -> list[Firing]:
    """Every rule that fires, in pack order."""
    settings = pack.settings
    merged = [(p, {**facts.values, **p.facts}) for p in facts.people]
    primary = [(p, f) for p, f in merged if p is facts.primary]
    out = []
    for rule in pack.rules:
        if rule.scope == "situation":
            if rule.fires(facts.values, settings):
                out.append(Firing(rule, []))
            continue
        targets = merged if rule.scope == "each" else primary
        hit = [p for p, person_facts in targets if rule.fires(person_facts, settings)]
        if hit:
            out.append(Firing(rule, hit))
    return out


def plan(pack: Pack, facts: Facts) -> tuple[tuple[Action, ...], tuple[Reason, ...], bool]:
    """Return (actions, reasons, stopped) for the facts."""
    firings = fire(pack, facts)
    stops = [f for f in firings if f.rule.effect == "stop"]
    if stops:
        return (), tuple(reason(pack, f, facts) for f in stops), True

    actions: list[Action] = []
    seen: set[tuple[str, str]] = set()
    for f in firings:
        if f.rule.effect != "act":
            continue
        for person in f.people:
            key = (str(f.rule.action), person.name)
            if key in seen:
                continue
            seen.add(key)
            actions.append(make_action(pack, f.rule, person, facts))

    for f in firings:
        if f.rule.effect == "drop":
            names = {p.name for p in f.people}
            actions = [
                a for a in actions if not (a.kind == f.rule.action and (not names or a.to in names))
            ]
        elif f.rule.effect == "narrow":
            actions = [a for a in actions if a.kind != f.rule.action or a.to == facts.primary.name]

    actions, facts = one_message_a_week(pack, actions, facts)
    acting = {a.rule for a in actions}
    reasons = tuple(
        reason(pack, f, facts) for f in firings if f.rule.effect != "act" or f.rule.id in acting
    )
    order = {name: i for i, name in enumerate(p.name for p in facts.people)}
    actions.sort(key=lambda a: (a.not_before, KIND_ORDER.index(a.kind), order.get(a.to, 0)))
    return tuple(actions), reasons, False


def one_message_a_week(
    pack: Pack, actions: list[Action], facts: Facts
) -> tuple[list[Action], Facts]:
    """Never a thank-you (or a value-add) and a status check to one person in the same week.

    When the status check's window is already open and the thank-you is still owed, the
    thank-you is late anyway: the one status check does both jobs (it thanks them and asks),
    and the thank-you goes. Otherwise the status check moves to at least
    ``status_check_gap_business_days`` business days after the earlier message's window opens
    (a value-add with something new goes first; asking comes a week later); the facts returned
    name its new first day, so every reason agrees. (The rule ``one-message-a-week`` explains
    the first case.)"""
    from afterview.timing import follow_up_window
    from afterview.wording import day

    settings = pack.settings
    rules = {r.id: r for r in pack.rules}
    thanks = {a.to: a for a in actions if a.kind == "thank_you" and a.channel == "email"}
    adds = {a.to: a for a in actions if a.kind == "value_add" and a.channel == "email"}
    people = {p.name: p for p in facts.people}
    out: list[Action] = []
    dropped: set[str] = set()
    for action in actions:
        thank_you = thanks.get(action.to) or adds.get(action.to)
        if action.kind != "status_check" or thank_you is None or action.to not in people:
            out.append(action)
            continue
        cal = people[action.to].calendar
        if thank_you.kind == "thank_you" and action.not_before <= facts.now:
            dropped.add(action.to)
            out.append(
                dataclasses.replace(
                    action,
                    why=action.why + " It is also your thank-you: thank them in the same message.",
                )
            )
            continue
        gap_day = cal.add_business_days(
            cal.local(thank_you.not_before).date(), settings["status_check_gap_business_days"]
        )
        opening = time(int(settings["follow_up_opening_hour"]))
        earliest = cal.at(gap_day, opening)
        if action.not_before >= earliest:
            out.append(action)
            continue
        window = follow_up_window(
            gap_day,
            cal,
            span_business_days=settings["status_check_span_business_days"],
            not_before=earliest,
            now=facts.now,
            opening=opening,
        )
        # The reason names the new first day, and why it moved.
        moved = dataclasses.replace(
            facts,
            context={
                **facts.context,
                "status_check_date": day(window.start.date(), cal.local(facts.now).date()),
            },
        )
        why = explain(pack, rules[action.rule].explain, moved, [people[action.to]])
        earlier = "thank-you" if thank_you.kind == "thank_you" else "follow-up"
        why += f" (Not in the same week as your {earlier}: one message a week at most.)"
        out.append(
            dataclasses.replace(action, not_before=window.start, not_after=window.end, why=why)
        )
        facts = moved
    out = [a for a in out if not (a.kind == "thank_you" and a.to in dropped)]
    return out, facts


def make_action(pack: Pack, rule: Rule, person: Person, facts: Facts) -> Action:
    """Build the action a rule proposes for one person, with its window."""
    assert rule.window and rule.action and rule.channel
    window = WINDOWS[rule.window](person, facts, pack.settings)
    address = person.address if rule.channel == "email" else None
    if rule.channel == "linkedin" and person.interviewer:
        address = person.interviewer.linkedin
    return Action(
        kind=str(rule.action),
        channel=rule.channel,
        to=person.name,
        address=address,
        not_before=window.start,
        not_after=window.end,
        why=explain(pack, rule.explain, facts, [person]),
        rule=rule.id,
    )


def reason(pack: Pack, firing: Firing, facts: Facts) -> Reason:
    """The reason a firing gives, with its sources as citations."""
    rule = firing.rule
    return Reason(
        rule=rule.id,
        text=explain(pack, rule.explain, facts, firing.people or [facts.primary]),
        sources=tuple(pack.citations[key] for key in rule.sources),
    )


def explain(pack: Pack, template: str, facts: Facts, people: list[Person]) -> str:
    """Fill a rule's text with settings, context and the names of ``people``."""
    values: dict[str, Any] = {**pack.values, **facts.context}
    values["people"] = join([p.name for p in people])
    return template.format_map(values)


def verdict_of(actions: tuple[Action, ...], stopped: bool, facts: Facts) -> Verdict:
    """send / wait / dont_send / alternative, as Contract 2 defines them."""
    if stopped or not actions:
        return "dont_send"
    emails = [a for a in actions if a.channel == "email"]
    if not emails:
        return "alternative"
    soon = facts.now + timedelta(hours=24)
    if any(a.not_before <= soon for a in emails):
        return "send"
    return "wait"
