"""What `afterview check` accepts: empty, blank, binary and huge input is bad input (exit 2, one
line); HTML-only and multipart .eml are checked as their text; the record comes from a file or
from the store; without --kind each draft is checked as the kind it reads as."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest
from typer.testing import CliRunner

from afterview.checks import load_draft
from afterview.checks.html_text import html_to_text
from afterview.cli import app, main

from corpus_loader import CORPUS

NORTHWIND = CORPUS / "situations" / "northwind.toml"
PRIYA = (CORPUS / "clean" / "northwind-priya.txt").read_text("utf-8")
runner = CliRunner()


def _check(*args: str) -> tuple[int, str, str]:
    """Run ``afterview check ARGS`` through the console script's entry point, in process (the
    fast path and Typer alike, with the one-line errors of ``main``)."""
    out, err = io.StringIO(), io.StringIO()
    argv, sys.argv = sys.argv, ["afterview", "check", *args]
    code: int | str | None = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.argv = argv
    return int(code or 0), out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "it is empty"),
        (b"   \n\n\t \n", "it is blank"),
        (b"Subject: Thank you\n\n", "only headers"),
        (b"To: a@b.example\nSubject: Hi\n\n  \n", "only headers"),
    ],
    ids=["empty", "blank", "headers-only", "headers-and-blank-body"],
)
def test_a_draft_with_nothing_to_check_is_bad_input(
    tmp_path: Path, content: bytes, said: str
) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(content)
    code, out, err = _check(str(path), "-s", str(NORTHWIND))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(path) in err and said in err


def test_a_utf16_draft_is_text_and_a_cp1252_one_says_how_to_fix_it(tmp_path: Path) -> None:
    path = tmp_path / "notepad.txt"
    path.write_bytes(PRIYA.encode("utf-16"))  # with its byte-order mark, as Notepad saves it
    assert _check(str(path), "-s", str(NORTHWIND))[0] == 0
    path.write_bytes(PRIYA.replace("–", "-").replace("Dr. Nair", "Dr. Naïr").encode("cp1252"))
    code, _, err = _check(str(path), "-s", str(NORTHWIND))
    assert code == 2 and "save it as UTF-8" in err


def test_an_empty_folder_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.7")
    code, _, err = _check(str(tmp_path), "-s", str(NORTHWIND))
    assert code == 2 and str(tmp_path) in err and ".eml" in err


@pytest.mark.parametrize("name", ["draft.txt", "draft.eml"])
def test_a_binary_file_is_bad_input(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, _, err = _check(str(path), "-s", str(NORTHWIND))
    assert code == 2 and "binary" in err and err.count("\n") == 1


def test_an_oversized_draft_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("Dear Dr. Nair,\n\n" + "Thank you. " * 120_000, encoding="utf-8")
    code, _, err = _check(str(path), "-s", str(NORTHWIND))
    assert code == 2 and "KiB" in err


def test_a_mail_file_with_no_headers_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "draft.eml"
    path.write_text("just some words, not a message\n", encoding="utf-8")
    code, _, err = _check(str(path), "-s", str(NORTHWIND))
    assert code == 2 and "RFC 5322" in err


OUTLOOK_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta charset="utf-8"><style>p.MsoNormal {margin:0cm; font-family:Calibri}</style>
<!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]-->
</head><body lang=EN-US>
<div class=WordSection1>
<p class=MsoNormal>Dear Dr.&nbsp;Pryia,<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>Thank you for meeting with me about the Senior Data Analyst role. Our
conversation about moving the claims dashboard to dbt made me even more excited about
Northwind Health&#8217;s plans.<o:p></o:p></p>
<p class=MsoNormal>Best regards,<br>Alex Rivera<o:p></o:p></p>
</div></body></html>"""


def _eml(path: Path, html: str | None, plain: str | None = None) -> Path:
    message = EmailMessage()
    message["To"] = "priya.nair@northwind.example"
    message["Subject"] = "Thank you"
    if plain is not None:
        message.set_content(plain)
        if html is not None:
            message.add_alternative(html, subtype="html")
    else:
        assert html is not None
        message.set_content(html, subtype="html")
    path.write_bytes(bytes(message))
    return path


def test_an_html_only_message_is_checked_as_its_text(tmp_path: Path) -> None:
    path = _eml(tmp_path / "outlook.eml", OUTLOOK_HTML)
    draft = load_draft(path)
    assert "MsoNormal" not in draft.text and "<" not in draft.text
    assert "Dear Dr. Pryia," in draft.text
    assert "Northwind Health's plans." in draft.text
    code, out, _ = _check(str(path), "-s", str(NORTHWIND), "--json")
    data = json.loads(out)
    assert code == 1 and data["stats"]["words"] > 30
    (name,) = [f for f in data["findings"] if f["rule"] == "name-mismatch"]
    assert draft.original[name["start"] : name["end"]] == "Pryia"
    assert not [f for f in data["findings"] if f["rule"] == "wrong-company"]


