"""The new-interview wizard over HTTP: every error below its own field in plain words and in a
linked summary, answers kept; a form's key in its address so Back, refresh and a second press
never make a second interview; topics, the posting's text and the invite's kind on the form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from afterview.web import WebSettings, create_app
from afterview.web.wizard import FormProblems, form_field, situation_data

from helpers import WIZARD_FORM

NOW = datetime.fromisoformat("2026-12-01T19:00:00-05:00")
ME = "alex.rivera@example.com"

WIZARD = {  # the shortest complete form: no title, no notes
    k: v for k, v in WIZARD_FORM.items() if k not in ("p0_title", "p0_notes", "notes")
}

# What a person must never be shown: key paths, the source name, programmers' phrasing.
PROGRAMMER = re.compile(
    r"form: |interviewers\[|candidate\.|interview\.|application\.|expected |--\w"
)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(WebSettings(db=str(tmp_path / "afterview.db"), now=NOW))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def new_form(client: TestClient) -> tuple[str, str, str]:
    """(the form page's address, its CSRF token, its key) as a browser gets them."""
    page = client.get("/interviews/new")
    assert page.status_code == 200
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    key = re.search(r'name="key" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    return str(page.url), token, key


def interviews(client: TestClient) -> list[dict[str, Any]]:
    return list(client.get("/api/interviews").json()["interviews"])


def error_of(html: str, field: str) -> str | None:
    """The message shown below ``field``, or None."""
    found = re.search(rf'<span class="field-error" id="{field}-error">(.*?)</span>\s', html, re.S)
    if not found:
        return None
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("Error: ", "").strip()


def summary_links(html: str) -> list[tuple[str, str]]:
    box = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert box, "no error summary"
    return [
        (f, unescape(m)) for f, m in re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', box.group(0))
    ]


# --- errors where you look -----------------------------------------------------------------


def test_every_mistake_is_shown_below_its_field_in_plain_words_and_linked_from_the_summary(
    client: TestClient,
) -> None:
    _, token, key = new_form(client)
    form = {
        **WIZARD,
        "csrf": token,
        "key": key,
        "company": "",
        "p0_email": "priya at northwind",
        "p1_name": "Marcus Chen",
        "p1_linkedin": "linkedin.com/in/marcus",
        "minutes": "2",
        "me_email": "alex",
        "notes": "Discussed the dbt move",
    }
    response = client.post("/interviews/new", data=form)
    assert response.status_code == 422
    html = response.text
    expected = {
        "company": "Enter the company's name.",
        "minutes": "Enter the interview's length in minutes, from 5 to 960.",
        "p0_email": "Enter an email address like name@example.com.",
        "p1_linkedin": "Enter the address of their profile, like https://www.linkedin.com/in/name.",
        "me_email": "Enter your email address, like name@example.com.",
    }
    for field, message in expected.items():
        assert error_of(html, field) == message, field
        tag = re.search(rf'<(?:input|textarea|select) id="{field}"[^>]*>', html).group(0)  # type: ignore[union-attr]
        assert 'aria-invalid="true"' in tag
        assert f"{field}-error" in re.search(r'aria-describedby="([^"]+)"', tag).group(1)  # type: ignore[union-attr]
    # The summary lists every one, in the form's order, each a link to its field.
    # An interviewer's line names the row (two rows may have the same problem).
    row = {"p0_email": "Interviewer 1: ", "p1_linkedin": "Interviewer 2: "}
    assert summary_links(html) == [(f, row.get(f, "") + m) for f, m in expected.items()]
    # The summary comes before anything else in the page's content.
    assert html.index('id="error-summary"') < html.index("<h1>")
    # Only the wrong fields are marked.
    for fine in ("role", "p0_name", "p1_name", "timezone", "me_name"):
        assert error_of(html, fine) is None
        assert not re.search(rf'id="{fine}"[^>]*aria-invalid', html)
    # No key paths or programmer's words anywhere a person reads.
    visible = re.sub(r"<[^>]+>", " ", html)
    assert not PROGRAMMER.search(visible), PROGRAMMER.search(visible)
    # Every answer is kept, the wrong ones too.
    for value in ("Senior Data Analyst", "priya at northwind", "Marcus Chen", "alex", "2"):
        assert f'value="{value}"' in html
    assert ">Discussed the dbt move</textarea>" in html
    assert f'name="key" value="{key}"' in html
    # The second interviewer's row, folded away when empty, is open to show its error.
    assert re.search(r'<details class="person" open>\s*<summary>Interviewer 2', html)
    assert interviews(client) == []


def test_a_form_without_mistakes_has_no_error_marks(client: TestClient) -> None:
    url, _, _ = new_form(client)
    html = client.get(url).text
    assert "aria-invalid" not in html and "error-summary" not in html and "field-error" not in html


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("interviewers[1].email", "p1_email"),
        ("interviewers[0].linkedin", "p0_linkedin"),
        ("interviewers[2].topics[0]", "p2_topics"),
        ("interviewers[0].postal_address", None),  # not on the form: shown at the top only
        ("interview.topics[1]", "topics"),
        ("interview.to_add[0].url", "to_add_url"),
        ("interview.to_add[0].text", "to_add"),
        ("interview.ended_at", "minutes"),
        ("interview.decision_expected_by", "decision_by"),
        ("application.posting_text", "posting_text"),
        ("candidate.timezone", "me_timezone"),
        ("sent[0].to", None),
    ],
)
def test_each_key_path_points_at_its_form_input(path: str, field: str | None) -> None:
    assert form_field(path) == field


