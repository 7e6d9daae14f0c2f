"""Drafting: one distinct, personal message per action of the advice (DESIGN.md, Contract 3).

    from afterview.drafting import draft_messages
    for draft in draft_messages(situation):
        print(draft.subject, draft.body)

Templates are data (``templates/<kind>-<variant>.txt.j2``, Jinja2); a variant is chosen from the
situation and the recipient, so the same input always gives the same draft and the notes to
different people of a panel differ in structure as well as in substance.
"""

from __future__ import annotations

from datetime import datetime

from afterview.drafting.compose import MessageDraft, compose
from afterview.record import Situation

__all__ = ["MessageDraft", "draft_messages"]


def draft_messages(situation: Situation, *, now: datetime | None = None) -> list[MessageDraft]:
    """A draft for each action the advice calls for (none when it says don't send)."""
    from afterview.advice import advise

    advice = advise(situation, now=now)
    people = [a.to for a in advice.actions]
    thanked = {a.to for a in advice.actions if a.kind == "thank_you"}
    # When one note goes to the lead (a UK panel, an academic committee), it thanks the rest.
    others = [iv.name for iv in situation.interviewers if iv.name not in thanked]
    return [
        compose(situation, action, people.index(action.to), others if thanked else [])
        for action in advice.actions
    ]
