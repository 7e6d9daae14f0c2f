"""The forms a newcomer tripped over, over HTTP: the reply form refuses a date it cannot use
below its date field (never a command's flag, never a bare page, nothing stored); the wizard
records any number of interviewers up to a cap, asks for your own time zone, and says how many
steps it has; an invite missing the company or job title is kept for the second Import."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import datetime
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from afterview.store import open_store
from afterview.web import WebSettings, create_app

NOW = datetime.fromisoformat("2026-12-01T19:00:00-05:00")
ME = "morgan.okafor@example.org"

WIZARD = {
    "contact": "unknown",
    "company": "Lakeside Freight",
    "role": "Logistics Planner",
    "kind": "onsite",
    "started_at": "2026-12-01T09:30",
    "minutes": "90",
    "timezone": "America/Chicago",
    "p0_name": "Tomasz Wielgus",
    "p0_email": "tomasz.wielgus@lakeside.example",
    "me_name": "Morgan Okafor",
    "me_email": ME,
}
# Programmer words a person must never see on a page: flags, key paths, source names.
PROGRAMMER = re.compile(r"--[a-z]|candidate\.|interviewers\[|form: |expected a ")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(WebSettings(db=str(tmp_path / "afterview.db"), now=NOW))
    with TestClient(app, base_url="http://127.0.0.1", follow_redirects=False) as c:
        yield c


def token_and_key(client: TestClient) -> tuple[str, str]:
    page = client.get("/interviews/new", follow_redirects=True)
    assert page.status_code == 200
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    key = re.search(r'name="key" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    return token, key


def record_interview(client: TestClient, **changes: str) -> int:
    token, key = token_and_key(client)
    sent = client.post("/interviews/new", data={**WIZARD, **changes, "csrf": token, "key": key})
    assert sent.status_code == 303, sent.text[:2000]
    return int(sent.headers["location"].rsplit("/", 1)[1])


def error_of(html: str, field: str) -> str | None:
    """The message shown below ``field``, or None."""
    found = re.search(rf'<span class="field-error" id="{field}-error">(.*?)</span>\s', html, re.S)
    if not found:
        return None
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("Error: ", "").strip()


def input_tag(html: str, name: str) -> str:
    found = re.search(rf'<input id="{name}"[^>]*>', html)
    assert found, f"no input {name}"
    return found.group(0)


def stored_replies(tmp_path: Path, interview_id: int) -> list[Any]:
    return list(open_store(str(tmp_path / "afterview.db")).situation(interview_id).replies)


def reply(client: TestClient, interview_id: int, **form: str) -> Any:
    page = client.get(f"/interviews/{interview_id}")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    return client.post(f"/interviews/{interview_id}/replied", data={**form, "csrf": token})


# --- 1. the reply form: a date it cannot use is refused below the date field ------------------


@pytest.mark.parametrize(
    ("outcome", "date", "says"),
    [
        ("decision_update", "2026-11-20", "on or after Tue 1 Dec 2026"),  # before the interview
        ("decision_update", "", "Enter the new date they gave"),  # a new date without a date
        ("other", "2026-11-02", "on or after Tue 1 Dec 2026"),  # "something else" with an old date
        ("next_round", "2026-12-15", "choose that answer, or clear the date"),
        ("offer", "2026-12-15", "choose that answer, or clear the date"),
        ("rejected", "2026-12-15", "choose that answer, or clear the date"),
        ("decision_update", "15/12/2026", "like 2026-12-04"),
    ],
)
def test_a_reply_date_that_cannot_be_used_is_refused_at_its_field(
    client: TestClient, tmp_path: Path, outcome: str, date: str, says: str
) -> None:
    interview_id = record_interview(client)
    before = client.get(f"/interviews/{interview_id}").text
    answer = reply(client, interview_id, outcome=outcome, decision_by=date)
    # The advice page again (not a bare error page), with the problem below the date field.
    assert answer.status_code == 422
    assert "Lakeside Freight" in answer.text and 'id="reply"' in answer.text
    message = error_of(answer.text, "decision_by")
    assert message is not None and says in message
    assert not PROGRAMMER.search(message)
    assert "--decision-by" not in answer.text and "decision_by:" not in answer.text
    tag = input_tag(answer.text, "decision_by")
    assert 'aria-invalid="true"' in tag and 'aria-describedby="decision_by-error"' in tag
    assert f'value="{date}"' in tag  # the answers kept
    assert re.search(rf'value="{outcome}" checked', answer.text)
    assert re.search(r'<details class="reply" open>', answer.text)  # the form open
    # Nothing stored: no reply, and the advice as it was.
    assert stored_replies(tmp_path, interview_id) == []
    assert 'class="replies"' not in answer.text and 'class="replies"' not in before


@pytest.mark.parametrize(
    ("outcome", "date", "stored_outcome", "stored_date"),
    [
        ("decision_update", "2026-12-18", "decision_update", "2026-12-18"),
        ("decision_update", "2026-12-01", "decision_update", "2026-12-01"),  # today counts
        ("other", "2026-12-18", "decision_update", "2026-12-18"),  # a date is a new timeline
        ("other", "", "other", None),
        ("next_round", "", "next_round", None),
        ("offer", "", "offer", None),
        ("rejected", "", "rejected", None),
    ],
)
def test_a_usable_reply_is_stored_and_the_page_shows_no_error(
    client: TestClient,
    tmp_path: Path,
    outcome: str,
    date: str,
    stored_outcome: str,
    stored_date: str | None,
) -> None:
    interview_id = record_interview(client)
    answer = reply(client, interview_id, outcome=outcome, decision_by=date)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/interviews/{interview_id}"
    [stored] = stored_replies(tmp_path, interview_id)
    assert stored.outcome == stored_outcome
    assert (str(stored.decision_expected_by) if stored.decision_expected_by else None) == (
        stored_date
    )
    page = client.get(f"/interviews/{interview_id}")
    assert page.status_code == 200
    assert error_of(page.text, "decision_by") is None
    assert 'aria-invalid="true"' not in page.text
    assert '<details class="reply" open>' not in page.text


def test_an_unknown_answer_is_refused_in_words_and_nothing_is_stored(
    client: TestClient, tmp_path: Path
) -> None:
    interview_id = record_interview(client)
    answer = reply(client, interview_id, outcome="hired_on_the_spot", decision_by="")
    assert answer.status_code == 422
    assert error_of(answer.text, "outcome") == "Choose one of the answers."
    assert "expected one of" not in answer.text
    assert stored_replies(tmp_path, interview_id) == []


def test_whatever_the_library_refuses_lands_at_the_date_field(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The class, not the examples: an InputError from the store names a command's flag; the
    page says it in the form's words below the date field."""
    from afterview.errors import InputError
    from afterview.store.repo import Store

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise InputError("--decision-by", None, "expected something the store wants")

    monkeypatch.setattr(Store, "record_reply", refuse)
    interview_id = record_interview(client)
    answer = reply(client, interview_id, outcome="decision_update", decision_by="2026-12-20")
    assert answer.status_code == 422
    message = error_of(answer.text, "decision_by")
    assert message and not PROGRAMMER.search(message)
    assert "--decision-by" not in answer.text and "expected something" not in answer.text