def test_an_error_in_a_later_row_marks_that_row_when_an_earlier_row_is_blank() -> None:
    # Rows 0 and 2 filled, row 1 blank: the situation's interviewers[1] is the form's row 2.
    form = {**WIZARD, "p2_name": "Sofia Okafor", "p2_email": "sofia@"}
    with pytest.raises(FormProblems) as caught:
        situation_data(form)
    assert caught.value.problems == {"p2_email": "Enter an email address like name@example.com."}


def test_dates_and_times_are_checked_together_and_named_by_their_field() -> None:
    form = {**WIZARD, "decision_by": "2026-11-20"}  # before the interview
    with pytest.raises(FormProblems) as caught:
        situation_data(form)
    assert caught.value.problems == {
        "decision_by": "Enter a date on or after the day of the interview."
    }
    form = {**WIZARD, "started_at": "", "timezone": "Mars/Olympus", "company": ""}
    with pytest.raises(FormProblems) as caught:
        situation_data(form)
    assert list(caught.value.problems) == ["company", "started_at", "timezone"]


def test_a_missing_time_zone_is_an_error_beside_it_never_this_machines_zone(
    client: TestClient,
) -> None:
    _, token, key = new_form(client)
    response = client.post(
        "/interviews/new", data={**WIZARD, "csrf": token, "key": key, "timezone": ""}
    )
    assert response.status_code == 422
    assert error_of(response.text, "timezone") == (
        "Enter the time zone the interviewers are in, such as America/New_York."
    )
    assert interviews(client) == []
    form = {k: v for k, v in WIZARD.items() if k != "timezone"}  # not sent at all
    response = client.post("/interviews/new", data={**form, "csrf": token, "key": key})
    assert response.status_code == 422 and error_of(response.text, "timezone")
    assert interviews(client) == []


# --- one interview per form ----------------------------------------------------------------


def test_the_form_page_carries_its_key_in_its_address(client: TestClient) -> None:
    first = client.get("/interviews/new", follow_redirects=False)
    assert first.status_code == 303
    assert re.fullmatch(r"/interviews/new\?key=[0-9a-f]{32}", first.headers["location"])
    again = client.get(first.headers["location"])  # a refresh: the same key
    assert f'name="key" value="{first.headers["location"].split("=")[1]}"' in again.text
    assert again.headers["cache-control"] == "no-store"
    other = client.get("/interviews/new", follow_redirects=False)  # "New interview": a new key
    assert other.headers["location"] != first.headers["location"]


def test_back_and_resubmit_or_a_second_press_update_the_one_interview(client: TestClient) -> None:
    url, token, key = new_form(client)
    form = {**WIZARD, "csrf": token, "key": key}
    first = client.post("/interviews/new", data=form, follow_redirects=False)
    assert first.status_code == 303
    (stored,) = interviews(client)
    # A second press, and a resubmit after Back with a changed time zone and role.
    again = client.post("/interviews/new", data=form, follow_redirects=False)
    assert again.headers["location"] == first.headers["location"]
    changed = {**form, "timezone": "America/Los_Angeles", "role": "Lead Data Analyst"}
    third = client.post("/interviews/new", data=changed, follow_redirects=False)
    assert third.headers["location"] == first.headers["location"]
    (after,) = interviews(client)
    assert after["id"] == stored["id"] and after["role"] == "Lead Data Analyst"
    assert after["started_at"] == "2026-12-01T18:00:00+00:00"  # 10:00 in Los Angeles
    # Back to the form's page: the server knows it was sent and opens that interview to edit.
    back = client.get(url, follow_redirects=False)
    assert back.status_code == 303
    assert back.headers["location"] == f"/interviews/{stored['id']}/edit?again=1"
    edit = client.get(back.headers["location"]).text
    assert "You already recorded this interview" in edit
    assert 'value="America/Los_Angeles"' in edit  # the zone as stored, not this machine's


