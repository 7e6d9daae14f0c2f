"""The job-search workspace (issue 13, items 1, 3 and 6): verdict names from one place, each
interview's progress and next step (afterview.progress), times in the viewer's zone, checking a
draft against a recorded interview, replies, and the words job seekers read (no rule ids, no
"API", one spelling per page)."""

from __future__ import annotations

import html as htmlmod
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from afterview.advice import advise
from afterview.advice.verdicts import VERDICTS, all_verdicts, label
from afterview.checks import check_text
from afterview.checks.spelling_engine import variants
from afterview.outbox import save_drafts
from afterview.progress import Progress, agenda_messages, progress
from afterview.regional_spelling import preferred, reader_style, respell, zone_country
from afterview.situation import situation_from_dict
from afterview.store import open_store
from afterview.web import WebSettings, create_app

from helpers import SECOND, data

NOW = datetime.fromisoformat("2026-12-01T19:00:00-05:00")  # the evening after the interview
NEW_YORK = NOW.astimezone(ZoneInfo("America/New_York"))
THIRD = {"name": "Sofia Okafor", "email": "sofia.okafor@northwind.example"}
PANEL = {
    "interviewers": [data()["interviewers"][0], SECOND, THIRD],
    "interview.decision_expected_by": "2026-12-08",
}
LINKEDIN_ONLY = {
    "interviewers": [{"name": "Tom Gagnon", "linkedin": "https://www.linkedin.com/in/tom-gagnon"}],
    "interview.kind": "phone_screen",
}


def app_client(tmp_path: Path, now: datetime = NOW) -> TestClient:
    return TestClient(
        create_app(WebSettings(db=str(tmp_path / "afterview.db"), now=now)),
        base_url="http://127.0.0.1",
    )


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """The app for a viewer in New York (a named zone: times read "EST")."""
    with app_client(tmp_path, NEW_YORK) as c:
        yield c


def stored(client: TestClient, patch: dict[str, Any] | None = None, key: str = "k1") -> int:
    response = client.post("/api/interviews", json={"situation": data(patch), "key": key})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def drafted(client: TestClient, interview_id: int) -> list[dict[str, Any]]:
    response = client.post(f"/api/interviews/{interview_id}/drafts", json={})
    assert response.status_code == 201, response.text
    return list(response.json()["messages"])


