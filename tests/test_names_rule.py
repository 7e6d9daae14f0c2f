"""name-mismatch on greetings: must fire and must not fire, for each class of name."""

from __future__ import annotations

from typing import Any

import pytest

from afterview.checks import check_text
from afterview.checks.context import PersonName

from helpers import situation

BODY = "\n\nI enjoyed discussing moving the claims dashboard to dbt with you.\n\nAlex Rivera\n"


def record(name: str, salutation: str | None = None, **extra: Any) -> Any:
    person: dict[str, Any] = {"name": name, "email": "them@northwind.example"}
    if salutation:
        person["salutation"] = salutation
    patch: dict[str, Any] = {"interviewers": [person]}
    patch.update(extra)
    return situation(patch)


def names(greeting: str, name: str, salutation: str | None = None, **extra: Any) -> list[Any]:
    result = check_text(greeting + BODY, record(name, salutation, **extra))
    return [f for f in result.findings if f.rule == "name-mismatch"]


# --- right greetings: no finding at all ------------------------------------------------------

RIGHT = [
    # typographic apostrophe in the record, straight in the draft (and the reverse)
    ("Ms. Siobhán O’Brien", "Dear Ms. O'Brien,"),
    ("Ms. Siobhán O'Brien", "Dear Siobhán,"),
    ("Mr. Ciarán O’Donnell", "Hello Ciarán,"),
    # the record typed in NFD (as pasted from macOS or a PDF)
    ("Jose\u0301 Ferna\u0301ndez", "Dear José,"),
    ("Siobha\u0301n Kelly", "Hi Siobhán!"),
    # particles
    ("Mr. Pieter van der Meer", "Dear Mr van der Meer,"),
    ("Mr. Pieter van der Meer", "Dear Mr. Van der Meer,"),
    ("Mr. Pieter van der Meer", "Dear Pieter,"),
    ("Dr. Lucía de la Cruz", "Dear Dr. de la Cruz,"),
    ("Ms. Anneke ter Horst", "Good morning Ms. ter Horst,"),
    ("Mr. Ludwig von Trapp", "Dear Mr. von Trapp,"),
    ("Dr. Omar al-Farsi", "Dear Dr. al-Farsi,"),
    ("Mr. Ewan MacGregor", "Dear Mr. MacGregor,"),
    ("Mr. Ahmad bin Ismail", "Dear Mr. Ahmad,"),  # a patronymic: no family name to miss
    # family name first
    ("Nguyễn Thị Minh Khai", "Dear Khai,"),
    ("Nguyễn Thị Minh Khai", "Dear Minh Khai,"),
    ("Nguyễn Thị Minh Khai", "Dear Nguyễn Thị Minh Khai,"),
    ("Ms. Nguyễn Thị Minh Khai", "Dear Ms. Nguyễn,"),
    ("Ms. Nguyễn Thị Minh Khai", "Dear Ms Khai,"),  # Vietnamese: title with the given name
    ("Trần Văn Bình", "Hi Bình,"),
    ("Wang Xiuying", "Dear Xiuying,"),
    ("Wang Xiuying", "Dear Wang Xiuying,"),
    ("Wang Xiuying", "Dear Xiuying Wang,"),
    ("Dr. Wang Xiuying", "Dear Dr. Wang,"),
    ("Chan Tai Man", "Dear Tai Man,"),
    ("Kim Min-jun", "Dear Min-jun,"),
    ("Kim Min-jun", "Dear Minjun,"),
    ("Mr. Kim Min-jun", "Dear Mr. Kim,"),
    ("Tanaka Hiroshi", "Dear Hiroshi,"),
    ("Mr. Tanaka Hiroshi", "Dear Mr. Tanaka,"),
    ("Nagy Katalin", ["Kedves", "Dear Katalin,"][1]),
    ("Ms. Nagy Katalin", "Dear Ms. Nagy,"),
    ("NGUYEN Thi Lan", "Dear Lan,"),  # the family name in capitals settles the order
    ("Hiroshi TANAKA", "Dear Hiroshi,"),
    # western order of an East Asian name
    ("Xiuying Wang", "Hi Xiuying,"),
    ("Min-jun Kim", "Dear Min-jun,"),
    # undecided order: any of the name's own words
    ("Li Na", "Dear Li,"),
    ("Li Na", "Dear Na,"),
    ("Wei Zhang", "Dear Zhang,"),
    ("Wei Zhang", "Dear Wei,"),
    # compound given names
    ("José María García López", "Dear José María,"),
    ("José María García López", "Dear José,"),
    ("Mary Kate Brennan", "Dear Mary Kate,"),
    ("Jean-Luc Moreau", "Dear Jean-Luc,"),
    ("Anne-Marie Dubois", ["Bonjour", "Dear Anne-Marie,"][1]),
    ("J. Michael Okafor", "Dear Michael,"),
    # recorded nicknames
    ('William "Bill" Ito', "Dear Bill,"),
    ('William "Bill" Ito', "Dear William,"),
    ("Robert (Bob) Lindqvist", "Hi Bob,"),
    # group greetings
    ("Marcus Chen", "Dear Hiring Team,"),
    ("Marcus Chen", "Dear Search Committee,"),
    ("Marcus Chen", "Dear Talent Acquisition Team,"),
    ("Marcus Chen", "Dear all,"),
    ("Marcus Chen", "Hello everyone!"),
    ("Marcus Chen", "To whom it may concern:"),
    ("Marcus Chen", "Dear Sir or Madam,"),
    ("Marcus Chen", "Dear Northwind Health team,"),
    ("Marcus Chen", "Hi Marcus and team,"),
    # greetings anywhere in the first sentence
    ("Marcus Chen", "Hi Marcus, thank you for the time today."),
    ("Marcus Chen", "Marcus,"),
    ("Marcus Chen", "Hey Marcus!!"),
    ("Marcus Chen", "Thank you, Marcus, for the time today."),
    ("Marcus Chen", "Hello,"),
]


