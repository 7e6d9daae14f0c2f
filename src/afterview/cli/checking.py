"""The check command's work, without Typer: shared by the Typer command and the fast path."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from afterview.cli.output import ExitStatus, console, parse_time, print_json

KINDS = ["thank_you", "value_add", "status_check", "linkedin_note", "handwritten_note"]


def run_check(
    drafts: list[Path],
    situation: Path | None,
    kind: str | None,
    at: str | None,
    json_out: bool,
    interview: int | None = None,
    db: str | None = None,
) -> int:
    """Check the drafts, print the findings, and return the exit status (0, 1; 2 raises)."""
    import gc

    # A short-lived process: reference counting frees what each draft uses, and the cyclic
    # collector's passes over the freshly loaded dictionary and rule pack only cost time
    # (they doubled the per-draft time of the first thousand or so drafts).
    gc.disable()
    from afterview.errors import InputError

    if kind is not None and kind not in KINDS:
        raise InputError("--kind", None, f"expected one of {', '.join(KINDS)}; got {kind!r}")
    if (situation is None) == (interview is None):
        raise InputError(
            "check", None, "expected the record as --situation FILE or --interview ID (one of them)"
        )
    moment = parse_time(at, "--at")
    if interview is not None:
        result = _check_stored(interview, db, drafts, kind, moment)
    else:
        from afterview.checks import check_paths
        from afterview.situation import load_situation

        assert situation is not None
        if not drafts:
            raise InputError("check", None, "expected at least one draft file or folder")
        result = check_paths(drafts, load_situation(situation), kind, moment)
    if json_out:
        print_json(result.to_dict())
    else:
        show(result)
    return int(ExitStatus.FINDINGS) if result.errors else int(ExitStatus.OK)


def _check_stored(
    interview: int, db: str | None, drafts: list[Path], kind: str | None, at: Any
) -> Any:
    """Check files, or the interview's saved drafts (each as its own kind), against a stored
    interview's record and history."""
    from datetime import datetime

    from afterview.checks import CheckResult, check_drafts, check_paths, parse_text
    from afterview.checks.rules.panel import sent_notes
    from afterview.errors import InputError
    from afterview.store import open_store

    store = open_store(db)
    record = store.situation(interview)
    messages = store.messages_of(interview)
    # Thank-yous already sent to the panel: a draft is compared with them too.
    sent = sent_notes(messages, "thank_you")
    if drafts:
        return check_paths(drafts, record, kind, at, {"thank_you": sent})
    moment = at or datetime.now().astimezone()
    saved = [m for m in messages if m.state == "draft"]
    if not saved:
        raise InputError(
            f"interview {interview}", None, "has no saved draft to check (see afterview draft)"
        )
    results = [
        check_drafts([parse_text(m.as_text(), f"message {m.id}")], record, kind or m.kind, moment)
        for m in saved
    ]
    from afterview.checks.rules.panel import RULE as PANEL

    thanks = [
        parse_text(m.as_text(), f"message {m.id}") for m in saved if (kind or m.kind) == "thank_you"
    ]
    findings = [f for r in results for f in r.findings]
    if len(thanks) > 1 or (thanks and sent):
        from afterview.checks import Checker

        checker = Checker(record, "thank_you", moment, [PANEL], sent=sent)
        findings += checker.check_all(thanks).findings
    kinds = {path: k for r in results for path, k in r.kinds.items()}
    return CheckResult(findings, sum(r.words for r in results), len(saved), kinds)


def show(result: Any) -> None:
    """Print findings like a linter: file:line:col, severity, rule, message, the line with the
    span marked, the suggestion, and a count. Colour (through Rich) only on a terminal; piped
    output is plain text and skips loading Rich at all."""
    lines = list(_report(result))
    if not sys.stdout.isatty():
        sys.stdout.write("".join(text + "\n" for text, _ in lines))
        return
    from rich.text import Text

    out = console()
    out.soft_wrap = True
    for text, styles in lines:
        rich_text = Text(text)
        for start, end, style in styles:
            rich_text.stylize(style, start, end)
        out.print(rich_text)


Styled = tuple[str, list[tuple[int, int, str]]]


def _report(result: Any) -> Iterator[Styled]:
    """The report's lines, each with (start, end, style) spans for the terminal."""
    texts: dict[str, list[str]] = {}
    for f in result.findings:
        style = "red" if f.severity == "error" else "yellow"
        where = f"{f.path}:{f.line}:{f.column}:"
        head = f"{where} {f.severity} {f.rule} {f.message}"
        sev_at = len(where) + 1
        rule_at = sev_at + len(f.severity) + 1
        yield (
            head,
            [
                (0, len(where), "bold"),
                (sev_at, sev_at + len(f.severity), style),
                (rule_at, rule_at + len(f.rule), "cyan"),
            ],
        )
        lines = texts.setdefault(f.path, _text_lines(f.path))
        if 0 < f.line <= len(lines):
            line, column = _window(lines[f.line - 1], f.column - 1)
            width = max(1, min(len(line) - column, f.end - f.start))
            yield f"  {f.line:>4} | {line}", [(0, 8, "dim")]
            yield f"       {' ' * column}{'^' * width}", [(7, 7 + column + width, style)]
        if f.suggestion:
            yield f"       suggestion: {f.suggestion}", [(7, 18, "green")]
    errors = sum(f.severity == "error" for f in result.findings)
    warnings = len(result.findings) - errors
    drafts = f"{result.drafts} draft{'s' if result.drafts != 1 else ''}"
    if not result.findings:
        text = f"No problems found in {drafts} ({result.words} words)."
        yield text, [(0, 17, "green")]
    else:
        counts = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning"
        counts += "s" if warnings != 1 else ""
        yield f"{counts} in {drafts} ({result.words} words).", [(0, len(counts), "bold")]


def _window(line: str, column: int, width: int = 96) -> tuple[str, int]:
    """A long line cut to ``width`` characters around ``column``; the column in the cut."""
    if len(line) <= width:
        return line, column
    start = max(0, min(column - width // 3, len(line) - width))
    cut = line[start : start + width]
    if start > 0:
        cut, column = "…" + cut[1:], column - start
    else:
        column -= start
    if start + width < len(line):
        cut = cut[:-1] + "…"
    return cut, column


def _text_lines(path: str) -> list[str]:
    from afterview.checks.draft import load_draft

    try:
        return [line.rstrip("\r") for line in load_draft(path).original.split("\n")]
    except Exception:
        return []
