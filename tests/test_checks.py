"""Checker mechanics: draft parsing, spans, Contract 4 JSON, the spelling engine, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from afterview.checks import Checker, check_text, load_draft, parse_text
from afterview.checks.spelling_engine import SpellEngine
from afterview.cli import app

from corpus_loader import CORPUS, situation

NORTHWIND = CORPUS / "situations" / "northwind.toml"
runner = CliRunner()


def test_contract_4_example_span() -> None:
    result = check_text(
        "Dear Pryia,\n\nThank you for the dbt walkthrough.\n",
        situation("northwind"),
        path="draft.txt",
    )
    (finding,) = [f for f in result.findings if f.rule == "name-mismatch"]
    assert finding.to_dict() == {
        "path": "draft.txt",
        "rule": "name-mismatch",
        "severity": "error",
        "message": "Greets 'Pryia' but the interviewer is Dr. Priya Nair",
        "line": 1,
        "column": 6,
        "start": 5,
        "end": 10,
        "suggestion": "Dr. Nair",
    }
    out = result.to_dict()
    assert list(out) == ["findings", "stats"]
    assert out["stats"] == {"words": 8, "kind": "thank_you"}


def test_headers_and_positions() -> None:
    draft = parse_text("To: a@b.example\nSubject: Thanks\n\nDear Marcus,\nLine two\n")
    assert draft.to == "a@b.example" and draft.subject == "Thanks"
    assert draft.body == "Dear Marcus,\nLine two\n"
    assert draft.position(draft.text.index("Line")) == (5, 1)
    assert draft.greeting == ("Marcus", draft.text.index("Marcus"), draft.text.index("Marcus") + 6)
    assert draft.line_text(2) == "Subject: Thanks"


def test_crlf_drafts_are_normalised() -> None:
    draft = parse_text("Subject: Hi\r\n\r\nDear Marcus,\r\nThanks\r\n")
    assert draft.subject == "Hi" and draft.greeting and draft.greeting[0] == "Marcus"


def test_eml_drafts(tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["To"] = "zoe.mueller@nordlicht.example"
    msg["Subject"] = "Danke – Data Engineer interview"
    msg.set_content(
        "Dear Zoe,\n\nThank you for comparing Flink and Spark with me.\n\nLena Schmidt\n",
        charset="utf-8",
        cte="quoted-printable",
    )
    path = tmp_path / "zoe.eml"
    path.write_bytes(bytes(msg))
    draft = load_draft(path)
    assert draft.to == "zoe.mueller@nordlicht.example"
    findings = Checker(situation("nordlicht")).check(draft)
    (name,) = [f for f in findings if f.rule == "name-mismatch"]
    assert name.message == "Writes 'Zoe' but the name is spelt 'Zoë'"
    assert draft.line_text(name.line).startswith("Dear Zoe")


def test_bad_eml(tmp_path: Path) -> None:
    path = tmp_path / "x.eml"
    path.write_bytes(b"Content-Type: image/png\n\n\x89PNG")
    from afterview.errors import InputError

    with pytest.raises(InputError, match="expected a message with a text or HTML body"):
        load_draft(path)


def test_spell_engine_known_and_suggestions() -> None:
    engine = SpellEngine(["dbt"])
    assert engine.known("dashboard") and engine.known("dbt") and not engine.known("recieve")
    assert engine.suggest("recieve")[0] == "receive"
    assert engine.suggest("begining")[0] == "beginning"
    assert "definitely" in engine.suggest("definately")


def test_spelling_trusts_the_record_and_skips_non_prose() -> None:
    text = (
        "Dear Marcus,\n\nThe dbt walkthrough (https://example.com/dbtwlkthru) and the SQL/KPI "
        "notes from marcus.chen@northwind.example were great. GitHub and PostgreSQL too. "
        "Nguyễn and Zoë agreed.\n\nAlex Rivera\n"
    )
    result = check_text(text, situation("northwind"))
    assert [f for f in result.findings if f.rule == "spelling"] == []


def test_each_unknown_word_gets_a_suggestion() -> None:
    result = check_text(
        "Dear Marcus,\n\nThank you for the dbt walktrough.\n", situation("northwind")
    )
    (f,) = [f for f in result.findings if f.rule == "spelling"]
    assert f.suggestion == "walkthrough"


# --- CLI ------------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_exit_0_for_a_clean_draft() -> None:
    clean = CORPUS / "clean" / "northwind-priya.txt"
    result = runner.invoke(app, ["check", str(clean), "--situation", str(NORTHWIND)])
    assert result.exit_code == 0, result.output
    assert "No problems found in 1 draft" in result.stdout


def test_cli_exit_1_and_linter_output(tmp_path: Path) -> None:
    draft = _write(tmp_path, "d.txt", "Dear Pryia,\n\nThank you for the dbt walktrough.\n")
    result = runner.invoke(app, ["check", str(draft), "-s", str(NORTHWIND)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == f"{draft}:1:6: error name-mismatch Greets 'Pryia' but the interviewer is Dr. Priya Nair"
    )
    assert lines[1] == "     1 | Dear Pryia,"
    assert lines[2] == "            ^^^^^"
    assert lines[3].strip() == "suggestion: Dr. Nair"
    assert lines[-1].startswith("1 error, 1 warning in 1 draft")


def test_cli_warnings_only_exit_0(tmp_path: Path) -> None:
    draft = _write(tmp_path, "d.txt", "Dear Marcus,\n\nThank you for the dbt walktrough.\n")
    result = runner.invoke(app, ["check", str(draft), "-s", str(NORTHWIND), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [f["rule"] for f in data["findings"]] == ["spelling"]


def test_cli_directory_compares_panel_drafts() -> None:
    faulty = CORPUS / "faulty"
    result = runner.invoke(
        app,
        [
            "check",
            str(faulty / "northwind-dup-priya.txt"),
            str(faulty / "northwind-dup-marcus.txt"),
            "-s",
            str(NORTHWIND),
            "--json",
        ],
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {f["rule"] for f in data["findings"]} == {"panel-duplicate"}
    assert data["stats"]["drafts"] == 2


def test_cli_directory_input(tmp_path: Path) -> None:
    for name in ("northwind-priya.txt", "northwind-marcus.txt", "northwind-sofia.txt"):
        (tmp_path / name).write_text((CORPUS / "clean" / name).read_text("utf-8"), encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    result = runner.invoke(app, ["check", str(tmp_path), "-s", str(NORTHWIND), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == {
        "findings": [],
        "stats": {"words": data["stats"]["words"], "drafts": 3, "kind": "thank_you"},
    }


def test_cli_kind_and_at(tmp_path: Path) -> None:
    draft = CORPUS / "clean" / "northwind-status-check.txt"
    early = runner.invoke(
        app,
        [
            "check",
            str(draft),
            "-s",
            str(NORTHWIND),
            "--kind",
            "status_check",
            "--at",
            "2026-12-01T10:00:00-05:00",
            "--json",
        ],
    )
    assert early.exit_code == 1
    # too early by the calendar, and its question is decision-chasing before the timeline
    assert [f["rule"] for f in json.loads(early.stdout)["findings"]] == ["too-soon", "pushy"]
    later = runner.invoke(
        app,
        [
            "check",
            str(draft),
            "-s",
            str(NORTHWIND),
            "--kind",
            "status_check",
            "--at",
            "2026-12-09T10:00:00-05:00",
        ],
    )
    assert later.exit_code == 0


def _afterview(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "afterview", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
    )


def test_cli_bad_input_exit_2(tmp_path: Path) -> None:
    draft = _write(tmp_path, "d.txt", "Dear Marcus,\n")
    bad_kind = _afterview("check", str(draft), "-s", str(NORTHWIND), "--kind", "thanks")
    assert bad_kind.returncode == 2
    assert bad_kind.stderr.startswith("afterview: --kind: expected one of thank_you, value_add")
    missing = _afterview("check", str(tmp_path / "nope.txt"), "-s", str(NORTHWIND))
    assert (missing.returncode, missing.stderr) == (
        2,
        f"afterview: {tmp_path / 'nope.txt'}: no such file\n",
    )
    bad_situation = _afterview("check", str(draft), "-s", str(tmp_path / "nope.toml"))
    assert bad_situation.returncode == 2
    assert "Traceback" not in bad_situation.stderr


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("priya", "pryia", 1),
        ("nair", "niar", 1),
        ("marcus", "marcos", 1),
        ("abc", "abc", 0),
        ("ca", "abc", 3),
        ("kitten", "sitting", 3),
        ("", "abc", 3),
    ],
)
def test_osa_matches_rapidfuzz(a: str, b: str, distance: int) -> None:
    from rapidfuzz.distance import OSA

    from afterview.checks.edits import osa

    assert osa(a, b) == distance == OSA.distance(a, b)


def test_to_line_with_display_names() -> None:
    text = (
        'To: "Nair, Priya" <priya.nair@northwind.example>, Marcus Chen <marcus.chen@northwind.example>\n'
        "Subject: Thank you\n\nDear Dr. Nair,\n\nThank you for discussing the claims dashboard.\n"
    )
    result = check_text(text, situation("northwind"))
    (wrong,) = [f for f in result.findings if f.rule == "wrong-recipient"]
    assert "marcus.chen@northwind.example is Marcus Chen's address" in wrong.message


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("the the end", True),
        ("I I would", True),
        ("to\nto", True),
        ("The the", True),
        ("to\n\nto", False),
        ("had had", False),
        ("theme the", False),
        ("that that", False),
    ],
)
def test_repeated_words(text: str, flagged: bool) -> None:
    result = check_text(
        f"Dear Marcus,\n\nThanks for the dbt walkthrough; {text}.\n", situation("northwind")
    )
    assert any(f.rule == "repeated-word" for f in result.findings) == flagged


@pytest.mark.parametrize(
    ("greeting", "suggestion"),
    [
        ("Dear Mr Prise,", "Price"),  # after an honorific the surname replaces the word
        ("Dear Davod,", "David"),  # a first-name greeting keeps the first name
    ],
)
def test_name_suggestion_fits_the_greeting(greeting: str, suggestion: str) -> None:
    from afterview.situation import load_situation

    record = load_situation(Path(__file__).parent.parent / "examples" / "uk-panel.json")
    result = check_text(f"{greeting}\nThank you for the AMP8 conversation.", record)
    names = [f for f in result.findings if f.rule == "name-mismatch"]
    assert names, result.findings
    assert names[0].suggestion == suggestion


def _reference_tokens(draft: object) -> list[tuple[str, int, int]]:
    """Words as the plain pattern finds them (match by match), to hold the fast path to."""
    import re as regex

    from afterview.checks.draft import ASCII_WORD, WORD

    d: Any = draft
    text = d.text
    for a, b in d.not_prose:
        text = text[:a] + " " * (b - a) + text[b:]
    regions = ([d.subject_span] if d.subject_span else []) + [(d.body_start, len(d.text))]
    latin = text.isascii() or not any(c.isalpha() for c in regex.findall(r"[^\x00-\x7f]", text))
    pattern = ASCII_WORD if latin else WORD
    return [(m.group(), *m.span()) for lo, hi in regions for m in pattern.finditer(text, lo, hi)]


ALPHABET = "abcXYZ éüÉ田中 '’-_.,:!?@/\n\t09"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=120), st.booleans())
def test_tokens_are_exactly_the_words_the_pattern_finds(body: str, subject: bool) -> None:
    text = ("Subject: " + body.split("\n")[0] + "\n\n" if subject else "") + body
    draft = parse_text(text, "d")
    assert [tuple(t) for t in draft.tokens] == _reference_tokens(draft)
    for word, start, end in draft.tokens:
        assert draft.text[start:end] == word
