"""Must-fire and must-not-fire situations for every advice rule (a patch of helpers.BASE each).

test_advice_rules.py fails when a rule of the pack has no entry here, or an entry names a rule
that does not exist.
"""

from __future__ import annotations

from helpers import POSTAL, SECOND, reply, sent

PRIYA = "priya.nair@northwind.example"
THANKED = {"sent": [sent("thank_you", PRIYA, "2026-12-01T12:30:00-05:00")]}
LATE_72H = {"now": "2026-12-04T11:00:00-05:00"}
TWO_PEOPLE = {
    "interviewers": [
        {"name": "Dr. Priya Nair", "email": PRIYA, "notes": ["Stakeholder conflicts"]},
        {**SECOND, "notes": ["dbt testing"]},
    ]
}
NO_EMAIL_LINKEDIN = {
    "interviewers": [{"name": "Tom Gagnon", "linkedin": "https://www.linkedin.com/in/tom-gagnon"}]
}
WITH_POSTAL = {
    "interviewers": [{"name": "Dr. Priya Nair", "email": PRIYA, "postal_address": POSTAL}]
}

# rule id -> (must fire, must not fire)
EXAMPLES: dict[str, tuple[list[dict], list[dict]]] = {
    "no-contact-requested": (
        [
            {"interview.no_contact_requested": True},
            {"application.contact_policy": "no_contact"},
            {"application.posting_text": "Great team. Please do not contact the hiring team."},
            {"application.posting_text": "No phone calls or emails, please."},
        ],
        [
            {},
            {"application.posting_text": "Questions? Do not hesitate to contact jobs@nw.example."},
            {"application.contact_policy": "welcome"},
            {"application.posting_text": "No phone calls, please."},
            {"application.posting_text": "Recruitment agencies: please do not contact us."},
            {"application.posting_text": "Only shortlisted candidates will be contacted."},
        ],
    ),
    "no-calls-email-is-fine": (
        [
            {"application.posting_text": "Great team, good pay.\nNo phone calls, please."},
            {"application.posting_text": "No calls or walk-ins."},
            {"application.posting_text": "Please do not contact us by phone."},
        ],
        [
            {},
            {"application.posting_text": "No phone calls or emails, please."},
            {"application.posting_text": "No calls from recruiters."},
            {"application.posting_text": "No phone calls.", "interview.no_contact_requested": True},
        ],
    ),
    "posting-line-not-for-candidates": (
        [
            {"application.posting_text": "Recruitment agencies: please do not contact us."},
            {"application.posting_text": "No calls from recruiters."},
            {"application.posting_text": "Only shortlisted candidates will be contacted."},
        ],
        [
            {},
            {"application.posting_text": "No phone calls, please."},
            {
                "application.posting_text": "Agencies: no calls. Candidates: please do not follow up."
            },
        ],
    ),
    "not-interested": ([{"interview.want_role": False}], [{}]),
    "status-check-already-sent": (
        [
            {
                "now": "2026-12-10T10:00:00-05:00",
                "sent": [
                    *THANKED["sent"],
                    sent("status_check", PRIYA, "2026-12-09T09:00:00-05:00"),
                ],
            }
        ],
        [THANKED],
    ),
    "follow-up-cap-reached": (
        [
            {
                "now": "2026-12-09T10:00:00-05:00",
                "sent": [
                    sent("value_add", PRIYA, "2026-12-02T10:00:00-05:00"),
                    sent("value_add", PRIYA, "2026-12-08T10:00:00-05:00"),
                ],
            }
        ],
        [{"sent": [sent("value_add", PRIYA, "2026-12-02T10:00:00-05:00")]}],
    ),
    "formal-interview-thank-you": (
        [
            {},
            {"interview.kind": "onsite"},
            {"interview.kind": "panel"},
            {"interview.kind": "final_round"},
        ],
        [{"interview.kind": "phone_screen"}, THANKED, NO_EMAIL_LINKEDIN],
    ),
    "screen-call-short-email": (
        [{"interview.kind": "phone_screen"}, {"interview.kind": "recruiter_call"}],
        [{}, {"interview.kind": "informal"}],
    ),
    "panel-distinct-notes": (
        [{**TWO_PEOPLE, "interview.kind": "panel"}, TWO_PEOPLE],
        [
            {},
            {**TWO_PEOPLE, "application.region": "GB"},
            {**TWO_PEOPLE, "application.sector": "academic"},
        ],
    ),
    "panel-one-note-to-lead": (
        [
            {**TWO_PEOPLE, "application.region": "GB"},
            {**TWO_PEOPLE, "application.sector": "academic"},
        ],
        [TWO_PEOPLE, {"application.region": "GB"}],
    ),
    "no-address-for-interviewer": (
        [{"interviewers": [{"name": "Dr. Priya Nair"}]}, {"interviewers": []}],
        [{}, NO_EMAIL_LINKEDIN, {"interviewers": [], "interview.kind": "informal"}],
    ),
    "already-thanked": (
        [THANKED, {"sent": [sent("thank_you", "Priya Nair", "2026-12-01T12:30:00-05:00")]}],
        [{}, {"sent": [sent("thank_you", "Someone Else", "2026-12-01T12:30:00-05:00")]}],
    ),
    "no-second-message-within-hours": (
        [{"sent": [sent("thank_you", PRIYA, "2026-12-01T12:30:00-05:00")]}],
        [{}, {**THANKED, "now": "2026-12-04T11:00:00-05:00"}],
    ),
    "generic-late-thank-you-skip": (
        [{**LATE_72H, "interview.notes": []}],
        [{"interview.notes": []}, LATE_72H, {**LATE_72H, "interview.notes": [], **THANKED}],
    ),
    "late-but-specific": (
        [LATE_72H],
        [{}, {"now": "2026-12-11T11:00:00-05:00"}, {**LATE_72H, **THANKED}],
    ),
    "very-late-thank-you": (
        [{"now": "2026-12-11T11:00:00-05:00"}],
        [LATE_72H, {"now": "2026-12-11T11:00:00-05:00", "interview.notes": []}],
    ),
    "generic-needs-specifics": (
        [{"interview.notes": []}],
        [{}, {"interview.notes": [], "interviewers.0.notes": ["Asked about on-call"]}],
    ),
    "deadline-on-a-day-off": (
        [
            {
                "interview.started_at": "2026-12-04T10:00:00-05:00",
                "interview.ended_at": "2026-12-04T11:00:00-05:00",
                "now": "2026-12-04T14:00:00-05:00",
            },
            {
                "interview.started_at": "2026-11-25T10:00:00-05:00",
                "interview.ended_at": "2026-11-25T11:00:00-05:00",
                "now": "2026-11-25T14:00:00-05:00",
            },
        ],
        [{}],
    ),
    "time-zone-assumed": (
        [
            {"candidate.timezone": None},
            {"candidate.timezone": None, "interviewers.0.timezone": "America/Chicago"},
            {"candidate.timezone": None, "application.region": None},
        ],
        [{}, {"interviewers.0.timezone": "America/Chicago"}],
    ),
    "decision-imminent": (
        [{"interview.decision_expected_by": "2026-12-02"}],
        [{"interview.decision_expected_by": "2026-12-18"}, {}],
    ),
    "value-add-in-thank-you": (
        [{"interview.to_add": [{"kind": "work_sample", "text": "Case study"}]}],
        [{}, {"interview.to_add": [{"kind": "work_sample", "text": "Case study"}], **THANKED}],
    ),
    "value-add-follow-up": (
        [{"interview.to_add": [{"kind": "clarification", "text": "My SQL answer"}], **THANKED}],
        [
            {"interview.to_add": [{"kind": "clarification", "text": "My SQL answer"}]},
            {
                "interview.to_add": [{"kind": "clarification", "text": "My SQL answer"}],
                "now": "2026-12-03T10:00:00-05:00",
                "sent": [*THANKED["sent"], sent("value_add", PRIYA, "2026-12-02T15:00:00-05:00")],
            },
        ],
    ),
    "status-check-after-timeline": (
        [{"interview.decision_expected_by": "2026-12-11"}],
        [
            {},
            {"interview.decision_expected_by": "2026-12-11", "interviewers": []},
            {
                "interview.decision_expected_by": "2026-12-11",
                "replies": [reply("next_round", "2026-12-01T13:00:00-05:00")],
            },
        ],
    ),
    "employer-replied": (
        [{"replies": [reply("other", "2026-12-01T13:00:00-05:00")]}],
        [{}, {"replies": [reply("other", "2026-12-02T13:00:00-05:00")]}],
    ),
    "status-check-default-week": (
        [{}],
        [
            {"interview.decision_expected_by": "2026-12-11"},
            {"application.sector": "government"},
            {"interview.kind": "informal"},
            {"replies": [reply("other", "2026-12-01T13:00:00-05:00")]},
        ],
    ),
    "status-check-slow-sector": (
        [{"application.sector": "government"}, {"application.sector": "academic"}],
        [{}, {"application.sector": "government", "interview.decision_expected_by": "2027-01-15"}],
    ),
    "no-checking-in-before-timeline": (
        [{"interview.decision_expected_by": "2026-12-11"}],
        [
            {},
            {
                "interview.decision_expected_by": "2026-12-11",
                "now": "2026-12-16T10:00:00-05:00",
                **THANKED,
            },
        ],
    ),
    "informal-no-email": ([{"interview.kind": "informal"}], [{}]),
    "linkedin-when-informal": (
        [{**NO_EMAIL_LINKEDIN, "interview.kind": "informal"}],
        [
            {"interview.kind": "informal"},
            {
                **NO_EMAIL_LINKEDIN,
                "interview.kind": "informal",
                "sent": [sent("linkedin_note", "Tom Gagnon", "2026-12-01T12:30:00-05:00")],
            },
        ],
    ),
    "linkedin-when-no-address": (
        [NO_EMAIL_LINKEDIN],
        [{}, {**NO_EMAIL_LINKEDIN, "interview.kind": "informal"}],
    ),
    "linkedin-after-screen": (
        [{**NO_EMAIL_LINKEDIN, "interview.kind": "phone_screen"}],
        [{"interview.kind": "phone_screen"}, NO_EMAIL_LINKEDIN],
    ),
    "handwritten-note-in-time": (
        [{**WITH_POSTAL, "interview.decision_expected_by": "2026-12-18"}],
        [
            {**WITH_POSTAL, "interview.decision_expected_by": "2026-12-03"},
            {
                **WITH_POSTAL,
                "interview.decision_expected_by": "2026-12-18",
                "application.sector": "government",
            },
            {
                **WITH_POSTAL,
                "interview.decision_expected_by": "2026-12-18",
                "interview.kind": "phone_screen",
            },
            {},
        ],
    ),
    "handwritten-too-slow": (
        [{**WITH_POSTAL, "interview.decision_expected_by": "2026-12-03"}],
        [{**WITH_POSTAL, "interview.decision_expected_by": "2026-12-18"}, {}],
    ),
    "no-mail-to-government": (
        [{**WITH_POSTAL, "application.sector": "government"}],
        [WITH_POSTAL, {"application.sector": "government"}],
    ),
    "rejected-no-follow-up": (
        [{"replies": [reply("rejected", "2026-12-01T13:00:00-05:00")]}],
        [{}, {"replies": [reply("other", "2026-12-01T13:00:00-05:00")]}],
    ),
    "offer-received": (
        [{"replies": [reply("offer", "2026-12-01T13:00:00-05:00")]}],
        [
            {},
            {"replies": [reply("next_round", "2026-12-01T13:00:00-05:00")]},
            # the latest reply decides: an offer later withdrawn as a rejection
            {
                "replies": [
                    reply("offer", "2026-12-01T12:00:00-05:00"),
                    reply("rejected", "2026-12-01T13:00:00-05:00"),
                ]
            },
        ],
    ),
    "employer-gave-new-date": (
        [{"replies": [reply("decision_update", "2026-12-01T13:00:00-05:00", "2026-12-18")]}],
        [
            {},
            {"replies": [reply("other", "2026-12-01T13:00:00-05:00")]},
            {"replies": [reply("decision_update", "2026-12-01T13:00:00-05:00")]},
        ],
    ),
    "follow-up-window-passed": (
        [{"now": "2027-02-26T10:00:00-05:00"}, {"now": "2027-01-04T10:00:00-05:00", **THANKED}],
        [
            {},
            {"now": "2026-12-11T10:00:00-05:00"},
            {"now": "2027-02-26T10:00:00-05:00", "interview.decision_expected_by": "2027-03-01"},
        ],
    ),
    "one-message-a-week": (
        [{"now": "2026-12-11T10:00:00-05:00"}],
        [
            {},
            {"now": "2026-12-11T10:00:00-05:00", **THANKED},
            LATE_72H,
            {
                "now": "2026-12-11T10:00:00-05:00",
                "replies": [reply("next_round", "2026-12-04T13:00:00-05:00")],
            },
        ],
    ),
    "coach-or-recruiter": (
        [{"interview.high_stakes": True}, {"interview.unsure_of_etiquette": True}],
        [{}],
    ),
}