@pytest.mark.parametrize(("name", "greeting"), RIGHT)
def test_right_greeting_is_clean(name: str, greeting: str) -> None:
    assert names(greeting, name) == []


def test_the_office_greeted_by_the_company_name_is_not_a_wrong_name() -> None:
    found = names(
        "Dear Larkin Media Associates,", "Marcus Chen", **{"application.company": "Larkin Media"}
    )
    assert found == []
    other = names(
        "Dear Larkin Media Associates,", "Sam Larkin", **{"application.company": "Larkin Media"}
    )
    assert other == []


@pytest.mark.parametrize(
    ("name", "salutation", "greeting"),
    [
        ("Nguyễn Thị Minh Khai", "Ms Khai", "Dear Ms Khai,"),
        ("Nguyễn Thị Minh Khai", "Ms Khai", "Dear Ms. Khai,"),
        ("Nguyễn Thị Minh Khai", "Ms Khai", "Dear Khai,"),
        ("Christopher Lee", "Chris", "Hi Chris,"),
        ("Marcus Chen", "Mark", "Hey Mark!"),
        ("Dr. Abimbola Adeyemi", "Dr. Bimbo", "Dear Dr. Bimbo,"),
        ("Wang Xiuying", "Ms Wang", "Dear Ms Wang,"),
        ("Nguyễn Thị Minh Khai", "Dear Ms Khai,", "Dear Ms Khai,"),  # recorded with its "Dear"
    ],
)
def test_the_recorded_salutation_is_accepted(name: str, salutation: str, greeting: str) -> None:
    assert names(greeting, name, salutation) == []


# --- wrong greetings ---------------------------------------------------------------------------

ERRORS = [
    # another name, not a misspelling: only a recorded salutation or nickname makes it right
    ("Marcus Chen", "Hi, Mark,", "Marcus"),
    ("Marcus Chen", "Mark,", "Marcus"),
    ("Marcus Chen", "Hey Mark!!", "Marcus"),
    ("Marcus Chen", "Hi Mark thank you for the chat.", "Marcus"),
    ("Christopher Lee", "Hi Chris,", "Christopher"),
    ("Christopher Lee", "Hi Christ, thank you for the tour.", "Christopher"),
    ("Alexandra Petrova", "Dear Sasha,", "Alexandra"),
    ("Elizabeth Mwangi", "Dear Liz,", "Elizabeth"),
    ('William "Bill" Ito', "Dear Will,", "William"),
    # misspellings
    ("Dr. Priya Nair", "Dear Pryia,", "Dr. Nair"),
    ("Dr. Priya Nair", "Hi Pryia thank you for the time.", "Dr. Nair"),
    ("Siobhán Kelly", "Dear Siobhan,", "Siobhán"),
    ("Mr. Ciarán O’Donnell", "Dear Mr. ODonnell,", None),
    # particles dropped
    ("Mr. Pieter van der Meer", "Dear Mr. Meer,", "Mr. van der Meer"),
    ("Dr. Lucía de la Cruz", "Dear Dr. Cruz,", "Dr. de la Cruz"),
    ("Mr. Ludwig von Trapp", "Dear Mr Trapp,", "Mr von Trapp"),
    # a wrong honorific
    ("Dr. Priya Nair", "Dear Mr. Nair,", "Dr. Nair"),
]