def test_a_new_form_makes_a_new_interview(client: TestClient) -> None:
    for company in ("Northwind Health", "Contoso"):
        _, token, key = new_form(client)
        form = {**WIZARD, "csrf": token, "key": key, "company": company}
        assert client.post("/interviews/new", data=form, follow_redirects=False).status_code == 303
    assert sorted(i["company"] for i in interviews(client)) == ["Contoso", "Northwind Health"]


def test_a_resubmit_keeps_what_the_edit_page_added(client: TestClient) -> None:
    _, token, key = new_form(client)
    form = {**WIZARD, "csrf": token, "key": key}
    client.post("/interviews/new", data=form)
    (row,) = interviews(client)
    edit = {**form, "p0_linkedin": "https://www.linkedin.com/in/priya-nair"}
    client.post(f"/interviews/{row['id']}/edit", data=edit)
    form.pop("p0_linkedin", None)  # the old page, sent again, has no such input
    client.post("/interviews/new", data=form)
    edit_page = client.get(f"/interviews/{row['id']}/edit").text
    assert re.search(
        r'id="p0_linkedin"[^>]*value="https://www.linkedin.com/in/priya-nair"', edit_page
    )
    assert len(interviews(client)) == 1


# --- topics and the posting's text ---------------------------------------------------------


def test_topics_are_asked_for_as_the_drafts_use_them(client: TestClient) -> None:
    url, _, _ = new_form(client)
    html = client.get(url).text
    assert html.count("Finish the sentence: I enjoyed our conversation about …") == 1 + 3
    assert "e.g. your plan to move the claims dashboard to dbt" in html
    data = situation_data(
        {
            **WIZARD,
            "topics": "your plan to move the claims dashboard to dbt\n\n",
            "p0_topics": "the Q3 churn model",
            "notes": "Mentioned a second round in January",
        }
    )
    assert data["interview"]["topics"] == ["your plan to move the claims dashboard to dbt"]
    assert data["interviewers"][0]["topics"] == ["the Q3 churn model"]
    assert data["interview"]["notes"] == ["Mentioned a second round in January"]
    assert "topics" not in situation_data(WIZARD)["interview"]


def test_the_drafts_use_the_topics_word_for_word(client: TestClient) -> None:
    _, token, key = new_form(client)
    form = {**WIZARD, "csrf": token, "key": key, "topics": "the plan to retire the nightly batch"}
    location = client.post("/interviews/new", data=form, follow_redirects=False).headers["location"]
    interview_id = int(location.rsplit("/", 1)[1])
    messages = client.post(f"/api/interviews/{interview_id}/drafts", json={}).json()["messages"]
    thanks = [m for m in messages if m["kind"] == "thank_you"]
    assert thanks and "the plan to retire the nightly batch" in thanks[0]["body"]


def test_a_posting_that_asks_for_no_contact_turns_the_advice_to_dont_send(
    client: TestClient,
) -> None:
    verdicts = {}
    for posting in (
        "",
        "We review every application. Please do not contact us about your application.",
    ):
        _, token, key = new_form(client)
        form = {**WIZARD, "csrf": token, "key": key, "company": f"Co {len(verdicts)}"}
        form["posting_text"] = posting
        location = client.post("/interviews/new", data=form, follow_redirects=False)
        interview_id = int(location.headers["location"].rsplit("/", 1)[1])
        verdicts[posting] = client.get(f"/api/interviews/{interview_id}").json()["advice"][
            "verdict"
        ]
    assert list(verdicts.values()) == ["send", "dont_send"]


# --- the calendar invite -------------------------------------------------------------------


def ics(summary: str = "Interview with Ada Obi", location: str = "") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//afterview tests//EN\r\n"
        "BEGIN:VEVENT\r\nUID:ada-obi-1@calendar.example\r\n"
        f"SUMMARY:{summary}\r\n"
        "DTSTART;TZID=Europe/London:20261124T150000\r\nDTEND;TZID=Europe/London:20261124T160000\r\n"
        + (f"LOCATION:{location}\r\n" if location else "")
        + "ORGANIZER;CN=Ada Obi:mailto:ada.obi@lumen.example\r\n"
        f"ATTENDEE;CN=Alex Rivera:mailto:{ME}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def post_invite(client: TestClient, raw: bytes, **fields: str) -> Any:
    _url, token, _ = new_form(client)
    return client.post(
        "/interviews/invite",
        data={"csrf": token, "me": ME, **fields},
        files={"invite": ("ada.ics", raw, "text/calendar")},
        follow_redirects=False,
    )


