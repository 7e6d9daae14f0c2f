"""wrong-company: must-fire and must-not-fire sentences for each class of mention.

The interview is at Northwind Health (Dr. Priya Nair, Director of Analytics, and Marcus Chen).
"""

from __future__ import annotations

import pytest

from afterview.checks import Checker, Finding, parse_text
from afterview.checks.registry import all_rules

from helpers import SECOND, situation

RULE = [r for r in all_rules() if r.id == "wrong-company"]


def _checker(**patch: object) -> Checker:
    base = situation().interviewers[0]
    people = [{"name": base.name, "title": base.title, "email": base.email}, SECOND]
    return Checker(situation({"interviewers": people, **patch}), rules=RULE)


def findings(body: str, checker: Checker | None = None) -> list[Finding]:
    text = f"Dear Dr. Nair,\n\n{body}\n\nBest regards,\nAlex Rivera\n"
    return (checker or _checker()).check(parse_text(text))


def spans(body: str) -> list[tuple[str, str]]:
    text = f"Dear Dr. Nair,\n\n{body}\n\nBest regards,\nAlex Rivera\n"
    return [(text[f.start : f.end], f.severity) for f in findings(body)]


@pytest.mark.parametrize(
    ("body", "name"),
    [
        # no legal form, in an employer's position
        ("Halcyon Foods is the kind of team I hope to join.", "Halcyon Foods"),
        ("I would love to help Meridian Publishing grow.", "Meridian Publishing"),
        ("I keep thinking about my time at Halcyon Foods.", "Halcyon Foods"),
        ("Thank you for the interview about the analyst role at Fabrikam.", "Fabrikam"),
        ("I am keen to join Wingtip next year.", "Wingtip"),
        ("It would be a pleasure to work for Adatum.", "Adatum"),
        ("The Litware team was so welcoming.", "Litware"),
        ("Litware's customers rely on timely data.", "Litware"),
        ("Litware is exactly where I want to be.", "Litware"),
        # a head word that organisations' names end in
        ("I admire how Larkfield Media covers small towns.", "Larkfield Media"),
        ("Tidewater Robotics' approach to testing stood out.", "Tidewater Robotics"),
        ("The Vantage Labs roadmap sounds ambitious.", "Vantage Labs"),
        # a legal form
        ("I look forward to contributing to Proseware Inc. soon.", "Proseware Inc"),
        ("Starling GmbH has a strong data culture.", "Starling GmbH"),
        ("Fernhill Partners and your team share a lot.", "Fernhill Partners"),
        # a greeting to another company's hiring team
        ("Thank you again.", None),
    ],
)
def test_another_organisation_fires(body: str, name: str | None) -> None:
    if name is None:  # the greeting case is built here
        checker = _checker()
        text = "Dear Halcyon Foods Hiring Team,\n\nThank you again.\n\nBest regards,\nAlex\n"
        got = [text[f.start : f.end] for f in checker.check(parse_text(text))]
        assert got == ["Halcyon Foods"]
        return
    got = spans(body)
    assert [(s.rstrip("."), sev) for s, sev in got] == [(name, "error")]


@pytest.mark.parametrize(
    "body",
    [
        "During my time at Halcyon Foods, I rebuilt the claims report.",
        "In my previous role at Fabrikam I led the migration to dbt.",
        "I often think of my time at Fabrikam, where I balanced finance and operations.",
        "My time at Halcyon Foods taught me to love messy data.",
        "As a Data Analyst at Halcyon Foods, I rebuilt the claims report.",
        "I spent a happy decade at Fabrikam Ltd.",
        "Halcyon Foods (2019-2023) taught me to love messy data.",
        "I studied statistics at Meridian College before moving into analytics.",
    ],
)
def test_a_past_employer_or_school_is_a_warning(body: str) -> None:
    got = findings(body)
    assert len(got) == 1 and got[0].severity == "warning"
    assert "past employer" in got[0].message and got[0].suggestion == "Northwind Health"


