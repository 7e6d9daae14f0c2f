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
    sent = client.post(
        "/interviews/new", data={**WIZARD, **changes, "csrf": token, "key": key}
    )
    assert sent.status_code == 303, sent.text[:2000]
    return int(sent.headers["location"].rsplit("/", 1)[1])


def error_of(html: str, field: str) -> str | None:
    """The message shown below ``field``, or None."""
    found = re.search(rf'<span class="field-error" id="{field}-error">(.*?)</span>\s', html, re.S)
    if not found:
        return None
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("Error: ", "").strip()


def input_tag(html: str, name: str) -> str:
    found = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
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
    assert "<details class=\"reply\" open>" not in page.text


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
