"""The note corpus: every way of writing a note gets a known phrase or is not used, and no
template turns any of them into an ungrammatical sentence (issue 11, item 1).

Regenerate the reviewer's golden file with ``AFTERVIEW_UPDATE_GOLDEN=1 pytest
tests/test_drafting_notes.py`` and read the diff.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.advice import Action
from afterview.drafting.compose import Material, Style, compose, parts, specifics
from afterview.drafting.notes import read_note, topic_reading
from afterview.record import ToAdd

from helpers import situation

HERE = Path(__file__).parent
CORPUS = tomllib.loads((HERE / "data" / "notes.toml").read_text("utf-8"))["note"]
GOLDEN = HERE / "golden" / "notes.md"
START = datetime.fromisoformat("2026-12-01T13:00:00-05:00")

# Patterns of the sentences the old phrase mapper wrote (issue 11) and of their kin.
BAD = [
    (
        r"\b(?:about|of|on|for)\s+(?:for|to|with|at|by|from|into|onto|about|of)\b",
        "preposition pile",
    ),
    (r"\babout me to\b", "about me to"),
    (r"\bof (?:they|he|she|we|it|you)\b", "of + pronoun clause"),
    (r"\b(?:they|we|he|she)'(?:re|s|ve|ll)\b", "a pasted clause"),
    (r"[()]", "parentheses"),
    (r"\b(?:was|were) impressed by my\b", "third-person boast"),
    (r"(?<!\bI )\b(?:liked|loved|praised|complimented) my\b", "third-person boast"),
    (r"our conversation about .*our conversation about", "repeated lead-in"),
    (r"your question about .*your question about", "repeated lead-in"),
    (r"\bas well as our conversation\b", "as well as our conversation"),
    (r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b", "weekday abbreviation"),
    (r"\b\d+ (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b", "date abbreviation"),
    (r"\b\d+ hours\b", "hour count"),
    (r"  |\s[.,;]|[.,;][.,;]", "loose punctuation"),
    (r"\b(\w+) \1\b", "repeated word"),
    (r"[.!?] [a-z]", "sentence opens in lower case"),
    (r"\bi\b", "lowercase i"),
]


def bad_patterns(text: str) -> list[str]:
    """The known ungrammatical patterns found in ``text``."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("http"))
    return [name for pattern, name in BAD if re.search(pattern, body)]


def test_the_corpus_is_large_and_covers_every_shape() -> None:
    assert len(CORPUS) >= 100
    used = [n for n in CORPUS if n["use"] != "not used"]
    assert len(used) >= 60 and len(CORPUS) - len(used) >= 40
    heads = {read_note(n["text"]).reading.head for n in used}  # type: ignore[union-attr]
    assert {"topic", "question", "questions", "explanation", "guided", "activity"} <= heads


@pytest.mark.parametrize("entry", CORPUS, ids=lambda n: n["text"][:40])
def test_each_note_reads_as_the_corpus_says(entry: dict[str, str]) -> None:
    verdict = read_note(entry["text"])
    got = verdict.reading.np if verdict.reading else "not used"
    assert got == entry["use"]
    if verdict.reading is None:
        assert verdict.reason


def test_the_issues_examples_are_not_pasted() -> None:
    for note in (
        "Asked for examples of campaigns",
        "Asked me to send my GitHub link",
        "Mentioned they're moving to Snowflake",
        "Was impressed by my SQL window-function answer",
    ):
        assert read_note(note).reading is None, note
    assert read_note("Pushed back on my roadmap sequencing").reading.np == (  # type: ignore[union-attr]
        "your questions about my roadmap sequencing"
    )


def _action(kind: str, to: str = "Dr. Priya Nair") -> Action:
    return Action(
        kind,
        "email",
        to,
        "priya.nair@northwind.example",
        START,
        START + timedelta(hours=20),
        "",
        "",
    )


KINDS = ["thank_you", "linkedin_note", "handwritten_note", "value_add", "status_check"]
ITEM = ToAdd("clarification", "my Airflow experience is four years rather than three")


def _render_all(note: str, interview_kind: str = "video") -> list[str]:
    record = situation(
        {"interview.notes": [], "interviewers.0.notes": [note], "interview.kind": interview_kind}
    )
    verdict = read_note(note)
    readings = [verdict.reading] if verdict.reading else []
    out = []
    for kind in KINDS:
        for shift in range(9):
            material = Material(readings, ITEM if kind in ("thank_you", "value_add") else None)
            _, body = compose(record, _action(kind), material, Style.for_person(0, 0, shift))
            out.append(body)
    return out


@pytest.mark.parametrize("entry", CORPUS, ids=lambda n: n["text"][:40])
def test_every_note_in_every_template_is_grammatical(entry: dict[str, str]) -> None:
    for interview_kind in ("video", "phone_screen"):
        for body in _render_all(entry["text"], interview_kind):
            assert bad_patterns(body) == [], body
            if entry["use"] == "not used":
                assert entry["text"].rstrip(".") not in body


