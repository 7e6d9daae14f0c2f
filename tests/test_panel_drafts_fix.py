"""Sending one note of a panel never rewrites the others, and the notes of one panel stay
apart over the whole panel, sent or not (the "I sent it myself" report): each person keeps
their own opening and closing, no two notes share a sentence of more than six words, and
afterview's check compares a draft with the notes already sent to the panel too."""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.checks import Checker, parse_text
from afterview.drafting import MessageDraft, draft_messages
from afterview.record import Sent, Situation
from test_drafting_panels import CORPUS, NAMES, TOPICS, errors_of, panel

PER_PERSON = ("thank_you", "linkedin_note", "handwritten_note")
LONGEST_SHARED = 6  # words: a longer sentence in two notes of one panel reads as a copy


def _words(sentence: str) -> list[str]:
    return re.findall(r"[\w'’-]+", sentence.casefold())


def sentences(record: Situation, draft: MessageDraft) -> list[tuple[str, ...]]:
    """The words of each sentence between the greeting and the signature, folded, with every
    name of the panel taken out (as the checker's panel comparison reads a note)."""
    from afterview.checks.context import fold

    body = draft.body.strip()
    if "\n" in body:  # a letter: without its greeting line and its signature block
        body = body.split("\n", 1)[1].rsplit("\n\n", 1)[0]
    else:  # a one-line note: without "Hello Tom, " and " – Alex Rivera"
        body = body.split(", ", 1)[-1].rsplit(" – ", 1)[0]
    names = {w for iv in record.interviewers for w in _words(fold(iv.name))}
    out = []
    for sentence in re.split(r"(?<=[.;!?])\s+", fold(body)):
        words = tuple(w for w in _words(sentence) if w not in names)
        if words:
            out.append(words)
    return out


def opening(draft: MessageDraft) -> str:
    """The body's first sentence after the greeting."""
    paragraphs = draft.body.strip().split("\n\n")
    first = paragraphs[1] if len(paragraphs) > 2 else draft.body.split(", ", 1)[-1]
    return re.split(r"(?<=[.;])\s", first, maxsplit=1)[0]


def closing(draft: MessageDraft) -> str:
    """The last paragraph before the signature (a one-line note: its last sentence)."""
    paragraphs = draft.body.strip().split("\n\n")
    if len(paragraphs) > 2:
        return paragraphs[-2]
    return re.split(r"(?<=[.;])\s", draft.body.strip())[-1].rsplit(" – ", 1)[0]


def apart(record: Situation, drafts: list[MessageDraft]) -> list[str]:
    """Why two notes of one kind to different people of the panel read as copies (empty: they
    do not): the same opening or closing, a shared sentence of more than six words, or the
    checker's panel comparison."""
    out = []
    for kind in PER_PERSON:
        same = [d for d in drafts if d.kind == kind]
        for a, b in itertools.combinations(same, 2):
            if a.kind != "linkedin_note" and opening(a) == opening(b):
                out.append(f"{kind}: {a.to} and {b.to} open alike: {opening(a)!r}")
            if kind == "thank_you" and closing(a) == closing(b):
                out.append(f"{kind}: {a.to} and {b.to} close alike: {closing(a)!r}")
            shared = set(sentences(record, a)) & set(sentences(record, b))
            long = [" ".join(s) for s in shared if len(s) > LONGEST_SHARED]
            if long:
                out.append(f"{kind}: {a.to} and {b.to} share {long}")
    return out


# --- the property ---------------------------------------------------------------------------

material = st.sampled_from(["none", "notes", "topics", "both"])


@st.composite
def panels(draw: st.DrawFn) -> Situation:
    """A panel of two to six people, each with notes, topics, both or nothing, and maybe
    notes or topics for the whole interview."""
    size = draw(st.integers(2, 6))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=size, max_size=size, unique=True))
    notes, topics = [], []
    for _ in names:
        has = draw(material)
        notes.append(
            draw(st.lists(st.sampled_from(CORPUS), min_size=1, max_size=2))
            if has in ("notes", "both")
            else []
        )
        topics.append([draw(st.sampled_from(TOPICS))] if has in ("topics", "both") else [])
    patch: dict[str, Any] = {
        "interview.notes": draw(st.lists(st.sampled_from(CORPUS), max_size=1)),
        "interview.topics": draw(st.lists(st.sampled_from(TOPICS), max_size=1)),
        "interview.kind": draw(
            st.sampled_from(["panel", "onsite", "final_round", "video", "phone_screen", "informal"])
        ),
        "application.region": draw(st.sampled_from(["US", "CA", "AU", "GB"])),
    }
    if draw(st.booleans()):
        patch["interview.to_add"] = [
            {"kind": "work_sample", "text": "A short case study on the claims dashboard"}
        ]
    return panel(names, notes, topics, patch)


