"""Answer the three questions of the seed's decision checklist for one situation."""

from __future__ import annotations

from typing import Any

from afterview.advice.facts import Facts
from afterview.advice.result import Action, Answer, ChecklistAnswer
from afterview.wording import join, moment_yours


def answer_checklist(
    questions: tuple[dict[str, str], ...],
    facts: Facts,
    actions: tuple[Action, ...],
    settings: dict[str, Any],
) -> tuple[ChecklistAnswer, ...]:
    """Answer each question of the pack's checklist, in order."""
    answers = {"contact": _contact, "personal": _personal, "timing": _timing}
    out = []
    for q in questions:
        answer, detail = answers[q["id"]](facts, actions, settings)
        out.append(ChecklistAnswer(q["id"], q["question"], answer, detail))
    return tuple(out)


def _contact(
    facts: Facts, actions: tuple[Action, ...], settings: dict[str, Any]
) -> tuple[Answer, str]:
    if facts.values["no_contact"]:
        return "no", f"No contact: {facts.context['no_contact_where']}. Send nothing."
    if facts.values["rejected"] or facts.values["offer_made"]:
        return "yes", "They have replied with their decision; answer that message, nothing more."
    if facts.values["follow_up_window_passed"]:
        return "unknown", "Nobody said either way, but the time for follow-ups has passed."
    if facts.situation.application.contact_policy == "welcome":
        return "yes", "The employer said follow-up is welcome."
    if facts.values["no_calls"]:
        return "yes", f"{facts.context['posting_calls']} Write; don't phone or drop in."
    return (
        "unknown",
        "Nobody said either way, so one short thank-you is still normal. If you are unsure, "
        "ask at the end of the next conversation what follow-up they expect.",
    )


def _personal(
    facts: Facts, actions: tuple[Action, ...], settings: dict[str, Any]
) -> tuple[Answer, str]:
    situation = facts.situation
    notes = [*situation.interview.topics, *situation.interview.notes]
    named = [iv.name for iv in situation.interviewers if iv.notes or iv.topics]
    if not notes and not named:
        return (
            "no",
            "Nothing specific is recorded. Add one or two things you discussed as topics "
            '("I enjoyed our conversation about ...") or notes, for the interview or each '
            "interviewer, before writing.",
        )
    parts = []
    if notes:
        parts.append(f"from the conversation: “{notes[0]}”")
    if named:
        parts.append(f"notes for {join(named)}")
    missing = [iv.name for iv in situation.interviewers if not (iv.notes or iv.topics)]
    detail = "Recorded " + "; ".join(parts) + "."
    one_note = sum(a.kind == "thank_you" for a in actions) <= 1
    if missing and len(situation.interviewers) > 1 and not one_note:
        detail += f" Add something specific for {join(missing)} too, so each note differs."
    return "yes", detail


def _timing(
    facts: Facts, actions: tuple[Action, ...], settings: dict[str, Any]
) -> tuple[Answer, str]:
    emails = [a for a in actions if a.channel == "email"]
    unreachable = [
        p.name
        for p in facts.people
        if not p.facts["has_email"] and not p.facts["has_linkedin"] and not p.facts["thanked"]
    ]
    if not emails:
        if unreachable and facts.values["thank_you_pending"]:
            return "no", f"There is no email address for {join(unreachable)} to send to."
        return "n/a", "No email is advised now."
    problems = []
    missing = [a.to for a in emails if not a.address] + (
        unreachable if facts.values["thank_you_pending"] else []
    )
    if missing:
        problems.append(f"no email address for {join(missing)}")
    hours = facts.values["hours_since_interview"]
    late = facts.values["thank_you_pending"] and hours > settings["thank_you_deadline_hours"]
    if late and any(a.kind == "thank_you" for a in emails):
        problems.append(f"it is already {int(hours)} hours since the interview")
    first = min(emails, key=lambda a: a.not_before)
    from afterview.progress import kind_word

    kind = kind_word(first.kind)
    when = (
        f"the {kind} to {first.to} is due from "
        f"{moment_yours(first.not_before, facts.now, facts.calendar.local(first.not_before))}"
        f" until {moment_yours(first.not_after, facts.now, facts.calendar.local(first.not_after))}"
    )
    if problems:
        return "no", "Check first: " + "; ".join(problems) + f". Next, {when}."
    return (
        "yes",
        f"{when[:1].upper()}{when[1:]}, and every recipient has an address. "
        "Check names and titles.",
    )
