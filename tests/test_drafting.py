"""Drafting: one distinct, personal draft per action, each passing afterview's own check."""

from __future__ import annotations

import json
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from afterview.advice import advise
from afterview.checks import Checker, parse_text
from afterview.cli import app
from afterview.drafting import draft_messages
from afterview.situation import load_situation

from helpers import situation

ROOT = Path(__file__).parent.parent
SITUATIONS = sorted((ROOT / "examples").glob("*.*")) + sorted(
    (ROOT / "tests" / "corpus" / "situations").glob("*.toml")
)
runner = CliRunner()


@pytest.mark.parametrize("path", SITUATIONS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_draft_passes_check(path: Path) -> None:
    record = load_situation(path)
    drafts = draft_messages(record)
    advice = advise(record)
    assert [(d.kind, d.to) for d in drafts] == [(a.kind, a.to) for a in advice.actions]
    for d in drafts:
        checker = Checker(record, d.kind, d.send_after)
        findings = checker.check(parse_text(d.as_text(), f"{d.kind}:{d.to}"))
        assert findings == [], [f"{f.rule}: {f.message}" for f in findings]
    thanks = [d for d in drafts if d.kind == "thank_you"]
    if len(thanks) > 1:
        together = Checker(record, "thank_you", thanks[0].send_after).check_all(
            [parse_text(d.as_text(), d.to) for d in thanks]
        )
        assert together.findings == []


def test_nothing_when_the_advice_is_dont_send() -> None:
    assert draft_messages(situation({"interview.no_contact_requested": True})) == []
    assert draft_messages(load_situation(ROOT / "examples" / "already-checked-in.toml")) == []


def test_panel_notes_differ_in_substance_and_structure() -> None:
    drafts = draft_messages(load_situation(ROOT / "examples" / "panel-interview.toml"))
    thanks = {d.to: d.body for d in drafts if d.kind == "thank_you"}
    assert "conflicting stakeholder requests" in thanks["Dr. Priya Nair"]
    assert "dbt model layout" in thanks["Marcus Chen"]
    assert "month-end backlog" in thanks["Sofia Okafor"]
    from rapidfuzz import fuzz

    bodies = list(thanks.values())
    for i, a in enumerate(bodies):
        for b in bodies[:i]:
            assert fuzz.ratio(a, b) < 80


def test_salutations_mirror_the_record() -> None:
    def greeting(path: str) -> list[str]:
        return [
            d.body.splitlines()[0] for d in draft_messages(load_situation(ROOT / "examples" / path))
        ]

    assert greeting("panel-interview.toml")[:3] == ["Dear Dr. Nair,", "Dear Marcus,", "Dear Sofia,"]
    assert greeting("uk-panel.json")[0] == "Dear Mr Price,"
    assert greeting("academic-campus-visit.toml")[0] == "Dear Professor Marsh,"
    assert draft_messages(situation({"interviewers": []})) == []  # no address: no email draft


def test_lengths_stay_within_guidance() -> None:
    for path in SITUATIONS:
        record = load_situation(path)
        for d in draft_messages(record):
            words = len(d.body.split())
            if d.kind == "thank_you":
                screen = record.interview.kind in ("phone_screen", "recruiter_call")
                assert (25 if screen else 60) <= words <= (120 if screen else 180), (
                    path.name,
                    words,
                )
            elif d.kind == "linkedin_note":
                assert len(d.body.rstrip()) <= (300 if record.candidate.linkedin_premium else 200)
            elif d.kind == "handwritten_note":
                assert words <= 80


def test_one_note_to_the_lead_thanks_the_others() -> None:
    drafts = draft_messages(load_situation(ROOT / "examples" / "uk-panel.json"))
    assert "Please pass on my thanks to Aisha Begum." in drafts[0].body


def test_value_add_material_is_folded_into_a_thank_you_still_due() -> None:
    drafts = draft_messages(load_situation(ROOT / "examples" / "panel-interview.toml"))
    assert all("https://example.com/case-study" in d.body for d in drafts if d.kind == "thank_you")
    later = draft_messages(load_situation(ROOT / "examples" / "final-round-value-add.toml"))
    (value_add,) = [d for d in later if d.kind == "value_add"]
    assert "https://example.com/retries" in value_add.body
    assert value_add.subject.startswith("Following up")


def test_status_check_reads_as_a_reply() -> None:
    drafts = draft_messages(load_situation(ROOT / "examples" / "status-check-due.toml"))
    (check,) = drafts
    assert check.kind == "status_check" and check.subject == "Re: Clinical Data Manager interview"


def test_drafts_are_deterministic() -> None:
    record = load_situation(ROOT / "examples" / "panel-interview.toml")
    assert draft_messages(record) == draft_messages(record)


def test_cli_json_is_contract_3() -> None:
    result = runner.invoke(
        app, ["draft", str(ROOT / "examples" / "panel-interview.toml"), "--json"]
    )
    assert result.exit_code == 0, result.output
    drafts = json.loads(result.stdout)["drafts"]
    assert [list(d) for d in drafts] == [
        ["kind", "to", "address", "subject", "body", "send_after", "send_before"]
    ] * len(drafts)
    assert drafts[0]["send_after"] == "2026-11-24T13:00:00-05:00"


def test_cli_out_writes_txt_and_eml(tmp_path: Path) -> None:
    mercy = ROOT / "tests" / "corpus" / "situations" / "mercy.toml"
    result = runner.invoke(app, ["draft", str(mercy), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "01-thank-you-jose-alvarez.txt" in names and "01-thank-you-jose-alvarez.eml" in names
    message = BytesParser(policy=policy.default).parsebytes(
        (tmp_path / "01-thank-you-jose-alvarez.eml").read_bytes()
    )
    assert str(message["To"]) == "José Álvarez <jose.alvarez@mercyridge.example>"
    assert str(message["From"]) == "Nguyễn Thị Mai <mai.nguyen@example.com>"
    assert message.get_body(("plain",)).get_content().startswith("Dear José,")
    # Each draft passes the check as the kind it reads as, at the time it is to be sent.
    planned = json.loads(runner.invoke(app, ["draft", str(mercy), "--json"]).stdout)["drafts"]
    for n, draft in enumerate(planned, 1):
        for path in tmp_path.glob(f"{n:02d}-*"):
            check = runner.invoke(
                app, ["check", str(path), "-s", str(mercy), "--at", draft["send_after"], "--json"]
            )
            assert check.exit_code == 0, check.output
            assert json.loads(check.stdout)["stats"]["kind"] == draft["kind"]


def test_cli_dont_send_prints_why() -> None:
    result = runner.invoke(app, ["draft", str(ROOT / "examples" / "no-contact-posting.toml")])
    assert result.exit_code == 0
    assert "No drafts: Don't send anything: the employer asked for no contact." in result.stdout
