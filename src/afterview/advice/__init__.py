"""The advisor: should I email, when, to whom, and if not, what instead?

``advise(situation)`` evaluates the rule pack (pack/rules.toml) against the situation's facts
and returns an :class:`Advice` whose ``to_dict()`` is DESIGN.md's Contract 2.
"""

from __future__ import annotations

from datetime import datetime

from afterview.advice.checklist import answer_checklist
from afterview.advice.engine import plan, verdict_of
from afterview.advice.facts import build_facts
from afterview.advice.pack import Pack, load_pack
from afterview.advice.result import Action, Advice, ChecklistAnswer, Reason
from afterview.advice.summary import summarize
from afterview.record import Situation

__all__ = ["Action", "Advice", "ChecklistAnswer", "Reason", "advise", "load_pack"]


def advise(
    situation: Situation, *, now: datetime | None = None, pack: Pack | None = None
) -> Advice:
    """Advise on ``situation`` at ``now`` (default: the situation's ``now``, else the clock)."""
    pack = pack or load_pack()
    moment = now or situation.now or datetime.now().astimezone()
    facts = build_facts(situation, moment, pack.settings)
    actions, reasons, stopped = plan(pack, facts)
    verdict = verdict_of(actions, stopped, facts)
    return Advice(
        verdict=verdict,
        summary=summarize(pack, verdict, actions, reasons, facts),
        actions=actions,
        reasons=reasons,
        checklist=answer_checklist(pack.checklist, facts, actions, pack.settings),
        now=moment,
        zone=str(facts.calendar.tz),
    )
