"""The checker: proofread a follow-up draft against the interview record (DESIGN.md, Contract 4).

from afterview.checks import Checker
checker = Checker(situation, kind="thank_you")
result = checker.check_all([load_draft("draft.txt")])
for finding in result.findings: ...
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from afterview.checks.context import CheckContext
from afterview.checks.draft import Draft, draft_files, load_draft, parse_text
from afterview.checks.finding import Finding
from afterview.checks.registry import CheckRule, Hit, SetRule, all_rules
from afterview.record import MessageKind, Situation

__all__ = [
    "CheckResult",
    "Checker",
    "Draft",
    "Finding",
    "check_drafts",
    "check_paths",
    "check_text",
    "load_draft",
    "parse_text",
]


@dataclass
class CheckResult:
    """Findings for one or more drafts, and word counts."""

    findings: list[Finding]
    words: int
    drafts: int
    kinds: dict[str, str] = field(default_factory=dict)  # path -> the kind it was checked as

    @property
    def errors(self) -> list[Finding]:
        """The error-severity findings."""
        return [f for f in self.findings if f.severity == "error"]

    def to_dict(self) -> dict[str, Any]:
        """Exactly the object ``afterview check --json`` prints."""
        stats: dict[str, Any] = {"words": self.words}
        if self.drafts != 1:
            stats["drafts"] = self.drafts
        kinds = set(self.kinds.values())
        if len(kinds) == 1:
            stats["kind"] = kinds.pop()
        elif kinds:
            stats["kind"] = "mixed"
            stats["kinds"] = dict(self.kinds)
        return {"findings": [f.to_dict() for f in self.findings], "stats": stats}


class Checker:
    """Checks drafts of one kind, sent at one moment, against one situation."""

    def __init__(
        self,
        situation: Situation,
        kind: MessageKind | str = MessageKind.thank_you,
        at: datetime | None = None,
        rules: Iterable[CheckRule | SetRule] | None = None,
        sent: Iterable[Draft] = (),
    ) -> None:
        """``sent``: notes of this kind already sent to the panel (a stored interview's), which
        the drafts are compared with too (``panel-duplicate``); they are never flagged."""
        self.ctx = CheckContext.build(situation, MessageKind(kind), at)
        self.ctx.extra["panel-sent"] = list(sent)
        chosen = list(rules) if rules is not None else all_rules()
        self.rules = [r for r in chosen if isinstance(r, CheckRule)]
        self.set_rules = [r for r in chosen if isinstance(r, SetRule)]

    def check(self, draft: Draft) -> list[Finding]:
        """Every finding of the single-draft rules, in text order."""
        findings = []
        for rule in self.rules:
            assert rule.func is not None
            for hit in rule.func(draft, self.ctx):
                findings.append(_finding(draft, rule.id, rule.severity, hit))
        findings.sort(key=lambda f: (f.start, f.rule))
        return findings

    def check_all(self, drafts: list[Draft], workers: int | None = None) -> CheckResult:
        """Check each draft, then compare drafts to different people with each other.

        Many drafts are shared out among ``workers`` processes (default: one per core, from
        ``PARALLEL_FROM`` drafts on, where the system can fork); the result is the same.
        """
        findings: list[Finding] = []
        for result in _map_checks(self, drafts, workers):
            findings += result
        if len(drafts) > 1 or (drafts and self.ctx.extra["panel-sent"]):
            order = {d.path: i for i, d in enumerate(drafts)}
            for rule in self.set_rules:
                for draft, hit in rule.func([(d, self.ctx) for d in drafts]):
                    findings.append(_finding(draft, rule.id, rule.severity, hit))
            findings.sort(key=lambda f: (order[f.path], f.start, f.rule))
        kinds = {d.path: str(self.ctx.kind) for d in drafts}
        return CheckResult(findings, sum(d.word_count for d in drafts), len(drafts), kinds)


PARALLEL_FROM = 200  # drafts; below this, forking costs more than it saves

_shared: tuple[Checker, list[Draft]] | None = None  # what forked workers inherit


def _check_slice(bounds: tuple[int, int]) -> list[tuple[list[Finding], tuple[str | None, str]]]:
    """In a worker: each draft's findings, and what the panel comparison needs of it."""
    from afterview.checks.rules.panel import prepare

    assert _shared is not None
    checker, drafts = _shared
    return [(checker.check(d), prepare(d, checker.ctx)) for d in drafts[bounds[0] : bounds[1]]]


def _map_checks(checker: Checker, drafts: list[Draft], workers: int | None) -> list[list[Finding]]:
    """Findings per draft, in order: in this process, or shared out among forked workers."""
    import os

    if workers is None:
        workers = os.cpu_count() or 1 if len(drafts) >= PARALLEL_FROM else 1
    workers = min(workers, len(drafts))
    if workers <= 1:
        return [checker.check(d) for d in drafts]
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return [checker.check(d) for d in drafts]
    global _shared
    # Check the first draft here, so that everything loaded on first use (the dictionary, the
    # advice engine, compiled patterns) is loaded once, before the fork, not once per worker.
    first = checker.check(drafts[0])
    _shared = (checker, drafts)
    import gc

    gc.freeze()  # keep the collector from touching (and so copying) the parent's pages
    step = -(-(len(drafts) - 1) // (workers * 4))
    slices = [(i, min(i + step, len(drafts))) for i in range(1, len(drafts), step)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = [item for part in pool.map(_check_slice, slices) for item in part]
        rest = []
        for draft, (findings, panel) in zip(drafts[1:], results, strict=True):
            draft.cache[("panel", id(checker.ctx))] = panel  # the workers' copies are gone
            rest.append(findings)
    finally:
        _shared = None
        gc.unfreeze()
    return [first, *rest]


def _finding(draft: Draft, rule: str, severity: str, hit: Hit) -> Finding:
    start, end = draft.original_span(hit.start, hit.end)
    line, column = draft.position(start)
    return Finding(
        path=draft.path,
        rule=rule,
        severity=hit.severity or severity,  # type: ignore[arg-type]
        message=hit.message,
        line=line,
        column=column,
        start=start,
        end=end,
        suggestion=hit.suggestion,
    )


def check_drafts(
    drafts: list[Draft],
    situation: Situation,
    kind: MessageKind | str | None = None,
    at: datetime | None = None,
    sent: Mapping[str, list[Draft]] | None = None,
) -> CheckResult:
    """Check drafts, each as ``kind`` or, when it is None, as the kind its text reads as
    (afterview.checks.kinds); drafts of one kind are compared with each other, and with the
    notes of that kind already sent to the panel (``sent``: kind -> notes)."""
    sent = sent or {}
    if kind is not None:
        return Checker(situation, kind, at, sent=sent.get(str(kind), ())).check_all(drafts)
    from afterview.checks.kinds import infer_kind

    groups: dict[MessageKind, list[Draft]] = {}
    for draft in drafts:
        groups.setdefault(infer_kind(draft), []).append(draft)
    results = [
        Checker(situation, k, at, sent=sent.get(str(k), ())).check_all(group)
        for k, group in groups.items()
    ]
    order = {d.path: i for i, d in enumerate(drafts)}
    findings = sorted(
        (f for r in results for f in r.findings), key=lambda f: (order[f.path], f.start, f.rule)
    )
    kinds = {path: k for r in results for path, k in r.kinds.items()}
    return CheckResult(
        findings,
        sum(r.words for r in results),
        len(drafts),
        dict(sorted(kinds.items(), key=lambda i: order[i[0]])),
    )


def check_text(
    text: str,
    situation: Situation,
    kind: MessageKind | str | None = MessageKind.thank_you,
    at: datetime | None = None,
    path: str = "<draft>",
) -> CheckResult:
    """Check one draft given as text (as the kind it reads as when ``kind`` is None)."""
    return check_drafts([parse_text(text, path)], situation, kind, at)


def check_paths(
    paths: list[Path],
    situation: Situation,
    kind: MessageKind | str | None = None,
    at: datetime | None = None,
    sent: Mapping[str, list[Draft]] | None = None,
) -> CheckResult:
    """Check draft files (directories expand to their .txt, .eml and .md files), each as
    ``kind`` or, when it is None, as the kind its text reads as (``sent``: see
    :func:`check_drafts`)."""
    drafts = [load_draft(p) for p in draft_files(paths)]
    return check_drafts(drafts, situation, kind, at, sent)
