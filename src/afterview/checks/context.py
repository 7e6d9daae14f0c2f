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
    "mister": "Mr.",
    "mrs": "Mrs.",
    "ms": "Ms.",
    "miss": "Miss",
    "mx": "Mx.",
    "sir": "Sir",
    "dame": "Dame",
    "judge": "Judge",
    "rev": "Rev.",
    # other languages' titles in an English note ("Dear Sr. Fernández", "Dear Frau Weber")
    "sr": "Sr.",
    "sra": "Sra.",
    "srta": "Srta.",
    "herr": "Herr",
    "frau": "Frau",
    "mme": "Mme",
    "mlle": "Mlle",
}
GENDERED = {"mr", "mrs", "ms", "miss"}
# Words that belong to a family name and stay with it after an honorific ("Mr. van der Meer",
# "Dr. de la Cruz"); a name's own spelling decides their case.
PARTICLES = {
    "ni",  # Irish: Ní Bhriain, Nic Amhlaoibh, Ó Briain, Uí Néill (folded)
    "nic",
    "o",
    "ui",
    "ua",
    "ap",  # Welsh: ap Rhys
    "van",
    "von",
    "der",
    "den",
    "de",
    "del",
    "della",
    "dei",
    "degli",
    "di",
    "da",
    "das",
    "do",
    "dos",
    "du",
    "la",
    "le",
    "lo",
    "bin",
    "binti",
    "bint",
    "ibn",
    "al",
    "el",
    "ter",
    "ten",
    "te",
    "zu",
    "vom",
    "zum",
    "zur",
    "het",
    "y",
    "e",
}
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
# Typographic apostrophes and quotes as the canonical text has them (straight).
_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "“": '"', "”": '"'})
# Letters that Unicode does not decompose but readers see as a letter with a mark.
_BASE_LETTERS = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "ı": "i", "ħ": "h", "ŧ": "t"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive form with straight apostrophes: 'José' -> 'jose',
    'O’Brien' -> "o'brien", 'Đặng' -> 'dang'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.translate(_STRAIGHT).translate(_BASE_LETTERS)


