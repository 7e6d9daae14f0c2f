"""The advice as a whole: verdicts, actions and windows, summary, checklist, Contract 2 JSON."""

from __future__ import annotations

import json
from datetime import datetime

from afterview.advice import advise

from advice_examples import NO_EMAIL_LINKEDIN, PRIYA, THANKED, TWO_PEOPLE, WITH_POSTAL
from helpers import sent, situation


def _advice(patch: dict | None = None):  # type: ignore[no-untyped-def]
    return advise(situation(patch))


def test_contract_2_shape() -> None:
    out = json.loads(json.dumps(_advice().to_dict()))
    assert list(out) == ["verdict", "summary", "actions", "reasons", "checklist"]
    action = out["actions"][0]
    assert list(action) == ["kind", "channel", "to", "address", "not_before", "not_after", "why"]
    assert list(out["reasons"][0]) == ["rule", "text", "sources"]
    assert all(isinstance(s, str) and s for r in out["reasons"] for s in r["sources"])
    assert [list(c) for c in out["checklist"]] == [["question", "answer", "detail"]] * 3
    for a in out["actions"]:
        start, end = datetime.fromisoformat(a["not_before"]), datetime.fromisoformat(a["not_after"])
        assert start.tzinfo is not None and start <= end


def test_send_a_thank_you_to_each_panel_member() -> None:
    advice = _advice({**TWO_PEOPLE, "interview.kind": "panel"})
    assert advice.verdict == "send"
    thanks = [a for a in advice.actions if a.kind == "thank_you"]
    assert [a.to for a in thanks] == ["Dr. Priya Nair", "Marcus Chen"]
    assert [a.address for a in thanks] == [PRIYA, "marcus.chen@northwind.example"]
    assert advice.summary.startswith(
        "Send a short, personal thank-you to each of the 2 interviewers before 11:00 tomorrow."
    )


def test_the_window_opens_after_the_interview_and_closes_24_hours_later() -> None:
    (thanks,) = [a for a in _advice().actions if a.kind == "thank_you"]
    assert thanks.not_before.isoformat() == "2026-12-01T12:30:00-05:00"
    assert thanks.not_after.isoformat() == "2026-12-02T11:00:00-05:00"


def test_no_contact_means_no_action_whatever_else_is_true() -> None:
    advice = _advice(
        {
            **TWO_PEOPLE,
            **WITH_POSTAL,
            "interview.no_contact_requested": True,
            "interview.to_add": [{"kind": "work_sample", "text": "Case study"}],
            "interview.decision_expected_by": "2026-12-18",
            "interview.high_stakes": True,
        }
    )
    assert advice.verdict == "dont_send"
    assert advice.actions == ()
    assert [r.rule for r in advice.reasons] == ["no-contact-requested"]
    assert advice.summary == "Don't send anything: the employer asked for no contact."
    assert advice.checklist[0].answer == "no"


def test_posting_text_no_contact_quotes_the_posting() -> None:
    advice = _advice({"application.posting_text": "Great team.\nNo phone calls or emails, please."})
    assert advice.verdict == "dont_send"
    assert "“No phone calls or emails, please”" in advice.reasons[0].text


def test_wait_when_only_a_status_check_remains() -> None:
    advice = _advice({**THANKED, "interview.decision_expected_by": "2026-12-11"})
    assert advice.verdict == "wait"
    assert [a.kind for a in advice.actions] == ["status_check"]
    assert advice.actions[0].not_before.isoformat() == "2026-12-15T09:00:00-05:00"
    assert advice.summary == (
        "Nothing to send now. If you have heard nothing by 09:00 on Tue 15 Dec, "
        "send one polite status check to Dr. Priya Nair."
    )


def test_status_check_is_due_once_the_timeline_has_passed() -> None:
    advice = _advice(
        {
            **THANKED,
            "interview.decision_expected_by": "2026-12-11",
            "now": "2026-12-16T10:00:00-05:00",
        }
    )
    assert advice.verdict == "send"
    assert advice.actions[0].kind == "status_check"
    assert advice.actions[0].not_before.isoformat() == "2026-12-15T09:00:00-05:00"


