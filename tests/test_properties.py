"""Property tests: no valid situation crashes the engine; no-contact never yields an action."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.advice import advise
from afterview.advice.facts import no_contact_where
from afterview.situation import situation_from_dict

ZONES = ["UTC", "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe"]
POSTINGS = [
    None,
    "Questions? Contact jobs@example.com.",
    "Please do not contact the hiring team.",
    "No phone calls or emails.",
    "Do not hesitate to reach out.",
]
KINDS = ["phone_screen", "recruiter_call", "video", "onsite", "panel", "final_round", "informal"]
MESSAGES = ["thank_you", "value_add", "status_check", "linkedin_note", "handwritten_note"]
NAMES = ["Dr. Priya Nair", "Marcus Chen", "Sofia Okafor", "Ms Claire Dawson", "José Álvarez"]


@st.composite
def situations(draw: st.DrawFn) -> dict:
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    start = draw(
        st.datetimes(
            min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 1), timezones=st.just(zone)
        )
    )
    start = start.astimezone(UTC).astimezone(zone)  # a real instant, even in a DST gap
    end = (start.astimezone(UTC) + timedelta(minutes=draw(st.integers(15, 600)))).astimezone(zone)
    now = end.astimezone(UTC) + timedelta(hours=draw(st.integers(-48, 24 * 60)))
    people = []
    for name in draw(st.lists(st.sampled_from(NAMES), max_size=4, unique=True)):
        person: dict = {"name": name}
        slug = name.split()[-1].lower().encode("ascii", "ignore").decode() or "x"
        if draw(st.booleans()):
            person["email"] = f"{slug}@employer.example"
        if draw(st.booleans()):
            person["linkedin"] = f"https://www.linkedin.com/in/{slug}"
        if draw(st.booleans()):
            person["postal_address"] = "1 Main St, Springfield"
        if draw(st.booleans()):
            person["notes"] = ["Asked about on-call"]
        if draw(st.booleans()):
            person["timezone"] = draw(st.sampled_from(ZONES))
        people.append(person)
    targets = [p["name"] for p in people] + [p.get("email", p["name"]) for p in people] + ["x"]
    sent = [
        {
            "kind": draw(st.sampled_from(MESSAGES)),
            "to": draw(st.sampled_from(targets)),
            "at": (
                end.astimezone(UTC) + timedelta(hours=draw(st.integers(0, 24 * 30)))
            ).isoformat(),
        }
        for _ in range(draw(st.integers(0, 4)))
    ]
    decision = draw(st.one_of(st.none(), st.integers(0, 90)))  # earlier: bad input
    interview: dict = {
        "kind": draw(st.sampled_from(KINDS)),
        "started_at": start.isoformat(),
        "ended_at": end.isoformat(),
        "want_role": draw(st.booleans()),
        "no_contact_requested": draw(st.booleans()),
        "notes": draw(
            st.lists(st.sampled_from(["Discussed dbt", "Talked about hiring"]), max_size=2)
        ),
        "high_stakes": draw(st.booleans()),
        "unsure_of_etiquette": draw(st.booleans()),
        "to_add": draw(st.sampled_from([[], [{"kind": "work_sample", "text": "Case study"}]])),
    }
    if decision is not None:
        interview["decision_expected_by"] = (end.date() + timedelta(days=decision)).isoformat()
    return {
        "format": 1,
        "now": now.isoformat(),
        "candidate": {
            "name": "Alex Rivera",
            "email": "alex@example.com",
            "timezone": draw(st.sampled_from([*ZONES, None])),
            "linkedin_premium": draw(st.booleans()),
        },
        "application": {
            "company": "Northwind",
            "role": "Analyst",
            "posting_text": draw(st.sampled_from(POSTINGS)),
            "contact_policy": draw(st.sampled_from(["welcome", "no_contact", "unknown"])),
            "region": draw(
                st.sampled_from([None, "US", "GB", "DE", "IN", "GB-ENG", "AU-NSW", "US-CA"])
            ),
            "sector": draw(st.sampled_from(["private", "government", "academic"])),
        },
        "interview": interview,
        "interviewers": people,
        "sent": sent,
    }


def _clean(d: dict) -> dict:
    d["application"] = {k: v for k, v in d["application"].items() if v is not None}
    d["candidate"] = {k: v for k, v in d["candidate"].items() if v is not None}
    return d


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations())
def test_no_valid_situation_crashes_the_engine(raw: dict) -> None:
    situation = situation_from_dict(_clean(raw))
    advice = advise(situation)
    out = json.loads(json.dumps(advice.to_dict()))
    assert out["verdict"] in {"send", "wait", "dont_send", "alternative"}
    assert out["summary"] and "{" not in out["summary"]
    assert len(out["checklist"]) == 3
    seen = set()
    for action in advice.actions:
        assert action.not_before.tzinfo is not None
        assert action.not_before <= action.not_after
        assert action.not_after >= advice.now, "a window that has already closed"
        key = (action.kind, action.to)
        assert key not in seen, f"two {action.kind} actions for {action.to}"
        seen.add(key)
        if action.channel == "email" and action.address is not None:
            assert "@" in action.address
    emails = [a for a in advice.actions if a.channel == "email"]
    if advice.verdict == "alternative":
        assert not emails and advice.actions
    if advice.verdict == "dont_send":
        assert not advice.actions


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations())
def test_no_contact_never_yields_an_action(raw: dict) -> None:
    raw = _clean(raw)
    raw["interview"]["no_contact_requested"] = True
    advice = advise(situation_from_dict(raw))
    assert advice.actions == ()
    assert advice.verdict == "dont_send"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations())
def test_any_no_contact_signal_stops_everything(raw: dict) -> None:
    situation = situation_from_dict(_clean(raw))
    if no_contact_where(situation):
        assert advise(situation).actions == ()


def test_advice_is_deterministic() -> None:
    raw = {
        "format": 1,
        "now": datetime(2026, 12, 1, 15, tzinfo=UTC).isoformat(),
        "candidate": {"name": "A", "email": "a@example.com", "timezone": "UTC"},
        "application": {"company": "C", "role": "R"},
        "interview": {"kind": "video", "started_at": "2026-12-01T10:00:00+00:00"},
    }
    first = advise(situation_from_dict(raw)).to_dict()
    assert all(advise(situation_from_dict(raw)).to_dict() == first for _ in range(3))
