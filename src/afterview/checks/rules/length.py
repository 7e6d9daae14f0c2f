"""``too-long``: over the length for the kind of message (shared/GUIDANCE.md §3 and §7)."""

from __future__ import annotations

from collections.abc import Iterator

from afterview.checks.context import CheckContext
from afterview.checks.draft import Draft
from afterview.checks.registry import CheckRule, Hit
from afterview.record import InterviewKind, MessageKind

# Words in the body; GUIDANCE: aim for 60-180, warn above 200; screens shorter.
WORD_LIMITS = {
    MessageKind.thank_you: 200,
    MessageKind.value_add: 200,
    MessageKind.status_check: 150,
    MessageKind.handwritten_note: 120,
}
SCREEN_THANK_YOU = 120
LINKEDIN_CHARS = (200, 300)  # free, Premium


def limit(ctx: CheckContext) -> tuple[int, str]:
    """The limit for the draft's kind and its unit ("words" or "characters")."""
    if ctx.kind == MessageKind.linkedin_note:
        premium = ctx.situation.candidate.linkedin_premium
        return LINKEDIN_CHARS[1 if premium else 0], "characters"
    screen = ctx.situation.interview.kind in (
        InterviewKind.phone_screen,
        InterviewKind.recruiter_call,
    )
    if ctx.kind == MessageKind.thank_you and screen:
        return SCREEN_THANK_YOU, "words"
    return WORD_LIMITS[ctx.kind], "words"


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Flag a body over the limit, from the first word past it to the end."""
    most, unit = limit(ctx)
    body = draft.body.rstrip()
    if unit == "characters":
        if len(body) > most:
            start = draft.body_start + most
            yield Hit(
                start,
                draft.body_start + len(body),
                f"{len(body)} characters; a LinkedIn connection note allows {most}",
            )
        return
    words = body.split()
    if len(words) <= most:
        return
    tokens = list(_word_offsets(draft))
    start = tokens[most] if len(tokens) > most else draft.body_start
    kind = ctx.kind.replace("_", "-")
    yield Hit(
        start,
        draft.body_start + len(body),
        f"{len(words)} words; keep a {kind} under {most} (aim for 60-180)",
    )


def _word_offsets(draft: Draft) -> Iterator[int]:
    offset = draft.body_start
    for word in draft.body.split():
        offset = draft.text.index(word, offset)
        yield offset
        offset += len(word)


RULE = CheckRule(
    "too-long",
    "warning",
    "over the length for the kind (thank-you about 200 words; LinkedIn note 200/300 characters)",
    check,
)
