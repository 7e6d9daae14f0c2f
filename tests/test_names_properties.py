"""Metamorphic properties of name-mismatch: how a greeting is laid out never changes whether it
is right. A right greeting stays clean and a wrong one stays an error whether it is inline or on
its own line, with ",", "!" or nothing after it, opened with Hi, Hello, Dear or Good morning,
with or without the honorific's dot, and whether the record holds the name in NFC or NFD, with
' or ’."""

from __future__ import annotations

import importlib.util
import unicodedata
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.checks import check_text

from helpers import situation

# (recorded name, recorded salutation, right greetings, wrong greetings)
CASES: list[tuple[str, str | None, list[str], list[str]]] = [
    (
        "Dr. Priya Nair",
        None,
        ["Priya", "Dr. Nair", "Dr. Priya Nair", "Priya Nair"],
        ["Pryia", "Dr. Niar", "Mr. Nair", "Priyanka"],
    ),
    (
        "Mr. Pieter van der Meer",
        None,
        ["Pieter", "Mr. van der Meer", "Mr. Van der Meer", "Pieter van der Meer"],
        ["Mr. Meer", "Piet", "Peter"],
    ),
    (
        "Ms. Siobhán O'Brien",
        None,
        ["Siobhán", "Ms. O'Brien", "Siobhán O'Brien"],
        ["Siobhan", "Ms. OBrien", "Ms. Brien", "Shiv"],
    ),
    (
        "Nguyễn Thị Minh Khai",
        "Ms Khai",
        ["Khai", "Minh Khai", "Ms Khai", "Ms. Nguyễn"],
        ["Kai", "Mr. Khai", "Nguyen Thi"],
    ),
    (
        "José María García",
        None,
        ["José", "José María", "José María García"],
        ["Jose", "Pepe", "Josué"],
    ),
    ("Marcus Chen", None, ["Marcus", "Marcus Chen"], ["Mark", "Marc", "Marcos"]),
    ('William "Bill" Ito', None, ["Bill", "William", "William Ito"], ["Will", "Billy", "Liam"]),
    ("Kim Min-jun", None, ["Min-jun", "Kim Min-jun", "Minjun"], ["Minjoon", "Jun-ho"]),
    ("Wang Xiuying", None, ["Xiuying", "Wang Xiuying"], ["Xiuyin", "Xiaoying"]),
    ("Dr. Oluwaseun Adeyemi", None, ["Dr. Adeyemi", "Oluwaseun"], ["Dr. Adeyemo", "Seun"]),
]

DRAFT_IS_NORMALISED = importlib.util.find_spec("afterview.checks.normalize") is not None
REST = "the time on Tuesday; moving the claims dashboard to dbt sounds like a great project."


@st.composite
def layouts(draw: Any) -> dict[str, Any]:
    return {
        "opener": draw(st.sampled_from(["Hi", "Hello", "Dear", "Good morning", "Hey", ""])),
        "punct": draw(st.sampled_from([",", "!", "", "!!"])),
        "inline": draw(st.booleans()),
        "dot": draw(st.booleans()),
        "record_nfd": draw(st.booleans()),
        "record_curly": draw(st.booleans()),
        "draft_nfd": draw(st.booleans()) and DRAFT_IS_NORMALISED,
    }


def _text(name: str, how: dict[str, Any]) -> str:
    if not how["dot"]:
        for title in ("Dr.", "Mr.", "Ms."):
            name = name.replace(title, title[:-1])
    opener, punct = how["opener"], how["punct"]
    if not opener and not punct:
        punct = ","  # a bare name needs its comma to read as a greeting
    head = f"{opener} {name}".strip() + punct
    if how["inline"] and opener:
        tail = f"thank you for {REST}" if punct in (",", "") else f"Thank you for {REST}"
        text = f"{head} {tail}\n\nAlex Rivera\n"
    else:
        text = f"{head}\n\nThank you for {REST}\n\nAlex Rivera\n"
    return unicodedata.normalize("NFD", text) if how["draft_nfd"] else text


def _record(name: str, salutation: str | None, how: dict[str, Any]) -> Any:
    def form(text: str) -> str:
        if how["record_curly"]:
            text = text.replace("'", "’")
        return unicodedata.normalize("NFD", text) if how["record_nfd"] else text

    person: dict[str, Any] = {"name": form(name), "email": "them@northwind.example"}
    if salutation:
        person["salutation"] = form(salutation)
    return situation({"interviewers": [person]})


def _findings(text: str, record: Any) -> list[Any]:
    return [f for f in check_text(text, record).findings if f.rule == "name-mismatch"]


CASE = st.sampled_from(CASES)


@settings(max_examples=300, deadline=None)
@given(CASE, st.data(), layouts())
def test_a_right_greeting_stays_clean(case: Any, data: Any, how: dict[str, Any]) -> None:
    name, salutation, rights, _ = case
    greeting = data.draw(st.sampled_from(rights))
    text = _text(greeting, how)
    assert _findings(text, _record(name, salutation, how)) == [], text


@settings(max_examples=300, deadline=None)
@given(CASE, st.data(), layouts())
def test_a_wrong_greeting_stays_an_error(case: Any, data: Any, how: dict[str, Any]) -> None:
    name, salutation, _, wrongs = case
    greeting = data.draw(st.sampled_from(wrongs))
    text = _text(greeting, how)
    found = _findings(text, _record(name, salutation, how))
    assert any(f.severity == "error" for f in found), (text, found)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(
        [
            "Hiring Team",
            "Search Committee",
            "Talent Acquisition Team",
            "all",
            "everyone",
            "Northwind Health Associates",
            "Northwind Health team",
            "People Operations team",
            "Recruitment Panel",
            "Selection Committee",
        ]
    ),
    layouts(),
)
def test_a_group_greeting_is_never_a_wrong_name(group: str, how: dict[str, Any]) -> None:
    text = _text(group, how)
    record = _record("Marcus Chen", None, how)
    assert _findings(text, record) == [], text
