"""Where each interview stands and the one thing to do next: the dashboard's and the interview
page's summary, computed from the stored messages and the advice (not in a template).

``progress(record, advice, messages, now)`` answers, for one interview: how many of each kind
of message are sent ("2 of 3 thank-yous sent", "status check from <time>"), what they replied,
and the next step (write the drafts, open the draft that is due, confirm a message handed to
your mail client, say what a reply found by ``afterview sync`` said, record their reply, or
nothing more to do). Pages render the parts; times stay datetimes, for the page to show in
the viewer's zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from afterview.wording import day

# How a kind of message is called, one and several.
KIND_WORDS: dict[str, tuple[str, str]] = {
    "thank_you": ("thank-you", "thank-yous"),
    "value_add": ("value-add follow-up", "value-add follow-ups"),
    "status_check": ("status check", "status checks"),
    "linkedin_note": ("LinkedIn note", "LinkedIn notes"),
    "handwritten_note": ("handwritten note", "handwritten notes"),
}
# How a message's state reads in a list.
STATE_WORDS = {
    "draft": "draft",
    "sending": "being sent",
    "handed_off": "handed to your mail client",
    "sent": "sent",
    "cancelled": "cancelled",
}
# What a reply said, after "They replied: ".
OUTCOME_WORDS = {
    "rejected": "not moving forward",
    "next_round": "next round",
    "offer": "an offer",
    "decision_update": "a new date",
    "other": "",  # an answer that is none of these: nothing more to say about it
}
_ORDER = tuple(KIND_WORDS)
# How an interview's kind is called in a sentence ("a phone screen", "an on-site interview").
INTERVIEW_WORDS = {
    "phone_screen": "phone screen",
    "recruiter_call": "recruiter call",
    "video": "video interview",
    "onsite": "on-site interview",
    "panel": "panel interview",
    "final_round": "final-round interview",
    "informal": "informal conversation",
}
# A window opening within this long is "due now or within a day" (the advice's verdict "send").
SOON = timedelta(hours=24)

Do = Literal[
    "write_drafts",
    "open_draft",
    "confirm_sent",
    "settle_send",
    "classify_reply",
    "wait",
    "record_reply",
    "record_next_round",
    "done",
]


def kind_word(kind: str, count: int = 1) -> str:
    """'thank-you', 'thank-yous', 'LinkedIn note': a message kind as people say it."""
    one, many = KIND_WORDS.get(kind, (kind.replace("_", " "), kind.replace("_", " ") + "s"))
    return one if count == 1 else many


def interview_word(kind: str) -> str:
    """'phone screen', 'video interview': an interview's kind as people say it."""
    if kind in INTERVIEW_WORDS:
        return INTERVIEW_WORDS[kind]
    words = kind.replace("_", " ")
    return words if words.endswith("interview") else f"{words} interview"


@dataclass(frozen=True)
class Part:
    """One piece of the progress line: words, and a moment to show after them (or None)."""

    text: str
    at: datetime | None = None


@dataclass(frozen=True)
class Step:
    """The next thing to do: what (``do``), in words, the message it concerns (the page to
    open), and when it is due (or when waiting ends)."""

    do: Do
    text: str
    message_id: int | None = None
    at: datetime | None = None
    at_words: str = ""  # what ``at`` is, before it on a page: "due by", "due from", "send from"


@dataclass(frozen=True)
class Progress:
    """Where one interview stands."""

    parts: tuple[Part, ...]
    reply: str | None  # "They replied: next round"
    replied_at: datetime | None
    step: Step

    def to_dict(self) -> dict[str, Any]:
        """JSON form (moments as RFC 3339)."""

        def iso(t: datetime | None) -> str | None:
            return t.isoformat() if t else None

        return {
            "parts": [{"text": p.text, "at": iso(p.at)} for p in self.parts],
            "reply": self.reply,
            "replied_at": iso(self.replied_at),
            "step": {
                "do": self.step.do,
                "text": self.step.text,
                "message_id": self.step.message_id,
                "at": iso(self.step.at),
            },
        }


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def _person(record: Any, to: str) -> str:
    """A recipient as a key: an address of a recorded interviewer becomes their name."""
    for person in getattr(record, "interviewers", ()):
        if person.email and person.email.casefold() == to.casefold():
            return _key(person.name)
    return _key(to)