def test_an_invite_that_does_not_say_its_kind_asks_beside_the_kind_select(
    client: TestClient,
) -> None:
    response = post_invite(client, ics(), company="Lumen Health", role="Product Analyst")
    assert response.status_code == 422
    html = response.text
    assert error_of(html, "i_kind") == (
        "The invite does not say what kind of interview it was. Choose one."
    )
    assert summary_links(html) == [("i_kind", error_of(html, "i_kind"))]
    assert "--kind" not in html and "give " not in html
    assert re.search(r'<details class="invite" open>', html)
    assert 'value="Lumen Health"' in html and 'value="Product Analyst"' in html
    assert interviews(client) == []


def test_an_invite_missing_company_role_and_kind_asks_for_all_three(client: TestClient) -> None:
    html = post_invite(client, ics()).text
    assert [f for f, _ in summary_links(html)] == ["i_company", "i_role", "i_kind"]
    assert error_of(html, "i_company") == "The invite does not name the company. Enter it here."
    assert not PROGRAMMER.search(re.sub(r"<[^>]+>", " ", html))


def test_an_invite_imported_with_its_kind_chosen(client: TestClient) -> None:
    response = post_invite(
        client, ics(), company="Lumen Health", role="Product Analyst", kind="onsite"
    )
    assert response.status_code == 303
    (row,) = interviews(client)
    assert (row["company"], row["kind"]) == ("Lumen Health", "onsite")
    page = client.get(response.headers["location"]).text
    assert "Ada Obi" in page


def test_an_invite_kind_not_in_the_list_is_refused_beside_the_select(client: TestClient) -> None:
    response = post_invite(client, ics(), company="L", role="R", kind="pannel")
    assert response.status_code == 422
    assert error_of(response.text, "i_kind") == "Choose one of the kinds in the list."
    assert interviews(client) == []


def test_an_invite_sent_to_someone_else_marks_the_address(client: TestClient) -> None:
    _url, token, _ = new_form(client)
    response = client.post(
        "/interviews/invite",
        data={"csrf": token, "me": "someone@else.example", "kind": "video"},
        files={"invite": ("ada.ics", ics(), "text/calendar")},
    )
    assert response.status_code == 422
    assert error_of(response.text, "me") == (
        "This address is not among the invite's guests. Enter the one it was sent to."
    )


def test_a_file_that_is_no_invite_is_explained_beside_the_file_input(client: TestClient) -> None:
    response = post_invite(client, b"hello")
    assert response.status_code == 422
    assert error_of(response.text, "invite") == (
        "This file cannot be read as a calendar invite (.ics). Choose the invite file."
    )


def test_the_edit_page_shows_its_errors_below_the_fields_too(client: TestClient) -> None:
    _, token, key = new_form(client)
    client.post("/interviews/new", data={**WIZARD, "csrf": token, "key": key})
    (row,) = interviews(client)
    plain_edit = client.get(f"/interviews/{row['id']}/edit").text
    assert "You already recorded this interview" not in plain_edit  # only after Back
    form = {**WIZARD, "csrf": token, "p0_email": "nope", "timezone": "Atlantis/Capital"}
    response = client.post(f"/interviews/{row['id']}/edit", data=form)
    assert response.status_code == 422
    assert [f for f, _ in summary_links(response.text)] == ["timezone", "p0_email"]
    assert error_of(response.text, "timezone") == (
        "Enter a time zone from the list, such as America/New_York or Europe/London."
    )
    (after,) = interviews(client)
    assert after == row  # nothing changed


@pytest.mark.parametrize(
    ("start", "recorded"),
    [
        ("DTSTART:20261124T150000Z", "Europe/Berlin"),  # UTC times: the viewer's zone is yours
        ("DTSTART;TZID=America/Chicago:20261124T090000", "America/Chicago"),  # named: that one
    ],
)
def test_an_invite_records_your_zone_when_its_times_name_none(
    tmp_path: Path, start: str, recorded: str
) -> None:
    from zoneinfo import ZoneInfo

    from afterview.store import open_store

    berlin = NOW.astimezone(ZoneInfo("Europe/Berlin"))
    app = create_app(WebSettings(db=str(tmp_path / "afterview.db"), now=berlin))
    raw = ics().replace(
        b"DTSTART;TZID=Europe/London:20261124T150000\r\nDTEND;TZID=Europe/London:20261124T160000",
        start.encode(),
    )
    with TestClient(app, base_url="http://127.0.0.1") as c:
        response = post_invite(c, raw, company="Lumen Health", role="Product Analyst", kind="video")
        assert response.status_code == 303, response.text
    (row,) = open_store(str(tmp_path / "afterview.db")).interviews()
    record = open_store(str(tmp_path / "afterview.db")).situation(row.id)
    assert record.candidate.timezone == recorded
