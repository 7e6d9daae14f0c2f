"""What the checker knows about the interview, built once per situation and reused per draft."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from typing import Any

from afterview.record import MessageKind, Situation

HONORIFICS = {
    "dr": "Dr.",
    "doctor": "Dr.",
    "prof": "Professor",
    "professor": "Professor",
    "mr": "Mr.",
    "mrs": "Mrs.",
    "ms": "Ms.",
    "miss": "Miss",
    "mx": "Mx.",
    "sir": "Sir",
    "dame": "Dame",
    "judge": "Judge",
    "rev": "Rev.",
}
GENDERED = {"mr", "mrs", "ms", "miss"}
PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "del",
    "della",
    "di",
    "da",
    "du",
    "la",
    "le",
    "bin",
    "al",
    "el",
    "ter",
    "ten",
}
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'José' -> 'jose'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


_CANONICAL = {"doctor": "dr", "professor": "prof"}


def honorific_key(word: str) -> str | None:
    """'Dr.' -> 'dr', 'Professor' -> 'prof'; None when ``word`` is not an honorific."""
    key = word.casefold().rstrip(".")
    if key not in HONORIFICS:
        return None
    return _CANONICAL.get(key, key)


def parse_name(full: str) -> tuple[str, str, str, str, str]:
    """(title, first, middle, last, nickname) of a name, by nameparser.

    Remembered in the on-disk cache (afterview.cache): importing nameparser costs more than a
    whole check, and the same few names come back on every run.
    """
    from afterview import cache

    def compute() -> tuple[str, str, str, str, str]:
        from nameparser import HumanName

        name = HumanName(full)
        return (name.title, name.first, name.middle, name.last, name.nickname)

    return cache.memo("names-1.pickle", full, compute)


@dataclass
class PersonName:
    """A person's name, parsed: honorific, given and family names, how to address them."""

    full: str
    honorific: str | None  # key of HONORIFICS
    first: str
    middle: str
    last: str
    nickname: str
    email: str | None = None
    notes: list[str] = field(default_factory=list)

    @classmethod
    def parse(
        cls, full: str, email: str | None = None, notes: list[str] | None = None
    ) -> PersonName:
        """Parse ``full`` with nameparser (honorifics, particles, nicknames)."""
        title, first, middle, last, nickname = parse_name(full)
        honorific = None
        for word in title.split():
            honorific = honorific or honorific_key(word)
        return cls(full, honorific, first, middle, last, nickname, email, notes or [])

    @cached_property
    def parts(self) -> list[str]:
        """Every word of the name as written ('Anne-Marie', 'van', 'der', 'Berg')."""
        words: list[str] = []
        for piece in (self.first, self.middle, self.last, self.nickname):
            words += _WORD.findall(piece)
        return words

    @cached_property
    def folded_parts(self) -> set[str]:
        """The name's words, folded, with hyphenated names also split."""
        out = set()
        for word in self.parts:
            out.add(fold(word))
            out.update(fold(p) for p in word.split("-"))
        return out

    @cached_property
    def spellings(self) -> dict[str, str]:
        """Folded name word -> the name word as recorded (hyphenated parts included)."""
        out: dict[str, str] = {}
        for word in self.parts:
            out.setdefault(fold(word), word)
            for piece in word.split("-"):
                out.setdefault(fold(piece), piece)
        return out

    @property
    def formal(self) -> str:
        """How to address them formally: 'Dr. Nair', else the full name without honorific."""
        if self.honorific and self.last:
            return f"{HONORIFICS[self.honorific]} {self.last}"
        return " ".join(p for p in (self.first, self.last) if p) or self.full

    @property
    def display(self) -> str:
        """The name as recorded."""
        return self.full


@dataclass
class CheckContext:
    """The interview record as the rules need it, plus the draft's kind and send time."""

    situation: Situation
    kind: MessageKind
    at: datetime
    people: list[PersonName]
    candidate: PersonName
    record_words: frozenset[str]
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        situation: Situation,
        kind: MessageKind = MessageKind.thank_you,
        at: datetime | None = None,
    ) -> CheckContext:
        """Build the context for checking drafts of ``kind`` sent at ``at``.

        The rules compare the record with the draft's canonical text, so the record's words
        are put in the same canonical form (a name typed with ’ or in NFD is the same name).
        """
        situation = canonical_record(situation)
        people = [
            PersonName.parse(iv.name, iv.email, list(iv.notes)) for iv in situation.interviewers
        ]
        candidate = PersonName.parse(situation.candidate.name, situation.candidate.email)
        moment = at or situation.now or datetime.now().astimezone()
        return cls(situation, kind, moment, people, candidate, _record_words(situation))

    @property
    def company(self) -> str:
        """The employer's name."""
        return self.situation.application.company

    @property
    def role(self) -> str:
        """The job title as advertised."""
        return self.situation.application.role

    def person_by_address(self, address: str) -> PersonName | None:
        """The interviewer with this email address."""
        for person in self.people:
            if person.email and person.email.casefold() == address.casefold():
                return person
        return None

    @cached_property
    def spell(self) -> Any:
        """The spelling engine with the record's words and the shipped jargon as extras."""
        from afterview.checks.spelling_engine import SpellEngine
        from afterview.checks.vocabulary import jargon

        return SpellEngine(self.record_words | jargon())


def canonical_record(value: Any) -> Any:
    """``value`` (a record dataclass, tuple or string) with every string in canonical form."""
    from afterview.checks.normalize import canonical

    if isinstance(value, str):
        return canonical(value)
    if isinstance(value, tuple):
        return tuple(canonical_record(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = canonical_record(old)
            if new is not old and new != old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _record_words(situation: Situation) -> frozenset[str]:
    """Every word of the record: names, company, role, titles, notes, material to add."""
    texts = [
        situation.candidate.name,
        situation.application.company,
        situation.application.role,
        *situation.interview.notes,
        *(item.text for item in situation.interview.to_add),
    ]
    for iv in situation.interviewers:
        texts += [iv.name, iv.title or "", *iv.notes]
    words = set()
    for text in texts:
        for word in _WORD.findall(text):
            words.add(word.casefold())
            words.update(p.casefold() for p in re.split(r"['’\-]", word) if p)
    return frozenset(words)
