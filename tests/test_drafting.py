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
from afterview.record import Situation
from afterview.situation import load_situation

from helpers import sent, situation

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
    addressed = [a for a in advice.actions if a.channel != "email" or a.address]
    assert [(d.kind, d.to) for d in drafts] == [(a.kind, a.to) for a in addressed]
    for d in drafts:
        checker = Checker(record, d.kind, d.send_after)
        findings = checker.check(parse_text(d.as_text(), f"{d.kind}:{d.to}"))
        # Only a draft with nothing specific to say may be generic, and it says so.
        allowed = {"generic"} if d.needs_topic else set()
        assert [f for f in findings if f.rule not in allowed] == [], [
            f"{f.rule}: {f.message}" for f in findings
        ]
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
            assert fuzz.ratio(a, b) < 75


def test_salutations_mirror_the_record() -> None:
    def greeting(path: str) -> list[str]:
        return [
            d.body.splitlines()[0] for d in draft_messages(load_situation(ROOT / "examples" / path))
        ]

    # One doctor on the panel: everyone is addressed formally (issue 11: "Dear Catherine"
    # beside "Dear Dr. MacDonald-Ross" in one panel).
    assert greeting("panel-interview.toml")[:3] == [
        "Dear Dr. Nair,",
        "Dear Marcus Chen,",
        "Dear Sofia Okafor,",
    ]
    assert greeting("uk-panel.json")[0] == "Dear Mr Price,"
    assert greeting("academic-campus-visit.toml")[0] == "Dear Professor Marsh,"


def _without_address(monkeypatch: pytest.MonkeyPatch, record: Situation) -> None:
    """Make the advice propose an email to Marcus Chen, whose address is not recorded (the
    advice may itself propose another path; drafting must hold either way)."""
    import dataclasses

    import afterview.advice

    real = afterview.advice.advise

    def advise_with_gap(situation: Situation, **kw: object) -> object:
        advice = real(situation, **kw)  # type: ignore[arg-type]
        first = advice.actions[0]
        gap = dataclasses.replace(first, to="Marcus Chen", address=None)
        return dataclasses.replace(advice, actions=(*advice.actions, gap))

    monkeypatch.setattr(afterview.advice, "advise", advise_with_gap)


def test_no_email_draft_without_an_address(monkeypatch: pytest.MonkeyPatch) -> None:
    from afterview.drafting import draft_set

    record = situation(
        {
            "interviewers": [
                {"name": "Dr. Priya Nair", "email": "priya.nair@northwind.example"},
                {"name": "Marcus Chen"},
            ]
        }
    )
    before = draft_set(record)
    _without_address(monkeypatch, record)
    result = draft_set(record)
    assert [d.to for d in result.drafts] == [d.to for d in before.drafts]
    assert "Marcus Chen" in result.skipped[-1] and "interviewers[1].email" in result.skipped[-1]
    assert all(d.address and "@" in d.address for d in result.drafts if d.kind != "linkedin_note")
    assert all("To: \n" not in d.as_text() for d in result.drafts)


