"""No-contact lines read by meaning: the must-fire and must-not-fire lists of tests/data/no_contact.

stops.txt         candidates asked not to write at all: the email follow-up stops
channel_only.txt  candidates asked not to phone or drop in: email stays, and the reason says so
agencies.txt      lines addressed to agencies, recruiters, vendors: not a request to candidates
reply_policy.txt  "only shortlisted candidates will be contacted": not a request (GUIDANCE.md)
unrelated.txt     contact details and application instructions: not read at all
"""

from __future__ import annotations

from pathlib import Path

import pytest

from afterview.advice import advise
from afterview.advice.nocontact import find_no_contact, read_posting, sentences

from helpers import situation

DATA = Path(__file__).parent / "data" / "no_contact"


def lines(name: str) -> list[str]:
    """The sentences of one list, without comments and blank lines."""
    text = (DATA / name).read_text("utf-8")
    return [s.strip() for s in text.splitlines() if s.strip() and not s.startswith("#")]


STOPS = lines("stops.txt")
CHANNEL_ONLY = lines("channel_only.txt")
AGENCIES = lines("agencies.txt")
REPLY_POLICY = lines("reply_policy.txt")
UNRELATED = lines("unrelated.txt")
MUST_NOT_STOP = CHANNEL_ONLY + AGENCIES + REPLY_POLICY + UNRELATED


def test_the_lists_are_long_enough() -> None:
    assert len(STOPS) >= 40
    assert len(MUST_NOT_STOP) >= 40
    assert len(CHANNEL_ONLY) >= 15 and len(AGENCIES) >= 10 and len(REPLY_POLICY) >= 5
    everything = STOPS + MUST_NOT_STOP
    assert len(set(everything)) == len(everything), "a sentence is listed twice"


@pytest.mark.parametrize("text", STOPS)
def test_must_fire_stops_the_email_follow_up(text: str) -> None:
    stops = [r for r in read_posting(text) if r.stops_follow_up]
    assert stops, f"not read as a request for no contact: {text!r} -> {read_posting(text)}"
    advice = advise(situation({"application.posting_text": f"We are hiring.\n{text}"}))
    assert advice.verdict == "dont_send" and advice.actions == ()
    (reason,) = advice.reasons
    assert reason.rule == "no-contact-requested"
    assert f"“{stops[0].sentence}”, read as: " in reason.text


@pytest.mark.parametrize("text", MUST_NOT_STOP)
def test_must_not_fire_leaves_the_email_follow_up(text: str) -> None:
    assert find_no_contact(text) is None, f"read as no contact: {text!r} {read_posting(text)}"
    advice = advise(situation({"application.posting_text": f"We are hiring.\n{text}"}))
    assert not advice.fired("no-contact-requested")
    assert [a.kind for a in advice.actions if a.channel == "email"] == [
        "thank_you",
        "status_check",
    ]


@pytest.mark.parametrize("text", CHANNEL_ONLY)
def test_a_phone_or_walk_in_request_restricts_that_channel_only(text: str) -> None:
    (reading,) = read_posting(text)
    assert reading.channel_only and reading.audience == "candidates"
    assert reading.channels <= {"phone", "visit"}
    assert reading.meaning.startswith("don't ") and "email is fine" in reading.meaning
    advice = advise(situation({"application.posting_text": text}))
    assert advice.verdict == "send"
    note = next(r for r in advice.reasons if r.rule == "no-calls-email-is-fine")
    assert f"Read “{reading.sentence}” as: don't" in note.text
    assert "email is fine" in note.text


@pytest.mark.parametrize("text", AGENCIES)
def test_a_line_addressed_to_agencies_is_not_a_request_to_candidates(text: str) -> None:
    readings = read_posting(text)
    assert readings and all(r.audience == "agencies" for r in readings), readings
    advice = advise(situation({"application.posting_text": text}))
    note = next(r for r in advice.reasons if r.rule == "posting-line-not-for-candidates")
    assert "as: addressed to agencies and recruiters, not to candidates" in note.text


@pytest.mark.parametrize("text", REPLY_POLICY)
def test_only_shortlisted_will_be_contacted_is_not_a_request(text: str) -> None:
    readings = read_posting(text)
    assert [r.kind for r in readings] == ["reply_policy"], readings
    advice = advise(situation({"application.posting_text": text}))
    assert advice.fired("posting-line-not-for-candidates")


@pytest.mark.parametrize("text", UNRELATED)
def test_contact_details_and_application_instructions_are_not_read(text: str) -> None:
    assert read_posting(text) == ()


def test_the_stop_names_the_sentence_it_read() -> None:
    posting = "We are hiring.\nPlease do not contact the hiring team. Thanks!"
    assert find_no_contact(posting) == "Please do not contact the hiring team"


def test_a_stop_anywhere_wins_over_a_phone_only_line() -> None:
    posting = (
        "No phone calls please.\nAgencies: no calls.\nPlease do not follow up after interviews."
    )
    readings = read_posting(posting)
    assert [(r.audience, r.stops_follow_up) for r in readings] == [
        ("candidates", False),
        ("agencies", False),
        ("candidates", True),
    ]
    assert advise(situation({"application.posting_text": posting})).verdict == "dont_send"


def test_force_is_read() -> None:
    force = {r.clause: r.force for r in read_posting(" ".join(STOPS))}
    assert force["Canvassing is strictly prohibited"] == "strict"
    assert force["Thank-you notes are not necessary"] == "soft"
    assert force["Inquiries will not be answered"] == "request"
    statement = "We are unable to respond to individual queries about the recruitment process"
    assert force[statement] == "statement"
    (strict,) = read_posting("Canvassing in any form will disqualify the applicant.")
    assert strict.meaning.endswith("; contact may cost you the application")


def test_a_heading_line_gives_its_audience_to_the_next_line() -> None:
    posting = "Recruitment agencies\nPlease do not contact us about this role."
    (reading,) = read_posting(posting)
    assert reading.audience == "agencies"
    # ... but only to the next line
    posting = "Recruitment agencies\nWe do not work with agencies.\nPlease do not contact us."
    assert read_posting(posting)[-1].audience == "candidates"


def test_a_hard_wrapped_sentence_is_joined_and_list_lines_are_not() -> None:
    assert sentences("We kindly ask candidates not to send\nfollow-up emails.") == [
        "We kindly ask candidates not to send follow-up emails."
    ]
    assert sentences("No phone calls\nEmail your CV to jobs@x.example") == [
        "No phone calls",
        "Email your CV to jobs@x.example",
    ]
    assert sentences("• No agencies • No calls") == ["No agencies", "No calls"]