def token(client: TestClient, path: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def text_of(page: str) -> str:
    """What a person reads on a page: no tags, no scripts, no form values they typed."""
    page = re.sub(r"(?s)<(script|style|textarea|pre)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    return htmlmod.unescape(re.sub(r"<[^>]+>", " ", page))


def outside_details(page: str) -> str:
    return re.sub(r"(?s)<details\b.*?</details>", " ", page)


# --- verdict names: one table, kept in step with the engine -----------------------------


def test_every_verdict_the_engine_can_give_has_a_label_and_a_meaning() -> None:
    assert set(all_verdicts()) == set(VERDICTS)  # read from the engine's Verdict type
    assert len(all_verdicts()) == 4
    for verdict in all_verdicts():
        assert VERDICTS[verdict].label.strip() and VERDICTS[verdict].meaning.strip()
        assert "_" not in VERDICTS[verdict].label  # a label, not the engine's word
    with pytest.raises(KeyError):
        label("other_channel")  # the old template's word is not a verdict


@pytest.mark.parametrize(
    ("patch", "verdict"),
    [
        (None, "send"),
        ({"now": "2026-12-04T14:00:00-05:00", "interview.decision_expected_by": "2026-12-18",
          "sent": [{"kind": "thank_you", "to": "Dr. Priya Nair",
                    "at": "2026-12-01T15:00:00-05:00"}]}, "wait"),
        ({"interview.no_contact_requested": True}, "dont_send"),
        (LINKEDIN_ONLY, "alternative"),
    ],
)  # fmt: skip
def test_each_verdict_shows_its_label_on_the_advice_page_and_the_dashboard(
    tmp_path: Path, patch: dict[str, Any] | None, verdict: str
) -> None:
    record = situation_from_dict(data(patch))
    now = record.now or NOW
    assert advise(record, now=now).verdict == verdict  # the engine really says it
    with app_client(tmp_path, now) as client:
        interview_id = stored(client, patch)
        for path in (f"/interviews/{interview_id}", "/"):
            page = client.get(path).text
            badge = re.search(rf'<span class="verdict {verdict}"[^>]*>([^<]*)</span>', page)
            assert badge is not None, path
            assert htmlmod.unescape(badge.group(1)) == VERDICTS[verdict].label  # never empty
            assert "dont send" not in text_of(page).lower()


def test_the_cli_prints_the_same_verdict_names(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from afterview.cli import app

    path = tmp_path / "s.json"
    import json

    path.write_text(json.dumps(data(LINKEDIN_ONLY)))
    result = CliRunner().invoke(app, ["advise", str(path)])
    assert result.exit_code == 0, result.output
    assert label("alternative").upper() in result.output
    assert "ALTERNATIVE " not in result.output

    db = str(tmp_path / "cli.db")
    store = open_store(db)
    store.import_data(data({"interview.no_contact_requested": True}), "nc", NOW)
    listed = CliRunner().invoke(app, ["list", "--db", db])
    assert listed.exit_code == 0, listed.output
    assert label("dont_send") in listed.output and "dont_send" not in listed.output


# --- progress and the next step, from the store's messages and the advice -----------------


@pytest.fixture
def store(tmp_path: Path) -> Any:
    return open_store(str(tmp_path / "progress.db"))


def status(store: Any, interview_id: int, now: datetime = NOW) -> Progress:
    record = store.situation(interview_id)
    waiting = sum(1 for r in store.unclassified_replies() if r["interview"] == interview_id)
    return progress(record, advise(record, now=now), store.messages_of(interview_id), now, waiting)


def words(p: Progress) -> list[str]:
    return [part.text for part in p.parts]


def test_progress_before_any_draft_and_with_drafts_waiting(store: Any) -> None:
    interview_id, _ = store.import_data(data(PANEL), "panel", NOW)
    p = status(store, interview_id)
    assert words(p) == ["0 of 3 thank-yous sent", "status check from"]
    assert p.parts[1].at == datetime.fromisoformat("2026-12-10T09:00:00-05:00")
    assert (p.step.do, p.step.message_id, p.reply) == ("write_drafts", None, None)

    messages = save_drafts(store, interview_id, NOW)
    p = status(store, interview_id)
    assert words(p)[0] == "0 of 3 thank-yous sent"  # drafts are not sent
    assert p.step.do == "open_draft"
    assert p.step.message_id == messages[0].id  # the thank-you whose window closes first
    assert p.step.text == "Open the thank-you to Dr. Priya Nair"
    assert p.step.at is not None and p.step.at > NOW  # its deadline


def test_progress_counts_sent_and_handed_off_and_asks_to_confirm_the_hand_off(store: Any) -> None:
    interview_id, _ = store.import_data(data(PANEL), "panel", NOW)
    first, second, third, *_ = save_drafts(store, interview_id, NOW)
    store.finish(first.id, "sent", NOW, "by hand")
    store.finish(second.id, "handed_off", NOW, "eml")
    p = status(store, interview_id)
    assert words(p)[0] == "1 of 3 thank-yous sent, 1 handed to your mail client"
    assert (p.step.do, p.step.message_id) == ("confirm_sent", second.id)
    step = p.to_dict()["step"]
    assert (step["do"], step["message_id"]) == ("confirm_sent", second.id)
    assert datetime.fromisoformat(step["at"]) == NOW  # when it was handed off
    assert p.step.text == "Confirm you sent the thank-you to Marcus Chen"

    store.finish(second.id, "sent", NOW, "sync")
    p = status(store, interview_id)
    assert words(p)[0] == "2 of 3 thank-yous sent"
    assert (p.step.do, p.step.message_id) == ("open_draft", third.id)


def test_a_cancelled_draft_is_said_and_a_still_advised_one_asks_for_drafts(store: Any) -> None:
    interview_id, _ = store.import_data(data(PANEL), "panel", NOW)
    first, second, third, *_ = save_drafts(store, interview_id, NOW)
    for m in (first, second):
        store.finish(m.id, "sent", NOW, "by hand")
    store.finish(third.id, "cancelled", NOW)
    p = status(store, interview_id)
    # The advice still wants Sofia thanked: cancelling a draft does not cancel the plan.
    assert words(p)[0] == "2 of 3 thank-yous sent"
    assert p.step.do == "write_drafts"

    nc, _ = store.import_data(data({**PANEL, "application.company": "Fabrikam"}), "fab", NOW)
    save_drafts(store, nc, NOW)
    store.import_data(
        data({**PANEL, "application.company": "Fabrikam", "interview.no_contact_requested": True}),
        "fab",
        NOW,
    )
    p = status(store, nc)
    assert words(p) == ["3 thank-yous cancelled", "status check cancelled"]
    assert p.step.do == "done"
    assert "no contact" in p.step.text


def test_no_contact_says_why_there_is_nothing_to_do(store: Any) -> None:
    interview_id, _ = store.import_data(data({"interview.no_contact_requested": True}), "nc", NOW)
    p = status(store, interview_id)
    assert words(p) == []
    assert p.step.do == "done"
    assert "no contact" in p.step.text and "Write" not in p.step.text


@pytest.mark.parametrize(
    ("outcome", "said", "step"),
    [
        ("rejected", "They replied: not moving forward", "done"),
        ("next_round", "They replied: next round", "record_next_round"),
        ("offer", "They replied: an offer", "done"),
        ("decision_update", "They replied: a new decision date, Fri 18 Dec", "wait"),
        ("other", "They replied", "done"),
    ],
)
def test_a_reply_with_each_outcome_changes_the_progress(
    store: Any, outcome: str, said: str, step: str
) -> None:
    interview_id, _ = store.import_data(
        data({"interview.decision_expected_by": "2026-12-08"}), "one", NOW
    )
    thank_you = save_drafts(store, interview_id, NOW)[0]
    store.finish(thank_you.id, "sent", NOW, "by hand")
    before = status(store, interview_id)
    assert before.reply is None and before.step.do == "wait"  # the status check is later
    assert words(before) == ["thank-you sent", "status check from"]

    new_date = date(2026, 12, 18) if outcome == "decision_update" else None
    store.record_reply(interview_id, NOW, NOW, new_date, outcome)
    after = status(store, interview_id)
    assert after.reply == said
    assert after.step.do == step
    if outcome == "decision_update":  # the status check moved after the new date
        assert after.parts[1].at is not None and after.parts[1].at.date() > new_date  # type: ignore[operator]
    else:
        assert "status check from" not in words(after)


def test_a_reply_sync_found_asks_what_it_said_before_anything_else(store: Any) -> None:
    interview_id, _ = store.import_data(data(), "one", NOW)
    save_drafts(store, interview_id, NOW)
    store.record_sync(
        {"replies": [(interview_id, NOW, "priya.nair@northwind.example", "<r@x>", "Re", "Hi")]},
        NOW,
    )
    p = status(store, interview_id)
    assert p.step.do == "classify_reply"
    assert p.reply is None  # an unclassified reply says nothing yet
    store.classify_reply(interview_id, "next_round", NOW)
    p = status(store, interview_id)
    # a next round keeps the thank-you still inside its window
    assert (p.step.do, p.reply) == ("open_draft", "They replied: next round")


def test_everything_sent_asks_to_record_their_reply(store: Any) -> None:
    interview_id, _ = store.import_data(data(), "one", NOW)
    thank_you = save_drafts(store, interview_id, NOW)[0]
    store.finish(thank_you.id, "sent", NOW, "by hand")
    p = status(store, interview_id)
    assert p.step.do == "wait"  # the status check is still to come
    later = datetime.fromisoformat("2026-12-14T10:00:00-05:00")
    check = save_drafts(store, interview_id, later)[-1]
    assert check.kind == "status_check"
    store.finish(check.id, "sent", later, "by hand")
    p = status(store, interview_id, later)
    assert words(p) == ["thank-you sent", "status check sent"]
    assert p.step.do == "record_reply"


def test_an_agenda_item_opens_its_draft_when_there_is_one(store: Any) -> None:
    one, _ = store.import_data(data(), "one", NOW)
    two, _ = store.import_data(data({"application.company": "Contoso"}), "two", NOW)
    draft = save_drafts(store, one, NOW)[0]
    from datetime import timedelta

    items = store.agenda(NOW, horizon=timedelta(days=14))
    found = dict(
        zip([(i.interview_id, i.kind) for i in items], agenda_messages(store, items), strict=True)
    )
    assert found[(one, "thank_you")].id == draft.id
    assert found[(two, "thank_you")] is None  # no draft yet: the interview page


def test_the_dashboard_shows_progress_and_links_the_next_step(client: TestClient) -> None:
    one = stored(client, PANEL)
    page = client.get("/").text
    assert "0 of 3 thank-yous sent, status check from Thu 10 Dec 09:00 EST." in text_of(page)
    assert f'action="/interviews/{one}/drafts"' in page  # Next: write the drafts (a form)
    messages = drafted(client, one)
    page = client.get("/").text
    assert f'href="/messages/{messages[0]["id"]}">Open the thank-you to Dr. Priya Nair' in page
    # the agenda opens the due draft, not the interview page
    agenda = page.split('<ul class="agenda">')[1].split("</ul>")[0]
    assert f'href="/messages/{messages[0]["id"]}"' in agenda
    assert f'href="/interviews/{one}"' not in agenda


# --- times: in the viewer's zone, named; theirs beside where it differs --------------------


def test_times_show_as_entered_for_a_viewer_in_new_york(tmp_path: Path) -> None:
    with app_client(tmp_path, NEW_YORK) as client:
        interview_id = stored(client, {"interview.started_at": "2026-12-01T14:00:00-05:00",
                                       "interview.ended_at": "2026-12-01T15:00:00-05:00"})  # fmt: skip
        drafted(client, interview_id)
        for path in ("/", f"/interviews/{interview_id}", "/check"):
            page = text_of(client.get(path).text)
            assert "Tue 1 Dec 14:00 EST" in page, path
            page = re.sub(r"Now\s+Tue 1 Dec 19:00 EST", "", page)  # the timeline's "now" is 19:00
            assert "UTC" not in page and "19:00" not in page, path
            assert "their time" not in page, path  # the same clock: said once


def test_a_viewer_in_another_zone_sees_their_time_and_the_recipients(tmp_path: Path) -> None:
    with app_client(tmp_path, NOW.astimezone(ZoneInfo("Europe/London"))) as client:
        interview_id = stored(client, {"interview.started_at": "2026-12-01T14:00:00-05:00",
                                       "interview.ended_at": "2026-12-01T15:00:00-05:00"})  # fmt: skip
        drafted(client, interview_id)
        home = text_of(client.get("/").text)
        assert "Tue 1 Dec 19:00 GMT" in home  # the interview, in London time
        # the agenda: the window as the recipient reads it, start and end, their zone named
        assert re.search(
            r"\(their time: (\w{3} \d+ \w{3} )?\d\d:\d\d – (\w{3} \d+ \w{3} )?\d\d:\d\d EST\)", home
        )
        advice = text_of(client.get(f"/interviews/{interview_id}").text)
        assert "Tue 1 Dec 19:00 GMT" in advice
        assert re.search(
            r"\(their time: (\w{3} \d+ \w{3} )?\d\d:\d\d – (\w{3} \d+ \w{3} )?\d\d:\d\d EST\)",
            advice,
        )
        assert "UTC" not in home + advice


# --- check a draft against a recorded interview ------------------------------------------


DRAFT = "Dear Dr. Niar,\n\nThank you for the conversation about the claims dashboard.\n\nAlex"


def test_the_check_page_offers_the_recorded_interviews(client: TestClient) -> None:
    interview_id = stored(client)
    page = client.get("/check").text
    assert '<select id="interview" name="interview">' in page
    assert f'<option value="{interview_id}">Northwind Health: Senior Data Analyst' in page
    assert "Advanced: paste the interview's details instead" in page
    assert '<details class="advanced">' in page  # closed: the pasted box is the exception
    preselected = client.get(f"/check?interview={interview_id}&kind=status_check").text
    assert f'<option value="{interview_id}" selected>' in preselected
    assert '<option value="status_check" selected>' in preselected


def test_without_a_recorded_interview_the_paste_box_is_open(client: TestClient) -> None:
    page = client.get("/check").text
    assert 'id="interview"' not in page
    assert '<details class="advanced" open>' in page
    assert 'href="/interviews/new"' in page


def test_checking_against_a_recorded_interview_is_the_library_check(client: TestClient) -> None:
    interview_id = stored(client)
    response = client.post(
        "/check",
        data={"interview": str(interview_id), "kind": "thank_you", "draft": DRAFT},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 200
    record = situation_from_dict(data(), source="t")
    expected = check_text(DRAFT, record, "thank_you", at=NOW, path="draft").to_dict()
    assert expected["findings"]  # the misspelt name
    for finding in expected["findings"]:
        assert finding["message"] in htmlmod.unescape(response.text)
    assert 'data-rule="name-mismatch"' in response.text
    # the same draft, the interview named rightly: no name finding
    fixed = client.post(
        "/check",
        data={
            "interview": str(interview_id),
            "kind": "thank_you",
            "draft": DRAFT.replace("Niar", "Nair"),
        },
        headers={"hx-request": "true"},
    )
    assert "name-mismatch" not in fixed.text


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({"interview": "999"}, "interview: no such recorded interview"),
        ({"interview": "x1"}, "interview: expected one of your recorded interviews"),
        ({"interview": ""}, "situation: pick a recorded interview, or paste a situation"),
    ],
)
def test_a_bad_pick_is_a_clear_message_not_a_crash(
    client: TestClient, form: dict[str, str], says: str
) -> None:
    response = client.post("/check", data={**form, "kind": "thank_you", "draft": DRAFT})
    assert response.status_code == 200
    assert says in htmlmod.unescape(response.text)


def test_the_pasted_situation_still_works_when_no_interview_is_picked(client: TestClient) -> None:
    stored(client)
    toml = 'format = 1\n[candidate]\nname = "Alex Rivera"\nemail = "a@example.com"\n' \
        '[application]\ncompany = "Contoso"\nrole = "Analyst"\n' \
        '[interview]\nkind = "video"\nstarted_at = 2026-12-01T10:00:00-05:00\n' \
        '[[interviewers]]\nname = "Dr. Priya Niar"\n'  # fmt: skip
    response = client.post(
        "/check", data={"interview": "", "situation": toml, "kind": "thank_you", "draft": DRAFT}
    )
    assert "No findings" in response.text or 'data-rule="name-mismatch"' not in response.text
    assert '<option value="" selected>' in response.text  # the choice is kept


# --- replies ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "listed", "dashboard"),
    [
        ("next_round", "next round", "They replied: next round."),
        ("rejected", "not moving forward", "They replied: not moving forward."),
        ("offer", "an offer", "They replied: an offer."),
        ("other", "They replied on", "They replied."),
    ],
)
def test_a_reply_recorded_in_the_form_changes_the_pages(
    client: TestClient, outcome: str, listed: str, dashboard: str
) -> None:
    interview_id = stored(client, {"interview.decision_expected_by": "2026-12-08"})
    path = f"/interviews/{interview_id}"
    assert "status check" in text_of(client.get(path).text)
    done = client.post(
        f"{path}/replied",
        data={"csrf": token(client, path), "outcome": outcome},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = client.get(path).text
    assert f"They replied on {'Tue 1 Dec 19:00'}" in text_of(page)  # the date, via `when`
    assert listed in text_of(page)
    assert "status check from" not in text_of(page)
    home = text_of(client.get("/").text)
    assert dashboard in home
    final = outcome in ("rejected", "offer")
    assert ('action="' + path + '/replied"' in page) is not final  # no form after a decision


def test_a_reply_sync_found_is_shown_as_say_what_it_said(tmp_path: Path) -> None:
    db = tmp_path / "afterview.db"
    with TestClient(
        create_app(WebSettings(db=str(db), now=NOW)), base_url="http://127.0.0.1"
    ) as client:
        interview_id = stored(client)
        open_store(str(db)).record_sync(
            {"replies": [(interview_id, NOW, "priya.nair@northwind.example", "<r@x>", "Re", "")]},
            NOW,
        )
        home = client.get("/").text
        assert f'href="/interviews/{interview_id}#reply">Say what their reply said' in home
        page = client.get(f"/interviews/{interview_id}").text
        assert "found in your mailbox: say what it said" in text_of(page)
        assert '<details class="reply" open>' in page
        assert "They replied on" not in text_of(page)  # not yet classified


# --- words for job seekers ----------------------------------------------------------------


def pages_of(client: TestClient) -> dict[str, str]:
    """Every page a job seeker sees, with interviews of each verdict and a draft."""
    first = stored(client, PANEL, key="a")
    stored(client, {"interview.no_contact_requested": True, "application.company": "F"}, key="b")
    alt = stored(client, {**LINKEDIN_ONLY, "application.company": "Tailspin"}, key="c")
    message = drafted(client, first)[0]["id"]
    paths = {
        "home": "/",
        "guide": "/guide",
        "check": "/check",
        "new": "/interviews/new",
        "advice": f"/interviews/{first}",
        "advice-alt": f"/interviews/{alt}",
        "editor": f"/messages/{message}",
    }
    pages = {name: client.get(path).text for name, path in paths.items()}
    pages["check-findings"] = client.post(
        "/check", data={"interview": str(first), "kind": "thank_you", "draft": DRAFT}
    ).text
    return pages


def test_no_rule_ids_or_api_on_the_main_pages(client: TestClient) -> None:
    from afterview.advice import load_pack

    ids = {r.id for r in load_pack().rules}
    for name, page in pages_of(client).items():
        if name in ("check-findings", "editor"):
            continue  # the findings list (_findings.html) is the editor's, shared
        shown = text_of(outside_details(page))
        leaked = sorted(i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", shown))
        assert not leaked, f"{name} shows rule ids: {leaked}"
        nav = page.split('<nav aria-label="Main">')[1].split("</nav>")[0]
        assert "API" not in text_of(nav), name
        main = page.split('<main id="main">')[1].split("</main>")[0]
        assert not re.search(r"\bAPI\b", text_of(main)), name
        assert "For developers: the HTTP API" in page  # in the footer, small
    advice = pages_of_one_advice(client)
    assert '<details class="rule-ids">' in advice and "formal-interview-thank-you" in advice


def pages_of_one_advice(client: TestClient) -> str:
    return client.get(f"/interviews/{stored(client, key='z')}").text


VARIANTS = variants()


def mixes(text: str) -> list[tuple[str, str]]:
    """Pairs of regional spellings of one word that both appear in ``text``."""
    text = re.sub(r"https?://\S+", " ", text)  # an address is not a word on the page
    found = {w.lower() for w in re.findall(r"[A-Za-z]+", text)} & VARIANTS.words
    return sorted(
        {tuple(sorted((w, o))) for w in found for o in VARIANTS.others.get(w, ()) if o in found}  # type: ignore[misc]
    )


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/London", "Australia/Sydney"])
def test_no_page_mixes_two_spellings_of_a_word(tmp_path: Path, zone: str) -> None:
    with app_client(tmp_path, NOW.astimezone(ZoneInfo(zone))) as client:
        for name, page in pages_of(client).items():
            assert mixes(text_of(page)) == [], f"{name} for a reader in {zone}"


def test_the_mix_detector_does_find_a_mix() -> None:
    assert mixes("a personalised note and a personalized one") == [("personalised", "personalized")]
    assert mixes("a personalised note, colour and centre") == []


def test_the_guidance_is_shown_in_the_readers_spelling(tmp_path: Path) -> None:
    for zone, wanted, unwanted in [
        ("America/New_York", "personalized", "personalised"),
        ("Europe/London", "personalised", "personalized"),
    ]:
        with app_client(tmp_path / zone.replace("/", "-"), NOW.astimezone(ZoneInfo(zone))) as c:
            guide = text_of(c.get("/guide").text).lower()
            home = text_of(c.get("/").text).lower()
            assert wanted in guide and unwanted not in guide, zone
            assert unwanted not in home, zone


def test_the_advice_page_is_in_the_candidates_spelling(client: TestClient) -> None:
    """The viewer's machine is in New York, but this candidate lives in London."""
    london = stored(client, {"candidate.timezone": "Europe/London", "application.company": "L"})
    new_york = stored(client, {"application.company": "NY"}, key="ny")
    page = text_of(client.get(f"/interviews/{london}").text)
    assert "personalised message" in page and "personalized" not in page
    page = text_of(client.get(f"/interviews/{new_york}").text)
    assert "personalized message" in page and "personalised" not in page


def test_respelling_never_touches_what_the_user_typed() -> None:
    text = "Send it to Ms Grey at Colour Labs: a personalised note about the colour model."
    us = respell(text, "U", keep={"grey", "colour", "labs", "ms"})
    assert us == text.replace("personalised", "personalized")  # "colour" is kept: typed
    assert (
        respell("see https://example.com/colour-guide", "U")
        == "see https://example.com/colour-guide"
    )
    assert respell("Personalise it. PERSONALISE IT.", "U") == "Personalize it. PERSONALIZE IT."


@pytest.mark.parametrize("style", ["U", "B", "Z", "C", "A"])
def test_each_pair_gets_one_form_per_spelling_system(style: str) -> None:
    for word in VARIANTS.words:
        form = preferred(word, style)
        pair = [word, *VARIANTS.others[word]]
        if any(style in VARIANTS.systems[w] for w in pair):  # some form is this system's
            assert style in VARIANTS.systems[form], (word, form)
        for other in VARIANTS.others[word]:
            assert preferred(other, style) == form, (word, other, style)


def test_the_readers_region_comes_from_their_zone_then_the_job() -> None:
    assert zone_country("Europe/London") == "GB" and zone_country("Etc/GMT+5") is None
    assert reader_style("Europe/London", "US") == "B"  # a Londoner applying in New York
    assert reader_style(None, "AU") == "A"
    assert reader_style(None, None, ZoneInfo("America/Toronto")) == "C"
    assert reader_style() == "U"


def test_the_page_templates_hold_no_regional_spelling_of_their_own() -> None:
    """UI words are region-neutral; only the guidance (respelt) varies by region."""
    folder = Path(__file__).parent.parent / "src" / "afterview" / "web" / "templates"
    for name in ("base.html", "home.html", "interview.html", "_reply.html", "check.html",
                 "_next_step.html", "_progress.html"):  # fmt: skip
        text = re.sub(r"(?s)\{[{%#].*?[}%#]\}", " ", (folder / name).read_text("utf-8"))
        regional = {
            w.lower()
            for w in re.findall(r"[A-Za-z]+", text_of(text))
            if w.lower() in VARIANTS.words and len(set(VARIANTS.systems[w.lower()])) < 5
        }
        assert not regional, f"{name}: {sorted(regional)}"


def test_their_window_reads_start_and_end_on_their_clock() -> None:
    """The recipient's reading of a window is the whole window (issue 13's newcomer read a
    lone start after the end as the deadline), and nothing when the clocks agree."""
    from datetime import datetime

    from afterview.web.pages import their_window

    chicago, berlin = ZoneInfo("America/Chicago"), ZoneInfo("Europe/Berlin")
    start = datetime(2026, 12, 1, 12, 0, tzinfo=chicago)
    end = datetime(2026, 12, 2, 10, 30, tzinfo=chicago)
    shown = their_window.__wrapped__ if hasattr(their_window, "__wrapped__") else their_window
    assert shown({"viewer_zone": berlin}, start, end) == (
        "(their time: Tue 1 Dec 12:00 – Wed 2 Dec 10:30 CST)"
    )
    same_day = datetime(2026, 12, 1, 17, 0, tzinfo=chicago)
    assert shown({"viewer_zone": berlin}, start, same_day) == "(their time: 12:00 – 17:00 CST)"
    assert shown({"viewer_zone": chicago}, start, end) == ""
    # a zone key given: the window is read on that clock whatever zone the moments carry
    utc_start, utc_end = start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))
    assert shown({"viewer_zone": berlin}, utc_start, utc_end, "America/Chicago") == (
        "(their time: Tue 1 Dec 12:00 – Wed 2 Dec 10:30 CST)"
    )