def test_a_status_check_waits_five_business_days_after_the_last_message() -> None:
    advice = _advice(
        {
            "interview.decision_expected_by": "2026-12-02",
            "now": "2026-12-04T10:00:00-05:00",
            "sent": [sent("thank_you", PRIYA, "2026-12-03T09:00:00-05:00")],
        }
    )
    (check,) = [a for a in advice.actions if a.kind == "status_check"]
    assert check.not_before.isoformat() == "2026-12-10T09:00:00-05:00"


def test_after_one_status_check_stop() -> None:
    advice = _advice(
        {
            "now": "2026-12-20T10:00:00-05:00",
            "sent": [*THANKED["sent"], sent("status_check", PRIYA, "2026-12-09T09:00:00-05:00")],
        }
    )
    assert advice.verdict == "dont_send"
    assert advice.actions == ()


def test_alternative_when_only_linkedin_is_possible() -> None:
    advice = _advice(NO_EMAIL_LINKEDIN)
    assert advice.verdict == "alternative"
    (note,) = advice.actions
    assert (note.kind, note.channel, note.address) == (
        "linkedin_note",
        "linkedin",
        "https://www.linkedin.com/in/tom-gagnon",
    )
    assert advice.summary.startswith("Don't email; send a LinkedIn connection request")


def test_linkedin_note_limit_follows_premium() -> None:
    free = _advice({**NO_EMAIL_LINKEDIN, "interview.kind": "informal"})
    premium = _advice(
        {**NO_EMAIL_LINKEDIN, "interview.kind": "informal", "candidate.linkedin_premium": True}
    )
    assert "under 200 characters" in free.actions[0].why
    assert "under 300 characters" in premium.actions[0].why


def test_informal_without_any_channel_is_dont_send() -> None:
    advice = _advice({"interview.kind": "informal"})
    assert advice.verdict == "dont_send"
    assert advice.actions == ()
    assert advice.summary.startswith("Nothing worth sending:")


def test_a_vague_late_thanks_is_dropped_but_the_status_check_stays() -> None:
    advice = _advice({"now": "2026-12-04T11:00:00-05:00", "interview.notes": []})
    assert [a.kind for a in advice.actions] == ["status_check"]
    assert advice.verdict == "wait"
    assert advice.summary.startswith(
        "Nothing to send now: a vague thank-you this late adds little."
    )


def test_a_late_specific_thanks_is_sent_now() -> None:
    advice = _advice({"now": "2026-12-04T11:00:00-05:00"})
    (thanks,) = [a for a in advice.actions if a.kind == "thank_you"]
    assert thanks.not_before.isoformat() == "2026-12-04T11:00:00-05:00"
    assert advice.verdict == "send"
    assert advice.checklist[2].answer == "no"
    assert "hours since the interview" in advice.checklist[2].detail


def test_never_a_second_message_hours_after_the_first() -> None:
    advice = _advice(
        {
            "interview.to_add": [{"kind": "work_sample", "text": "Case study"}],
            "sent": [sent("thank_you", PRIYA, "2026-12-01T12:30:00-05:00")],
        }
    )
    (value_add,) = [a for a in advice.actions if a.kind == "value_add"]
    assert value_add.not_before.isoformat() == "2026-12-02T12:30:00-05:00"


def test_the_value_add_folds_into_a_thank_you_still_due() -> None:
    advice = _advice({"interview.to_add": [{"kind": "work_sample", "text": "Case study"}]})
    assert "value_add" not in [a.kind for a in advice.actions]
    assert advice.fired("value-add-in-thank-you")


def test_one_note_to_the_lead_in_the_uk() -> None:
    advice = _advice({**TWO_PEOPLE, "application.region": "GB", "interview.kind": "panel"})
    assert [a.to for a in advice.actions if a.kind == "thank_you"] == ["Dr. Priya Nair"]


def test_no_interviewer_recorded_still_gets_advice_with_a_missing_address() -> None:
    advice = _advice({"interviewers": []})
    assert advice.actions == ()  # no email action that a draft would write without a To: line
    assert advice.fired("no-address-for-interviewer")
    assert advice.summary.startswith("Nothing to send yet: you have no email address for your")
    assert "coordinator" in advice.summary
    assert advice.checklist[2].answer == "no"
    assert "no email address for your interviewer" in advice.checklist[2].detail


