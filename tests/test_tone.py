"""The tone rules' phrase lists: each entry catches its phrases (needles included) and no more."""

from __future__ import annotations

import pytest

from afterview.checks import check_text
from afterview.checks.draft import parse_text
from afterview.checks.rules.tone import _compiled, _Entry

from corpus_loader import situation

# (rule, phrase that must be flagged in a thank-you)
FLAGGED = [
    ("too-casual", "Hey Priya,"),
    ("too-casual", "Hi there,"),
    ("too-casual", "Thx for the chat."),
    ("too-casual", "I'm gonna send the deck."),
    ("too-casual", "See u soon."),
    ("too-casual", "That was awesome."),
    ("too-casual", "No worries about the delay."),
    ("too-casual", "Great meeting you 😀"),
    ("too-casual", "Great meeting you :)"),
    ("too-casual", "Great meeting you :D"),
    ("too-casual", "Thank you!!"),
    ("too-casual", "Thank you! It was great! Really!"),
    ("too-casual", "Yesterday i enjoyed it."),
    ("too-casual", "i'm grateful."),
    ("pushy", "Just checking in on the process."),
    ("pushy", "I am touching base about the role."),
    ("pushy", "Are there any updates?"),
    ("pushy", "Have you made a decision?"),
    ("pushy", "When will I hear back?"),
    ("pushy", "Please reply as soon as possible."),
    ("pushy", "I have another offer."),
    ("pushy", "What is the salary range?"),
    ("pushy", "Could we discuss compensation?"),
    ("pushy", "I look forward to your offer."),
    ("pushy", "How many vacation days come with it?"),
    ("apologetic", "Sorry for my long answer."),
    ("apologetic", "I apologise for being late."),
    ("apologetic", "Please forgive me for the confusion."),
    ("apologetic", "I rambled on the SQL question."),
    ("apologetic", "I should have prepared better."),
    ("apologetic", "I was so nervous."),
    ("apologetic", "My poor answer about Kafka bothers me."),
]

# Phrases that must pass: near misses of the lists.
PASSED = [
    "Dear Priya,",
    "Hello Priya,",
    "Thank you for your time.",
    "I checked the dashboard twice.",
    "The update cadence you described is sensible.",
    "I offered to share my case study.",
    "I was sorry to hear the launch slipped.",
    "We compared the options in detail.",
    "Our conversation about Kafka was useful (i.e. the part on partitions).",
    "Thank you!",
    "That is cool-headed planning.",
]


def _rules(sentence: str) -> set[str]:
    text = f"Dear Dr. Nair,\n\nThank you for discussing the claims dashboard. {sentence}\n\nAlex Rivera\n"
    if sentence.startswith(("Hey", "Hi there", "Dear", "Hello")):
        text = f"{sentence}\n\nThank you for discussing the claims dashboard.\n\nAlex Rivera\n"
    return {f.rule for f in check_text(text, situation("northwind")).findings}


@pytest.mark.parametrize(("rule", "sentence"), FLAGGED)
def test_flagged(rule: str, sentence: str) -> None:
    assert rule in _rules(sentence), f"False negative: {rule} missed {sentence!r}"


@pytest.mark.parametrize("sentence", PASSED)
def test_passed(sentence: str) -> None:
    got = _rules(sentence) & {"too-casual", "pushy", "apologetic"}
    assert not got, f"False positive: {got} on {sentence!r}"


# Every entry of data/tone.toml carries `examples` (it must match each, and its needles must let
# each through: the fast path may only skip an entry that cannot match) and `counter` (near
# misses it must not match).
ENTRIES = _compiled()


def _admits(entry: _Entry, sentence: str) -> bool:
    draft = parse_text(sentence)
    if entry.data.get("case"):
        return entry.may_match({t.text for t in draft.tokens}, sentence)
    return entry.may_match(set(draft.lowered), sentence.lower())


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.rule}-{i}" for i, e in enumerate(ENTRIES)])
def test_entry_examples(entry: _Entry) -> None:
    data = entry.data
    if entry.rule in ("pushy", "apologetic"):
        assert data.get("examples") and data.get("counter"), "examples and counter-examples"
    for sentence in data.get("examples", []):
        text = sentence if data.get("case") else sentence.lower()
        assert entry.pattern.search(text), f"misses its example {sentence!r}"
        assert _admits(entry, sentence), f"its needles skip its example {sentence!r}"
    for sentence in data.get("counter", []):
        text = sentence if data.get("case") else sentence.lower()
        m = entry.pattern.search(text)
        assert m is None, f"matches its counter-example {sentence!r} at {m.group()!r}"