@pytest.mark.parametrize(("name", "greeting", "suggestion"), ERRORS)
def test_wrong_greeting_is_an_error(name: str, greeting: str, suggestion: str | None) -> None:
    found = names(greeting, name)
    errors = [f for f in found if f.severity == "error"]
    assert errors, found
    if suggestion is not None:
        assert errors[0].suggestion == suggestion


WARNINGS = [
    # a family name used as if it were the given name
    ("Nguyễn Thị Minh Khai", "Dear Nguyễn,", "Khai"),
    ("Wang Xiuying", "Dear Wang,", "Xiuying"),
    ("Tanaka Hiroshi", "Hello Tanaka,", "Hiroshi"),
    ("Nagy Katalin", "Dear Nagy,", "Katalin"),
    ("Marcus Chen", "Dear Chen,", "Marcus"),
    ("Dr. Kim Min-jun", "Dear Kim,", "Dr. Kim"),
    # part of a compound given name, or a middle name, alone
    ("Jean-Luc Moreau", "Dear Jean,", "Jean-Luc"),
    ("Kim Min-jun", "Dear Min,", "Min-jun"),
    ("Nguyễn Thị Minh Khai", "Dear Minh,", "Khai"),
    ("José María García López", "Dear María,", "José"),
    # a title with a given name where the culture does not use it so
    ("Dr. Priya Nair", "Dear Dr. Priya,", "Dr. Nair"),
]


@pytest.mark.parametrize(("name", "greeting", "suggestion"), WARNINGS)
def test_doubtful_greeting_is_a_warning(name: str, greeting: str, suggestion: str) -> None:
    found = names(greeting, name)
    assert found and all(f.severity == "warning" for f in found), found
    assert found[0].suggestion == suggestion


def test_a_person_not_met_among_several_greeted_is_an_error() -> None:
    found = names("Dear Priya and Marcus,", "Dr. Priya Nair")
    assert [f.message for f in found] == [
        "Greets 'Marcus', who is not among the people you met (Dr. Priya Nair)"
    ]


def test_two_people_met_greeted_together_is_clean() -> None:
    sit = situation(
        {
            "interviewers": [
                {"name": "Dr. Priya Nair", "email": "priya.nair@northwind.example"},
                {"name": "Marcus Chen", "email": "marcus.chen@northwind.example"},
            ]
        }
    )
    result = check_text("Dear Priya and Marcus," + BODY, sit)
    assert [f for f in result.findings if f.rule == "name-mismatch"] == []


def test_short_form_picks_the_person_it_shortens() -> None:
    sit = situation(
        {
            "interviewers": [
                {"name": "Dr. Priya Nair", "email": "priya.nair@northwind.example"},
                {"name": "Christopher Lee", "email": "chris.lee@northwind.example"},
            ]
        }
    )
    result = check_text("Hi Chris," + BODY, sit)
    (found,) = [f for f in result.findings if f.rule == "name-mismatch"]
    assert "short form of Christopher" in found.message and found.suggestion == "Christopher"


