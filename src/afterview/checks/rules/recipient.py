"""``wrong-recipient``: a To: address that is malformed or is not the greeted person's address."""

from __future__ import annotations

from collections.abc import Iterator

from afterview.checks.context import CheckContext
from afterview.checks.draft import Draft
from afterview.checks.registry import CheckRule, Hit
from afterview.checks.rules.names import recipient


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Validate each To: address and compare it with the person the draft greets."""
    if not draft.to or not draft.to_span:
        return
    lo, hi = draft.to_span
    if any(c in draft.to for c in '<>,"'):
        from email.utils import getaddresses

        addresses = [addr for _, addr in getaddresses([draft.to]) if addr]
    else:  # a bare address: nothing to parse
        addresses = [draft.to.strip()] if draft.to.strip() else []
    if not addresses:
        yield Hit(lo, hi, f"To: '{draft.to}' is not an email address")
        return
    greeted = recipient(_without_to(draft), ctx) if draft.greeting else None
    for address in addresses:
        start = draft.text.find(address, lo, hi + 1)
        span = (start, start + len(address)) if start != -1 else (lo, hi)
        problem = invalid_address(address)
        if problem:
            yield Hit(*span, f"To: '{address}' is not a valid address ({problem})")
            continue
        person = ctx.person_by_address(address)
        if greeted is not None and greeted.email and person is not greeted:
            owner = f"{person.full}'s address" if person else "an address of no one you met"
            yield Hit(
                *span,
                f"To: {address} is {owner}, but the draft greets {greeted.full} ({greeted.email})",
                suggestion=greeted.email,
            )
        elif person is None and greeted is None and any(p.email for p in ctx.people):
            known = ", ".join(p.email for p in ctx.people if p.email)
            yield Hit(
                *span,
                f"To: {address} is not the address of anyone you met ({known})",
                severity="warning",
            )


def invalid_address(address: str) -> str | None:
    """Why ``address`` is not a valid email address (email-validator, no DNS), or None.
    Remembered in the on-disk cache, since email-validator is slow to import."""
    from afterview import cache

    def compute() -> str | None:
        from email_validator import EmailNotValidError, validate_email

        try:
            validate_email(address, check_deliverability=False)
        except EmailNotValidError as exc:
            return str(exc)
        return None

    return cache.memo(f"addresses-{_VALIDATOR}.pickle", address, compute)


_VALIDATOR = "1"  # bump when the validation rules change


def _without_to(draft: Draft) -> Draft:
    """The same draft with no To: line, so the recipient is found from the greeting alone."""
    from dataclasses import replace

    return replace(draft, to=None, to_span=None, cache={})


RULE = CheckRule(
    "wrong-recipient",
    "error",
    "a To: address that is malformed or is not the greeted person's address",
    check,
)