# --- 2a. the wizard: any panel up to the cap -------------------------------------------------


def names_on_form(html: str) -> list[str]:
    return re.findall(r'<input id="(p\d+_name)"', html)


def test_add_another_person_gives_one_more_empty_row_and_stores_nothing(
    client: TestClient, tmp_path: Path
) -> None:
    token, key = token_and_key(client)
    panel = {
        "p1_name": "Ines Carvalho",
        "p1_title": "Operations Lead",
        "p2_name": "Wen Zhao",
        "p2_email": "wen.zhao@lakeside.example",
    }
    form = {**WIZARD, **panel, "csrf": token, "key": key, "p0_topics": "the cross-dock pilot"}
    page = client.post("/interviews/new", data={**form, "add_person": "1"})
    assert page.status_code == 200
    assert names_on_form(page.text) == ["p0_name", "p1_name", "p2_name", "p3_name"]
    # Every answer kept, the new row empty, open and focused; nothing stored.
    for name, value in {
        **panel,
        "company": "Lakeside Freight",
        "p0_email": WIZARD["p0_email"],
    }.items():
        assert f'value="{value}"' in input_tag(page.text, name)
    assert "the cross-dock pilot" in page.text
    assert 'value=""' in input_tag(page.text, "p3_name")
    assert "autofocus" in input_tag(page.text, "p3_name")
    assert re.search(r'<details class="person" open>\s*<summary>Interviewer 4', page.text)
    assert 'class="field-error"' not in page.text and "error-summary" not in page.text
    assert open_store(str(tmp_path / "afterview.db")).interviews() == []
    # A fourth and fifth person are recorded, with their rows' order.
    four = {**form, "p3_name": "Kofi Mensah", "add_person": "1"}
    page = client.post("/interviews/new", data=four)
    assert names_on_form(page.text)[-1] == "p4_name"
    saved = client.post("/interviews/new", data={**four, "add_person": "", "p4_name": "Lea Roth"})
    assert saved.status_code == 303
    interview_id = int(saved.headers["location"].rsplit("/", 1)[1])
    people = open_store(str(tmp_path / "afterview.db")).situation(interview_id).interviewers
    assert [p.name for p in people] == [
        "Tomasz Wielgus", "Ines Carvalho", "Wen Zhao", "Kofi Mensah", "Lea Roth"
    ]  # fmt: skip