@pytest.mark.parametrize(
    ("name", "order", "given", "family"),
    [
        ("Nguyễn Thị Minh Khai", "family_first", "Khai", "Nguyễn"),
        ("Wang Xiuying", "family_first", "Xiuying", "Wang"),
        ("Park Ji-sung", "family_first", "Ji-sung", "Park"),
        ("Suzuki Haruka", "family_first", "Haruka", "Suzuki"),
        ("Kovács Péter", "family_first", "Péter", "Kovács"),
        ("Chan Tai Man", "family_first", "Tai Man", "Chan"),
        ("Xiuying Wang", "western", "Xiuying", "Wang"),
        ("Kim Jones", "western", "Kim", "Jones"),  # Jones is no Korean given name
        ("Simon Kiss", "western", "Simon", "Kiss"),
        ("Lee Ann Whitfield", "western", "Lee", "Whitfield"),
        ("Priya Nair", "western", "Priya", "Nair"),
        ("Li Na", "unknown", None, None),
        ("Ahmad bin Ismail", "unknown", None, None),
    ],
)
def test_name_order(name: str, order: str, given: str | None, family: str | None) -> None:
    person = PersonName.parse(name)
    assert person.order == order
    if given is not None:
        assert (person.first, person.last) == (given, family)


def test_drafts_greet_a_family_name_first_person_in_a_form_that_is_never_wrong() -> None:
    """Without a recorded salutation, a Vietnamese name (order and given name clear) is greeted
    by the given name; a Korean one by the full name (issue 11: "else the full name")."""
    from afterview.drafting.compose import salutation

    sit = record("Nguyễn Thị Minh Khai")
    assert salutation(sit, sit.interviewers[0]) == "Dear Khai,"
    sit = record("Kim Min-jun")
    assert salutation(sit, sit.interviewers[0]) == "Dear Kim Min-jun,"


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Dr. Priya Nair", "Dear Dr. P. Nair,"),
        ("J. Michael Okafor", "Dear J. Michael Okafor,"),
        ("Sir Ian Blackwood", "Dear Sir Ian,"),
        ("Dame Judith Okonkwo", "Dear Dame Judith,"),
    ],
)
def test_initials_and_knightly_titles_are_right(name: str, greeting: str) -> None:
    assert names(greeting, name) == []


def test_a_mention_that_drops_the_particle_after_an_honorific_is_an_error() -> None:
    sit = record("Mr. Pieter van der Meer")
    text = "Dear Pieter,\n\nI enjoyed the tour Mr. Meer gave of the dbt models.\n\nAlex Rivera\n"
    found = [f for f in check_text(text, sit).findings if f.rule == "name-mismatch"]
    assert [(f.severity, f.suggestion) for f in found] == [("error", "Mr. van der Meer")]
    fine = text.replace("Mr. Meer", "Mr. van der Meer")
    assert [f for f in check_text(fine, sit).findings if f.rule == "name-mismatch"] == []
    also_fine = text.replace("Mr. Meer", "Pieter")
    assert [f for f in check_text(also_fine, sit).findings if f.rule == "name-mismatch"] == []


WESTERN_GIVEN = [
    "Kim",
    "Lee",
    "Lynn",
    "Simon",
    "Anna",
    "Hana",
    "Mina",
    "Jon",
    "Ian",
    "Han",
    "Yuki",
    "Sean",
    "Emily",
    "Grace",
    "Oliver",
    "Amara",
    "Chloe",
    "Mateo",
    "Noah",
    "Leah",
    "Ana",
    "Mai",
    "Lin",
    "Tom",
    "Dan",
    "Jin",
    "Ming",
    "Sam",
    "Jo",
    "Lou",
    "Min",
    "Ho",
    "Song",
    "Hong",
]
WESTERN_FAMILY = [
    "Jones",
    "Smith",
    "Peterson",
    "Whitfield",
    "Okafor",
    "Dubois",
    "Kowalski",
    "Fischer",
    "Brennan",
    "Morales",
    "Lindqvist",
    "Adeyemi",
    "MacLeod",
    "Sørensen",
    "Rossi",
    "Novak",
    "Haddad",
    "Schmidt",
    "Campbell",
    "Fitzgerald",
]


@pytest.mark.parametrize("given", WESTERN_GIVEN)
def test_a_western_name_is_never_read_family_name_first(given: str) -> None:
    for family in WESTERN_FAMILY:
        person = PersonName.parse(f"{given} {family}")
        assert person.order != "family_first", (given, family)
        if person.order == "western":
            assert (person.first, person.last) == (given, family)


def test_a_salutation_makes_another_honorific_wrong() -> None:
    found = names("Dear Mr. Khai,", "Nguyễn Thị Minh Khai", "Ms Khai")
    assert [(f.severity, f.suggestion) for f in found] == [("error", "Ms.")]
