"""wrong-role, metamorphic: changes that should not matter do not change the result.

A sentence naming the job is placed first, in the middle or last in its paragraph, in the first
or the last paragraph (so the title may end the sentence, the paragraph or the body, just before
the sign-off); the company beside it is written plain, possessive, plural or with a legal form;
apostrophes may be curly. A correct title gets no finding in any of these; a wrong one keeps its
finding and severity, and the finding's span is the title, never running into the next line.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.checks import Checker, parse_text
from afterview.checks.registry import all_rules

from helpers import situation

RULES = [r for r in all_rules() if r.id in ("wrong-role", "wrong-company")]
ROLE = "Senior Data Analyst"
CHECKER = Checker(situation({"application.role": ROLE}), rules=RULES)

TEMPLATES = [
    "Thank you for meeting with me about the {r} role at {c}.",
    "I am excited about the {r} position at {c} and the team.",
    "At {c}, the position of {r} is a great fit for me.",
    "I would love to join {c} as a {r}.",
    "I would love to join as {r} and help {c} grow.",
    "I'm excited about becoming your next {r}.",
    "I would welcome the chance to work as a {r} with the team at {c}.",
    "Thanks again for considering me for the {r} opening.",
]
FILLERS = [
    "I appreciated your question about conflicting stakeholder requests.",
    "The claims dashboard discussion was the highlight for me.",
    "I have attached the case study we talked about.",
]
COMPANY = ["Northwind Health", "Northwind Health's", "Northwind Health’s", "Northwind Healths'",
           "Northwind Health Inc.", "Northwind Health Ltd", "Northwind"]  # fmt: skip
CLOSINGS = ["\n\nBest regards,\nAlex Rivera\n", "\n\nKind regards,\nAlex\n", "\nThanks,\nAlex"]
CORRECT = ["Senior Data Analyst", "Sr. Data Analyst", "Senior Analyst"]
# A wrong title and the severity it must keep.
WRONG = {
    "Data Scientist": "error",
    "Junior Data Analyst": "error",
    "Staff Software Engineer": "error",
    "Data Analyst": "warning",
}


@st.composite
def drafts(draw: st.DrawFn, titles: list[str]) -> tuple[str, str]:
    """(draft text, the title used)."""
    title = draw(st.sampled_from(titles))
    template = draw(st.sampled_from(TEMPLATES))
    sentence = template.format(r=title, c=draw(st.sampled_from(COMPANY)))
    first = draw(st.lists(st.sampled_from(FILLERS), max_size=2))
    second = draw(st.lists(st.sampled_from(FILLERS), max_size=2))
    first.insert(draw(st.integers(0, len(first))), sentence)
    paragraphs = [" ".join(first), " ".join(second)] if second else [" ".join(first)]
    if draw(st.booleans()):
        paragraphs.reverse()
    text = "Dear Dr. Nair,\n\n" + "\n\n".join(paragraphs) + draw(st.sampled_from(CLOSINGS))
    if draw(st.booleans()):
        text = text.replace("'", "’")
    return text, title


@settings(max_examples=150, deadline=None)
@given(drafts(CORRECT))
def test_the_right_title_anywhere_is_clean(case: tuple[str, str]) -> None:
    text, _ = case
    assert CHECKER.check(parse_text(text)) == []


@settings(max_examples=150, deadline=None)
@given(drafts(list(WRONG)))
def test_a_wrong_title_anywhere_keeps_its_finding(case: tuple[str, str]) -> None:
    text, title = case
    got = CHECKER.check(parse_text(text))
    assert [(text[f.start : f.end], f.rule, f.severity) for f in got] == [
        (title, "wrong-role", WRONG[title])
    ]


PIECES = ["the", "role", "position", "of", "as", "a", "your", "next", "Senior", "Staff", "Data",
          "Scientist", "Analyst", "Engineer", "Product", "Manager", "at", "Halcyon", "Foods",
          "Northwind", "Health's", "interview", "join", "help", "grow", "I", "Kind", "regards",
          ".", ",", "!", "\n", "\n\n", "Sr.", "II", "Lead"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40))
def test_no_span_crosses_a_sentence_or_line_end(words: list[str]) -> None:
    text = "Dear Dr. Nair,\n\n" + " ".join(words) + "\n\nBest regards,\nAlex\n"
    for f in CHECKER.check(parse_text(text)):
        span = text[f.start : f.end]
        assert "\n" not in span and ". " not in span.replace("Sr. ", "Sr "), (f.rule, span)
        assert span == span.strip() and span
