"""The editor and advice page fixes: a draft not due yet is checked for its text as of its
window's opening and says when to send it (never "fix the draft" for timing); findings about
the whole message are listed without a highlight; the next step never contradicts the verdict;
the checklist, kinds, cancelled reasons and interview kinds read once and plainly; the timeline
uses the decision date their latest reply gave."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from afterview.advice import advise
from afterview.checks.registry import all_rules
from afterview.outbox import save_drafts
from afterview.progress import INTERVIEW_WORDS, SOON, interview_word, progress
from afterview.record import InterviewKind
from afterview.store import open_store
from afterview.web import WebSettings, create_app
from afterview.web.highlight import (
    TIMING_RULES,
    WHOLE_MESSAGE_RULES,
    Layout,
    pieces,
    whole_message,
)
from test_web_editor import NOW, TODAY, drafts, post, visible

from helpers import data


def app_at(tmp_path: Path, moment: datetime) -> TestClient:
    """The app on the same database file, its clock at ``moment``."""
    app = create_app(WebSettings(db=str(tmp_path / "afterview.db"), now=moment))
    return TestClient(app, base_url="http://127.0.0.1")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with app_at(tmp_path, NOW) as c:
        yield c


def status_check_after_thanks(client: TestClient) -> dict[str, Any]:
    """Write the drafts, send the thank-you by hand now, and return the status check draft
    (its window opens days from now)."""
    made = drafts(client)
    thanks = next(m for m in made if m["kind"] == "thank_you")
    assert post(client, thanks, "by_hand").status_code == 303
    check = next(m for m in made if m["kind"] == "status_check")
    return client.get(f"/api/messages/{check['id']}").json()  # type: ignore[no-any-return]


def live(client: TestClient, message: dict[str, Any], body: str) -> str:
    response = client.post(
        f"/messages/{message['id']}/check",
        data={"subject": message["subject"] or "", "body": body},
    )
    assert response.status_code == 200, response.text
    return response.text


TIMING_WORDS = ("You wrote to", "wait at least", "Asks about the decision", "Too soon")


# --- 1. a draft not due yet: its text as of the window's opening; timing is not the text --


def test_a_draft_not_due_yet_says_when_and_asks_nothing_of_its_text(client: TestClient) -> None:
    check = status_check_after_thanks(client)
    for html in (client.get(f"/messages/{check['id']}").text, live(client, check, check["body"])):
        words = " ".join(visible(html).split())
        assert re.search(r"Not due yet: send this from \w{3} \d+ \w{3} \d\d:\d\d", words), words
        assert "afterview keeps it on your dashboard until then" in words
        for said in (*TIMING_WORDS, "Fix the draft above", "Then the send buttons appear"):
            assert said not in words, said
        assert 'id="send-eml"' not in html and 'id="send-mailto"' not in html  # not yet


def test_a_draft_not_due_yet_still_reports_what_is_wrong_in_its_text(client: TestClient) -> None:
    check = status_check_after_thanks(client)
    wrong = check["body"].replace("Dear Dr. Nair", "Dear Mr. Okonkwo")
    words = " ".join(visible(live(client, check, wrong)).split())
    assert "Not due yet: send this from" in words
    assert "Fix the draft above" in words  # the text's own error is still the text's
    assert "Then the send buttons appear" not in words  # they will not, before the window
    for said in TIMING_WORDS:
        assert said not in words, said


def test_a_hand_off_before_the_window_stays_refused(client: TestClient) -> None:
    check = status_check_after_thanks(client)
    response = post(client, check, "eml")
    assert response.status_code == 409
    assert client.get(f"/api/messages/{check['id']}").json()["state"] == "draft"
    words = " ".join(visible(response.text).split())
    assert "Not due yet: send this from" in words and "Fix the draft above" not in words


def test_a_draft_due_now_has_no_not_due_line_and_its_send_buttons(client: TestClient) -> None:
    thanks = next(m for m in drafts(client) if m["kind"] == "thank_you")
    html = client.get(f"/messages/{thanks['id']}").text
    assert "Not due yet" not in html and "No longer due" not in html
    assert 'id="send-eml"' in html


def test_a_draft_whose_window_closed_says_so_and_never_blames_the_text(tmp_path: Path) -> None:
    with app_at(tmp_path, NOW) as c:
        check = status_check_after_thanks(c)
    with app_at(tmp_path, NOW + timedelta(days=60)) as later:
        for html in (
            later.get(f"/messages/{check['id']}").text,
            live(later, check, check["body"]),
        ):
            words = " ".join(visible(html).split())
            assert "No longer due:" in words
            assert "Not due yet" not in words and "Fix the draft above" not in words


# --- 2. findings about the whole message are listed, not highlighted ----------------------


def test_whole_message_rules_exist_and_include_every_timing_rule() -> None:
    ids = {r.id for r in all_rules()}
    assert ids >= WHOLE_MESSAGE_RULES  # a renamed rule would silently highlight again
    assert TIMING_RULES <= WHOLE_MESSAGE_RULES


@pytest.mark.parametrize("rule", sorted(WHOLE_MESSAGE_RULES))
def test_a_whole_message_finding_on_the_greeting_is_not_highlighted(rule: str) -> None:
    layout = Layout.of("a@b.example", "Hello", "Dear Jiwoo,\n\nThanks for the call.")
    start = layout.body_start
    finding = {"rule": rule, "severity": "error", "start": start, "end": start + 11}
    located = layout.locate([finding])
    assert located[0]["whole"] and located[0]["where"].startswith("about ")
    assert not [p for p in pieces(layout.text, located, layout.body_start) if p.finding]


def test_a_finding_about_words_is_highlighted_and_a_whole_body_span_is_not() -> None:
    layout = Layout.of(None, None, "Dear Jiwoo,\n\nThanks for the call.\n")
    named = {"rule": "name-mismatch", "severity": "error", "start": 5, "end": 10}
    located = layout.locate([named])
    assert not located[0]["whole"] and located[0]["where"] == "line 1, column 6"
    assert [p.text for p in pieces(layout.text, located) if p.finding] == ["Jiwoo"]
    everything = {"rule": "too-long", "severity": "warning", "start": 0, "end": len(layout.text)}
    assert whole_message(everything, layout.text)
    empty = {"rule": "tone", "severity": "warning", "start": 3, "end": 3}
    assert whole_message(empty, layout.text)


def test_the_editor_lists_a_generic_finding_without_a_mark(client: TestClient) -> None:
    thanks = next(m for m in drafts(client) if m["kind"] == "thank_you")
    bland = "Dear Dr. Nair,\n\nThank you for the interview.\n\nBest,\nAlex Rivera\n"
    html = live(client, thanks, bland)
    assert '<li class="warning" data-rule="generic"' in html or 'data-rule="generic"' in html
    assert not re.search(r'<mark[^>]*data-rule="generic"', html)
    assert "about the whole message" in html
    wrong = bland.replace("Dr. Nair", "Dr. Nayar")
    assert re.search(r"<mark[^>]*>[^<]*Nayar", live(client, thanks, wrong))  # words: marked


# --- 3. the next step never contradicts the verdict ---------------------------------------


def _position(action: Any, moment: datetime) -> str:
    if action.not_before <= moment <= action.not_after:
        return "open"
    if moment > action.not_after:
        return "closed"
    return "within a day" if action.not_before <= moment + SOON else "later"


@pytest.mark.parametrize("with_drafts", [False, True])
def test_next_step_agrees_with_the_verdict_at_every_window_position(
    tmp_path: Path, with_drafts: bool
) -> None:
    store = open_store(str(tmp_path / "sweep.db"))
    start = datetime.fromisoformat("2026-11-24T10:00:00-05:00")
    interview_id, _ = store.import_data(data(TODAY), "k", start)
    if with_drafts:
        save_drafts(store, interview_id, start)
    seen: set[tuple[str, str]] = set()
    moment = start - timedelta(days=2)
    while moment < start + timedelta(days=40):
        record = store.situation(interview_id)
        advice = advise(record, now=moment)
        step = progress(record, advice, store.messages_of(interview_id), moment).step
        first = min(advice.actions, key=lambda a: a.not_before, default=None)
        position = _position(first, moment) if first else "none"
        seen.add((advice.verdict, position))
        if advice.verdict == "send":  # must not: "Nothing to do now" under "Send"
            assert step.do != "wait" and not step.text.startswith("Nothing"), (moment, step)
        if step.do == "wait":  # must: waiting only for a window more than a day off
            assert step.at is not None and step.at > moment + SOON, (moment, step)
        if position in ("open", "within a day"):  # must: something to do now
            assert step.do in ("write_drafts", "open_draft"), (moment, position, step)
        if position == "within a day":
            assert step.at == first.not_before  # type: ignore[union-attr]
            assert step.at_words in ("send from", "due from")
        moment += timedelta(hours=3)
    positions = {p for _, p in seen}
    assert {"open", "within a day", "later"} <= positions, seen


def test_the_advice_page_says_write_it_now_when_the_window_opens_within_a_day(
    tmp_path: Path,
) -> None:
    before = datetime.fromisoformat("2026-11-24T08:00:00-05:00")  # before the interview
    with app_at(tmp_path, before) as c:
        stored = c.post("/api/interviews", json={"situation": data(TODAY), "key": "w"})
        html = c.get(f"/interviews/{stored.json()['id']}").text
    words = " ".join(visible(html).split())
    verdict = re.search(r'class="verdict (\w+)"', html).group(1)  # type: ignore[union-attr]
    assert verdict == "send", words
    assert "Nothing to do now" not in words
    assert re.search(r"Next: Write the drafts now \(the button below\); send from \w{3} \d+", words)


# --- 4. wording ----------------------------------------------------------------------------


def test_the_checklist_answer_is_said_once(client: TestClient) -> None:
    check = status_check_after_thanks(client)
    html = client.get(f"/interviews/{check['interview_id']}").text
    words = " ".join(visible(html).split())
    for badge in ("yes", "no"):
        assert not re.search(rf"\b{badge} {badge}:", words, re.IGNORECASE), words
    assert "status-check" not in words and "The status check to Dr. Priya Nair is due" in words


def test_the_interview_line_names_each_kind_once() -> None:
    for kind in InterviewKind:
        said = interview_word(str(kind))
        assert "_" not in said and not said.endswith("interview interview")
        assert kind in INTERVIEW_WORDS  # every kind has its phrase, from one place
    assert interview_word("phone_screen") == "phone screen"
    assert interview_word("panel") == "panel interview"


def test_the_interview_page_says_phone_screen_not_phone_screen_interview(
    client: TestClient,
) -> None:
    patch = {**TODAY, "interview.kind": "phone_screen"}
    stored = client.post("/api/interviews", json={"situation": data(patch), "key": "p"})
    words = " ".join(visible(client.get(f"/interviews/{stored.json()['id']}").text).split())
    assert "Phone screen, " in words and "screen interview" not in words


def test_a_cancelled_message_gives_its_reason_once(client: TestClient) -> None:
    made = drafts(client)
    assert post(client, made[0], "cancel").status_code == 303
    words = " ".join(visible(client.get(f"/messages/{made[0]['id']}").text).split())
    assert "This message is cancelled: it will not be sent." in words
    assert "cancelled:" not in words.replace("This message is cancelled:", "")


def test_a_draft_the_advice_cancelled_gives_its_reason_once(client: TestClient) -> None:
    made = drafts(client)
    page = f"/interviews/{made[0]['interview_id']}"
    token = re.search(r'name="csrf" value="([^"]+)"', client.get(page).text).group(1)  # type: ignore[union-attr]
    answered = client.post(
        f"{page}/replied", data={"csrf": token, "outcome": "rejected"}, follow_redirects=False
    )
    assert answered.status_code == 303
    assert client.get(f"/api/messages/{made[0]['id']}").json()["state"] == "cancelled"
    words = " ".join(visible(client.get(f"/messages/{made[0]['id']}").text).split())
    reason = words.split("This message is cancelled: it will not be sent.", 1)[1]
    assert reason.strip()[:1].isupper()  # the reason, plainly
    assert "cancelled:" not in reason


def test_next_draft_of_another_interview_names_its_company(client: TestClient) -> None:
    mine = drafts(client, "a")
    other = drafts(client, "b", **{"application.company": "Contoso Health"})[0]
    for m in mine:
        post(client, m, "cancel")
    html = client.get(f"/messages/{mine[0]['id']}").text
    link = re.search(r'id="next-draft"[^>]*>([^<]*)</a>', html)
    assert link and "Contoso Health" in link.group(1) and f"/messages/{other['id']}" in html
    same = drafts(client, "c", **{"application.company": "Fabrikam"})
    label = re.search(
        r'id="next-draft"[^>]*>([^<]*)</a>', client.get(f"/messages/{same[0]['id']}").text
    )
    assert label and label.group(1).strip() == "Next draft →"  # its own interview's: no name


# --- 5. the timeline's decision date follows their latest reply ---------------------------


def test_the_timeline_uses_the_decision_date_of_their_latest_reply(client: TestClient) -> None:
    patch = {**TODAY, "interview.decision_expected_by": "2026-12-11"}
    stored = client.post("/api/interviews", json={"situation": data(patch), "key": "d"})
    page = f"/interviews/{stored.json()['id']}"
    before = client.get(page).text
    assert "Fri 11 Dec" in timeline(before)
    token = re.search(r'name="csrf" value="([^"]+)"', before).group(1)  # type: ignore[union-attr]
    answered = client.post(
        f"{page}/replied",
        data={"csrf": token, "outcome": "decision_update", "decision_by": "2026-12-18"},
        follow_redirects=False,
    )
    assert answered.status_code == 303
    after = timeline(client.get(page).text)
    assert "Fri 18 Dec" in after and "Fri 11 Dec" not in after


def timeline(html: str) -> str:
    found = re.search(r"(?s)<figure class=\"timeline.*?</figure>", html)
    assert found, "no timeline"
    return found.group(0)
