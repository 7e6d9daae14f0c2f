"""The tone rules under changes that should not matter: another sign-off, curly apostrophes,
CRLF line ends and trailing blank lines find the same (for every rule's sentences)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tone_cases import APOLOGETIC, NOT_APOLOGETIC, NOT_PUSHY, PUSHY, SIGN_OFFS, draft, summary

SENTENCES = {"apologetic": APOLOGETIC + NOT_APOLOGETIC, "pushy": PUSHY + NOT_PUSHY}
RULES = pytest.mark.parametrize("rule", sorted(SENTENCES))


@RULES
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_sign_off_does_not_change_findings(rule: str, data: st.DataObject) -> None:
    sentence = data.draw(st.sampled_from(SENTENCES[rule]))
    sign_off = data.draw(st.sampled_from(SIGN_OFFS))
    assert summary(draft(sentence)) == summary(draft(sentence, sign_off))


@RULES
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_curly_apostrophes_find_the_same(rule: str, data: st.DataObject) -> None:
    sentence = data.draw(st.sampled_from(SENTENCES[rule]))
    curly = draft(sentence).replace("'", "\u2019")
    got = [(*f[:3], f[3].replace("\u2019", "'")) for f in summary(curly) if f[0] == rule]
    assert got == [f for f in summary(draft(sentence)) if f[0] == rule]


@RULES
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_crlf_and_trailing_blank_lines_do_not_change_findings(
    rule: str, data: st.DataObject
) -> None:
    sentence = data.draw(st.sampled_from(SENTENCES[rule]))
    blank = data.draw(st.integers(0, 3))
    text = draft(sentence)
    assert summary((text + "\n" * blank).replace("\n", "\r\n")) == summary(text)
