"""`generic` judged on content words: a shared stem is not a shared subject; topics count."""

from __future__ import annotations

from dataclasses import replace

import pytest

from afterview.checks import check_text
from afterview.record import Situation

from corpus_loader import situation


def _situation(
    notes: tuple[str, ...] = (), topics: tuple[str, ...] = (), person_topics: tuple[str, ...] = ()
) -> Situation:
    base = situation("northwind")
    interviewers = tuple(replace(iv, notes=(), topics=()) for iv in base.interviewers)
    interviewers = (replace(interviewers[0], topics=person_topics), *interviewers[1:])
    interview = replace(base.interview, notes=notes, topics=topics, to_add=())
    return replace(base, interview=interview, interviewers=interviewers)


def _generic(body: str, sit: Situation, kind: str = "thank_you") -> bool:
    text = f"To: priya.nair@northwind.example\n\nDear Dr. Nair,\n\n{body}\n\nBest regards,\nAlex Rivera\n"
    return "generic" in {f.rule for f in check_text(text, sit, kind=kind).findings}


WORKLOAD = _situation(notes=("Talked about the month-end workload in claims",))


def test_a_shared_stem_is_not_a_shared_subject() -> None:
    # "working" meets "workload" under a prefix match; they are different words
    assert _generic(
        "Thank you for the conversation; I enjoyed working through your questions.",
        _situation(notes=("Asked about the workload",)),
    )


def test_plan_is_not_planet() -> None:
    sit = _situation(notes=("Her team's planet-scale telemetry",))
    assert _generic("Thank you for explaining your plan for the team.", sit)


@pytest.mark.parametrize(
    ("note", "body"),
    [
        ("Showed me the claims dashboard", "I liked hearing how your dashboards are used."),
        ("Discussed the dbt migration", "The way you migrated the models was clever."),
        ("Discussed the dbt migration", "Migrating the nightly jobs sounds worthwhile."),
        ("Asked how I prioritise stakeholder requests", "I enjoyed the question on prioritizing."),
        ("Talked about the month-end workload in claims", "The month-end workloads sound heavy."),
        ("The Q3 churn model", "I keep thinking about churn."),
    ],
)
def test_inflections_and_spellings_still_meet(note: str, body: str) -> None:
    assert not _generic(f"Thank you for meeting me. {body}", _situation(notes=(note,)))


def test_framing_words_are_not_specifics() -> None:
    sit = _situation(notes=("Discussed the interview process and the team's questions",))
    assert _generic(
        "Thank you for the interview and our discussion; I enjoyed the questions about the team.",
        sit,
    )


def test_role_and_company_words_are_not_specifics() -> None:
    sit = _situation(notes=("Data quality at Northwind Health",))
    assert _generic(
        "Thank you for meeting me about the Senior Data Analyst role at Northwind Health.", sit
    )


def test_interview_topics_count() -> None:
    sit = _situation(topics=("your plan to move the claims dashboard to dbt",))
    assert not _generic("Thank you for meeting me. The claims dashboard story stayed with me.", sit)
    assert _generic("Thank you for meeting me. I enjoyed it very much.", sit)


def test_the_recipients_topics_count() -> None:
    sit = _situation(notes=("Discussed staffing",), person_topics=("the Q3 churn model",))
    assert not _generic("Thank you for meeting me. Your churn model was fascinating.", sit)


def test_the_hint_quotes_a_topic_first() -> None:
    sit = _situation(notes=("Discussed staffing",), topics=("the claims backlog",))
    text = "To: priya.nair@northwind.example\n\nDear Dr. Nair,\n\nThank you for your time.\n\nBest regards,\nAlex Rivera\n"
    found = [f for f in check_text(text, sit).findings if f.rule == "generic"]
    assert found and "the claims backlog" in found[0].message


def test_nothing_recorded_means_no_finding() -> None:
    assert not _generic("Thank you for your time.", _situation())


@pytest.mark.parametrize(
    ("note", "body"),
    [
        ("Discussed moving the claims dashboard to dbt", "I am excited about moving forward."),
        ("Talked about going live with the pilot", "I look forward to going forward with you."),
        ("Asked how I would organise data checks", "I enjoyed learning about your organisation."),
        ("Talked about the settlement reports", "I am sure I would settle in quickly."),
    ],
)
def test_an_idiom_or_an_everyday_derivation_is_not_a_reference(note: str, body: str) -> None:
    assert _generic(f"Thank you for meeting me. {body}", _situation(notes=(note,)))


@pytest.mark.parametrize(
    ("note", "body"),
    [
        ("Discussed moving the claims dashboard to dbt", "Moving the dashboard sounds right."),
        (
            "Asked how I would organise data checks",
            "How I would organize the checks stayed with me.",
        ),
        ("Talked about the settlement reports", "The settlement work sounds interesting."),
    ],
)
def test_the_same_word_in_another_form_still_is(note: str, body: str) -> None:
    assert not _generic(f"Thank you for meeting me. {body}", _situation(notes=(note,)))
