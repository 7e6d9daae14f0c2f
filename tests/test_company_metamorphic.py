"""wrong-company, metamorphic: changes that should not matter do not change the result.

A sentence naming the company (or another organisation) is placed first, in the middle or last
in its paragraph, in the first or the last paragraph; the name is written plain, possessive,
plural, plural possessive, with a legal form added or removed; apostrophes may be curly. None
of this adds a finding to a clean draft, and none removes the finding from a faulty one.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.checks import Checker, parse_text
from afterview.checks.registry import all_rules

from helpers import situation

RULE = [r for r in all_rules() if r.id == "wrong-company"]
CHECKER = Checker(situation(), rules=RULE)  # the interview is at Northwind Health

# Employer positions: "{m}" is where the name stands.
TEMPLATES = [
    "I enjoyed meeting the team at {m} and hearing about the roadmap.",
    "I enjoyed hearing about the roadmap from the team at {m}.",
    "Everyone at {m} was generous with their time today.",
    "Today I felt welcome thanks to everyone at {m}.",
    "{m} is the kind of team I would love to join.",
    "I would love to help {m} grow over the next few years.",
    "Over the next few years I would love to help {m} grow.",
    "Thank you for the conversation about joining {m}.",
    "I am excited about the Senior Data Analyst role at {m}.",
    "It would be a privilege to work for {m}.",
]
FILLERS = [
    "I appreciated your question about conflicting stakeholder requests.",
    "The claims dashboard discussion was the highlight for me.",
    "I have attached the case study we talked about.",
]
OURS = ["Northwind Health", "Northwind"]
THEIRS = ["Halcyon Foods", "Meridian Publishing", "Fabrikam", "Quillon Analytics", "Litware"]
# The core a finding's span must keep, whatever the inflection.
CORE = {name: name.split()[0] for name in THEIRS}


def inflect(name: str, form: str) -> str:
    """The name in one inflection (a name with a legal form has no plural)."""
    if name.rstrip(".").endswith(("Ltd", "Limited", "Inc")) and "plural" in form:
        form = "possessive" if "possessive" in form else "plain"
    if name.rstrip(".").endswith(("Ltd", "Limited", "Inc")) and form in (
        "inc",
        "ltd",
        "ltd.",
        "llc",
    ):
        form = "plain"  # nobody writes "Contoso Ltd. Ltd"
    return {
        "plain": name,
        "possessive": f"{name}'s",
        "plural": f"{name}s" if not name.endswith("s") else name,
        "plural possessive": f"{name}s'" if not name.endswith("s") else f"{name}'",
        "inc": f"{name} Inc.",
        "ltd": f"{name} Ltd",
        "ltd.": f"{name} Ltd.",
        "llc": f"{name} LLC",
    }[form]


FORMS = ["plain", "possessive", "plural", "plural possessive", "inc", "ltd", "ltd.", "llc"]


@st.composite
def drafts(draw: st.DrawFn, names: list[str]) -> tuple[str, str]:
    """(draft text, the name used): the sentence placed anywhere, the name in any form."""
    name = draw(st.sampled_from(names))
    sentence = draw(st.sampled_from(TEMPLATES)).format(
        m=inflect(name, draw(st.sampled_from(FORMS)))
    )
    first = draw(st.lists(st.sampled_from(FILLERS), max_size=2))
    second = draw(st.lists(st.sampled_from(FILLERS), max_size=2))
    where = draw(st.integers(0, len(first)))
    first.insert(where, sentence)
    paragraphs = [" ".join(first), " ".join(second)] if second else [" ".join(first)]
    if draw(st.booleans()):
        paragraphs.reverse()  # the sentence in the last paragraph, before the sign-off
    text = "Dear Dr. Nair,\n\n" + "\n\n".join(paragraphs) + "\n\nBest regards,\nAlex Rivera\n"
    if draw(st.booleans()):
        text = text.replace("'", "’")
    return text, name


@settings(max_examples=150, deadline=None)
@given(drafts(OURS))
def test_the_company_in_any_form_and_place_is_clean(case: tuple[str, str]) -> None:
    text, _ = case
    assert CHECKER.check(parse_text(text)) == []


# A company recorded with its legal form: written with it, without it, or with another.
WITH_SUFFIX = Checker(situation({"application.company": "Contoso Ltd."}), rules=RULE)


@settings(max_examples=100, deadline=None)
@given(drafts(["Contoso", "Contoso Ltd", "Contoso Ltd.", "Contoso Limited"]))
def test_a_recorded_legal_form_may_be_dropped_or_changed(case: tuple[str, str]) -> None:
    text, _ = case
    assert WITH_SUFFIX.check(parse_text(text)) == []


@settings(max_examples=150, deadline=None)
@given(drafts(THEIRS))
def test_another_company_in_any_form_and_place_is_found(case: tuple[str, str]) -> None:
    text, name = case
    got = CHECKER.check(parse_text(text))
    assert len(got) == 1 and got[0].severity == "error"
    span = text[got[0].start : got[0].end]
    assert span.startswith(CORE[name]) and "\n" not in span
