"""The checker's figures on its corpus, for the tuning part and the held-out part separately.

    .venv/bin/python benchmarks/corpus_figures.py [--part tuning|holdout|both] [--json]
    .venv/bin/python benchmarks/corpus_figures.py --metamorphic

For each part: clean drafts with no error (%), clean drafts with no finding at all (%),
spelling flags per 1,000 clean words, planted faults found (%, one planted fault per labelled
rule of a faulty draft or set), and then every miss and every false finding (a finding on a
clean draft, or a rule a faulty draft is not labelled with). Issue 10's targets for the
held-out part: 100% clean with no error, at most 1 spelling flag per 1,000 words, at least 95%
of planted faults found.

``--metamorphic`` prints, for each transformation of tests/test_metamorphic.py (tuning part,
simplest choices), how many of the drafts it applies to it breaks, with examples.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from afterview.checks import Finding  # noqa: E402

from corpus_loader import (  # noqa: E402
    Case,
    clean_cases,
    faulty_cases,
    faulty_sets,
)


@dataclass
class Figures:
    """What one part of the corpus says about the checker."""

    part: str
    clean: int = 0
    clean_no_error: int = 0
    clean_no_finding: int = 0
    clean_words: int = 0
    spelling_flags: int = 0
    planted: int = 0
    found: int = 0
    misses: list[str] = field(default_factory=list)
    false_findings: list[str] = field(default_factory=list)
    by_english: dict[str, list[int]] = field(default_factory=dict)  # english: [drafts, clean]

    def to_dict(self) -> dict[str, object]:
        return {
            "part": self.part,
            "clean_drafts": self.clean,
            "clean_no_error_pct": _pct(self.clean_no_error, self.clean),
            "clean_no_finding_pct": _pct(self.clean_no_finding, self.clean),
            "spelling_flags_per_1000_clean_words": round(
                1000 * self.spelling_flags / max(self.clean_words, 1), 2
            ),
            "clean_words": self.clean_words,
            "planted_faults": self.planted,
            "planted_found_pct": _pct(self.found, self.planted),
            "misses": self.misses,
            "false_findings": self.false_findings,
            "clean_no_finding_by_english": {
                k: f"{v[1]}/{v[0]}" for k, v in sorted(self.by_english.items())
            },
        }


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 100.0


def _describe(case_name: str, f: Finding) -> str:
    message = f.message.replace("\n", "⏎")  # a span that runs over a line end shows as one line
    return f"{case_name}:{f.line}:{f.column} {f.rule} ({f.severity}): {message}"


def measure(holdout: bool) -> Figures:
    """Run the checker over one part of the corpus."""
    fig = Figures("held-out" if holdout else "tuning")
    for case in clean_cases(holdout):
        findings = case.checker().check(case.draft())
        fig.clean += 1
        fig.clean_words += case.draft().word_count
        errors = [f for f in findings if f.severity == "error"]
        fig.clean_no_error += not errors
        fig.clean_no_finding += not findings
        fig.spelling_flags += sum(f.rule == "spelling" for f in findings)
        tally = fig.by_english.setdefault(case.english, [0, 0])
        tally[0] += 1
        tally[1] += not findings
        fig.false_findings += [_describe(case.name, f) for f in findings]
    for case in faulty_cases(holdout):
        _faulty(fig, case)
    for case_set in faulty_sets(holdout):
        result = case_set.checker().check_all(case_set.drafts)
        got = {f.rule for f in result.findings}
        fig.planted += len(case_set.rules)
        fig.found += len(case_set.rules & got)
        fig.misses += [f"{case_set.name}: {rule} did not fire" for rule in case_set.rules - got]
        fig.false_findings += [
            _describe(f.path, f) for f in result.findings if f.rule not in case_set.rules
        ]
    return fig


def _faulty(fig: Figures, case: Case) -> None:
    findings = case.checker().check(case.draft())
    got = {f.rule for f in findings}
    fig.planted += len(case.rules)
    fig.found += len(case.rules & got)
    fig.misses += [f"{case.name}: {rule} did not fire" for rule in sorted(case.rules - got)]
    if case.severity:
        wrong = {f.severity for f in findings if f.rule in case.rules} - {case.severity}
        fig.misses += [f"{case.name}: fired as {s}, expected {case.severity}" for s in wrong]
    fig.false_findings += [_describe(case.name, f) for f in findings if f.rule not in case.rules]


def _by_rule(fig: Figures) -> list[tuple[str, int]]:
    from collections import Counter

    rules = Counter(line.split(" ")[1] for line in fig.false_findings)
    return rules.most_common()


def report(fig: Figures) -> str:
    """The figures as text."""
    d = fig.to_dict()
    lines = [
        f"== {fig.part} part",
        f"clean drafts:                    {d['clean_drafts']} ({fig.clean_words} words)",
        f"clean drafts with no error:      {d['clean_no_error_pct']}%",
        f"clean drafts with no finding:    {d['clean_no_finding_pct']}%",
        f"spelling flags / 1,000 words:    {d['spelling_flags_per_1000_clean_words']}",
        f"planted faults found:            {d['planted_found_pct']}% ({fig.found}/{fig.planted})",
        "clean with no finding, by English: "
        + ", ".join(f"{k} {v}" for k, v in d["clean_no_finding_by_english"].items()),  # type: ignore[attr-defined]
        "false findings by rule: " + ", ".join(f"{r} {n}" for r, n in _by_rule(fig)),
        f"-- misses ({len(fig.misses)})",
        *(f"  {m}" for m in fig.misses),
        f"-- false findings ({len(fig.false_findings)})",
        *(f"  {m}" for m in fig.false_findings),
    ]
    return "\n".join(lines)


def metamorphic(holdout: bool) -> str:
    """Per transformation: drafts broken / drafts it applies to, and a few examples."""
    import test_metamorphic as mm

    cases = [*clean_cases(holdout), *faulty_cases(holdout)]
    pairs = mm.applicable(cases)
    part = "held-out" if holdout else "tuning"
    lines = [f"== metamorphic, {part} part (simplest choices; drafts broken / applies to)"]
    for name in mm.TRANSFORMS:
        broken = []
        applies = [case for case, t in pairs if t == name]
        for case in applies:
            try:
                mm._assert_invariant(case, name, mm.Choices())
            except AssertionError as exc:
                message = str(exc).replace("\n", "⏎")[:150]
                broken.append(f"{case.name}: {message}")
        lines.append(f"{name:20} {len(broken):4} / {len(applies)}")
        lines += [f"    {b}" for b in broken[:3]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("tuning", "holdout", "both"), default="both")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--metamorphic", action="store_true", help="also summarise the metamorphic relations"
    )
    args = parser.parse_args()
    parts = {"tuning": [False], "holdout": [True], "both": [False, True]}[args.part]
    figures = [measure(holdout) for holdout in parts]
    if args.json:
        print(json.dumps([f.to_dict() for f in figures], indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(report(f) for f in figures))
    if args.metamorphic:
        print("\n" + "\n\n".join(metamorphic(holdout) for holdout in parts))


if __name__ == "__main__":
    main()
