"""wrong-role: must-fire and must-not-fire sentences for each class of title."""

from __future__ import annotations

import pytest

from afterview.checks import Checker, parse_text
from afterview.checks.registry import all_rules

from helpers import situation

RULE = [r for r in all_rules() if r.id == "wrong-role"]


def hits(role: str, body: str, closing: str = "\n\nBest regards,\nAlex Rivera\n") -> list:
    """(text of the span, severity, suggestion) of each finding."""
    text = f"Dear Dr. Nair,\n\n{body}{closing}"
    checker = Checker(situation({"application.role": role}), rules=RULE)
    return [
        (text[f.start : f.end], f.severity, f.suggestion) for f in checker.check(parse_text(text))
    ]


@pytest.mark.parametrize(
    ("role", "body", "span"),
    [
        # a title after "role"/"position" or before it
        (
            "Senior Data Analyst",
            "Thank you for the Senior Data Scientist interview.",
            "Senior Data Scientist",
        ),
        (
            "Senior Data Analyst",
            "I am excited about the position of Product Manager.",
            "Product Manager",
        ),
        # a title used bare
        (
            "Senior Data Analyst",
            "I'm excited about becoming your next Data Scientist.",
            "Data Scientist",
        ),
        (
            "Senior Data Analyst",
            "I'd love the chance to work as a Product Designer.",
            "Product Designer",
        ),
        ("Senior Data Analyst", "I hope to join as Staff Engineer.", "Staff Engineer"),
        (
            "Senior Data Analyst",
            "I am ready to become a Marketing Manager with my background.",
            "Marketing Manager",
        ),
        (
            "Senior Data Analyst",
            "It would be a privilege to be your new Data Engineer.",
            "Data Engineer",
        ),
        # another level
        (
            "Senior Product Manager",
            "I'm excited about the Junior Product Manager role.",
            "Junior Product Manager",
        ),
        ("Data Analyst II", "I'm keen on the Data Analyst III opening.", "Data Analyst III"),
        (
            "Senior Data Analyst",
            "I'd be proud to work as a Principal Data Analyst.",
            "Principal Data Analyst",
        ),
        # at the end of a sentence, of a paragraph, of the draft
        (
            "Senior Data Analyst",
            "I would love to work as a Data Scientist.\n\nThanks again.",
            "Data Scientist",
        ),
    ],
)
def test_another_title_is_an_error(role: str, body: str, span: str) -> None:
    assert hits(role, body) == [(span, "error", role)]


@pytest.mark.parametrize(
    ("role", "body", "span"),
    [
        (
            "Senior Product Manager",
            "I'm excited about the Product Manager role.",
            "Product Manager",
        ),
        ("Senior Product Manager", "I would love to join as a Product Manager.", "Product Manager"),
        (
            "Staff Software Engineer",
            "Thanks for the Software Engineer interview.",
            "Software Engineer",
        ),
        ("Lead Designer", "I'm keen to start as your next Designer.", "Designer"),
        ("Data Analyst II", "I'm keen on the Data Analyst role.", "Data Analyst"),
        ("Sr. Data Analyst", "I enjoyed talking about the Data Analyst role.", "Data Analyst"),
        (
            "Senior Product Manager, Payments",
            "Thanks for the Product Manager interview.",
            "Product Manager",
        ),
        ("Principal Engineer", "I want to work as an Engineer.", "Engineer"),
    ],
)
def test_a_title_without_its_level_is_a_warning(role: str, body: str, span: str) -> None:
    assert hits(role, body) == [(span, "warning", role)]


@pytest.mark.parametrize(
    ("role", "body"),
    [
        ("Senior Data Analyst", "I'm excited about the analyst role."),
        ("Senior Data Analyst", "I'm excited about the Senior Analyst role."),
        ("Senior Data Analyst", "I'm excited about the Sr. Data Analyst role."),
        ("Senior Data Analyst", "I would love to join as a Senior Data Analyst."),
        ("Senior Data Analyst", "As Marcus Chen mentioned, the team is growing."),
        ("Senior Data Analyst", "Thank you for your time as Director of Analytics."),
        ("Product Manager, Payments", "I'm excited about the Product Manager role."),
        ("Staff Engineer", "I'd like to join as Staff Engineer."),
        # the span stops at the sentence or the line: what follows is not part of the title
        (
            "Staff Software Engineer",
            "I am excited about the Staff Software Engineer.\n\nKind regards",
        ),
        (
            "Staff Software Engineer",
            "I am excited to join as Staff Software Engineer.\nKind regards",
        ),
        ("Staff Software Engineer", "I hope to be your next Staff Software Engineer. Kind thanks"),
        (
            "Staff Software Engineer",
            "Thanks for the interview for Staff Software Engineer.\n\nKind",
        ),
        ("Staff Software Engineer", "I hope to be your next Staff Software Engineer!\n\nKind"),
        ("Data Analyst", "I liked the position of Data Analyst I applied for."),  # pronoun
        ("Senior Data Analyst", "You could also hire a Data Engineer for the pipelines."),
        ("Senior Data Analyst", "Clean claims data would be a Data Scientist's dream."),
        ("Data Analyst II", "I liked the position of Data Analyst II I applied for."),
    ],
)
def test_the_role_or_a_shortening_does_not_fire(role: str, body: str) -> None:
    assert hits(role, body) == []


def test_a_title_at_the_end_of_the_draft_stops_at_the_line() -> None:
    got = hits(
        "Senior Data Analyst", "I hope to be your next Data Scientist", "\nKind regards,\nAlex\n"
    )
    assert got == [("Data Scientist", "error", "Senior Data Analyst")]


@pytest.mark.parametrize(
    ("subject", "span"),
    [
        ("Thank You – Interview for Data Scientist Position", "Data Scientist"),
        ("Thank you: Senior Data Scientist Interview", "Senior Data Scientist"),
        ("Thank you for the interview (Data Scientist)", "Data Scientist"),
        ("Following up on my Data Scientist interview", "Data Scientist"),
    ],
)
def test_a_wrong_title_in_the_subject(subject: str, span: str) -> None:
    text = f"Subject: {subject}\n\nDear Dr. Nair,\n\nThank you.\n\nBest regards,\nAlex\n"
    checker = Checker(situation(), rules=RULE)
    got = [(text[f.start : f.end], f.severity) for f in checker.check(parse_text(text))]
    assert got == [(span, "error")]


@pytest.mark.parametrize(
    "subject",
    ["Thank You – Senior Data Analyst Interview", "Re: Senior Data Analyst role", "Thank You"],
)
def test_the_right_title_in_the_subject(subject: str) -> None:
    text = f"Subject: {subject}\n\nDear Dr. Nair,\n\nThank you.\n\nBest regards,\nAlex\n"
    assert Checker(situation(), rules=RULE).check(parse_text(text)) == []


@pytest.mark.parametrize(
    "body",
    [
        "I have worked as a Logistics Manager for six years.",
        "As a Logistics Manager at Halcyon Foods, I cut delivery times by a third.",
        "As a Data Analyst for four years, I learned to love messy data.",
        "In my current role as a Data Analyst, I own the weekly claims report.",
        "My experience as a Data Analyst taught me patience.",
    ],
)
def test_the_writers_own_past_job_is_not_the_role(body: str) -> None:
    assert hits("Senior Data Analyst", body) == []


def test_as_a_title_at_this_company_is_still_checked() -> None:
    body = "As a Data Scientist at Northwind Health, I would own the claims models."
    assert hits("Senior Data Analyst", body) == [("Data Scientist", "error", "Senior Data Analyst")]