def test_handwritten_note_when_the_post_is_fast_enough() -> None:
    advice = _advice({**WITH_POSTAL, "interview.decision_expected_by": "2026-12-18"})
    kinds = [(a.kind, a.channel) for a in advice.actions]
    assert ("handwritten_note", "post") in kinds
    assert ("thank_you", "email") in kinds


def test_sent_after_now_is_not_yet_sent() -> None:
    later = {"sent": [sent("thank_you", PRIYA, "2026-12-01T18:00:00-05:00")]}
    assert next(a.kind for a in _advice(later).actions) == "thank_you"
    after = _advice({**later, "now": "2026-12-01T19:00:00-05:00"})
    assert "thank_you" not in [a.kind for a in after.actions]


def test_now_argument_overrides_the_file() -> None:
    s = situation()
    advice = advise(s, now=datetime.fromisoformat("2026-12-09T10:00:00-05:00"))
    assert advice.now.isoformat() == "2026-12-09T10:00:00-05:00"
    assert advice.fired("late-but-specific") is False
    assert advice.fired("very-late-thank-you") is True


def test_interview_not_yet_held_plans_ahead() -> None:
    advice = _advice({"now": "2026-11-30T09:00:00-05:00"})
    (thanks,) = [a for a in advice.actions if a.kind == "thank_you"]
    assert thanks.not_before.isoformat() == "2026-12-01T12:30:00-05:00"
    assert advice.verdict == "wait"


def test_recipient_time_zone_is_used_and_summarised() -> None:
    advice = _advice(
        {
            "interviewers.0.timezone": "Europe/London",
            "interview.ended_at": "2026-12-01T12:00:00-05:00",
        }
    )
    (thanks,) = [a for a in advice.actions if a.kind == "thank_you"]
    # 12:00 in New York is 17:00 in London; 18:30 London is after hours -> 08:00 next day.
    assert thanks.not_before.isoformat() == "2026-12-02T08:00:00+00:00"
    assert "03:00 tomorrow (08:00 their time)" in advice.summary


def test_checklist_questions_are_the_seeds_in_order() -> None:
    questions = [c.question for c in _advice().checklist]
    assert questions == [
        "Did the interviewer or job posting indicate whether follow-up contact is welcome, "
        "or did they request no contact?",
        "Can I write a personalized message that references something specific from the "
        "conversation, rather than a generic template?",
        "Am I sending this at a reasonable time, typically within 24 hours, and to the correct "
        "recipient with the right name, title, and email address?",
    ]


def test_checklist_answers() -> None:
    base = _advice()
    assert [c.answer for c in base.checklist] == ["unknown", "yes", "yes"]
    welcome = _advice({"application.contact_policy": "welcome", "interview.notes": []})
    assert [c.answer for c in welcome.checklist[:2]] == ["yes", "no"]
    none = _advice({"interview.want_role": False})
    assert none.checklist[2].answer == "n/a"


def test_every_reason_cites_a_source() -> None:
    advice = _advice({**TWO_PEOPLE, **WITH_POSTAL, "interview.decision_expected_by": "2026-12-18"})
    assert advice.reasons
    for reason in advice.reasons:
        assert reason.sources, reason.rule
        assert "{" not in reason.text, f"unfilled placeholder in {reason.rule}: {reason.text}"


def test_an_interview_not_yet_held_says_so_and_nothing_before_it() -> None:
    """An interview recorded ahead (a calendar invite): the summary says when it is, and that
    nothing goes before it; once it is over, the usual advice."""
    from datetime import datetime

    ahead = situation(
        {
            "interview.started_at": "2026-12-03T10:00:00-05:00",
            "interview.ended_at": "2026-12-03T11:00:00-05:00",
            "interview.decision_expected_by": "2026-12-11",
        }
    )
    before = advise(ahead, now=datetime.fromisoformat("2026-12-01T12:00:00-05:00"))
    assert before.verdict == "wait"
    assert before.summary.startswith("Your interview is at 10:00 on Thursday: nothing to send")
    assert all(a.not_before > ahead.interview.started_at for a in before.actions)
    after = advise(ahead, now=datetime.fromisoformat("2026-12-03T15:00:00-05:00"))
    assert not after.summary.startswith("Your interview is")
