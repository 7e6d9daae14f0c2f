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


def test_another_clock_names_both_and_the_day_when_it_differs() -> None:
    t = datetime(2026, 12, 2, 18, 0, tzinfo=CHICAGO)  # 01:00 on Thursday in Berlin
    assert moment_yours(t, NOW, t.astimezone(BERLIN)) == (
        "18:00 tomorrow their time (01:00 on Thursday yours)"
    )
    t = datetime(2026, 12, 2, 8, 0, tzinfo=CHICAGO)  # 15:00 the same day in Berlin
    assert moment_yours(t, NOW, t.astimezone(BERLIN)) == "08:00 tomorrow their time (15:00 yours)"


@given(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
    st.sampled_from(["America/Chicago", "Asia/Kolkata", "Europe/Berlin", "Pacific/Auckland"]),
)
def test_both_clocks_name_the_same_moment(naive: datetime, key: str) -> None:
    t = naive.replace(tzinfo=ZoneInfo(key))
    own = t.astimezone(BERLIN)
    said = moment_yours(t, NOW, own)
    assert said.startswith(moment(t, NOW))
    if own.utcoffset() != t.utcoffset():
        assert f"{own:%H:%M}" in said.split("their time", 1)[1]
    else:
        assert "their time" not in said
