"""Greeting detection: where the greeted name is, own line or inline, with any punctuation."""

from __future__ import annotations

import pytest

from afterview.checks import parse_text
from afterview.checks.greeting import Greeting


def greeted(text: str) -> str | None:
    found = parse_text(text).greeting
    if found is None:
        return None
    name, start, end = found
    assert parse_text(text).text[start:end] == name
    return name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dear Dr. Nair,\n\nThank you for Tuesday.\n", "Dr. Nair"),
        ("Hi Christ, thank you for the tour of the plant.\n", "Christ"),
        ("Hi Christ thank you for the tour of the plant.\n", "Christ"),
        ("Hi, Mark,\nthanks for the call.\n", "Mark"),
        ("Hey Mark!!\n\nGreat talking today.\n", "Mark"),
        ("Mark,\n\nThanks again for the walkthrough.\n", "Mark"),
        ("Mark, thank you for the walkthrough.\n", "Mark"),
        ("Hello Marcus Thank you for the time today.\n", "Marcus"),
        ("Hi Priya I wanted to thank you for Monday.\n", "Priya"),
        ("Good morning Ms. van der Meer — thank you for the visit.\n", "Ms. van der Meer"),
        ("Good afternoon Jean-Luc! It was a pleasure.\n", "Jean-Luc"),
        ("Dear Nguyễn Thị Minh Khai:\n\nThank you.\n", "Nguyễn Thị Minh Khai"),
        ("Dear Hiring Team,\n\nThank you.\n", "Hiring Team"),
        ("Hi Priya and team,\nthanks!\n", "Priya and team"),
        ("Dear Siobhán & Ciarán,\n\nThank you both.\n", "Siobhán & Ciarán"),
        ("Thank you, Aleksandra, for the time on Friday.\n", "Aleksandra"),
        ("Thanks so much, Dr. Okafor! The lab tour was great.\n", "Dr. Okafor"),
        ("Hi again Kenji,\n\nOne more thought.\n", "Kenji"),
        ("\n\n   Dear Mr. O'Neill,\nThanks.\n", "Mr. O'Neill"),
        ("Subject: Thanks\n\nDearest Oluwaseun,\nThanks.\n", "Oluwaseun"),
    ],
)
def test_finds_the_greeted_name(text: str, name: str) -> None:
    assert greeted(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "Hello,\n\nThank you for meeting me.\n",
        "Good morning!\n\nThank you for meeting me.\n",
        "Hello and thank you for the interview yesterday.\n",
        "Hi there, thanks for today.\n",  # a greeting whose "name" is a group word
    ],
)
def test_a_greeting_without_a_name_is_found_and_harmless(text: str) -> None:
    found = parse_text(text).greeting
    assert found is not None
    assert found[0] in ("", "there")


@pytest.mark.parametrize(
    "text",
    [
        "Again, thank you for your time.\n",
        "Thank you for meeting with me on Tuesday.\n",
        "Tuesday, we talked about the data platform.\n",
        "Honestly, the visit was the highlight of my week.\n",
        "I enjoyed our conversation, Priya.\n",
        "Thanks, again, for the time.\n",
        "Following up on our call, I attach the deck.\n",
    ],
)
def test_not_a_greeting(text: str) -> None:
    assert parse_text(text).greeting is None


def test_greeting_keeps_the_three_item_shape_and_says_how_it_opens() -> None:
    inline = parse_text("Hi Christ, thank you for the visit.\n").greeting
    own = parse_text("Dear Christ,\n\nThank you for the visit.\n").greeting
    bare = parse_text("Christ,\n\nThank you.\n").greeting
    assert isinstance(inline, Greeting) and isinstance(own, Greeting) and isinstance(bare, Greeting)
    name, start, end = inline
    assert (name, end - start) == ("Christ", 6)
    assert inline.inline and inline.opener == "Hi"
    assert not own.inline and own.opener == "Dear"
    assert not bare.inline and bare.opener == ""


def test_a_greeting_survives_pickling() -> None:
    import pickle

    found = parse_text("Hey Mark!! Great talking today.\n").greeting
    again = pickle.loads(pickle.dumps(found))
    assert again == found and again.opener == "Hey" and again.inline


def test_one_line_notes_to_two_panel_members_are_still_compared() -> None:
    from afterview.checks import Checker

    from helpers import SECOND, situation

    sit = situation(
        {
            "interviewers": [
                {"name": "Dr. Priya Nair", "email": "priya.nair@northwind.example"},
                SECOND,
            ]
        }
    )
    note = (
        " thank you for today's conversation about moving the claims dashboard to dbt; I would "
        "love to stay in touch as the migration goes on."
    )
    drafts = [parse_text("Hi Priya," + note, "a.txt"), parse_text("Hi Marcus," + note, "b.txt")]
    found = Checker(sit, "linkedin_note").check_all(drafts).findings
    assert [f.rule for f in found if f.rule == "panel-duplicate"] == ["panel-duplicate"]


def test_a_name_typed_in_lower_case_on_its_own_line_is_still_the_greeting() -> None:
    assert greeted("hi marcus,\n\nthanks for today.\n") == "marcus"
    assert greeted("Hello and thank you for the interview today.\n") == ""


@pytest.mark.parametrize(
    "opening",
    ["Regardless", "Nevertheless", "Admittedly", "Overall", "Understood", "Meanwhile", "Sadly"],
)
def test_a_sentence_adverb_before_a_comma_is_not_a_name(opening: str) -> None:
    assert parse_text(f"{opening}, the role sounds like a great fit.\n").greeting is None


@pytest.mark.parametrize("name", ["Emily", "Billy", "Kelly", "Holly", "Grace", "Will", "June"])
def test_a_name_that_looks_like_a_word_is_still_a_bare_greeting(name: str) -> None:
    assert greeted(f"{name},\n\nThank you for the time today.\n") == name
