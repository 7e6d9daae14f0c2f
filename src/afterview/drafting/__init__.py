"""Drafting: one distinct, personal message per action of the advice (DESIGN.md, Contract 3).

    from afterview.drafting import draft_messages
    for draft in draft_messages(situation):
        print(draft.subject, draft.body)

Sentences are built from parts whose slots have a known grammar (``templates/parts.toml``);
what the interview was about comes from recorded topics, or from notes whose shape
:mod:`afterview.drafting.notes` recognises. A note it does not recognise is never pasted: the
draft says so in ``hints`` and ``needs_topic``. The same input always gives the same drafts;
the notes to a panel differ in structure and wording, and are kept below the checker's
``panel-duplicate`` threshold by construction and by measurement.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from afterview.advice import Action
from afterview.drafting.compose import Material, MessageDraft, Style, compose
from afterview.drafting.notes import Reading, Verdict, read_note, topic_reading
from afterview.record import Interviewer, Situation, ToAdd

__all__ = ["Drafts", "MessageDraft", "draft_messages", "draft_set"]

SIMILAR = 78.0  # aim below the checker's 85% with a margin (panel-duplicate)
CONTENT_RULES = {"name-mismatch", "wrong-company", "wrong-role"}  # errors a phrase can cause
SPECIFIC_KINDS = {"thank_you", "linkedin_note", "handwritten_note"}
THANKS = {"thank_you", "handwritten_note"}  # a note that thanks its reader in full


@dataclass
class Drafts:
    """The drafts, and what could not be drafted (an email action with no address) and why."""

    drafts: list[MessageDraft]
    skipped: list[str] = field(default_factory=list)


def draft_messages(situation: Situation, *, now: datetime | None = None) -> list[MessageDraft]:
    """A draft for each action the advice calls for (none when it says don't send, and none
    for an email to someone whose address is not recorded)."""
    return draft_set(situation, now=now).drafts


def draft_set(situation: Situation, *, now: datetime | None = None) -> Drafts:
    """The drafts, with a line for each email action left undrafted for want of an address."""
    from afterview.advice import advise
    from afterview.advice.facts import with_replies

    advice = advise(situation, now=now)
    # A new date the employer gave in a reply is the date a status check cites.
    situation, _ = with_replies(situation, now or situation.now or datetime.now().astimezone())
    skipped = []
    actions = []
    for action in advice.actions:
        if action.channel == "email" and not (action.address and "@" in action.address):
            skipped.append(
                f"No email draft to {action.to}: no email address is recorded. "
                f"Add {_field(situation, action.to, 'email')}, or ask the coordinator who set "
                "up the interview to pass your note on."
            )
            continue
        actions.append(action)
    plan = _Plan(situation, actions)
    return Drafts(plan.separate(), skipped)


def _sent_to(situation: Situation, name: str, sent: Any) -> bool:
    from afterview.advice.facts import name_key, sent_to

    person = next((iv for iv in situation.interviewers if iv.name == name), None)
    return sent_to(name_key(name), person.email if person else None, sent)


def _field(situation: Situation, name: str, key: str) -> str:
    for i, iv in enumerate(situation.interviewers):
        if iv.name == name:
            return f"interviewers[{i}].{key}"
    return f"interviewers[].{key}" if key == "email" else f"interview.{key}"


class _Plan:
    """What each recipient's message says and in which style."""

    def __init__(self, situation: Situation, actions: list[Action]) -> None:
        self.situation = situation
        self.actions = actions
        seed = f"{situation.application.company}|{situation.application.role}"
        self.base = int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16) % 997
        self.people = [iv.name for iv in situation.interviewers]
        # Everything that decides one person's note is computed over the whole panel, sent
        # or not, so that sending one note never changes what the others say: the style
        # index is the person's place in the panel, the lead and the people thanked through
        # them count the notes already sent, and the notes are parted in panel order.
        self.sent_kinds = {
            name: {s.kind for s in situation.sent if _sent_to(situation, name, s)}
            for name in self.people
        }
        planned = [a.to for a in actions if a.kind == "thank_you"]
        thanked = self._panel_order(
            planned + [n for n in self.people if self.sent_kinds[n] & THANKS]
        )
        # When one note goes to the lead (a UK panel, an academic committee), it thanks the rest.
        self.lead = thanked[0] if thanked else None
        self.others = [n for n in self.people if n not in thanked] if thanked else []
        noted = planned + [a.to for a in actions if a.kind == "value_add"]
        self.noted = set(noted) | {
            n for n in self.people if self.sent_kinds[n] & {"thank_you", "value_add"}
        }
        self.shift: dict[tuple[str, str], int] = {}
        self.checkers: dict[tuple[str, datetime], Any] = {}
        self.names: re.Pattern[str] | None = None
        self.plain: set[tuple[str, str]] = set()  # drafts that quote nothing (see separate)
        used, skipped = _readings(situation.interview.topics, situation.interview.notes)
        if len(situation.interviewers) > 1:  # "your question": not everyone asked it
            used = [r.neutral() for r in used]
        self.general = (used, skipped)

    def _panel_order(self, names: list[str]) -> list[str]:
        """``names`` without repeats, the panel's people first in the panel's order."""
        unique = list(dict.fromkeys(names))
        return sorted(unique, key=self.place)

    def place(self, name: str) -> int:
        """The person's place in the panel (someone not on it comes after everyone)."""
        return self.people.index(name) if name in self.people else len(self.people)

    def person(self, name: str) -> Interviewer | None:
        return next((iv for iv in self.situation.interviewers if iv.name == name), None)

    def index(self, action: Action) -> int:
        """The style index of the note to ``action.to``: their place in the panel (not among
        the notes still to send, which shrink as notes go)."""
        if action.to in self.people:
            return self.people.index(action.to)
        outside = [a.to for a in self.actions if a.kind == action.kind and a.to not in self.people]
        return len(self.people) + (outside.index(action.to) if action.to in outside else 0)

    def material(self, action: Action, plain: bool = False) -> tuple[Material, list[str]]:
        """What the message to ``action.to`` may say, and hints for the user."""
        person = self.person(action.to)
        own = _readings(person.topics, person.notes) if person else ([], [])
        general_used, general_skipped = self.general
        index = self.index(action)
        hints: list[str] = []
        readings: list[Reading] = []
        if not plain:
            readings = list(own[0])
            if general_used:
                rotated = (
                    general_used[index % len(general_used) :]
                    + general_used[: index % len(general_used)]
                )
                readings += [r for r in rotated if r.np not in {x.np for x in readings}]
            readings = readings[:2]
        for verdict in own[1] + general_skipped:
            hints.append(f"The note “{verdict.note}” was not used: {verdict.reason}.")
        if not readings and action.kind in SPECIFIC_KINDS:
            where = _field(self.situation, action.to, "topics") if person else "interview.topics"
            hints.insert(
                0,
                f"Add a topic for {action.to} ({where}), a phrase that completes “our "
                "conversation about …”, to make this note personal.",
            )
        to_add = None
        if action.kind in ("thank_you", "value_add") and self.situation.interview.to_add:
            to_add = self.to_add_for(action)
        others = self.others if action.kind == "thank_you" and action.to == self.lead else []
        return Material(readings, to_add, others), hints

    def to_add_for(self, action: Action) -> ToAdd | None:
        """The material to add that concerns ``action.to``: the item whose words meet that
        person's notes and topics most; an item that meets nobody's goes to the lead."""
        items = self.situation.interview.to_add
        if action.kind == "value_add":
            owned = [i for i in items if self.owner(i) == action.to]
            return owned[0] if owned else items[0]
        owned = [i for i in items if self.owner(i) == action.to]
        return owned[0] if owned else None

    def owner(self, item: ToAdd) -> str | None:
        names = self.noted  # whoever gets or got a thank-you or a value-add
        best, score = None, 0
        wanted = _words(item.text)
        for iv in self.situation.interviewers:
            if iv.name not in names:
                continue
            got = len(wanted & _words(" ".join([*iv.topics, *iv.notes])))
            if got > score:
                best, score = iv.name, got
        if best is None:
            best = self.lead or next((a.to for a in self.actions if a.kind == "value_add"), None)
        return best

    def draft(self, action: Action, plain: bool = False, taken: str = "") -> MessageDraft:
        """The message for ``action``; ``taken``: the notes of its kind earlier in the panel,
        whose sentences it does not repeat while the parts offer another."""
        material, hints = self.material(action, plain)
        shift = self.shift.get((action.kind, action.to), 0)
        # A card or a LinkedIn note to someone also thanked by email reads differently.
        offset = {"handwritten_note": 4, "linkedin_note": 2}.get(action.kind, 0)
        style = Style.for_person(self.base + offset, self.index(action), shift)
        if action.kind in SPECIFIC_KINDS:
            style = replace(style, taken=taken)
        subject, body = compose(self.situation, action, material, style)
        return MessageDraft(
            kind=action.kind,
            to=action.to,
            address=action.address,
            subject=subject,
            body=body,
            send_after=action.not_before,
            send_before=action.not_after,
            needs_topic=action.kind in SPECIFIC_KINDS and not material.readings,
            hints=tuple(hints),
        )

    def panel(self) -> list[Action]:
        """The actions, then for each kind written to each person of a panel, the same
        message to every panel member who has no action of that kind (their note was sent,
        or goes through the lead, or has no address): the notes are told apart over the
        whole panel, so sending one of them changes none of the others."""
        out = list(self.actions)
        for kind in dict.fromkeys(a.kind for a in self.actions if a.kind in SPECIFIC_KINDS):
            real = [a for a in self.actions if a.kind == kind]
            have = {a.to for a in real}
            for iv in self.situation.interviewers:
                if iv.name in have:
                    continue
                where = {"email": iv.email, "linkedin": iv.linkedin}.get(real[0].channel)
                out.append(replace(real[0], to=iv.name, address=where))
        return out

    def separate(self) -> list[MessageDraft]:
        """Draft every note of the panel (see :meth:`panel`); check each draft that quotes
        the record as afterview would; a quoted phrase that trips a content rule is dropped;
        a note too close to one earlier in the panel's order gets another style. Returns the
        drafts of the actions, in their order."""
        everyone = self.panel()
        self.actions_all = everyone
        out = []
        for action in everyone:
            draft = self.draft(action)
            material, _ = self.material(action)
            quotes = bool(material.readings or material.to_add)
            problems = self._content_errors(draft) if quotes else []
            if problems:
                plain = self.draft(action, plain=True)
                if not self._content_errors(plain):
                    note = (
                        f"What you recorded for {action.to} was left out: with it, the draft "
                        f"did not pass afterview check ({problems[0]}). Reword the topic."
                    )
                    hints = [h for h in plain.hints if not h.startswith("Add a topic")]
                    draft = replace(plain, hints=(note, *hints))
                    self.plain.add((action.kind, action.to))
            out.append(draft)
        for kind in dict.fromkeys(d.kind for d in out):
            group = [i for i, d in enumerate(out) if d.kind == kind]
            self._part(out, sorted(group, key=lambda i: (self.place(out[i].to), i)))
        return out[: len(self.actions)]

    def _part(self, out: list[MessageDraft], group: list[int]) -> None:
        """Restyle drafts of one kind until no two are alike (by the panel comparison's
        measure, with a margin) and no two open with the same sentence; when no style gets
        there, keep the least alike."""
        kept: list[str] = []
        openings: set[str] = set()
        bodies: list[str] = []  # the notes kept so far, whose sentences the next ones avoid
        for i in group:
            action = self.actions_all[i]
            key = (action.kind, action.to)
            taken = "\n\n".join(bodies)
            if taken and action.kind in SPECIFIC_KINDS:
                out[i] = replace(self.draft(action, key in self.plain, taken), hints=out[i].hints)
            best: tuple[float, int, MessageDraft] | None = None
            for _ in range(24):
                text = self._comparable(out[i])
                worst = max((_ratio(text, other) for other in kept), default=0.0)
                if _opening(out[i]) in openings:
                    worst = max(worst, SIMILAR)
                if best is None or worst < best[0]:
                    best = (worst, self.shift.get(key, 0), out[i])
                if worst < SIMILAR:
                    break
                self.shift[key] = self.shift.get(key, 0) + 1
                out[i] = replace(self.draft(action, key in self.plain, taken), hints=out[i].hints)
            assert best is not None
            if best[0] >= SIMILAR and key not in self.plain and out[i].kind == "linkedin_note":
                # A short note cannot carry the same topic eight ways: say it without.
                self.plain.add(key)
                for _ in range(12):
                    self.shift[key] = self.shift.get(key, 0) + 1
                    candidate = self.draft(action, plain=True, taken=taken)
                    text = self._comparable(candidate)
                    worst = max((_ratio(text, other) for other in kept), default=0.0)
                    if worst < best[0]:
                        best = (worst, self.shift[key], candidate)
                    if worst < SIMILAR:
                        break
                if best[2].needs_topic is False:
                    self.plain.discard(key)
            self.shift[key], out[i] = best[1], best[2]
            kept.append(self._comparable(out[i]))
            openings.add(_opening(out[i]))
            bodies.append(out[i].body)

    def _content_errors(self, draft: MessageDraft) -> list[str]:
        from afterview.checks import Checker, parse_text

        key = (draft.kind, draft.send_after)
        checker = self.checkers.get(key)
        if checker is None:
            rules = [r for r in _rules() if r.id in CONTENT_RULES]
            checker = self.checkers[key] = Checker(
                self.situation, draft.kind, draft.send_after, rules=rules
            )
        findings = checker.check(parse_text(draft.as_text(), f"{draft.kind}:{draft.to}"))
        return [f.message for f in findings if f.severity == "error"]

    def _comparable(self, draft: MessageDraft) -> str:
        """The body as the panel comparison sees it: no greeting, no names, folded."""
        from afterview.checks.context import fold

        if self.names is None:
            parts = {p for name in self.people for p in re.findall(r"\w+", fold(name))}
            alternatives = "|".join(map(re.escape, sorted(parts, key=len, reverse=True)))
            self.names = re.compile(rf"\b(?:{alternatives})\b") if parts else re.compile("(?!)")
        body = draft.body.strip()
        if "\n" in body:  # a letter: without its greeting line and its signature block
            body = body.split("\n", 1)[1].rsplit("\n\n", 1)[0]
        else:  # a one-line note: without "Hello Tom" (the sign-off stays, as the check has it)
            body = ", " + body.split(", ", 1)[-1]
        return " ".join(self.names.sub("", fold(body)).split())


def _opening(draft: MessageDraft) -> str:
    """The first words after the greeting (before any role or company)."""
    paragraphs = draft.body.split("\n\n")
    first = paragraphs[1] if len(paragraphs) > 1 else draft.body.split(", ", 1)[-1]
    return " ".join(first.split()[:6])


def _rules() -> list[Any]:
    from afterview.checks.registry import all_rules

    return list(all_rules())


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b))


def _any_topics(situation: Situation) -> bool:
    return bool(situation.interview.topics) or any(iv.topics for iv in situation.interviewers)


def _readings(
    topics: tuple[str, ...], notes: tuple[str, ...]
) -> tuple[list[Reading], list[Verdict]]:
    """Readings of the topics (verbatim) and of the notes whose shape is known; the rest."""
    used = [topic_reading(t) for t in topics if t.strip()]
    skipped = []
    for note in notes:
        verdict = read_note(note)
        if verdict.reading is not None:
            used.append(verdict.reading)
        else:
            skipped.append(verdict)
    return used, skipped


def _words(text: str) -> set[str]:
    from afterview.checks.context import fold

    return set(re.findall(r"\w{4,}", fold(text)))