def test_lengths_stay_within_guidance() -> None:
    for path in SITUATIONS:
        record = load_situation(path)
        for d in draft_messages(record):
            words = len(d.body.split())
            if d.kind == "thank_you":
                screen = record.interview.kind in ("phone_screen", "recruiter_call")
                assert (25 if screen else 50) <= words <= (120 if screen else 180), (
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


def test_value_add_material_goes_to_the_person_it_concerns() -> None:
    drafts = draft_messages(load_situation(ROOT / "examples" / "panel-interview.toml"))
    holding = [d.to for d in drafts if "https://example.com/case-study" in d.body]
    assert len(holding) == 1  # one person, not the whole panel
    record = situation(
        {
            "interviewers": [
                {
                    "name": "Dr. Priya Nair",
                    "email": "priya.nair@northwind.example",
                    "notes": ["Asked about stakeholder requests"],
                },
                {
                    "name": "Marcus Chen",
                    "email": "marcus.chen@northwind.example",
                    "notes": ["Discussed claim processing latency"],
                },
            ],
            "interview.to_add": [
                {"kind": "work_sample", "text": "Case study on cutting claim processing latency"}
            ],
        }
    )
    (to_marcus,) = [d for d in draft_messages(record) if "Case study" in d.body]
    assert to_marcus.to == "Marcus Chen"
    assert "an example of my work that relates to what we discussed" in to_marcus.body


@pytest.mark.parametrize(
    ("kind", "lead"),
    [
        ("clarification", "I would also like to clarify one point from our conversation."),
        ("forgot_qualification", "I also wanted to add something that did not come up"),
        ("work_sample", "an example of my work that relates to what we discussed:"),
    ],
)
def test_material_to_add_has_a_lead_in_of_its_kind(kind: str, lead: str) -> None:
    record = situation({"interview.to_add": [{"kind": kind, "text": "Four years of Airflow"}]})
    (draft,) = [d for d in draft_messages(record) if d.kind == "thank_you"]
    assert lead in draft.body and "Here is something relevant" not in draft.body
    others = {"clarification", "forgot_qualification", "work_sample"} - {kind}
    for other in others:
        key = {
            "clarification": "clarify",
            "forgot_qualification": "did not come up",
            "work_sample": "example of my work",
        }[other]
        assert key not in draft.body
    later = draft_messages(load_situation(ROOT / "examples" / "final-round-value-add.toml"))
    (value_add,) = [d for d in later if d.kind == "value_add"]
    assert "https://example.com/retries" in value_add.body
    assert value_add.subject.startswith("Following up")


def test_status_check_is_a_reply_only_when_it_answers_a_thank_you() -> None:
    record = load_situation(ROOT / "examples" / "status-check-due.toml")
    (check,) = draft_messages(record)
    emailed = any(s.kind == "thank_you" for s in record.sent)  # a thank-you is an email
    assert check.kind == "status_check"
    assert check.subject.startswith("Re: Thank you") == emailed
    late = {"now": "2026-12-14T10:00:00-05:00", "interview.decision_expected_by": "2026-12-07"}
    thanked = sent("thank_you", "priya.nair@northwind.example", "2026-12-01T15:00:00-05:00")
    replying = [
        d
        for d in draft_messages(situation({**late, "sent": [thanked]}))
        if d.kind == "status_check"
    ]
    assert replying and replying[0].subject == "Re: Thank you – Senior Data Analyst interview"
    # a thank-you recorded by name was an email too (the tracker records people by name) ...
    by_name = sent("thank_you", "Dr. Priya Nair", "2026-12-01T15:00:00-05:00")
    threaded = [
        d
        for d in draft_messages(situation({**late, "sent": [by_name]}))
        if d.kind == "status_check"
    ]
    assert threaded and threaded[0].subject.startswith("Re: Thank you")
    # ... but a LinkedIn note is no thread to reply in
    linked = sent("linkedin_note", "Dr. Priya Nair", "2026-12-01T15:00:00-05:00")
    fresh = [
        d for d in draft_messages(situation({**late, "sent": [linked]})) if d.kind == "status_check"
    ]
    assert fresh and not fresh[0].subject.startswith("Re:")


def test_a_status_check_cites_only_a_date_the_employer_gave() -> None:
    late = {"now": "2026-12-14T10:00:00-05:00"}
    thanked = [sent("thank_you", "priya.nair@northwind.example", "2026-12-01T15:00:00-05:00")]
    given = situation({**late, "sent": thanked, "interview.decision_expected_by": "2026-12-07"})
    (check,) = [d for d in draft_messages(given) if d.kind == "status_check"]
    assert "December 7" in check.body
    none = situation({"now": "2026-12-21T10:00:00-05:00", "sent": thanked})
    for d in draft_messages(none):
        assert "date you mentioned" not in d.body and "December" not in d.body
        assert "passed" not in d.body


def test_academic_and_government_posts_are_not_your_team() -> None:
    for sector, words in (("academic", "department"), ("government", "the team")):
        record = situation({"application.sector": sector})
        from afterview.drafting.compose import team_words

        assert words in team_words(record)
        assert all("your team" not in d.body for d in draft_messages(record))


def test_drafts_are_deterministic() -> None:
    record = load_situation(ROOT / "examples" / "panel-interview.toml")
    assert draft_messages(record) == draft_messages(record)


def test_cli_json_is_contract_3() -> None:
    result = runner.invoke(
        app, ["draft", str(ROOT / "examples" / "panel-interview.toml"), "--json"]
    )
    assert result.exit_code == 0, result.output
    drafts = json.loads(result.stdout)["drafts"]
    contract = ["kind", "to", "address", "subject", "body", "send_after", "send_before"]
    assert [list(d)[: len(contract)] for d in drafts] == [contract] * len(drafts)
    assert all(set(d) - set(contract) <= {"needs_topic", "hints"} for d in drafts)
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
    assert (
        message.get_body(("plain",)).get_content().startswith("Dear José Álvarez,")
    )  # Dr. Tanaka is on the panel: all formal
    # Each draft passes the check at the time it is to be sent, as the kind it reads as.
    planned = json.loads(runner.invoke(app, ["draft", str(mercy), "--json"]).stdout)["drafts"]
    for n, draft in enumerate(planned, 1):
        for path in tmp_path.glob(f"{n:02d}-*"):
            args = ["check", str(path), "-s", str(mercy), "--at", draft["send_after"], "--json"]
            check = runner.invoke(app, args)
            assert check.exit_code == 0, check.output
            assert json.loads(check.stdout)["stats"]["kind"] == draft["kind"]


def test_cli_dont_send_prints_why() -> None:
    result = runner.invoke(app, ["draft", str(ROOT / "examples" / "no-contact-posting.toml")])
    assert result.exit_code == 0
    assert "No drafts: Don't send anything: the employer asked for no contact." in result.stdout


GOLDEN_DRAFTS = ROOT / "tests" / "golden" / "drafts.md"


def drafts_text() -> str:
    """Every draft of every bundled example and corpus situation, for a reviewer to read."""
    from afterview.drafting import draft_set

    out = [
        "# Drafts of the bundled situations",
        "",
        "Generated by tests/test_drafting.py (AFTERVIEW_UPDATE_GOLDEN=1 to regenerate): what",
        "`afterview draft` writes for each example and corpus situation, with its hints.",
        "",
    ]
    for path in SITUATIONS:
        result = draft_set(load_situation(path))
        out += [f"## {path.parent.name}/{path.name}", ""]
        for line in result.skipped:
            out += [f"- skipped: {line}"]
        if not result.drafts and not result.skipped:
            out += ["No drafts (the advice is not to send)."]
        for d in result.drafts:
            out += [f"### {d.kind} to {d.to}", ""]
            out += [f"- hint: {h}" for h in d.hints]
            out += ["", "```", d.as_text().rstrip("\n"), "```", ""]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def test_golden_drafts_match() -> None:
    import os

    text = drafts_text()
    if os.environ.get("AFTERVIEW_UPDATE_GOLDEN"):
        GOLDEN_DRAFTS.write_text(text, encoding="utf-8")
    assert GOLDEN_DRAFTS.read_text(encoding="utf-8") == text
