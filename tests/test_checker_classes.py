"""Classes of mistake first seen on the held-out corpus, each with must-fire and must-not-fire
cases in sentences of its own (not the held-out drafts)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afterview.checks import Checker, parse_text

from helpers import situation

ARABIC_IRISH = {
    "application.company": "Lantern & Reed",
    "application.role": "Senior Case Manager",
    "interviewers": [
        {"name": "Omar Al-Hashimi", "email": "omar@lantern.example", "title": "Case Lead"},
        {"name": "Siobhan O'Connor", "email": "siobhan@lantern.example"},
    ],
}
FAMILY_FIRST = {
    "interviewers": [
        {"name": "Li Jun", "salutation": "Mr. Li", "email": "li.jun@northwind.example"},
        {"name": "Szabó Anna", "salutation": "Ms Szabó", "email": "anna@northwind.example"},
    ]
}


def _findings(patch: dict[str, Any], text: str, rule: str) -> list[tuple[str, str]]:
    record = situation(patch)
    return [
        (f.severity, f.message)
        for f in Checker(record, "thank_you").check(parse_text(text))
        if f.rule == rule
    ]


@pytest.mark.parametrize(
    ("greeting", "fires"),
    [
        ("Dear Mr. Hashimi,", True),  # the particle joined by a hyphen is part of the name
        ("Dear Mr. Al-Hashimi,", False),
        ("Dear Mr Al-Hashimi,", False),
        ("Dear Omar,", False),
    ],
)
def test_a_joined_particle_cannot_be_dropped(greeting: str, fires: bool) -> None:
    text = f"To: omar@lantern.example\n\n{greeting}\n\nThank you for the case review talk.\n"
    assert bool(_findings(ARABIC_IRISH, text, "name-mismatch")) == fires


@pytest.mark.parametrize(
    ("greeting", "fires"),
    [("Dear Ms. Connor,", True), ("Dear Ms. O'Connor,", False), ("Dear Ms. O’Connor,", False)],
)
def test_an_apostrophe_particle_cannot_be_dropped(greeting: str, fires: bool) -> None:
    text = f"To: siobhan@lantern.example\n\n{greeting}\n\nThank you for the chat.\n"
    assert bool(_findings(ARABIC_IRISH, text, "name-mismatch")) == fires


@pytest.mark.parametrize(
    ("to", "greeting", "fires"),
    [
        ("li.jun@northwind.example", "Dear Mr. Li,", False),
        ("li.jun@northwind.example", "Dear Li Jun,", False),
        ("li.jun@northwind.example", "Dear Mr. Jun,", True),  # title + given name
        ("anna@northwind.example", "Dear Ms Szabó,", False),
        ("anna@northwind.example", "Dear Ms Anna,", True),
        ("anna@northwind.example", "Dear Ms Szabò,", True),  # another accent is another name
    ],
)
def test_a_recorded_salutation_settles_which_name_is_the_family_name(
    to: str, greeting: str, fires: bool
) -> None:
    text = f"To: {to}\n\n{greeting}\n\nThank you for the interview about dbt.\n"
    assert bool(_findings(FAMILY_FIRST, text, "name-mismatch")) == fires


@pytest.mark.parametrize(
    "greeting",
    ["Dear Lantern & Reed team,", "Dear Lantern and Reed team,", "Hello Lantern & Reed,"],
)
def test_the_company_with_an_ampersand_greets_a_group(greeting: str) -> None:
    text = f"{greeting}\n\nThank you all for the case review conversation.\n"
    assert _findings(ARABIC_IRISH, text, "name-mismatch") == []


@pytest.mark.parametrize(
    ("sentence", "fires"),
    [
        # an interviewer's own title is still the wrong job when it is the one you want
        ("I hope to join you as the next Case Lead.", True),
        ("I would be glad to bring that experience to your team as Case Lead.", True),
        ("I admired your work as Case Lead.", False),
        ("It was a pleasure to hear how you approach the work as Case Lead.", False),
        ("I would love to bring my experience to Lantern & Reed as Senior Case Manager.", False),
        ("My years as a Case Lead at a shelter taught me a lot.", False),  # your own past
    ],
)
def test_whose_title_it_is(sentence: str, fires: bool) -> None:
    text = f"Dear Omar,\n\nThank you for the case review talk. {sentence}\n"
    assert bool(_findings(ARABIC_IRISH, text, "wrong-role")) == fires


@pytest.mark.parametrize(
    ("sentence", "fires"),
    [
        ("I would love to bring that experience to Harbour Freight as Senior Case Manager.", True),
        ("I would love to bring that experience to Lantern & Reed as Senior Case Manager.", False),
        ("I would love to bring that experience to the team as Senior Case Manager.", False),
    ],
)
def test_where_the_job_is_names_the_employer(sentence: str, fires: bool) -> None:
    text = f"Dear Omar,\n\nThank you for the case review talk. {sentence}\n"
    assert bool(_findings(ARABIC_IRISH, text, "wrong-company")) == fires


LEVELS = ["Senior", "Lead", "Principal", "Staff", "Junior", "Associate", ""]
FIELDS = ["Policy", "Data", "Product", "Litigation", "Clinical Informatics", "Site Reliability"]
NOUNS = ["Analyst", "Associate", "Manager", "Engineer", "Advisor", "Fellow"]
AROUND = [
    "I enjoyed learning about the {role} role during my interview.",
    "Is there any update on the {role} competition following my interview on 9 June?",
    "Our talk about the {role} role made my interview day.",
    "Thank you again for the {role} position interview.",
]


@given(
    st.sampled_from(LEVELS),
    st.sampled_from(FIELDS),
    st.sampled_from(NOUNS),
    st.sampled_from(AROUND),
)
def test_the_role_in_a_sentence_about_my_interview_is_the_role(
    level: str, field: str, noun: str, sentence: str
) -> None:
    role = " ".join(w for w in (level, field, noun) if w)
    text = f"Dear Dr. Nair,\n\nThank you for the dbt talk. {sentence.format(role=role)}\n"
    assert _findings({"application.role": role}, text, "wrong-role") == []


@pytest.mark.parametrize(
    ("word", "flagged"),
    [
        ("anonymised", False),
        ("anonymized", False),
        ("pseudonymised", False),
        ("operationalized", False),
        ("anonymysed", True),
    ],
)
def test_an_ize_verb_of_a_known_word_is_known_in_both_spellings(word: str, flagged: bool) -> None:
    text = f"Dear Dr. Nair,\n\nWe {word} the claims dashboard data with dbt.\n"
    assert bool(_findings({}, text, "spelling")) == flagged


IRISH_AND_DOUBLE = {
    "interviewers": [
        {"name": "Dr. Siobhán Ní Bhriain", "email": "a@x.example"},
        {"name": "Eoin Ó Briain", "email": "b@x.example"},
        {"name": "María José García-Herrera", "email": "c@x.example"},
    ]
}


@pytest.mark.parametrize(
    ("to", "greeting", "severity"),
    [
        ("a", "Dear Dr Bhriain,", "error"),
        ("a", "Dear Dr Ní Bhriain,", None),
        ("b", "Dear Mr Briain,", "error"),
        ("b", "Dear Mr Ó Briain,", None),
        ("c", "Dear Ms. Herrera,", "warning"),
        ("c", "Dear Ms. García-Herrera,", None),
        ("c", "Dear María José,", None),
    ],
)
def test_irish_particles_and_double_family_names(
    to: str, greeting: str, severity: str | None
) -> None:
    text = f"To: {to}@x.example\n\n{greeting}\n\nThank you for the talk about dbt.\n"
    found = _findings(IRISH_AND_DOUBLE, text, "name-mismatch")
    assert [s for s, _ in found] == ([severity] if severity else [])


@pytest.mark.parametrize(
    ("sentence", "fires"),
    [
        ("I would love to bring that experience to Kaiser Permanente.", True),
        ("I would love to bring that experience to Northwind Health.", False),
        ("I hope to bring the same care to your team.", False),
        ("I would like to bring this to Open Source.", False),
    ],
)
def test_what_you_bring_you_bring_to_an_employer(sentence: str, fires: bool) -> None:
    text = f"Dear Dr. Nair,\n\nThank you for the dbt dashboard talk. {sentence}\n"
    assert bool(_findings({}, text, "wrong-company")) == fires