def reply_said(outcome: str, decision_by: date | None = None) -> str:
    """'next round', 'a new decision date, Fri 18 Dec': what a classified reply said."""
    said = OUTCOME_WORDS.get(outcome, "")
    if outcome == "decision_update" and decision_by is not None:
        said = f"a new decision date, {day(decision_by)}"
    return said


def reply_words(outcome: str, decision_by: date | None = None) -> str:
    """'They replied: next round' (or just 'They replied')."""
    said = reply_said(outcome, decision_by)
    return f"They replied: {said}" if said else "They replied"


def progress(
    record: Any,
    advice: Any,
    messages: Sequence[Any],
    now: datetime,
    unclassified: int = 0,
) -> Progress:
    """Where the interview stands and what to do next.

    :param record: the stored situation (``Store.situation``: messages sent are in ``sent``)
    :param advice: ``advise(record, now=now)``
    :param messages: the interview's outbox messages (``Store.messages_of``)
    :param unclassified: replies ``afterview sync`` found that nobody has classified yet
    """
    handed = {(m.kind, _key(m.to)) for m in messages if m.state == "handed_off"}
    done = {(s.kind, _person(record, s.to)) for s in record.sent} - handed
    live = [m for m in messages if m.state in ("draft", "sending")]
    cancelled = {(m.kind, _key(m.to)) for m in messages if m.state == "cancelled"}
    planned = {(a.kind, _key(a.to)) for a in advice.actions} | {(m.kind, _key(m.to)) for m in live}
    planned -= done | handed
    cancelled -= done | handed | planned

    parts: list[Part] = []
    for kind in _ORDER:
        sent = sum(1 for k, _ in done if k == kind)
        given = sum(1 for k, _ in handed if k == kind)
        todo = sum(1 for k, _ in planned if k == kind)
        dropped = sum(1 for k, _ in cancelled if k == kind)
        total = sent + given + todo
        if kind == "status_check" and todo and not sent and not given:
            first = min((a.not_before for a in advice.actions if a.kind == kind), default=None)
            parts.append(
                Part(f"{kind_word(kind)} from", first)
                if first
                else Part(f"{kind_word(kind)} not sent yet")
            )
            continue
        if total == 0:
            if dropped:
                count = f"{dropped} " if dropped > 1 else ""
                parts.append(Part(f"{count}{kind_word(kind, dropped)} cancelled"))
            continue
        if total == 1:
            state = "sent" if sent else "handed to your mail client" if given else "not sent yet"
            text = f"{kind_word(kind)} {state}"
        else:
            text = f"{sent} of {total} {kind_word(kind, total)} sent"
            if given:
                text += f", {given} handed to your mail client"
        if dropped:
            text += f", {dropped} cancelled"
        parts.append(Part(text))

    last = record.replies[-1] if record.replies else None
    reply = (
        reply_words(last.outcome, last.decision_expected_by) if last and not unclassified else None
    )
    return Progress(
        tuple(parts),
        reply,
        last.at if last else None,
        _step(record, advice, messages, now, unclassified, bool(done or handed)),
    )


def _due_window(advice: Any, message: Any) -> Any:
    """The advice's action a message carries out, or None."""
    for action in advice.actions:
        if action.kind == message.kind and _key(action.to) == _key(message.to):
            return action
    return None