def test_rows_already_filled_stay_and_the_edit_page_shows_every_person(
    client: TestClient, tmp_path: Path
) -> None:
    token, key = token_and_key(client)
    people = {f"p{n}_name": f"Panelist Number{n}" for n in range(6)}
    saved = client.post("/interviews/new", data={**WIZARD, **people, "csrf": token, "key": key})
    assert saved.status_code == 303
    interview_id = int(saved.headers["location"].rsplit("/", 1)[1])
    edit = client.get(f"/interviews/{interview_id}/edit")
    assert names_on_form(edit.text) == [f"p{n}_name" for n in range(6)]
    assert all(re.search(rf'value="Panelist Number{n}"', edit.text) for n in range(6))
    # A row filled only with an email (no name yet) is shown open, not hidden away.
    page = client.post(
        "/interviews/new",
        data={**WIZARD, "p1_email": "no.name.yet@lakeside.example", "csrf": token, "key": "k2"},
    )
    assert re.search(r'<details class="person" open>\s*<summary>Interviewer 2', page.text)
    assert error_of(page.text, "p1_name") == "Enter this person's name, or clear their row."


def test_the_button_stops_at_the_cap_with_a_message(client: TestClient) -> None:
    from afterview.web.wizard import MAX_PEOPLE

    token, key = token_and_key(client)
    full = {f"p{n}_name": f"Person {n}" for n in range(MAX_PEOPLE - 1)}
    page = client.post(
        "/interviews/new", data={**WIZARD, **full, "csrf": token, "key": key, "add_person": "1"}
    )
    assert len(names_on_form(page.text)) == MAX_PEOPLE
    assert 'id="people-full"' in page.text and 'name="add_person"' not in page.text
    full[f"p{MAX_PEOPLE - 1}_name"] = "Last Person"
    again = client.post(
        "/interviews/new", data={**WIZARD, **full, "csrf": token, "key": key, "add_person": "1"}
    )
    assert len(names_on_form(again.text)) == MAX_PEOPLE  # no thirteenth row
    assert "Last Person" in again.text and 'id="people-full"' in again.text
    fresh = client.get(f"/interviews/new?key={key}")
    assert 'name="add_person"' in fresh.text and 'id="people-full"' not in fresh.text


# --- 2b. your own time zone --------------------------------------------------------------------