def test_the_bad_patterns_fire_on_the_old_drafts() -> None:
    """Must-fire: each sentence the issue quotes trips the test above."""
    for old in (
        "Your question about for examples of campaigns stayed with me.",
        "Your question about me to send my GitHub link stayed with me.",
        "I enjoyed your mention of they're moving to Snowflake.",
        "I enjoyed our conversation (pushed back on my roadmap sequencing).",
        "I enjoyed our conversation about X, as well as our conversation about Y.",
        "Thank you for meeting me on Fri 28 Aug.",
        "It has been 237 hours since the interview.",
        "Someone was impressed by my SQL answer.",
    ):
        assert bad_patterns(old), old


def test_two_readings_never_repeat_a_lead_in() -> None:
    values = {"role": "Analyst", "company": "Acme", "team": "your team", "when": ""}
    a, b = topic_reading("the Q3 churn model"), topic_reading("dbt tests")
    for frame in range(12):
        text = " ".join(specifics([a, b], Style(frame=frame), values))
        low = text.lower()
        assert low.count("our conversation about") + low.count("talking about") <= 1, text
        assert "the Q3 churn model and dbt tests" in text
    q = read_note("Asked how I test pipelines").reading
    assert q is not None
    for frame in range(12):
        text = " ".join(specifics([q, a], Style(frame=frame), values))
        assert text.lower().count("your question about") == 1 and "the Q3 churn model" in text


def test_every_frame_fits_every_kind_it_claims() -> None:
    heads = {h for section in ("frame", "second") for f in parts()[section] for h in f["heads"]}
    for head in heads:
        assert any(head in f["heads"] for f in parts()["frame"]), head


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=120))
def test_any_text_reads_without_error_and_uses_only_its_own_words(note: str) -> None:
    verdict = read_note(note)
    if verdict.reading is None:
        return
    words = set(re.findall(r"[\w'-]+", note.lower()))
    added = {"versus", "whether", "and", "you"}
    for word in re.findall(r"[\w'-]+", verdict.reading.phrase.lower()):
        assert word in words or word in added, (note, verdict.reading.phrase)


SALAD = (
    "the a my team roadmap Kafka asked about discussed how I would we they it was is "
    "migration dbt walked me through presented liked for to send with on review what why "
    "explained said that the budget has moved shared interest in questions drew pipeline "
    "and or , ; of whiteboarded project approach"
)
WORDS = st.sampled_from(SALAD.split())


@settings(max_examples=600, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=10).map(" ".join))
def test_word_salad_never_renders_a_bad_pattern(note: str) -> None:
    verdict = read_note(note)
    if verdict.reading is None:
        return
    values = {"role": "Analyst", "company": "Acme", "team": "your team", "when": ""}
    for frame in range(9):
        text = " ".join(specifics([verdict.reading], Style(frame=frame), values))
        assert not [b for b in bad_patterns(text) if b not in ("repeated word", "lowercase i")], (
            note,
            text,
        )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Asked about the roadmap", "asked about the roadmap."),
        ("Discussed dbt tests", "  Discussed   dbt tests  "),
        ("Liked my portfolio", "Liked my portfolio."),
    ],
)
def test_case_spacing_and_a_final_full_stop_do_not_matter(a: str, b: str) -> None:
    ra, rb = read_note(a).reading, read_note(b).reading
    assert (ra.np if ra else None) == (rb.np if rb else None)


def golden_text() -> str:
    """The reviewer's view: each note, what a draft says with it, or why it is not used."""
    values = {
        "role": "Senior Data Analyst",
        "company": "Northwind Health",
        "team": "your team at Northwind Health",
        "when": "",
    }
    lines = [
        "# The note corpus as drafts use it",
        "",
        "Generated by tests/test_drafting_notes.py from tests/data/notes.toml. For each note: the",
        "sentence a thank-you builds from it (in two of its frames), or why it is not used.",
        "",
    ]
    used = sum(1 for n in CORPUS if n["use"] != "not used")
    lines += [f"{len(CORPUS)} notes: {used} used, {len(CORPUS) - used} not used.", ""]
    for entry in CORPUS:
        verdict = read_note(entry["text"])
        lines.append(f"- **{entry['text']}**")
        if verdict.reading is None:
            lines.append(f"  - not used: {verdict.reason}")
            continue
        for frame in (0, 4):
            lines.append(
                "  - " + " ".join(specifics([verdict.reading], Style(frame=frame), values))
            )
    return "\n".join(lines) + "\n"


def test_golden_notes_file_matches() -> None:
    text = golden_text()
    if os.environ.get("AFTERVIEW_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.read_text(encoding="utf-8") == text
