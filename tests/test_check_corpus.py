"""The checker on its corpus: clean drafts get no finding, each faulty draft exactly its rules.

Only the tuning part is checked here; the held-out part (tests/corpus/holdout) is only loaded
and counted, and its figures come from benchmarks/corpus_figures.py.
"""

from __future__ import annotations

import pytest

from afterview.checks.registry import all_rules

from corpus_loader import (
    Case,
    SetCase,
    clean_cases,
    clean_sets,
    faulty_cases,
    faulty_sets,
)

CLEAN = clean_cases()
FAULTY = faulty_cases()
SETS = faulty_sets()


def test_corpus_size() -> None:
    assert len(CLEAN) >= 60
    assert len(FAULTY) >= 80


def test_clean_drafts_cover_the_englishes() -> None:
    by_english = [c.english for c in CLEAN + clean_cases(holdout=True)]
    assert by_english.count("US") >= 40
    assert sum(e in ("GB", "CA", "AU", "IN", "IE", "NZ") for e in by_english) >= 10


def test_held_out_part_loads_and_is_big_enough() -> None:
    clean, faulty = clean_cases(holdout=True), faulty_cases(holdout=True)
    assert len(clean) >= 20 and len(faulty) >= 25
    assert all(c.holdout for c in clean + faulty)
    assert not any(c.holdout for c in CLEAN + FAULTY)
    assert all(c.rules for c in faulty) and not any(c.rules for c in clean)


def test_every_draft_names_its_patterns() -> None:
    """Each draft says which patterns of real writing it exercises (the manifest's header)."""
    cases = CLEAN + FAULTY + clean_cases(holdout=True) + faulty_cases(holdout=True)
    unnamed = [c.name for c in cases if not c.patterns]
    assert not unnamed, f"drafts with no `patterns`: {unnamed}"
    assert all(isinstance(p, str) and p for c in cases for p in c.patterns)


def test_every_rule_has_labelled_faulty_examples() -> None:
    labelled = {rule for case in [*FAULTY, *SETS] for rule in case.rules}
    missing = [r.id for r in all_rules() if r.id not in labelled]
    assert not missing, f"rules with no must-fire example in tests/corpus: {missing}"


@pytest.mark.parametrize("case", CLEAN, ids=lambda c: c.name)
def test_clean_draft_has_no_finding(case: Case) -> None:
    findings = case.checker().check(case.draft())
    assert findings == [], "False positive: " + "; ".join(
        f"{f.rule}: {f.message}" for f in findings
    )


@pytest.mark.parametrize("case", FAULTY, ids=lambda c: c.name)
def test_faulty_draft_triggers_exactly_its_rules(case: Case) -> None:
    findings = case.checker().check(case.draft())
    got = {f.rule for f in findings}
    assert case.rules <= got, f"False negative: {sorted(case.rules - got)} did not fire"
    assert got <= case.rules, "False positive: " + "; ".join(
        f"{f.rule}: {f.message}" for f in findings if f.rule not in case.rules
    )
    if case.severity:
        severities = {f.severity for f in findings if f.rule in case.rules}
        assert severities == {case.severity}, f"expected a {case.severity}, got {severities}"


@pytest.mark.parametrize("case", SETS, ids=lambda c: c.name)
def test_near_identical_panel_notes_are_flagged(case: SetCase) -> None:
    result = case.checker().check_all(case.drafts)
    assert {f.rule for f in result.findings} == case.rules
    assert result.errors and all(f.rule == "panel-duplicate" for f in result.errors)


@pytest.mark.parametrize("case", clean_sets(), ids=lambda c: c.name)
def test_distinct_panel_notes_pass_together(case: SetCase) -> None:
    result = case.checker().check_all(case.drafts)
    assert result.findings == []
