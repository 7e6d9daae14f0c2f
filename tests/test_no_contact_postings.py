"""Whole postings (tests/data/no_contact/postings): the verdict and the reading the advice gives.

Each file opens with "# expect: VERDICT[; RULE]": the advice on the base situation with that
posting, and the no-contact rule that must speak. Lists, bullets, hard wraps and headings are
the postings' own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from afterview.advice import advise

from helpers import situation

POSTINGS = sorted((Path(__file__).parent / "data" / "no_contact" / "postings").glob("*.txt"))
NO_CONTACT_RULES = {
    "no-contact-requested",
    "no-calls-email-is-fine",
    "posting-line-not-for-candidates",
}


def _expect(path: Path) -> tuple[str, str | None, str]:
    first, _, body = path.read_text("utf-8").partition("\n")
    verdict, _, rule = first.removeprefix("# expect:").strip().partition(";")
    return verdict.strip(), rule.strip() or None, body


@pytest.mark.parametrize("path", POSTINGS, ids=lambda p: p.stem)
def test_a_whole_posting_reads_as_expected(path: Path) -> None:
    verdict, rule, body = _expect(path)
    advice = advise(situation({"application.posting_text": body}))
    assert advice.verdict == verdict
    spoken = {r.rule for r in advice.reasons} & NO_CONTACT_RULES
    assert spoken == ({rule} if rule else set())
    if rule:
        text = next(r.text for r in advice.reasons if r.rule == rule)
        assert "“" in text and ("read as: " in text or "as: " in text), text


def test_there_are_postings_of_every_kind() -> None:
    kinds = {_expect(p)[1] for p in POSTINGS}
    assert kinds == NO_CONTACT_RULES | {None}
