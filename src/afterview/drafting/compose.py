"""Fill a template for one action: salutation, specifics from the notes, sign-off."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from afterview.advice import Action
from afterview.drafting.phrases import refer_to
from afterview.record import Interviewer, InterviewKind, Situation
from afterview.wording import join, relative_day

VARIANTS = {
    "thank_you": 3,
    "value_add": 2,
    "status_check": 2,
    "linkedin_note": 2,
    "handwritten_note": 2,
}
SUBJECTS = {
    "thank_you": "Thank you – {role} interview",
    "value_add": "Following up on our conversation – {role}",
    "status_check": "Re: {role} interview",
}
FORMAL_SECTORS = {"academic", "government"}
FORMAL_REGIONS = {"GB", "IE"}


@dataclass(frozen=True)
class MessageDraft:
    """A drafted message and when to send it."""

    kind: str
    to: str
    address: str | None
    subject: str | None
    body: str
    send_after: datetime
    send_before: datetime

    def to_dict(self) -> dict[str, Any]:
        """The Contract 3 form of the draft."""
        return {
            "kind": self.kind,
            "to": self.to,
            "address": self.address,
            "subject": self.subject,
            "body": self.body,
            "send_after": self.send_after.isoformat(),
            "send_before": self.send_before.isoformat(),
        }

    def as_text(self) -> str:
        """The draft as a plain-text file afterview check reads: To: and Subject: lines first."""
        head = ""
        if self.address and "@" in self.address:
            head += f"To: {self.address}\n"
        if self.subject:
            head += f"Subject: {self.subject}\n"
        return (head + "\n" if head else "") + self.body


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("afterview.drafting", "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        autoescape=False,  # plain-text email, never HTML
    )
    env.filters["capitalize_first"] = lambda s: s[:1].upper() + s[1:]
    return env


def compose(
    situation: Situation, action: Action, index: int = 0, others: list[str] | None = None
) -> MessageDraft:
    """The draft for one action; ``index`` (the recipient's place) varies the template, and a
    thank-you to the lead passes thanks on to ``others`` met who get no note of their own."""
    person = next((iv for iv in situation.interviewers if iv.name == action.to), None)
    kind = action.kind
    template = _template_name(situation, kind, person, index)
    context = _context(situation, action, person)
    context["others"] = join(others) if others and kind == "thank_you" else ""
    body = _render(template, context)
    if kind == "linkedin_note":
        body = _fit_linkedin(situation, action, person, template, body)
    subject = SUBJECTS.get(kind)
    return MessageDraft(
        kind=kind,
        to=action.to,
        address=action.address,
        subject=subject.format(role=situation.application.role) if subject else None,
        body=body,
        send_after=action.not_before,
        send_before=action.not_after,
    )


def _template_name(situation: Situation, kind: str, person: Interviewer | None, index: int) -> str:
    if kind == "thank_you" and situation.interview.kind in (
        InterviewKind.phone_screen,
        InterviewKind.recruiter_call,
    ):
        return "thank_you-screen.txt.j2"
    seed = f"{situation.application.company}|{situation.application.role}|{kind}"
    base = int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16)
    return f"{kind}-{(base + index) % VARIANTS[kind] + 1}.txt.j2"


def _render(template: str, context: dict[str, Any]) -> str:
    text = _environment().get_template(template).render(**context)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


def salutation(situation: Situation, person: Interviewer | None) -> str:
    """'Dear Dr. Nair,' for a doctor or professor, or where the sector or region is formal;
    'Dear Priya,' otherwise — mirroring how they introduced themselves (GUIDANCE §3)."""
    if person is None:
        return "Dear Hiring Team,"
    from afterview.checks.context import HONORIFICS, PersonName
    from afterview.regions import country_of

    name = PersonName.parse(person.name)
    country = country_of(situation.application.region)  # GB for GB-ENG
    formal = situation.application.sector in FORMAL_SECTORS or country in FORMAL_REGIONS
    if name.honorific and name.last and (name.honorific in ("dr", "prof") or formal):
        honorific = HONORIFICS[name.honorific]
        if country in FORMAL_REGIONS:
            honorific = honorific.rstrip(".")  # British usage: "Ms Dawson", "Dr Nair"
        return f"Dear {honorific} {name.last},"
    if formal and name.first and name.last:
        return f"Dear {name.first} {name.last},"
    return f"Dear {name.first or person.name},"


def _context(situation: Situation, action: Action, person: Interviewer | None) -> dict[str, Any]:
    interview = situation.interview
    notes = list(person.notes) if person else []
    general = list(interview.notes)
    first_note = (notes or general or [f"the {situation.application.role} role"])[0]
    second_note = general[0] if notes and general and general[0] != first_note else None
    specific = (
        refer_to(first_note)
        if (notes or general)
        else f"our conversation about the {situation.application.role} role"
    )
    candidate = situation.candidate
    sign = ["Best regards," if len(action.to) % 2 else "Kind regards,", candidate.name]
    if candidate.phone:
        sign.append(candidate.phone)
    sign.append(candidate.email)
    to_add = list(interview.to_add) if action.kind in ("thank_you", "value_add") else []
    item = to_add[0] if to_add else None
    when = _when(situation, action)
    return {
        "greeting": salutation(situation, person),
        "first_name": _first_name(person) if person else "there",
        "role": situation.application.role,
        "company": situation.application.company,
        "specific": specific,
        "second": refer_to(second_note) if second_note else None,
        "short_specific": specific,
        "when": when,
        "to_add": bool(item),
        "to_add_text": _lower_first(item.text) if item else "",
        "to_add_url": item.url if item else None,
        "to_add_sentence": _to_add_sentence(item) if item else "",
        "sign_off": "\n".join(sign),
        "candidate": candidate.name,
    }


def _first_name(person: Interviewer) -> str:
    from afterview.checks.context import PersonName

    return PersonName.parse(person.name).first or person.name


def _when(situation: Situation, action: Action) -> str:
    """'today', 'yesterday', 'on Tuesday': the interview day as seen from the send window."""
    interview_day = situation.interview.end.astimezone(action.not_before.tzinfo).date()
    words = relative_day(interview_day, action.not_before.date())
    return "this week" if words.startswith("on ") and "Dec" in words else words


def _to_add_sentence(item: Any) -> str:
    link = f" ({item.url})" if item.url else ""
    return f"Here is something relevant to our conversation: {item.text}{link}."


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first.isupper() or any(c.isupper() for c in first[1:]):
        return text
    return text[:1].lower() + text[1:]


def _fit_linkedin(
    situation: Situation, action: Action, person: Interviewer | None, template: str, body: str
) -> str:
    """Keep a connection note within LinkedIn's limit: shorten the reference if needed."""
    limit = 300 if situation.candidate.linkedin_premium else 200
    context = _context(situation, action, person)
    for short in (
        context["specific"],
        f"our conversation about the {situation.application.role} role",
        "our conversation",
    ):
        context["short_specific"] = short
        body = _render(template, context)
        if len(body.rstrip()) <= limit:
            return body
    return body
