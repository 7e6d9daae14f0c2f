"""The ways postings ask for no contact, and the ways they merely give a contact address."""

from __future__ import annotations

import pytest

from afterview.advice.nocontact import find_no_contact

ASKS_FOR_NO_CONTACT = [
    "No phone calls, please.",
    "No calls or emails please.",
    "NO TELEPHONE CALLS.",
    "Please do not contact the hiring manager directly.",
    "Do not call. We will be in touch with shortlisted candidates.",
    "Due to the volume of applications, please do not contact us for updates.",
    "Kindly don't email the recruiters.",
    "Please don’t follow up on your application.",
    "Please refrain from contacting the interview panel.",
    "We ask that applicants not contact the office.",
    "We request that candidates do not call or email.",
    "Inquiries will not be answered.",
    "Follow-up calls will not be returned.",
    "Status inquiries are not accepted.",
    "Unsolicited follow-up emails are not welcome.",
    "Contacting the hiring manager directly will result in disqualification.",
    "No follow-up emails.",
    "No follow ups please!",
    "There is no need to follow up; we will contact you.",
    "Apply online.\nDo not contact the school directly.",
    "• Please do not reach out to staff about this posting",
    "Calls not accepted.",
]

MERELY_GIVES_CONTACT = [
    "Questions? Contact careers@northwind.example.",
    "Do not hesitate to contact us with any questions.",
    "Please email your CV to jobs@harbour.example.",
    "Do not email your resume; apply through the portal.",
    "We do not call references without your consent.",
    "Experience with call center software is a plus.",
    "No call centre experience required.",
    "No email address is needed to apply.",
    "Only shortlisted candidates will be contacted.",
    "Reach out to Jane on LinkedIn if you have questions.",
    "Feel free to follow up with the recruiter after your interview.",
    "",
]


@pytest.mark.parametrize("text", ASKS_FOR_NO_CONTACT)
def test_detects_no_contact(text: str) -> None:
    assert find_no_contact(text), f"False negative against {text!r}"


@pytest.mark.parametrize("text", MERELY_GIVES_CONTACT)
def test_ignores_contact_details(text: str) -> None:
    assert find_no_contact(text) is None, f"False positive against {text!r}"


def test_reports_the_sentence_that_asked() -> None:
    posting = "We are hiring.\nPlease do not contact the hiring team. Thanks!"
    assert find_no_contact(posting) == "Please do not contact the hiring team"