@pytest.mark.parametrize(
    "body",
    [
        # the company's own name in every inflection
        "Northwind Health's team made me feel welcome.",
        "Northwind Health’s team made me feel welcome.",
        "I would love to help Northwind Health grow.",
        "Northwind Health is the kind of team I hope to join.",
        "Everyone at Northwind Health Inc. was kind.",
        "Everyone at Northwind Health Ltd was kind.",
        "Everyone at Northwind Health Ltd. was kind.",
        "Everyone at Northwind was kind.",
        "The Northwinds of this world are rare.",
        "I would be proud to join NH.",
        "The Northwind Health Hiring Team was generous with their time.",
        "The Northwind Health Foundation's work came up, too.",
        "Please join Ms. Okafor's team in thanking Mr. Chen.",
        # people, titles, places, fields of work
        "Priya Nair's question stayed with me, as did Marcus Chen's walkthrough.",
        "Jordan Alvarez mentioned the Friday demo.",
        "The Senior Software Engineer on the panel asked sharp questions.",
        "As a Senior Data Analyst I would own the claims dashboard.",
        "Your Director of Analytics role sounds demanding.",
        "I moved to Hartford from Denver last year.",
        "Public Health is a field I care about.",
        "Digital Media was my minor.",
        "My notes from the Claims Operations team are attached.",
        # sources cited are not employers
        "The Mayo Clinic study you cited is on my reading list.",
        "I attached a short report by Halcyon Analytics on claim denials.",
        # tools named after other companies are not employers
        "I have used Apache Spark and Google Sheets for most of my reporting.",
        "We could share the dashboard in Microsoft Teams.",
        "I built the prototype in Power BI and Tableau.",
        "Google Analytics data would answer that question.",
        "I have been reading about Amazon Redshift.",
    ],
)
def test_no_other_organisation_does_not_fire(body: str) -> None:
    assert findings(body) == []


def test_the_writers_own_employer_in_the_signature_is_not_reported() -> None:
    text = (
        "Dear Dr. Nair,\n\nThank you for your time today.\n\n"
        "Best regards,\nAlex Rivera\nData Analyst, Halcyon Foods\n"
    )
    assert _checker().check(parse_text(text)) == []


def test_a_misspelling_of_this_company_is_reported_once() -> None:
    got = findings("Everyone at Northwnd Health was kind.")
    assert [(f.message, f.suggestion) for f in got] == [
        ("Writes 'Northwnd' but the company is Northwind Health", "Northwind")
    ]
    got = findings("Everyone at North Wind Health was kind.")
    assert [f.suggestion for f in got] == ["Northwind"]


def test_a_possessive_misspelling_spans_the_name_only() -> None:
    body = "Northwnd's team was kind."
    text = f"Dear Dr. Nair,\n\n{body}\n\nBest regards,\nAlex Rivera\n"
    got = findings(body)
    assert [text[f.start : f.end] for f in got] == ["Northwnd"]


def test_other_companies_you_applied_to() -> None:
    checker = _checker()
    checker.ctx.extra["other_companies"] = ["Adventure Works"]
    got = findings("I enjoyed the adventure; Adventure Works came up once.", checker)
    assert [f.message for f in got] == [
        "Mentions Adventure Works, another company you applied to; this note is for "
        "Northwind Health"
    ]
    checker.ctx.extra["other_companies"] = ["Northwind Health"]
    assert findings("Northwind Health was great.", checker) == []


def test_a_company_with_a_legal_form_in_the_record() -> None:
    checker = _checker(**{"application.company": "Contoso Ltd."})
    for body in (
        "Contoso is the kind of team I want.",
        "Contoso Ltd is the kind of team I want.",
        "Contoso's mission drew me in.",
        "Thanks to everyone at Contoso Ltd.",
    ):
        assert findings(body, checker) == [], body
    assert [f.severity for f in findings("Fabrikam Ltd is great.", checker)] == ["error"]


def test_an_interviewers_own_employer_is_not_another_company() -> None:
    agency = {"name": "Jo Park", "title": "Recruiter", "email": "jo.park@hays-talent.example"}
    base = situation().interviewers[0]
    checker = Checker(
        situation({"interviewers": [{"name": base.name, "email": base.email}, agency]}), rules=RULE
    )
    assert findings("Thank you and everyone at Hays Talent for arranging it.", checker) == []
    got = findings("Thank you and everyone at Halcyon Foods for arranging it.", checker)
    assert [f.severity for f in got] == ["error"]


@pytest.mark.parametrize(
    "closing", ["Best regards,", "All the best,", "Yours sincerely,", "Cheers,"]
)
def test_the_signature_starts_after_any_sign_off(closing: str) -> None:
    text = (
        "Dear Dr. Nair,\n\nThank you for your time today.\n\n"
        f"{closing}\nAlex Rivera\nData Analyst | Halcyon Foods\n"
    )
    assert _checker().check(parse_text(text)) == []
    faulty = text.replace("your time today", "your time today at Halcyon Foods")
    assert [f.severity for f in _checker().check(parse_text(faulty))] == ["error"]