def canon(text: str) -> str:
    """The canonical form the checker compares spellings in: NFC, straight apostrophes
    ('Jose\\u0301' -> 'José', 'O’Brien' -> "O'Brien")."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text).translate(_STRAIGHT)


def compact(text: str) -> str:
    """A name's words run together, folded, without spaces, hyphens or dots: 'Min-jun' and
    'Min Jun' -> 'minjun', 'Mr. van der Meer' -> 'mrvandermeer' (an apostrophe stays: OBrien
    is not O'Brien)."""
    return re.sub(r"[\s\-.]", "", fold(text))


_CANONICAL = {"doctor": "dr", "professor": "prof", "mister": "mr"}


@lru_cache(maxsize=4096)
def honorific_key(word: str) -> str | None:
    """'Dr.' -> 'dr', 'Professor' -> 'prof'; None when ``word`` is not an honorific."""
    key = word.casefold().rstrip(".")
    if key not in HONORIFICS:
        return None
    return _CANONICAL.get(key, key)


NAMES_TABLE = "names-2.pickle"  # bump with the shape of parse_name's result or its data


def parse_name(full: str) -> tuple[str, str, str, str, str, str, str | None]:
    """(title, given, middle, family, nickname, order, culture) of a name.

    nameparser reads the title, nickname and Western order; afterview.checks.name_order
    decides when the name is written family name first ("Wang Xiuying", "Nguyễn Thị Minh
    Khai") and puts the given and family names where they belong. Remembered in the on-disk
    cache (afterview.cache): importing nameparser costs more than a whole check, and the same
    few names come back on every run.
    """
    from afterview import cache
    from afterview.checks.name_order import DATA_VERSION

    return cache.memo(NAMES_TABLE, (full, DATA_VERSION), lambda: _parse_name(full))


def _parse_name(full: str) -> tuple[str, str, str, str, str, str, str | None]:
    from nameparser import HumanName

    from afterview.checks.name_order import order_of

    name = HumanName(full)
    first, middle, last = name.first, name.middle, name.last
    words = [w for piece in (first, middle, last) for w in piece.split()]
    order, culture = order_of(words)
    if order == "family_first":
        family, rest = words[0], words[1:]
    elif order == "western" and culture is not None:  # "Xiuying Wang", "Minh Khai Nguyen"
        family, rest = words[-1], words[:-1]
    else:
        rest = []
    if rest:
        if culture == "vi":  # called by the last syllable; the words before are middle names
            first, middle = rest[-1], " ".join(rest[:-1])
        else:
            first, middle = " ".join(rest), ""
        last = family
    if last.isupper() and len(last) > 1:  # "NGUYEN" marks the family name; write it as a name
        last = last.title()
    return (name.title, first, middle, last, name.nickname, order, culture)


# What a salutation may carry around the name: "Dear Ms Khai," is recorded as "Ms Khai".
_SALUTATION_NOISE = re.compile(
    r"^\s*(?:(?:dear|hi|hello|hey|good\s+(?:morning|afternoon|evening))\b\s*,?\s*)?|[\s,;:!.]*$",
    re.IGNORECASE,
)


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


@dataclass
class PersonName:
    """A person's name, parsed: honorific, given and family names, how to address them.

    ``first`` is the given name a person is called by and ``last`` the family name with its
    particles, whatever order the name is written in ("Nguyễn Thị Minh Khai": first "Khai",
    middle "Thị Minh", last "Nguyễn"). ``order`` is "western", "family_first" or "unknown"
    (either end could be the family name: then any of the name's words is a right greeting).
    """

    full: str
    honorific: str | None  # key of HONORIFICS
    first: str
    middle: str
    last: str
    nickname: str
    email: str | None = None
    notes: list[str] = field(default_factory=list)
    salutation: str | None = None  # exactly how to greet them, as recorded ("Ms Khai")
    order: str = "western"
    culture: str | None = None  # zh, ko, ja, vi, hu: the culture that decided the order

    @classmethod
    def parse(
        cls,
        full: str,
        email: str | None = None,
        notes: list[str] | None = None,
        salutation: str | None = None,
    ) -> PersonName:
        """Parse ``full`` (honorifics, particles, nicknames, family-name-first order). The
        record's text is read in NFC with straight apostrophes, as the draft is."""
        full = unicodedata.normalize("NFC", full)
        title, first, middle, last, nickname, order, culture = parse_name(canon(full))
        honorific = None
        for word in title.split():
            honorific = honorific or honorific_key(word)
        greeting = _SALUTATION_NOISE.sub("", canon(salutation or "")) or None
        if greeting and order == "unknown":
            # "Mr. Zhang" for Zhang Wei says which end is the family name.
            said = [w for w in _WORD.findall(greeting) if not honorific_key(w)]
            titled = any(honorific_key(w) for w in _WORD.findall(greeting))
            words = _WORD.findall(canon(full))
            if titled and len(said) == 1 and len(words) >= 2:
                if fold(said[0]) == fold(words[0]):
                    first, middle, last = words[-1], " ".join(words[1:-1]), words[0]
                    order = "family_first"
                elif fold(said[0]) == fold(words[-1]):
                    first, middle, last = words[0], " ".join(words[1:-1]), words[-1]
                    order = "western"
        return cls(
            full,
            honorific,
            first,
            middle,
            last,
            nickname,
            email,
            notes or [],
            greeting,
            order,
            culture,
        )

    # --- the words of the name ---------------------------------------------------------------

    @cached_property
    def salutation_words(self) -> list[str]:
        """The recorded salutation's words without its honorific ('Ms Khai' -> ['Khai'])."""
        if not self.salutation:
            return []
        return [w for w in _WORD.findall(self.salutation) if not honorific_key(w)]

    @cached_property
    def salutation_honorific(self) -> str | None:
        """The honorific of the recorded salutation ('Ms Khai' -> 'ms')."""
        for word in _WORD.findall(self.salutation or ""):
            key = honorific_key(word)
            if key:
                return key
        return None

    @property
    def address_honorific(self) -> str | None:
        """The honorific the record supports: the name's own, else the salutation's."""
        return self.honorific or self.salutation_honorific

    @cached_property
    def parts(self) -> list[str]:
        """Every word of the name as written ('Anne-Marie', 'van', 'der', 'Berg'), with the
        recorded nickname and salutation."""
        words: list[str] = []
        for piece in (self.first, self.middle, self.last, self.nickname):
            words += _WORD.findall(piece)
        return words + self.salutation_words

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
        """Folded name word -> the name word as recorded, in canonical form (hyphenated parts
        included)."""
        out: dict[str, str] = {}
        for word in self.parts:
            out.setdefault(fold(word), word)
            for piece in word.split("-"):
                out.setdefault(fold(piece), piece)
        return out

    # --- the forms a greeting may take (compact keys, see ``compact``) ------------------------

    @cached_property
    def given_keys(self) -> frozenset[str]:
        """The given name, the full (compound) given name, the recorded nickname and
        salutation: each right on its own ('Priya', 'José María', 'Bill', 'Minh Khai')."""
        keys = {compact(self.first)} if self.first else set()
        middle = self.middle.split()
        if self.culture == "vi":  # 'Khai', 'Minh Khai', 'Thị Minh Khai'
            for i in range(len(middle)):
                keys.add(compact(" ".join([*middle[i:], self.first])))
        else:  # 'José', 'José María', 'Mary Kate'
            for i in range(1, len(middle) + 1):
                keys.add(compact(" ".join([self.first, *middle[:i]])))
            if middle and _initial(self.first):  # 'J. Michael Smith' goes by Michael
                keys.add(compact(middle[0]))
        if self.nickname:
            keys.add(compact(self.nickname))
        if self.salutation_words and not self.salutation_honorific:
            # "Siobhán", "Bill": a name they go by. With a title ("Mr Kovács") the words are
            # the family name, and the title with the given name stays wrong.
            keys.add(compact(" ".join(self.salutation_words)))
            keys.update(compact(w) for w in self.salutation_words)
        keys.discard("")
        return frozenset(keys)

    @cached_property
    def partial_keys(self) -> dict[str, str]:
        """Part of a compound given name, or a middle name, used alone -> what it is: 'part'
        ('Jean' of Jean-Luc, 'Min' of Min-jun) or 'middle' ('María' of José María García,
        'Minh' of Nguyễn Thị Minh Khai)."""
        out: dict[str, str] = {}
        pieces = re.split(r"[-\s]+", self.first)
        if len(pieces) > 1:
            for piece in pieces:
                out[compact(piece)] = "part"
        if not _initial(self.first):
            for word in self.middle.split():
                out.setdefault(compact(word), "middle")
        for key in self.given_keys:
            out.pop(key, None)
        return out

    @cached_property
    def family_keys(self) -> frozenset[str]:
        """The family name with its particles ('vandermeer')."""
        return frozenset({compact(self.last)} if self.last else set())

    @cached_property
    def family_core(self) -> str | None:
        """The family name without its leading particles ('Meer' of 'van der Meer'), when it
        has any: that alone is a wrong name."""
        words = self.last.split()
        i = 0
        while i < len(words) - 1 and fold(words[i]) in PARTICLES:
            i += 1
        if i:
            return " ".join(words[i:])
        # A particle joined to the name: Al-Sayed, El-Amin, O'Neill, D'Angelo, ibn-Rashid.
        joined = re.match(
            r"(?i)(al|el|ad|an|ar|as|ash|at|az|ibn|bin|abu|o|d)['’-](\w.*)", self.last
        )
        return joined.group(2) if joined and " " not in self.last else None

    @property
    def particles(self) -> str:
        """The family name's leading particles ('van der' of 'van der Meer', 'Al-' of
        'Al-Sayed'), or ''."""
        return self.last[: len(self.last) - len(self.family_core or "")].strip()

    @cached_property
    def full_keys(self) -> frozenset[str]:
        """The whole name in either order ('Priya Nair', 'Wang Xiuying', 'Xiuying Wang')."""
        keys = {compact(" ".join(_WORD.findall(f"{self.first} {self.middle} {self.last}")))}
        for given in self.given_keys:
            for family in self.family_keys:
                keys.update((given + family, family + given))
        if self.salutation:
            keys.add(compact(self.salutation))
        return frozenset(keys)

    @property
    def formal(self) -> str:
        """How to address them formally: 'Dr. Nair', else the full name without honorific."""
        if self.honorific in ("sir", "dame") and self.first:  # Sir Ian, Dame Judi
            return f"{HONORIFICS[self.honorific]} {self.first}"
        if self.honorific and self.last:
            return f"{HONORIFICS[self.honorific]} {self.last}"
        if self.order == "family_first":
            return " ".join(p for p in (self.last, self.middle, self.first) if p)
        return " ".join(p for p in (self.first, self.last) if p) or self.full

    @property
    def greeting_form(self) -> str:
        """The name to greet them by: the recorded salutation, else title and surname for
        doctors, professors and other non-gendered titles, else the given name."""
        if self.salutation:
            return self.salutation
        if self.honorific and self.honorific not in GENDERED:
            return self.formal
        return self.first or self.formal

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
            PersonName.parse(iv.name, iv.email, list(iv.notes), iv.salutation)
            for iv in situation.interviewers
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