def test_your_time_zone_is_asked_prefilled_and_stored(client: TestClient, tmp_path: Path) -> None:
    page = client.get("/interviews/new", follow_redirects=True)
    machine = re.search(r'value="([^"]+)"', input_tag(page.text, "me_timezone")).group(1)  # type: ignore[union-attr]
    assert "/" in machine or machine == "UTC"
    assert "Your time zone" in page.text
    token, key = token_and_key(client)
    saved = client.post(
        "/interviews/new",
        data={**WIZARD, "me_timezone": "Europe/Lisbon", "csrf": token, "key": key},
    )
    assert saved.status_code == 303
    interview_id = int(saved.headers["location"].rsplit("/", 1)[1])
    record = open_store(str(tmp_path / "afterview.db")).situation(interview_id)
    assert record.candidate.timezone == "Europe/Lisbon"
    assert [p.timezone for p in record.interviewers] == ["America/Chicago"]
    edit = client.get(f"/interviews/{interview_id}/edit")
    assert 'value="Europe/Lisbon"' in input_tag(edit.text, "me_timezone")
    assert 'value="America/Chicago"' in input_tag(edit.text, "timezone")
    advice = client.get(f"/interviews/{interview_id}").text
    assert "not recorded" not in advice


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("", "Enter the time zone you are in, such as Europe/London."),
        ("Lisbon", "Enter a time zone from the list, such as Europe/London or Asia/Kolkata."),
        (
            "Europe/Atlantis",
            "Enter a time zone from the list, such as Europe/London or Asia/Kolkata.",
        ),
    ],
)
def test_a_time_zone_of_yours_that_cannot_be_used_is_refused_beside_it(
    client: TestClient, tmp_path: Path, given: str, says: str
) -> None:
    token, key = token_and_key(client)
    page = client.post(
        "/interviews/new", data={**WIZARD, "me_timezone": given, "csrf": token, "key": key}
    )
    assert page.status_code == 422
    assert error_of(page.text, "me_timezone") == says
    assert error_of(page.text, "timezone") is None  # the interviewers' zone was fine
    assert 'aria-invalid="true"' in input_tag(page.text, "me_timezone")
    assert open_store(str(tmp_path / "afterview.db")).interviews() == []


def test_the_assumed_zone_advice_speaks_to_both_audiences() -> None:
    from afterview.advice.pack import load_pack

    [rule] = [r for r in load_pack().rules if r.id == "time-zone-assumed"]
    assert "set candidate.timezone" not in rule.explain
    assert "record your time zone" in rule.explain and "candidate.timezone" in rule.explain


def test_the_intro_counts_the_steps_it_shows(client: TestClient) -> None:
    page = client.get("/interviews/new", follow_redirects=True).text
    steps = re.findall(r'<span class="step">(\d)</span>', page)
    assert steps == ["1", "2", "3", "4", "5"]
    assert "Five short steps" in page and "Three questions decide" not in page


# --- 3. an invite missing the company or job title is kept -------------------------------------


def invite_ics(summary: str = "Chat with Tomasz") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//forms fix tests//EN\r\n"
        "BEGIN:VEVENT\r\nUID:lakeside-onsite-7@cal.example\r\n"
        f"SUMMARY:{summary}\r\n"
        "DTSTART;TZID=America/Chicago:20261201T093000\r\n"
        "DTEND;TZID=America/Chicago:20261201T110000\r\n"
        "LOCATION:https://meet.example/abc-defg\r\n"
        "ORGANIZER;CN=Tomasz Wielgus:mailto:tomasz.wielgus@lakeside.example\r\n"
        f"ATTENDEE;CN=Morgan Okafor:mailto:{ME}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def import_invite(client: TestClient, raw: bytes | None, **fields: str) -> Any:
    token, _ = token_and_key(client)
    files = {"invite": ("interview.ics", raw, "text/calendar")} if raw is not None else None
    return client.post("/interviews/invite", data={"csrf": token, "me": ME, **fields}, files=files)


def hidden(html: str, name: str) -> str | None:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', html)
    return unescape(found.group(1)) if found else None