def _step(
    record: Any,
    advice: Any,
    messages: Sequence[Any],
    now: datetime,
    unclassified: int,
    any_sent: bool,
) -> Step:
    if unclassified:
        return Step("classify_reply", "Say what their reply said")
    for m in messages:
        if m.state == "sending":  # a send that did not finish: nothing else until it is settled
            return Step(
                "settle_send",
                f"A send of the {kind_word(m.kind)} to {m.to} did not finish: see where it stands",
                m.id,
            )
    for m in messages:
        if m.state == "handed_off":
            return Step(
                "confirm_sent",
                f"Confirm you sent the {kind_word(m.kind)} to {m.to}",
                m.id,
                m.sent_at,
            )
    drafts = [(m, _due_window(advice, m)) for m in messages if m.state == "draft"]
    open_now = sorted(
        ((m, a) for m, a in drafts if a is not None and a.not_before <= now),
        key=lambda pair: pair[1].not_after,
    )
    if open_now:
        m, a = open_now[0]
        return Step(
            "open_draft", f"Open the {kind_word(m.kind)} to {m.to}", m.id, a.not_after, "due by"
        )
    drafted = {(m.kind, _key(m.to)) for m in messages if m.state != "cancelled"}
    undrafted = [a for a in advice.actions if (a.kind, _key(a.to)) not in drafted]
    if any(a.not_before <= now for a in undrafted):
        return Step("write_drafts", "Write the drafts")
    if advice.actions:
        first = min(advice.actions, key=lambda a: a.not_before)
        draft = next((m for m, a in drafts if a is first), None)
        if first.not_before <= now + SOON:  # due within a day: get it ready now, never "wait"
            if draft is not None:
                return Step(
                    "open_draft",
                    f"Open the {kind_word(first.kind)} to {first.to}",
                    draft.id,
                    first.not_before,
                    "due from",
                )
            return Step("write_drafts", "Write the drafts now", None, first.not_before, "send from")
        return Step(
            "wait",
            f"Nothing to do now: the {kind_word(first.kind)} to {first.to} is due from",
            draft.id if draft else None,
            first.not_before,
        )
    last = record.replies[-1] if record.replies else None
    if last is not None:
        if last.outcome == "next_round":
            return Step(
                "record_next_round", "Nothing more to send: record the next round when it is set"
            )
        if last.outcome == "offer":
            return Step("done", "Nothing more to send: answer their offer")
        return Step("done", "Nothing more to send")
    if any_sent:
        return Step("record_reply", "When they answer, record their reply")
    return Step("done", advice.summary)


def due_message(messages: Iterable[Any], kind: str, to: str) -> Any:
    """The draft (or message being sent) that carries out the action ``kind`` to ``to``, or
    None: an agenda item opens it."""
    for m in messages:
        if m.kind == kind and _key(m.to) == _key(to) and m.state in ("draft", "sending"):
            return m
    return None


@dataclass(frozen=True)
class InterviewStatus:
    """One interview as the dashboard lists it: the row, the advice's verdict and progress."""

    row: Any
    verdict: str
    summary: str
    progress: Progress


def overview(store: Any, now: datetime, style: str | None = None) -> list[InterviewStatus]:
    """Every stored interview, most recent first, with its advice as of ``now`` and its
    progress. ``style``: respell the advice's summary for that spelling system."""
    from afterview.advice import advise

    waiting: dict[int, int] = {}
    for r in store.unclassified_replies():
        waiting[r["interview"]] = waiting.get(r["interview"], 0) + 1
    out = []
    for row in store.interviews():
        record = store.situation(row.id)
        advice = advise(record, now=now)
        if style is not None:
            import dataclasses

            from afterview.regional_spelling import record_words, respell

            summary = respell(advice.summary, style, record_words(record))
            advice = dataclasses.replace(advice, summary=summary)
        out.append(
            InterviewStatus(
                row,
                advice.verdict,
                advice.summary,
                progress(record, advice, store.messages_of(row.id), now, waiting.get(row.id, 0)),
            )
        )
    return out


def agenda_messages(store: Any, items: Iterable[Any]) -> list[Any]:
    """For each agenda item, the draft that carries it out (to open), or None."""
    cache: dict[int, list[Any]] = {}
    found = []
    for item in items:
        if item.interview_id not in cache:
            cache[item.interview_id] = store.messages_of(item.interview_id)
        found.append(due_message(cache[item.interview_id], item.kind, item.to))
    return found
