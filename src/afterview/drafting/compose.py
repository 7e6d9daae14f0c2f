"""Build one message from sentences whose slots have a known grammar (templates/parts.toml).

A message is a choice of parts — opening, how the specifics are framed, interest, closing,
paragraph order, sign-off — made per recipient (``Style``), so that the notes to a panel differ
in structure as well as in substance. The specifics come from :mod:`afterview.drafting.notes`:
a recorded topic, or a note whose shape was recognised; a note that was not is never pasted.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from afterview.advice import Action
from afterview.drafting.notes import Reading, make_reading
from afterview.drafting.salutation import address, greeting
from afterview.record import InterviewKind, Situation, ToAdd

SUBJECTS = {
    "thank_you": "Thank you – {role} interview",
    "value_add": "Following up on our conversation – {role}",
}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class MessageDraft:
    """A drafted message and when to send it.

    ``needs_topic``: the draft refers to nothing specific from the interview, because no topic
    is recorded for the person and no note of theirs could be used; ``hints`` say what to add.
    """

    kind: str
    to: str
    address: str | None
    subject: str | None
    body: str
    send_after: datetime
    send_before: datetime
    needs_topic: bool = False
    hints: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The Contract 3 form of the draft (``needs_topic`` and ``hints`` are additions)."""
        return {
            "kind": self.kind,
            "to": self.to,
            "address": self.address,
            "subject": self.subject,
            "body": self.body,
            "send_after": self.send_after.isoformat(),
            "send_before": self.send_before.isoformat(),
            "needs_topic": self.needs_topic,
            "hints": list(self.hints),
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
def parts() -> dict[str, Any]:
    """templates/parts.toml, parsed."""
    text = resources.files("afterview.drafting").joinpath("templates/parts.toml").read_text("utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class Style:
    """Which variant of each part one message uses (indices wrap round each list)."""

    opening: int = 0
    frame: int = 0
    interest: int = 0
    closing: int = 0
    order: int = 0
    signoff: int = 0
    variant: int = 0  # for the short kinds (status check, LinkedIn, handwritten, value-add)
    # The notes of the same kind written earlier in the panel's order: a sentence found in
    # them is not chosen again while another variant is free, so that no two notes of one
    # panel share an opening, a closing or any other sentence.
    taken: str = ""

    @classmethod
    def for_person(cls, base: int, index: int, shift: int = 0) -> Style:
        """Person ``index``'s style: each slot steps by a different odd stride, so that among
        eight people no two share an opening, an interest or a closing sentence. ``shift``
        (to part two notes that came out too alike) moves each slot by a different step, so
        that successive shifts try new combinations; the sign-off stays."""
        return cls(
            opening=base + index + shift,
            frame=base + 3 * index + shift,
            interest=base + 5 * index + 3 * shift,
            closing=base + 7 * index + 2 * shift,
            order=base + index + shift,
            signoff=base + 3 * index,
            variant=base + index + shift,
        )


@dataclass
class Material:
    """What one message may say: readings, material to add, people to thank through them."""

    readings: list[Reading] = field(default_factory=list)
    to_add: ToAdd | None = None
    others: list[str] = field(default_factory=list)


def compose(
    situation: Situation,
    action: Action,
    material: Material,
    style: Style,
) -> tuple[str | None, str]:
    """(subject, body) of the message for ``action``."""
    person = next((iv for iv in situation.interviewers if iv.name == action.to), None)
    kind = action.kind
    role = situation.application.role
    company = with_article(situation.application.company)
    values = {
        "role": role,
        "company": company,
        "team": team_words(situation),
        "group": group_words(situation),
        "when": "" if kind == "handwritten_note" else when_words(situation, action),
    }
    if kind == "thank_you":
        body = _thank_you(situation, material, style, values)
    elif kind == "value_add":
        body = _value_add(material, style, values)
    elif kind == "status_check":
        body = _status_check(situation, action, style, values)
        if not _thanked(situation, action):
            # A late thank-you folded into the status check (one message a week): it thanks
            # them for the conversation, with what was specific, before it asks.
            thanks = parts()["thank_you"]
            opening = _fill(_pick(thanks["openings"], style.opening), values)
            found = specifics(material.readings, style, values)[:1]
            body = " ".join([opening, *found]) + "\n\n" + body
    elif kind == "linkedin_note":
        return None, _linkedin(situation, person, material, style, values)
    elif kind == "handwritten_note":
        body = _handwritten(situation, material, style, values)
    else:  # pragma: no cover - the advice knows no other kind
        raise ValueError(f"unknown message kind {kind!r}")
    salute = greeting(situation, person)
    text = salute + "\n\n" + body.strip() + "\n\n" + _signature(situation, kind, style) + "\n"
    return subject(situation, action), text


def subject(situation: Situation, action: Action) -> str | None:
    """The subject line: "Re:" only when the message answers one sent to the same person."""
    role = situation.application.role
    if action.kind == "status_check":
        if _thanked_by_email(situation, action):
            return "Re: " + SUBJECTS["thank_you"].format(role=role)
        return f"Following up: {role} interview"
    template = SUBJECTS.get(action.kind)
    return template.format(role=role) if template else None


def _thanked(situation: Situation, action: Action) -> bool:
    """Any thank-you (email, LinkedIn or card) already went to this person."""
    from afterview.advice.facts import name_key, sent_to

    key = name_key(action.to)
    return any(
        s.kind in ("thank_you", "linkedin_note", "handwritten_note")
        and sent_to(key, action.address, s)
        for s in situation.sent
    )


def _thanked_by_email(situation: Situation, action: Action) -> bool:
    """A thank-you was emailed to this person (by address or name): a status check can answer
    it, in its thread ("Re:")."""
    from afterview.advice.facts import name_key, sent_to

    key = name_key(action.to)
    return bool(action.address) and any(
        s.kind == "thank_you" and sent_to(key, action.address, s) for s in situation.sent
    )


# An organisation named by what it is takes "the": "at the University of Galway", "at the
# Scottish Public Pensions Agency"; a brand does not: "at Ontario Power Generation".
_THE_FIRST = frozenset(
    [
        "university",
        "college",
        "department",
        "ministry",
        "office",
        "bank",
        "national",
        "federal",
        "european",
        "scottish",
        "public",
        "royal",
        "state",
        "central",
        "regional",
        "british",
        "american",
        "canadian",
        "australian",
        "irish",
        "welsh",
        "international",
        "city",
        "county",
        "borough",
    ]
)
_THE_LAST = frozenset(
    [
        "agency",
        "authority",
        "commission",
        "service",
        "services",
        "institute",
        "museum",
        "library",
        "board",
        "executive",
        "ombudsman",
        "inspectorate",
        "directorate",
    ]
)


def with_article(company: str) -> str:
    """The company as it reads after "at": with "the" where English puts one."""
    words = company.split()
    if not words or words[0].lower() == "the":
        return company
    first, last = words[0].lower(), words[-1].lower().strip(".,")
    if (
        (len(words) > 2 and words[1].lower() == "of")
        or (first in _THE_FIRST and (last in _THE_LAST or (len(words) > 2 and "of" in words)))
        or (first in _THE_FIRST and first in ("university", "department", "ministry", "office"))
    ):
        return "the " + company
    return company


def team_words(situation: Situation) -> str:
    """The people the candidate would join, in words that fit the sector."""
    sector = situation.application.sector
    if sector == "academic":
        return "the department"
    if sector == "government":
        return "the team"
    return "your team"


def group_words(situation: Situation) -> str:
    """Who decides: "the team", "the committee" (academic), "the panel" (government)."""
    return {"academic": "the committee", "government": "the panel"}.get(
        situation.application.sector, "the team"
    )


def when_words(situation: Situation, action: Action) -> str:
    """ " today", " yesterday", " on Tuesday" — true wherever in the send window the message
    goes out, in the recipient's zone — or "" when no such word is true for the whole window."""
    zone = action.not_before.tzinfo
    day = situation.interview.end.astimezone(zone).date()
    first = action.not_before.astimezone(zone).date()
    last = action.not_after.astimezone(zone).date()
    gaps = {(first - day).days, (last - day).days}
    if gaps == {0}:
        return " today"
    if gaps == {1}:
        return " yesterday"
    if len(gaps) == 1 and 2 <= min(gaps) <= 5:
        return f" on {day:%A}"
    return ""


def long_date(d: date, region: str | None, today: date | None = None) -> str:
    """ "December 4" (US) or "4 December", with the year when it is not ``today``'s."""
    month = _MONTHS[d.month - 1]
    text = f"{month} {d.day}" if (region or "US")[:2] in ("US", "CA", "PH") else f"{d.day} {month}"
    if today is not None and d.year != today.year:
        text += f", {d.year}" if text[0].isalpha() else f" {d.year}"
    return text


def _fill(text: str, values: dict[str, str], reading: Reading | None = None) -> str:
    data = dict(values)
    if reading is not None:
        data.update(
            np=reading.np,
            Np=reading.np[:1].upper() + reading.np[1:],
            thanks=reading.thanks,
            gerund=reading.gerund,
        )
    # A value that ends in its own period ("Redwood Ledger Inc.", "Acme Co.") at the end of a
    # sentence: one period, not two (an ellipsis is left as it is).
    return _ONE_PERIOD.sub(".", text.format(**data))


_ONE_PERIOD = re.compile(r"(?<=\w)\.\.(?!\.)")


def _pick(items: list[Any], index: int, avoid: frozenset[str] = frozenset()) -> Any:
    """The ``index``-th item (wrapping), or the next one that uses none of the words in
    ``avoid`` (so that "the conversation" does not open a letter whose specifics are "our
    conversation about ...")."""
    for step in range(len(items)):
        item = items[(index + step) % len(items)]
        if not avoid or not (set(re.findall(r"[a-z]+", str(item).lower())) & avoid):
            return item
    return items[index % len(items)]


LONGEST_SHARED = 6  # words of a template's own text two notes of one panel may both say


def _take(
    items: list[Any],
    index: int,
    style: Style,
    fill: Any,
    avoid: frozenset[str] = frozenset(),
    spare: list[Any] | None = None,
) -> Any:
    """Like :func:`_pick`, and also passing over an item whose sentence (``fill(item)``)
    another note of the panel already says (``style.taken``): first an item free on both
    counts, then one the panel has not used (a repeated head noun is a matter of style, a
    sentence two interviewers both read is a copy), then :func:`_pick`'s choice. An item is
    used when its sentence, or a stretch of its own words longer than ``LONGEST_SHARED``
    ("it gave me a clearer picture of what the job involves"), is in another note."""
    if not style.taken:
        return _pick(items, index, avoid)
    ordered = [items[(index + step) % len(items)] for step in range(len(items))]
    if spare:  # only when every item is in another note already (see parts.toml)
        ordered += [spare[(index + step) % len(spare)] for step in range(len(spare))]

    def free(item: Any) -> bool:
        template = item if isinstance(item, str) else item["text"]
        fixed = [f.strip(" ;,.") for f in re.split(r"\{\w+\}", template)]
        return fill(item) not in style.taken and not any(
            f in style.taken for f in fixed if len(f.split()) > LONGEST_SHARED
        )

    def plain(item: Any) -> bool:
        return not avoid or not (set(re.findall(r"[a-z]+", str(item).lower())) & avoid)

    for item in ordered:
        if free(item) and plain(item):
            return item
    for item in ordered:
        if free(item):
            return item
    return _pick(items, index, avoid)


def _said(style: Style, values: dict[str, str], reading: Reading | None = None) -> Any:
    """``fill`` for :func:`_take`: the sentence a plain template item makes."""
    return lambda item: _fill(item, values, reading)


HEAD_NOUNS = frozenset(
    {"conversation", "question", "questions", "chance", "walkthrough", "tour", "glad", "keener"}
)


def _used(sentence: str, values: dict[str, str] | None = None) -> frozenset[str]:
    """The head nouns a chosen sentence already uses, for the next ones to avoid ("company"
    when it names the company: the next sentence should not name it again)."""
    used = frozenset(re.findall(r"[a-z]+", sentence.lower())) & HEAD_NOUNS
    if values and values.get("company") and values["company"] in sentence:
        used |= {"company"}
    return used


def _avoid(readings: list[Reading]) -> frozenset[str]:
    """The head nouns the specifics use, which the other sentences should not repeat."""
    words: set[str] = set()
    for reading in readings[:2]:
        words |= set(re.findall(r"[a-z]+", reading.lead_in.lower())) & HEAD_NOUNS
    return frozenset(words)


def _frames(section: str, head: str) -> list[dict[str, Any]]:
    return [f for f in parts()[section] if head in f["heads"]]


def specifics(readings: list[Reading], style: Style, values: dict[str, str]) -> list[str]:
    """One or two sentences about what was discussed; never the same lead-in twice."""
    if not readings:
        return []
    first = readings[0]
    rest = [r for r in readings[1:] if r.np != first.np]
    if rest and rest[0].head == first.head and first.head not in ("activity",):
        # Same lead-in: one phrase about both ("our conversation about X and Y").
        joined = f"{first.phrase} and {rest[0].phrase}"
        first = make_reading(first.head, joined, first.source)
        rest = rest[1:]

    def said(frame: dict[str, Any]) -> str:
        gerund = frame.get("gerund") and first.gerund and first.head in ("activity", "shared")
        return _fill(frame["gerund"] if gerund else frame["text"], values, first)

    frame = _take(_frames("frame", first.head), style.frame, style, said)
    text = said(frame)
    out = [text]
    if rest and rest[0].lead_in != first.lead_in:
        thanked = frozenset({"thank", "thanks"}) if "Thank" in text else frozenset()
        seconds = _frames("second", rest[0].head)
        second = _take(
            seconds, style.frame + 1, style, lambda f: _fill(f["text"], values, rest[0]), thanked
        )
        sentence = _fill(second["text"], values, rest[0])
        if sentence not in style.taken:  # every way of saying it is in another note: leave it
            out.append(sentence)
    return out


def _screen(situation: Situation) -> bool:
    return situation.interview.kind in (InterviewKind.phone_screen, InterviewKind.recruiter_call)


def _thank_you(
    situation: Situation, material: Material, style: Style, values: dict[str, str]
) -> str:
    p = parts()["thank_you"]
    screen = _screen(situation)
    avoid = _avoid(material.readings)
    said = _said(style, values)
    openings = p["screen_openings" if screen else "openings"]
    spare = p["screen_openings_spare"] if screen else None
    opening = _fill(_take(openings, style.opening, style, said, avoid, spare), values)
    avoid |= _used(opening, values)
    found = specifics(material.readings, style, values)
    if not found and not screen:
        found = [_take(p["no_specifics"], style.frame, style, said)]
    if screen:
        interest = _fill(_take(p["interest"], style.interest, style, said, avoid), values)
        avoid |= _used(interest)
        closings = p["screen_closings"]
        spare = p["screen_closings_spare"]
        closing = _fill(_take(closings, style.closing, style, said, avoid, spare), values)
        return " ".join([opening, *found[:1]]) + "\n\n" + interest + " " + closing
    interest = _fill(_take(p["interest"], style.interest, style, said, avoid), values)
    avoid |= _used(interest)
    pieces = {
        "opening": [opening],
        "specific": found,
        "interest": [interest],
        "closing": [_fill(_take(p["closings"], style.closing, style, said, avoid), values)],
    }
    extras = []
    if material.others:
        extras.append(_pick(p["pass_on"], style.variant).format(others=_join(material.others)))
    if material.to_add is not None:
        extras.append(_to_add_paragraph(material.to_add, parts()["to_add"][material.to_add.kind]))
    paragraphs = []
    for paragraph in _pick(p["orders"], style.order):
        if paragraph == ["extras"]:
            paragraphs += extras
            continue
        sentences = [s for name in paragraph for s in pieces[name]]
        if sentences:
            paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def _to_add_paragraph(item: ToAdd, lead: str) -> str:
    text = _title(item.text) if lead.endswith(":") else _sentence(item.text)
    body = f"{lead} {text}"
    if item.url:
        body += f"\n{item.url}"
    return body


def _sentence(text: str) -> str:
    """``text`` as a sentence: a capital first letter and a full stop."""
    text = " ".join(text.split())
    text = text[:1].upper() + text[1:]
    return text if text[-1:] in ".!?" else text + "."


def _title(text: str) -> str:
    """``text`` after a colon: as written, ending with a full stop."""
    text = " ".join(text.split()).rstrip(".")
    return text + "."


def _value_add(material: Material, style: Style, values: dict[str, str]) -> str:
    p = parts()["value_add"]
    item = material.to_add
    if item is None:  # pragma: no cover - the advice proposes a value-add only with material
        return _fill(
            "I wanted to thank you again for our conversation about the {role} role.", values
        )
    lead = _fill(_pick(p[item.kind], style.variant), values)
    if lead.endswith(":"):
        first = f"{lead} {_title(item.text)}"
    else:
        first = f"{lead} {_sentence(item.text)}"
    if item.url:
        first += f"\n{item.url}"
    return first + "\n\n" + _fill(_pick(p["offers"], style.variant), values)


def _status_check(
    situation: Situation, action: Action, style: Style, values: dict[str, str]
) -> str:
    p = parts()["status_check"]
    given = situation.interview.decision_expected_by
    data = dict(values)
    if given is not None:
        data["date"] = long_date(given, situation.application.region, action.not_before.date())
        ask = _pick(p["with_date"], style.variant)
    else:
        ask = _pick(p["without_date"], style.variant)
    first = " ".join(
        [
            _pick(p["openings"], style.variant),
            _fill(ask, data),
            _pick(p["interest"], style.variant),
        ]
    )
    return first + "\n\n" + _pick(p["closings"], style.variant)


def _linkedin(
    situation: Situation,
    person: Any,
    material: Material,
    style: Style,
    values: dict[str, str],
) -> str:
    p = parts()["linkedin_note"]
    limit = 300 if situation.candidate.linkedin_premium else 200
    name = address(situation, person).name if person is not None else ""
    hello = f"Hello {name}, " if name else "Hello, "
    sign = f" – {situation.candidate.name}"
    closing = _take(p["closings"], style.closing, style, str)
    firsts = []
    if material.readings:
        reading = material.readings[0]
        fits = [
            t
            for t in p["with_reading"]
            if (reading.thanks or "{thanks}" not in t)
            and not (reading.head == "activity" and "{np} gave" in t)
        ]
        firsts.append(
            _fill(_take(fits, style.opening, style, _said(style, values, reading)), values, reading)
        )
    without = _take(p["without_reading"], style.opening, style, _said(style, values))
    firsts.append(_fill(without, values))
    firsts.append(_fill(without, {**values, "when": ""}))
    for first in firsts:
        first = first if first.startswith("I ") else first[:1].lower() + first[1:]
        text = f"{hello}{first} {closing}{sign}"
        if len(text) <= limit:
            return text + "\n"
    return text + "\n"


def _handwritten(
    situation: Situation, material: Material, style: Style, values: dict[str, str]
) -> str:
    p = parts()["thank_you"]
    avoid = _avoid(material.readings)
    said = _said(style, values)
    opening = _fill(_take(p["openings"], style.opening, style, said, avoid), values)
    found = specifics(material.readings[:1], style, values)
    interest = _fill(_take(p["interest"], style.interest, style, said, avoid), values)
    return " ".join([opening, *found, interest])


def _signature(situation: Situation, kind: str, style: Style) -> str:
    candidate = situation.candidate
    if kind == "handwritten_note":
        return _pick(parts()["handwritten_note"]["signoffs"], style.variant) + "\n" + candidate.name
    lines = [_pick(parts()["thank_you"]["signoffs"], style.signoff), candidate.name]
    if candidate.phone:
        lines.append(candidate.phone)
    lines.append(candidate.email)
    return "\n".join(lines)


def _join(items: list[str]) -> str:
    from afterview.wording import join

    return join(items)


def salutation(situation: Situation, person: Any) -> str:
    """The greeting line for ``person`` (kept for callers of the old API; see
    :func:`afterview.drafting.salutation.greeting`)."""
    return greeting(situation, person)
