"""How to greet each person: never wrong, and equally formal across one panel (GUIDANCE §3).

- A recorded ``salutation`` is used verbatim.
- Otherwise the given name alone only when the name's order and its given name are clear: a
  Western-order name of a given name and a family name (nameparser; particles such as "van der"
  belong to the family name; a middle initial is fine), or a family-name-first name whose order
  is certain and its culture greets by the given name (afterview.checks.name_order: "Kovács
  Péter" -> Péter, "Nguyễn Thị Minh Khai" -> Khai; not Chinese, Korean or Japanese names).
  A name whose order is not certain ("Li Na"), that writes a family name in capitals ("WANG
  Wei"), or that has more than one given or family name ("José María García", "Ana García
  López") is greeted by the full name.
- Formal address (honorific + family name, or the full name) for everyone of a panel when the
  sector or region is formal, or when anyone of the panel is addressed by a title (Dr., Prof.).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from afterview.drafting.notes import lexicon
from afterview.record import Interviewer, Situation

FORMAL_SECTORS = frozenset({"academic", "government"})
FORMAL_REGIONS = frozenset({"GB", "IE"})  # GUIDANCE §3: UK norm is "Dear" + title + surname
DOTLESS_REGIONS = frozenset({"GB", "IE", "AU", "NZ"})  # "Dr Nair", "Ms Khai"
TITLES = frozenset({"dr", "prof", "judge", "rev", "sir", "dame"})  # address by title, not gender

# Family names that come first in the name order of their culture (folded, without accents).
# A name that opens with one of these is ambiguous ("Lee Smith", "Chen Wei"), so it is greeted
# by the full name, which is right either way.
FAMILY_FIRST = frozenset(
    word
    for key in (
        "family_first_vietnamese",
        "family_first_chinese",
        "family_first_korean",
        "family_first_japanese",
        "family_first_hungarian",
    )
    for word in lexicon()[key].split()
)


# Family-name-first cultures where people are greeted by the given name (Vietnamese "Khai",
# Hungarian "Péter"); Chinese, Korean and Japanese professionals are greeted by the full name
# (or the recorded salutation), which is never wrong.
GIVEN_NAME_CULTURES = frozenset({"vi", "hu"})


@dataclass(frozen=True)
class Address:
    """How one person is greeted: the words after "Dear" (``"Dr. Nair"``, ``"Priya"``)."""

    name: str
    formal: bool


def _fold(text: str) -> str:
    from afterview.checks.context import fold

    return fold(text)


def _parsed(full: str) -> tuple[str | None, str, str, str, str]:
    from afterview.checks.context import PersonName

    p = PersonName.parse(full)
    return p.honorific, p.first, p.middle, p.last, p.nickname


def _without_title(full: str) -> str:
    """The name without a leading honorific ("Dr. Priya Nair" -> "Priya Nair")."""
    from afterview.checks.context import honorific_key

    full = re.sub(r"\s*(?:\"[^\"]*\"|“[^”]*”|\([^)]*\))", "", full)  # a quoted nickname
    words = full.split()
    while words and honorific_key(words[0]):
        words = words[1:]
    return " ".join(words) or full


def given_name(full: str) -> str | None:
    """The given name when the name's order and its given name are clear, else None."""
    body = _without_title(full)
    words = body.replace(",", " ").split()
    if len(words) < 2:
        return None
    if any(len(w) > 1 and w.isupper() and w.isalpha() for w in words):
        return None  # "WANG Wei": a family name written in capitals
    if _fold(words[0]).replace("-", "") in FAMILY_FIRST:
        # Family name first: the given name only when the order is certain (the checker's
        # reading of the name: a family name of the culture and a given name that fits it).
        from afterview.checks.context import PersonName

        person = PersonName.parse(full)
        if (
            person.order == "family_first"
            and person.culture in GIVEN_NAME_CULTURES
            and person.first
            and " " not in person.first
        ):
            return person.first
        if person.order != "western":
            return None
    if "," in body:
        return None  # "García, José": let the full name speak
    _, first, middle, last, nickname = _parsed(full)
    if nickname:
        return nickname  # "Jennifer \"Jen\" Smith": the name they asked to be called
    if not first or not last or " " in first:
        return None
    if middle and not all(re.fullmatch(r"[A-Z]\.?", m) for m in middle.split()):
        return None  # "José María García", "Mary Ann Smith": several given (or family) names
    return first


def is_titled(person: Interviewer) -> bool:
    """True when the person is addressed by a title (Dr., Professor, Judge ...)."""
    honorific, *_ = _parsed(person.name)
    return honorific in TITLES


def panel_is_formal(situation: Situation) -> bool:
    """Formal address for the whole panel: a formal sector or region, or anyone with a title."""
    region = (situation.application.region or "")[:2].upper()
    return (
        situation.application.sector in FORMAL_SECTORS
        or region in FORMAL_REGIONS
        or any(is_titled(iv) for iv in situation.interviewers if not iv.salutation)
    )


def address(situation: Situation, person: Interviewer, formal: bool | None = None) -> Address:
    """How to greet ``person``, formally when ``formal`` (default: as the panel is)."""
    if person.salutation:
        words = re.sub(r"(?i)^(?:dear|hi|hello)\s+", "", person.salutation.strip())
        return Address(words.rstrip(",:;") or person.salutation, formal=True)
    if formal is None:
        formal = panel_is_formal(situation)
    honorific, _, _, last, _ = _parsed(person.name)
    given = given_name(person.name)
    bare = _without_title(person.name)
    if not formal:
        return Address(given or bare, formal=False)
    if honorific:
        from afterview.checks.context import HONORIFICS

        title = HONORIFICS[honorific]
        region = (situation.application.region or "")[:2].upper()
        if region in DOTLESS_REGIONS:
            title = title.rstrip(".")
        family = last if given and last else bare
        return Address(f"{title} {family}", formal=True)
    return Address(bare, formal=True)


def greeting(situation: Situation, person: Interviewer | None) -> str:
    """The salutation line ("Dear Dr. Nair,"; "Dear Hiring Team," when nobody is named)."""
    if person is None:
        if situation.application.sector == "academic":
            return "Dear Members of the Search Committee,"
        return "Dear Hiring Team,"
    return f"Dear {address(situation, person).name},"
