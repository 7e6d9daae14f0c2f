"""``late``, ``too-soon`` and ``no-contact``: timing rules that reuse the advisor's engine.

They ask :func:`afterview.advise` (the same rules, facts and windows) about the moment the draft
would be sent, rather than keeping a second copy of the timing logic.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any

from afterview.checks.context import CheckContext
from afterview.checks.draft import Draft
from afterview.checks.registry import CheckRule, Hit
from afterview.checks.rules.names import recipient
from afterview.record import MessageKind
from afterview.wording import day, moment_yours


def _engine(ctx: CheckContext) -> dict[str, Any]:
    """The advice, facts and pack for the draft's send time (computed once per context)."""
    cached = ctx.extra.get("engine")
    if cached is None:
        from afterview.advice import advise, load_pack
        from afterview.advice.facts import build_facts

        pack = load_pack()
        cached = {
            "pack": pack,
            "advice": advise(ctx.situation, now=ctx.at, pack=pack),
            "facts": build_facts(ctx.situation, ctx.at, pack.settings),
        }
        ctx.extra["engine"] = cached
    return cached


def _first_line(draft: Draft) -> tuple[int, int]:
    body = draft.body
    first = len(body) - len(body.lstrip())
    end = body.find("\n", first)
    return draft.body_start + first, draft.body_start + (end if end != -1 else len(body))


def _person(draft: Draft, ctx: CheckContext) -> Any:
    """The advisor's Person for the draft's recipient (the main contact if unknown)."""
    facts = _engine(ctx)["facts"]
    named = recipient(draft, ctx)
    if named is not None:
        for person in facts.people:
            if person.name == named.full:
                return person
    return facts.primary


def status_check_opens(ctx: CheckContext, draft: Draft | None = None) -> datetime | None:
    """When a status check first becomes polite: in the recipient's time zone (the draft's, or
    the main contact's), as the advisor's window has it."""
    from afterview.advice.windows import first_status_check_day

    engine = _engine(ctx)
    facts, settings = engine["facts"], engine["pack"].settings
    person = _person(draft, ctx) if draft is not None else facts.primary
    calendar = person.calendar
    first = first_status_check_day(person, facts, settings)
    return calendar.at(first, time(int(settings["follow_up_opening_hour"])))


def no_contact(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Any message at all when the employer asked for none."""
    advice = _engine(ctx)["advice"]
    if advice.fired("no-contact-requested"):
        where = _engine(ctx)["facts"].context["no_contact_where"]
        yield Hit(
            *_first_line(draft), f"The employer asked for no contact ({where}); don't send this"
        )


def late(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """A thank-you sent after its window has closed."""
    if ctx.kind != MessageKind.thank_you:
        return
    from afterview.advice.windows import nominal_thank_you

    engine = _engine(ctx)
    person = _person(draft, ctx)
    # The business-hours window ends no earlier than the plain one an imminent decision
    # gives, so a note sent inside whichever window the advice gave is not late. (Whether
    # the decision is imminent depends on the day asked: the advice may have been asked
    # earlier than the draft is checked.)
    window = nominal_thank_you(person, engine["facts"], engine["pack"].settings, urgent=False)
    if ctx.at <= window.end:
        return
    hours = (ctx.at - ctx.situation.interview.end).total_seconds() / 3600
    very = hours > engine["pack"].settings["very_late_hours"]
    yield Hit(
        *_first_line(draft),
        f"Sent {_elapsed(hours)} after the interview; the thank-you window closed "
        f"{at_time(window.end, ctx)}"
        + ("; this is very late: keep it short and specific, without excuses" if very else ""),
    )


def too_soon(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Sent before its window opens, to someone written to hours ago, or beyond the cap."""
    engine = _engine(ctx)
    advice, settings = engine["advice"], engine["pack"].settings
    person = _person(draft, ctx)
    span = _first_line(draft)
    for rule, text in (
        ("status-check-already-sent", "You have already sent your one status check"),
        (
            "follow-up-cap-reached",
            f"You have already followed up {settings['max_follow_ups']:g} times",
        ),
    ):
        if advice.fired(rule) and ctx.kind != MessageKind.thank_you:
            yield Hit(*span, f"{text}; another message now would read as pestering")
            return
    if ctx.kind == MessageKind.thank_you and person.facts.get("thanked"):
        last = person.last_message_at()
        yield Hit(*span, f"You already thanked {person.name} ({_when(last, ctx)})")
        return
    hours = person.facts.get("hours_since_last_message", 10**6)
    if hours < settings["min_gap_same_person_hours"]:
        yield Hit(
            *span,
            f"You wrote to {person.name} {_elapsed(hours)} ago; wait at least "
            f"{settings['min_gap_same_person_hours']:g} hours between messages",
        )
        return
    if ctx.kind == MessageKind.thank_you:
        from afterview.advice.windows import nominal_thank_you

        window = nominal_thank_you(person, engine["facts"], settings)
        # Only the first minutes after the interview are too soon. A note written later but
        # outside business hours (an evening, a weekend) may go now or be scheduled for the
        # window's opening: it is read then either way.
        fresh = ctx.situation.interview.end + timedelta(
            minutes=settings["thank_you_min_delay_minutes"]
        )
        if ctx.at < min(window.start, fresh):
            yield Hit(
                *span,
                f"Too soon after the interview: wait until {at_time(window.start, ctx)}, "
                "when you can reread it with fresh eyes",
                severity="warning",
            )
        return
    action = next(
        (a for a in advice.actions if a.kind == ctx.kind and a.to == person.name),
        None,
    )
    if ctx.kind == MessageKind.status_check:
        opens = status_check_opens(ctx, draft)
        if opens is not None and ctx.at < opens:
            yield Hit(
                *span,
                f"A status check before {day(opens.date())} comes before the employer's timeline "
                "has passed; wait until then",
            )
        return
    if action is not None and ctx.at < action.not_before:
        yield Hit(
            *span,
            f"Too soon: the window for this {ctx.kind.replace('_', '-')} opens "
            f"{at_time(action.not_before, ctx)}",
        )


def _elapsed(hours: float) -> str:
    if hours < 1:
        return f"{int(hours * 60)} minutes"
    if hours < 48:
        return f"{int(hours)} hours"
    return f"{int(hours // 24)} days"


def at_time(t: datetime, ctx: CheckContext) -> str:
    """``12:00 today``, in the recipient's zone, with the candidate's own clock beside it when
    the two differ (the advice words times the same way)."""
    return moment_yours(t, ctx.at, _engine(ctx)["facts"].calendar.local(t))


def _when(at: datetime | None, ctx: CheckContext) -> str:
    return f"on {day(at.date())}" if at else "already"


LATE = CheckRule("late", "warning", "sent after the window for its kind", late)
TOO_SOON = CheckRule(
    "too-soon",
    "error",
    "a message to the same person too soon after the last, or a status check before the "
    "timeline passed",
    too_soon,
)
NO_CONTACT = CheckRule("no-contact", "error", "the employer asked for no contact", no_contact)
