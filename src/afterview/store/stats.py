"""A career centre's statistics without exposing a student: counts of interviews, messages sent
and replies (by outcome), by week and sector, every count whose group has fewer than
``MIN_STUDENTS`` students withheld.

The queries read every student's rows, so they run as the role that owns the tables (the one
``afterview admin migrate`` uses): the web's and workers' role sees one student at a time by
row-level security, by design. ``afterview admin stats`` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, literal, select, true

from afterview.store import schema

MIN_STUDENTS = 10  # a group of fewer students is suppressed


@dataclass(frozen=True)
class Stat:
    """One count: a measure (``interviews``, ``sent``, ``replies:<outcome>``) in one week
    (its Monday) and sector; ``count`` None when the group is too small to show."""

    week: date
    sector: str
    measure: str
    count: int | None

    @property
    def suppressed(self) -> bool:
        return self.count is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "week": self.week.isoformat(),
            "sector": self.sector,
            "measure": self.measure,
            "count": self.count,
            "suppressed": self.suppressed,
        }


def _week(engine: Any, column: Any) -> Any:
    """The Monday of the week a stored (UTC) time falls in."""
    if engine.dialect.name == "postgresql":
        return func.date(func.date_trunc("week", column))
    return func.date(column, "weekday 0", "-6 days")


def _monday(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def centre_stats(engine: Any, since: datetime | None = None) -> list[Stat]:
    """Every count by week, sector and measure, oldest week first (see the module)."""
    i, a, m, r = schema.Interview, schema.Application, schema.Message, schema.Reply

    def after(column: Any) -> Any:
        return column >= since if since else true()

    sector = func.coalesce(a.sector, literal("unknown"))
    measures = []
    week = _week(engine, i.started_at)
    measures.append(
        select(week, sector, literal("interviews"), func.count(), func.count(i.owner_id.distinct()))
        .join(a, i.application_id == a.id)
        .where(after(i.started_at))
        .group_by(week, sector)
    )
    week = _week(engine, m.sent_at)
    measures.append(
        select(week, sector, literal("sent"), func.count(), func.count(m.owner_id.distinct()))
        .join(i, m.interview_id == i.id)
        .join(a, i.application_id == a.id)
        .where(m.state == "sent", after(m.sent_at))
        .group_by(week, sector)
    )
    week = _week(engine, r.at)
    measure = literal("replies:") + r.outcome
    measures.append(
        select(week, sector, measure, func.count(), func.count(r.owner_id.distinct()))
        .join(i, r.interview_id == i.id)
        .join(a, i.application_id == a.id)
        .where(after(r.at))
        .group_by(week, sector, r.outcome)
    )
    found = []
    with engine.connect() as connection:
        for query in measures:
            for monday, group, name, count, students in connection.execute(query):
                shown = int(count) if students >= MIN_STUDENTS else None
                found.append(Stat(_monday(monday), str(group), str(name), shown))
    return sorted(found, key=lambda s: (s.week, s.sector, s.measure))