def test_a_multipart_message_is_checked_by_its_plain_text_part(tmp_path: Path) -> None:
    path = _eml(tmp_path / "both.eml", "<p>Dear Pryia, <b>html</b></p>", PRIYA.split("\n\n", 1)[1])
    draft = load_draft(path)
    assert "Dear Dr. Nair," in draft.text and "html" not in draft.text
    code, _, _ = _check(str(path), "-s", str(NORTHWIND))
    assert code == 0


@pytest.mark.parametrize(
    ("html", "text"),
    [
        (
            "<div>Hi Marcus,</div><div><br></div><div>Thanks again.</div>",
            "Hi Marcus,\n\nThanks again.\n",
        ),
        ("<p>One</p><p>Two</p>", "One\n\nTwo\n"),
        ("<p>a &amp; b&nbsp;c</p><script>x()</script>", "a & b\u00a0c\n"),
        ("Line one<br/>Line   two", "Line one\nLine two\n"),
        ("<ul><li>first</li><li>second</li></ul>", "first\nsecond\n"),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_the_record_is_required_once(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text(PRIYA, encoding="utf-8")
    code, _, err = _check(str(path))
    assert code == 2 and "--situation" in err
    code, _, err = _check(str(path), "-s", str(NORTHWIND), "--interview", "1")
    assert code == 2 and "one of them" in err


STATUS_CHECK = """Subject: Following up

Dear Dr. Nair,

I hope your week is going well. I am just checking in to ask whether there is any update on
the Senior Data Analyst role.

Best regards,
Alex Rivera
"""


def test_without_kind_a_status_check_is_checked_as_one(tmp_path: Path) -> None:
    path = tmp_path / "status.txt"
    path.write_text(STATUS_CHECK, encoding="utf-8")
    # two days after the interview: far before the employer's timeline (4 December)
    _, out, _ = _check(
        str(path), "-s", str(NORTHWIND), "--at", "2026-11-26T10:00:00-05:00", "--json"
    )
    data = json.loads(out)
    assert data["stats"]["kind"] == "status_check"
    assert {f["rule"] for f in data["findings"]} & {"too-soon", "pushy"}
    # --kind still decides when given
    _code, out, _ = _check(str(path), "-s", str(NORTHWIND), "--kind", "thank_you", "--json")
    assert json.loads(out)["stats"]["kind"] == "thank_you"


def test_drafts_of_different_kinds_report_each(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PRIYA, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STATUS_CHECK, encoding="utf-8")
    _, out, _ = _check(str(tmp_path), "-s", str(NORTHWIND), "--json")
    stats = json.loads(out)["stats"]
    assert stats["kind"] == "mixed"
    assert stats["kinds"] == {
        str(tmp_path / "a.txt"): "thank_you",
        str(tmp_path / "b.txt"): "status_check",
    }


def test_check_against_a_stored_interview(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    assert runner.invoke(app, ["import", str(NORTHWIND), "--db", db]).exit_code == 0
    path = tmp_path / "d.txt"
    path.write_text(PRIYA.replace("Dr. Nair", "Dr. Nayr"), encoding="utf-8")
    at = "2026-11-24T18:00:00-05:00"
    code, out, _ = _check(str(path), "--interview", "1", "--db", db, "--at", at, "--json")
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["name-mismatch"]
    code, _, err = _check(str(path), "--interview", "9", "--db", db)
    assert code == 2 and "9" in err


def test_check_a_stored_interviews_saved_drafts(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    runner.invoke(app, ["import", str(NORTHWIND), "--db", db])
    code, _, err = _check("--interview", "1", "--db", db)
    assert code == 2 and "no saved draft" in err
    saved = runner.invoke(
        app, ["draft", "1", "--save", "--db", db, "--now", "2026-11-24T17:30:00-05:00"]
    )
    assert saved.exit_code == 0, saved.output
    # Each saved draft is checked as its own kind, as if sent at --at (default: now): the
    # evening of the interview the thank-yous are fine and the status check is too soon ...
    code, out, _ = _check(
        "--interview", "1", "--db", db, "--at", "2026-11-24T18:00:00-05:00", "--json"
    )
    data = json.loads(out)
    kinds = data["stats"]["kinds"]
    assert sorted(kinds.values()) == ["status_check", "thank_you", "thank_you", "thank_you"]
    (status,) = [path for path, kind in kinds.items() if kind == "status_check"]
    found = {(f["path"], f["rule"]) for f in data["findings"]}
    assert (status, "too-soon") in found and {path for path, _ in found} == {status}
    # ... and once the employer's date has passed, the status check is due and the thank-yous late.
    code, out, _ = _check(
        "--interview", "1", "--db", db, "--at", "2026-12-08T10:00:00-05:00", "--json"
    )
    late = {(f["path"], f["rule"]) for f in json.loads(out)["findings"]}
    assert {rule for path, rule in late if path == status} == set()
    assert {path for path, rule in late if rule == "late"} == set(kinds) - {status}