def test_an_invite_missing_company_and_title_is_kept_for_the_second_import(
    client: TestClient, tmp_path: Path
) -> None:
    raw = invite_ics()
    first = import_invite(client, raw, kind="video")
    assert first.status_code == 422
    assert error_of(first.text, "i_company") and error_of(first.text, "i_role")
    assert hidden(first.text, "kept") == base64.b64encode(raw).decode()
    assert hidden(first.text, "kept_name") == "interview.ics"
    notice = re.sub(
        r"<[^>]+>",
        "",
        re.search(r'<p class="notice kept-invite".*?</p>', first.text, re.S).group(0),
    )  # type: ignore[union-attr]
    assert "Your file interview.ics is kept" in notice
    assert " required" not in input_tag(first.text, "invite")
    assert "(most invites do not say)" in first.text
    assert open_store(str(tmp_path / "afterview.db")).interviews() == []
    # Import again with only the missing answers: no file chosen, the kept one used.
    token, _ = token_and_key(client)
    second = client.post(
        "/interviews/invite",
        data={
            "csrf": token,
            "me": ME,
            "kind": "video",
            "company": "Lakeside Freight",
            "role": "Logistics Planner",
            "kept": hidden(first.text, "kept") or "",
            "kept_name": "interview.ics",
        },
        files={"invite": ("", b"", "application/octet-stream")},  # as a browser sends "none"
    )
    assert second.status_code == 303, second.text[:3000]
    interview_id = int(second.headers["location"].rsplit("/", 1)[1])
    row = open_store(str(tmp_path / "afterview.db")).interview(interview_id)
    assert (row.company, row.role) == ("Lakeside Freight", "Logistics Planner")


def test_a_file_chosen_again_replaces_the_kept_one(client: TestClient, tmp_path: Path) -> None:
    other = invite_ics("Logistics Planner interview at Lakeside Freight")
    kept = base64.b64encode(invite_ics()).decode()
    token, _ = token_and_key(client)
    answer = client.post(
        "/interviews/invite",
        data={"csrf": token, "me": ME, "kind": "video", "kept": kept, "kept_name": "old.ics"},
        files={"invite": ("new.ics", other, "text/calendar")},
    )
    assert answer.status_code == 303


@pytest.mark.parametrize(
    ("files", "kept"),
    [
        (None, ""),  # nothing chosen, nothing kept
        (None, "this is not base64!"),  # a kept invite that came back spoiled
        (None, base64.b64encode(b"x" * (128 * 1024 + 1)).decode()[:100]),  # cut short
    ],
)
def test_no_usable_invite_is_refused_beside_the_file_box_and_nothing_is_kept(
    client: TestClient, tmp_path: Path, files: Any, kept: str
) -> None:
    token, _ = token_and_key(client)
    answer = client.post(
        "/interviews/invite",
        data={"csrf": token, "me": ME, "company": "Lakeside Freight", "kept": kept},
        files=files or {"invite": ("", b"", "application/octet-stream")},
    )
    assert answer.status_code == 422
    assert error_of(answer.text, "invite")
    assert hidden(answer.text, "kept") is None
    assert open_store(str(tmp_path / "afterview.db")).interviews() == []


def test_an_unreadable_file_is_not_kept(client: TestClient) -> None:
    answer = import_invite(client, b"BEGIN:VCARD\r\nFN:Not an invite\r\nEND:VCARD\r\n")
    assert answer.status_code == 422
    assert error_of(answer.text, "invite")
    assert hidden(answer.text, "kept") is None and "is kept" not in answer.text


def test_the_edit_page_adds_a_row_without_saving(client: TestClient, tmp_path: Path) -> None:
    interview_id = record_interview(client)
    edit = client.get(f"/interviews/{interview_id}/edit")
    token = re.search(r'name="csrf" value="([^"]+)"', edit.text).group(1)  # type: ignore[union-attr]
    form = {**WIZARD, "company": "Lakeside Freight Co", "csrf": token, "add_person": "1"}
    page = client.post(f"/interviews/{interview_id}/edit", data=form)
    assert page.status_code == 200
    assert names_on_form(page.text) == [f"p{n}_name" for n in range(4)]
    assert 'value="Lakeside Freight Co"' in input_tag(page.text, "company")
    row = open_store(str(tmp_path / "afterview.db")).interview(interview_id)
    assert row.company == "Lakeside Freight"  # not saved by the button
