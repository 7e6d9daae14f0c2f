"""Times in sentences: the recipient's clock, and the reader's beside it when they differ."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from afterview.wording import moment, moment_yours

CHICAGO, BERLIN = ZoneInfo("America/Chicago"), ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 1, 18, 0, tzinfo=BERLIN)


def test_the_same_clock_is_said_once() -> None:
    t = datetime(2026, 12, 2, 10, 30, tzinfo=BERLIN)
    assert moment_yours(t, NOW, t) == moment(t, NOW) == "10:30 tomorrow"


def test_another_clock_leads_with_yours_and_names_theirs() -> None:
    t = datetime(2026, 12, 2, 18, 0, tzinfo=CHICAGO)  # 01:00 on Thursday in Berlin
    assert moment_yours(t, NOW, t.astimezone(BERLIN)) == "01:00 on Thursday (Wed 18:00 their time)"
    t = datetime(2026, 12, 2, 8, 0, tzinfo=CHICAGO)  # 15:00 the same day in Berlin
    assert moment_yours(t, NOW, t.astimezone(BERLIN)) == "15:00 tomorrow (08:00 their time)"


def test_today_and_tomorrow_are_the_readers() -> None:
    """Late on Tuesday in London is already Wednesday in Kolkata: "today" is the reader's."""
    kolkata, london = ZoneInfo("Asia/Kolkata"), ZoneInfo("Europe/London")
    now = datetime(2026, 12, 2, 0, 7, tzinfo=kolkata)  # Tue 1 Dec 18:37 in London
    t = datetime(2026, 12, 2, 15, 0, tzinfo=london)  # 20:30 on Wed 2 Dec in Kolkata
    assert moment_yours(t, now, t.astimezone(kolkata)) == "20:30 today (15:00 their time)"


@given(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
    st.sampled_from(["America/Chicago", "Asia/Kolkata", "Europe/Berlin", "Pacific/Auckland"]),
)
def test_both_clocks_name_the_same_moment(naive: datetime, key: str) -> None:
    t = naive.replace(tzinfo=ZoneInfo(key))
    own = t.astimezone(BERLIN)
    said = moment_yours(t, NOW, own)
    assert said.startswith(moment(own, NOW))  # the reader's clock first, in their words
    if own.utcoffset() != t.utcoffset():
        assert said.endswith(f"{t:%H:%M} their time)")
    else:
        assert "their time" not in said
