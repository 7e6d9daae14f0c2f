"""The one- or two-sentence summary that opens the advice."""

from __future__ import annotations

from datetime import datetime, timedelta

from afterview.advice.facts import Facts
from afterview.advice.pack import Pack
from afterview.advice.result import Action, Reason, Verdict
from afterview.wording import join, moment_yours, plural


def summarize(
    pack: Pack,
    verdict: Verdict,
    actions: tuple[Action, ...],
    reasons: tuple[Reason, ...],
    facts: Facts,
) -> str:
    """Say what to do, to whom and by when; the rules' headlines supply the words."""
    now = facts.now

    def headline(rule_id: str) -> str:
        return pack.rule(rule_id).headline or rule_id

    blockers = [headline(r.rule) for r in reasons if pack.rule(r.rule).effect in ("stop", "drop")]
    if verdict == "dont_send":
        if blockers:
            return f"Don't send anything: {blockers[0]}."
        # A note with a headline says what is missing before anything can be sent.
        missing = [
            r for r in reasons if pack.rule(r.rule).effect == "note" and pack.rule(r.rule).headline
        ]
        if missing:
            text = missing[0].text
            return f"Nothing to send yet: {text[:1].lower()}{text[1:]}"
        # Why nothing is due says it best: their reply, the thanks already sent, the time gone.
        telling = sorted(
            (r for r in reasons if r.rule in _WHY_NOTHING), key=lambda r: _WHY_NOTHING.index(r.rule)
        ) or list(reasons)
        said = telling[0].text if telling else "no action applies."
        return "Nothing worth sending: " + _lower_first(said)
    if verdict == "wait":
        first = min(actions, key=lambda a: a.not_before)
        lead = f"Nothing to send now: {blockers[0]}. " if blockers else "Nothing to send now. "
        start = facts.situation.interview.started_at
        if start > now and not blockers:  # recorded ahead (an invite): it has not happened yet
            lead = f"Your interview is at {_at(start, facts)}: nothing to send before it. "
        if first.kind == "status_check":
            return lead + (
                f"If you have heard nothing by {_at(first.not_before, facts)}, "
                f"send {headline(first.rule)} to {first.to}."
            )
        return (
            lead
            + f"Next: {headline(first.rule)} to {first.to} from {_at(first.not_before, facts)}."
        )
    if verdict == "alternative":
        return "Don't email; " + _sentence(pack, actions, facts, verb="send")
    soon = now + timedelta(hours=24)
    due = tuple(a for a in actions if a.channel == "email" and a.not_before <= soon)
    text = _sentence(pack, due, facts, verb="Send")
    later = [a for a in actions if a not in due and a.kind == "status_check"]
    if later:
        text += f" If you hear nothing, one status check from {_at(later[0].not_before, facts)}."
    return text


def _sentence(pack: Pack, actions: tuple[Action, ...], facts: Facts, verb: str) -> str:
    first = actions[0]
    same = [a for a in actions if a.kind == first.kind]
    total = len(facts.situation.interviewers)
    if len(same) > 1 and len(same) == total:
        who = f"each of the {plural(total, 'interviewer')}"
    else:
        who = join([a.to for a in same])
    what = pack.rule(first.rule).headline or first.kind.replace("_", " ")
    return f"{verb} {what} to {who} {_when(same, facts)}."


def _when(actions: list[Action], facts: Facts) -> str:
    start = min(a.not_before for a in actions)
    end = min(a.not_after for a in actions)
    if start <= facts.now:
        return f"before {_at(end, facts)}"
    return f"between {_at(start, facts)} and {_at(end, facts)}"


def _at(t: datetime, facts: Facts) -> str:
    """A time in the recipient's zone, with the candidate's own time when the zones differ."""
    return moment_yours(t, facts.now, facts.calendar.local(t))


_WHY_NOTHING = (
    "employer-replied",
    "employer-gave-new-date",
    "already-thanked",
    "follow-up-window-passed",
)


def _lower_first(text: str) -> str:
    """'You already thanked …' after a colon: 'you already thanked …' (not 'I', not a name)."""
    first = text.split(" ", 1)[0]
    if first in ("You", "Your", "The", "This", "It", "There", "More", "After", "Once"):
        return text[0].lower() + text[1:]
    return text