def sent_now(record: Situation, draft: MessageDraft) -> Situation:
    """The record once ``draft`` went out (at the start of its window)."""
    return replace(
        record, sent=(*record.sent, Sent(kind=draft.kind, to=draft.to, at=draft.send_after))
    )  # type: ignore[arg-type]


@settings(
    max_examples=int(os.environ.get("DRAFT_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(panels(), st.integers(0, 5))
def test_no_two_notes_of_a_panel_read_alike_before_or_after_one_is_sent(
    record: Situation, which: int
) -> None:
    drafts = draft_messages(record)
    assert apart(record, drafts) == []
    assert errors_of(record, drafts) == []
    notes = [d for d in drafts if d.kind in PER_PERSON]
    if not notes:
        return
    gone = notes[which % len(notes)]
    after = draft_messages(sent_now(record, gone), now=record.now)
    # the others' notes are word for word what they were: each keeps its own
    kept = {(d.kind, d.to): d.body for d in after if d.kind == gone.kind}
    before = {(d.kind, d.to): d.body for d in notes if d.kind == gone.kind and d.to != gone.to}
    assert {k: v for k, v in kept.items() if k in before} == {
        k: before[k] for k in kept if k in before
    }
    assert not any(f"thanks to {gone.to}" in body for body in kept.values())
    assert apart(record, [gone, *after]) == []
    assert errors_of(record, after) == []


# --- the report: sending one note of a panel leaves the others as they were -----------------

NOW = datetime.fromisoformat("2026-12-01T14:00:00-05:00")
SANNE = {"name": "Sanne de Vries", "email": "sanne@northwind.example"}
OLU = {"name": "Oluwaseun Adeyemi", "email": "oluwaseun@northwind.example"}
MARCUS = {"name": "Marcus Chen", "email": "marcus@northwind.example"}


def stored_panel(tmp_path: Path, people: list[dict[str, Any]], **patch: Any) -> tuple[Any, int]:
    from afterview.store import open_store

    from helpers import data

    store = open_store(f"sqlite:///{tmp_path / 'panel.db'}")
    raw = data({"interviewers": people, "interview.kind": "panel", **patch})
    interview_id, _ = store.import_data(raw, "panel", NOW)
    return store, interview_id


def thanks(store: Any, interview_id: int) -> dict[str, Any]:
    return {m.to: m for m in store.messages_of(interview_id) if m.kind == "thank_you"}


@pytest.mark.parametrize("how", ["editor", "by name", "eml", "sync"])
def test_marking_one_note_sent_rewrites_no_other_note(tmp_path: Path, how: str) -> None:
    from afterview import outbox

    store, interview_id = stored_panel(tmp_path, [SANNE, OLU], **{"interview.notes": []})
    outbox.save_drafts(store, interview_id, NOW)
    before = thanks(store, interview_id)
    sanne = before["Sanne de Vries"]
    if how == "editor":  # the editor's "I sent it myself" on her draft
        outbox.record_by_hand(store, interview_id, "thank_you", sanne.to, NOW, NOW, draft=sanne.id)
    elif how == "by name":
        outbox.record_by_hand(store, interview_id, "thank_you", sanne.to, NOW, NOW)
    elif how == "eml":
        outbox.send(store, sanne.id, "eml", NOW, out=tmp_path / "sanne.eml")
    else:  # afterview sync found it in the Sent folder
        store.record_sync({"settled": [(sanne.id, NOW)]}, NOW)
    after = thanks(store, interview_id)
    assert after["Sanne de Vries"].state in ("sent", "handed_off")
    olu = after["Oluwaseun Adeyemi"]
    assert (olu.subject, olu.body) == (
        before["Oluwaseun Adeyemi"].subject,
        before["Oluwaseun Adeyemi"].body,
    )
    assert "pass on my thanks" not in (olu.body or "")
    # drafting again (afterview draft) writes the same note for him
    again = [
        d for d in draft_messages(store.situation(interview_id), now=NOW) if d.to == OLU["name"]
    ]
    assert [d.body for d in again if d.kind == "thank_you"] == [olu.body]


def test_a_changed_record_rewrites_unedited_notes_keeping_each_persons_own(
    tmp_path: Path,
) -> None:
    from afterview import outbox

    from helpers import data

    people = [SANNE, OLU, MARCUS]
    store, interview_id = stored_panel(tmp_path, people, **{"interview.notes": []})
    outbox.save_drafts(store, interview_id, NOW)
    first = thanks(store, interview_id)
    outbox.record_by_hand(
        store, interview_id, "thank_you", SANNE["name"], NOW, NOW, draft=first[SANNE["name"]].id
    )
    mine = "Dear Marcus,\n\nMy own words.\n\nAlex Rivera\n"
    store.edit_draft(first[MARCUS["name"]].id, first[MARCUS["name"]].subject, mine)
    # the record changes: a note for Oluwaseun
    topical = [
        SANNE,
        {**OLU, "notes": ["Asked how I handle conflicting stakeholder requests"]},
        MARCUS,
    ]
    raw = data({"interviewers": topical, "interview.kind": "panel", "interview.notes": []})
    store.replace_data(interview_id, raw, NOW)
    now = thanks(store, interview_id)
    olu = now[OLU["name"]]
    assert "conflicting stakeholder requests" in (olu.body or "")  # it followed the record
    assert now[MARCUS["name"]].body == mine  # an edited draft is yours
    assert now[SANNE["name"]].body == first[SANNE["name"]].body  # a sent note never changes
    # and it still opens and closes its own way, not as the note Sanne already has
    sent, redrafted = first[SANNE["name"]], olu
    assert opening(_as_draft(sent)) != opening(_as_draft(redrafted))
    assert closing(_as_draft(sent)) != closing(_as_draft(redrafted))
    assert opening(_as_draft(redrafted)) == opening(_as_draft(first[OLU["name"]]))


def _as_draft(message: Any) -> MessageDraft:
    return MessageDraft(
        kind=message.kind,
        to=message.to,
        address=message.address,
        subject=message.subject,
        body=message.body or "",
        send_after=NOW,
        send_before=NOW,
    )


def test_three_notes_sent_one_after_another_are_three_different_notes(tmp_path: Path) -> None:
    from afterview import outbox

    store, interview_id = stored_panel(tmp_path, [SANNE, OLU, MARCUS], **{"interview.notes": []})
    outbox.save_drafts(store, interview_id, NOW)
    for name in (SANNE["name"], OLU["name"], MARCUS["name"]):
        message = thanks(store, interview_id)[name]
        outbox.record_by_hand(store, interview_id, "thank_you", name, NOW, NOW, draft=message.id)
    gone = [_as_draft(m) for m in thanks(store, interview_id).values()]
    assert all(m.state == "sent" for m in thanks(store, interview_id).values())
    record = store.situation(interview_id)
    assert apart(record, gone) == []
    assert not any("pass on my thanks" in d.body for d in gone)


# --- the check compares a draft with the notes already sent to the panel --------------------


def _copy_for(body: str, name: str, to: str) -> str:
    """``body`` (a note to ``name``) greeting ``to`` instead."""
    return body.replace(f"Dear {name.split()[0]},", f"Dear {to.split()[0]},", 1)


def test_the_check_flags_a_draft_that_copies_a_note_already_sent(tmp_path: Path) -> None:
    from afterview.checks.rules.panel import sent_notes

    store, interview_id = stored_panel(tmp_path, [SANNE, OLU], **{"interview.notes": []})
    from afterview import outbox

    outbox.save_drafts(store, interview_id, NOW)
    first = thanks(store, interview_id)
    outbox.record_by_hand(
        store, interview_id, "thank_you", SANNE["name"], NOW, NOW, draft=first[SANNE["name"]].id
    )
    record = store.situation(interview_id)
    sent = sent_notes(store.messages_of(interview_id), "thank_you")
    assert [d.path for d in sent] == [f"message {first[SANNE['name']].id}, sent"]
    copy = _copy_for(first[SANNE["name"]].body, SANNE["name"], OLU["name"])
    to_olu = f"To: {OLU['email']}\n\n" + copy

    # must fire: the copy, compared with the note already sent
    result = Checker(record, "thank_you", NOW, sent=sent).check_all([parse_text(to_olu, "olu")])
    hits = [f for f in result.errors if f.rule == "panel-duplicate"]
    assert len(hits) == 1 and "already sent to Sanne de Vries" in hits[0].message
    assert {f.path for f in result.findings} == {"olu"}  # the sent note is never flagged

    # must not fire: his own drafted note; the copy with no sent note to compare with; the
    # sent note compared with itself (a note to the same person)
    own = parse_text(first[OLU["name"]].as_text(), "own")
    assert not Checker(record, "thank_you", NOW, sent=sent).check_all([own]).findings
    alone = Checker(record, "thank_you", NOW).check_all([parse_text(to_olu, "olu")])
    assert not [f for f in alone.findings if f.rule == "panel-duplicate"]
    itself = parse_text(first[SANNE["name"]].as_text(), "again")
    same = Checker(record, "thank_you", NOW, sent=sent).check_all([itself])
    assert not [f for f in same.findings if f.rule == "panel-duplicate"]


def test_check_interview_compares_the_saved_drafts_with_the_sent_notes(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from afterview import outbox
    from afterview.cli import app

    db = str(tmp_path / "panel.db")
    store, interview_id = stored_panel(tmp_path, [SANNE, OLU], **{"interview.notes": []})
    outbox.save_drafts(store, interview_id, NOW)
    first = thanks(store, interview_id)
    sanne, olu = first[SANNE["name"]], first[OLU["name"]]
    outbox.record_by_hand(store, interview_id, "thank_you", sanne.to, NOW, NOW, draft=sanne.id)
    runner = CliRunner()
    args = ["check", "--interview", str(interview_id), "--db", db, "--at", NOW.isoformat()]
    clean = runner.invoke(app, [*args, "--json"])
    assert "panel-duplicate" not in clean.output, clean.output  # must not fire
    store.edit_draft(olu.id, olu.subject, _copy_for(sanne.body, sanne.to, olu.to))
    copied = runner.invoke(app, [*args, "--json"])
    assert copied.exit_code == 1, copied.output  # must fire
    assert "already sent to Sanne de Vries" in copied.output
    # a draft file checked against the stored interview is compared with them too
    path = tmp_path / "olu.txt"
    path.write_text(f"To: {olu.address}\n\n" + _copy_for(sanne.body, sanne.to, olu.to), "utf-8")
    filed = runner.invoke(app, [*args[:3], str(path), *args[3:], "--kind", "thank_you"])
    assert filed.exit_code == 1 and "already sent to Sanne de Vries" in filed.output


def test_the_editors_live_check_compares_with_the_notes_already_sent(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from afterview.web import WebSettings, create_app

    from helpers import data

    app = create_app(WebSettings(db=str(tmp_path / "web.db"), now=NOW))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        raw = data({"interviewers": [SANNE, OLU], "interview.kind": "panel", "now": None})
        made = client.post("/api/interviews", json={"situation": raw, "key": "k"})
        assert made.status_code == 201, made.text
        messages = client.post(f"/api/interviews/{made.json()['id']}/drafts", json={}).json()
        notes = {m["to"]: m for m in messages["messages"] if m["kind"] == "thank_you"}
        sanne, olu = notes[SANNE["name"]], notes[OLU["name"]]
        page = client.get(f"/messages/{sanne['id']}").text
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        done = client.post(
            f"/messages/{sanne['id']}",
            data={
                "csrf": token,
                "action": "by_hand",
                "subject": sanne["subject"],
                "body": sanne["body"],
            },
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text

        def live(body: str) -> str:
            answer = client.post(
                f"/messages/{olu['id']}/check",
                data={"subject": olu["subject"], "body": body},
                headers={"hx-request": "true"},
            )
            assert answer.status_code == 200
            return answer.text

        assert "already sent to" not in live(olu["body"])  # must not fire
        copied = live(_copy_for(sanne["body"], sanne["to"], olu["to"]))
        assert "already sent to Sanne de Vries" in copied  # must fire


def test_only_a_change_of_record_rewrites_another_persons_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trigger on its own: even were drafting to write something else now, a message
    changing state rewrites no other person's draft; a changed record does."""
    import afterview.drafting as drafting
    from afterview import outbox

    from helpers import data

    store, interview_id = stored_panel(tmp_path, [SANNE, OLU], **{"interview.notes": []})
    outbox.save_drafts(store, interview_id, NOW)
    first = thanks(store, interview_id)
    real = drafting.draft_messages

    def other_words(*args: Any, **kwargs: Any) -> list[MessageDraft]:
        return [replace(d, body=d.body + "\nP.S. new words\n") for d in real(*args, **kwargs)]

    monkeypatch.setattr(drafting, "draft_messages", other_words)
    sanne = first[SANNE["name"]]
    outbox.record_by_hand(store, interview_id, "thank_you", sanne.to, NOW, NOW, draft=sanne.id)
    assert thanks(store, interview_id)[OLU["name"]].body == first[OLU["name"]].body
    store.refresh(interview_id, NOW)  # the advice again, same record: nothing rewritten
    assert thanks(store, interview_id)[OLU["name"]].body == first[OLU["name"]].body
    raw = data({"interviewers": [SANNE, OLU], "interview.kind": "panel", "interview.notes": []})
    raw["interview"]["topics"] = ["the month-end close"]
    store.replace_data(interview_id, raw, NOW)
    assert "P.S. new words" in (thanks(store, interview_id)[OLU["name"]].body or "")
