"""Who an invite's ORGANIZER and ATTENDEE lines are: a person (with a name fit to greet), or a
room or resource that must never be thanked.

Calendars mark rooms with ``CUTYPE=ROOM`` or ``RESOURCE``, but Exchange often does not; so a
name that reads as a room ("Conf Rm 4B", "Boardroom (12)", "LON-3-Thames"), or an address of a
resource calendar (``…@resource.calendar.google.com``, ``conf-rm-4b@…``), is one too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_ADDRESS = re.compile(r"^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$")
_NOT_PEOPLE = frozenset({"ROOM", "RESOURCE", "GROUP"})

# Words that name a place or a thing to book, never a person.
_ROOM_WORDS = (
    r"room|rm|conf|conference|boardroom|meeting\s*room|huddle|auditorium|lobby|cafeteria|"
    r"atrium|lounge|studio|phone\s*booth|pod|suite|floor|flr|fl|bldg|building|campus|hq|"
    r"projector|screen|whiteboard|vc\s*unit|equipment|resource|zoom\s*room|teams\s*room|"
    r"training|breakout|kitchen|library|space|desk|hub"
)
_ROOM_NAME = re.compile(rf"(?i)\b(?:{_ROOM_WORDS})\b")
_CAPACITY = re.compile(
    r"(?i)[(\[]\s*\d+\s*(?:p|pax|ppl|people|persons|seats?|seater)?\s*[)\]]"
    r"|\b\d+\s*(?:pax|ppl|people|persons|seats?|seater)\b|\bcapacity\b"
)
# Site, building and floor codes: "LON-3-Thames", "B42", "4B", "12F", "NYC.5".
_SITE_CODE = re.compile(r"(?i)\b[a-z]{2,5}[-._]\d|\d+[a-z]?\b|\b[a-z]\d+")
_RESOURCE_DOMAINS = re.compile(
    r"(?i)@(?:resource\.calendar\.google\.com|group\.calendar\.google\.com|"
    r"group\.v\.calendar\.google\.com|import\.calendar\.google\.com)$"
)
_RESOURCE_LOCAL = re.compile(
    r"(?i)^(?:.*[._\-])?(?:room|rm|conf|confrm|confroom|conference|boardroom|meetingroom|"
    r"resource|res|facility|facilities)(?:[._\-\d].*)?$"
)
# Shared mailboxes and scheduling accounts: nobody to thank.
_ROLE_NAME = re.compile(
    r"(?i)\b(?:team|recruiting|recruitment|talent\s+acquisition|careers|hiring|scheduling|"
    r"scheduler|calendar|no-?reply|do-?not-?reply|notifications?|mailbox|inbox)\b"
)
_ROLE_WORDS = (
    r"no-?reply|do-?not-?reply|calendars?|scheduling|scheduler|careers|jobs|recruiting|"
    r"recruitment|talent|hr|hiring|notifications?|interviews?|team|people"
)
_ROLE_LOCAL = re.compile(rf"(?i)^(?:{_ROLE_WORDS})(?:[._\-+]?(?:{_ROLE_WORDS}|\d+))?$")
_PARENTHETICAL = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*")
_SUFFIXES = frozenset(
    {"jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "esq", "cpa", "pe", "rn", "dds", "jd"}
)


@dataclass(frozen=True)
class Party:
    """One ORGANIZER or ATTENDEE line."""

    address: str  # "" when the line has no email address
    name: str | None  # a name fit to greet, or None when the invite gives none
    is_person: bool
    declined: bool
    organizer: bool


def party(prop: Any, organizer: bool = False) -> Party:
    """Read an ORGANIZER or ATTENDEE property."""
    params = getattr(prop, "params", {})
    address = re.sub(r"(?i)^mailto:", "", str(prop)).strip()
    if not _ADDRESS.match(address):
        address = ""
    raw = str(params.get("CN", "")).strip()
    cutype = str(params.get("CUTYPE", "INDIVIDUAL")).upper()
    is_person = cutype not in _NOT_PEOPLE and not is_resource(raw, address)
    declined = str(params.get("PARTSTAT", "")).upper() == "DECLINED"
    return Party(address, person_name(raw), is_person, declined, organizer)


def is_resource(name: str, address: str) -> bool:
    """True for a room, a piece of equipment, a calendar or a shared mailbox rather than a
    person."""
    local = address.split("@")[0]
    if address and (
        _RESOURCE_DOMAINS.search(address)
        or _RESOURCE_LOCAL.match(local)
        or _ROLE_LOCAL.match(local)
    ):
        return True
    if not name or looks_like_address(name):
        return False
    return bool(
        _ROOM_NAME.search(name)
        or _CAPACITY.search(name)
        or _SITE_CODE.search(name)
        or _ROLE_NAME.search(name)
    )


def looks_like_address(text: str) -> bool:
    """True for text that is an email address (perhaps with mailto: or angle brackets)."""
    return bool(_ADDRESS.match(re.sub(r"(?i)^mailto:", "", text.strip().strip("<>\"' "))))


def person_name(cn: str) -> str | None:
    """A CN as a name to greet: quotes and notes in brackets removed, "Last, First" turned
    around; None when the CN is empty or is an address (never a name)."""
    name = cn.strip().strip("\"'").strip()
    if not name or looks_like_address(name):
        return None
    name = re.sub(r"\s+", " ", _PARENTHETICAL.sub(" ", name)).strip(" ,")
    if "," in name:
        pieces = [p.strip() for p in name.split(",") if p.strip()]
        tail: list[str] = []  # "Nakamura, Ken, Jr.": the suffix stays at the end
        while pieces and all(w.strip(".").casefold() in _SUFFIXES for w in pieces[-1].split()):
            tail.insert(0, pieces.pop())
        if len(pieces) == 2:
            name = " ".join([pieces[1], pieces[0], *tail])
    return name or None


def name_from_address(address: str) -> str | None:
    """ "priya.nair@…" -> "Priya Nair": only for a local part of two or three alphabetic words
    joined by dots, underscores or hyphens (one word, or digits, says nothing sure)."""
    local = address.split("@")[0].split("+")[0]
    words = re.split(r"[._\-]", local)
    if not 2 <= len(words) <= 3 or not all(w.isalpha() and len(w) > 1 for w in words):
        return None
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)
