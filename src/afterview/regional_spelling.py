"""One spelling per page: the guidance afterview writes, respelt for the reader's region.

The rule pack's texts (the guide, the rules' reasons, the checklist) are written by people and
mix "personalised" with "personalized". A page shows them in the spelling of the person reading
it: the candidate's region (from their time zone), else the job's region, else US spelling.
Each word of a US/Commonwealth pair (``checks/data/spelling-variants.txt``) becomes the one
form its spelling system prefers, so a page never holds both forms of a pair (a cited title
too). What the user typed (names, notes) is never respelt: callers pass those words as
``keep``; web addresses are kept as written; findings and drafts never come through here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from afterview.checks.spelling_engine import spelling_style, variants

_WORD = re.compile(r"https?://\S+|[A-Za-z]+")


def preferred(word: str, style: str) -> str:
    """The one form of ``word`` (lower case) that spelling system ``style`` (a letter of
    ``SYSTEM_NAMES``) uses: 'personalised' -> 'personalized' for "U". Words outside the variant
    pairs are returned unchanged. Where a system accepts both forms, it takes the US one for
    "U" and the Commonwealth one otherwise, so the choice is the same everywhere."""
    return _preferred(word, style)


@lru_cache(maxsize=8192)
def _preferred(word: str, style: str) -> str:
    table = variants()
    if word not in table.words:
        return word
    forms = [word, *table.others.get(word, ())]
    for other in table.others.get(word, ()):
        forms += [o for o in table.others.get(other, ()) if o not in forms]
    us_forms = [f for f in forms if f in table.us_to_uk]
    rest = [f for f in forms if f not in table.us_to_uk]
    ordered = us_forms + rest if style == "U" else rest + us_forms
    for form in ordered:
        if style in table.systems.get(form, ""):
            return form
    return ordered[0]  # no form is this system's: still one form for the whole pair


def _cased(original: str, form: str) -> str:
    if original.isupper() and len(original) > 1:
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def respell(text: str, style: str, keep: Iterable[str] = ()) -> str:
    """``text`` with every variant word in ``style``'s form; URLs and the words in ``keep``
    (compared case-insensitively: the user's own words) are left as written."""
    kept = {w.casefold() for w in keep}

    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.startswith(("http://", "https://")) or word.casefold() in kept:
            return word
        form = preferred(word.lower(), style)
        return word if form == word.lower() else _cased(word, form)

    return _WORD.sub(one, text)


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """IANA zone -> its country (zone.tab, read once by afterview.regions)."""
    from afterview.regions import zone_tab

    return {key: country for country, key in zone_tab()}


def zone_country(zone: object) -> str | None:
    """The country of an IANA zone (a ``ZoneInfo`` or its key): 'Europe/London' -> 'GB';
    None for a fixed offset or an unknown zone."""
    key = zone if isinstance(zone, str) else getattr(zone, "key", None)
    return _zone_countries().get(key) if key else None


def reader_style(
    candidate_zone: object = None, region: str | None = None, viewer_zone: object = None
) -> str:
    """The spelling system of the person reading: the country of the candidate's zone, else
    the job's region, else the country of the viewer's zone, else US spelling ("U")."""
    country = zone_country(candidate_zone) if candidate_zone else None
    return spelling_style(country or region or zone_country(viewer_zone))


def respell_advice(advice: dict[str, object], style: str, keep: Iterable[str] = ()) -> dict:
    """The advice's JSON form (``Advice.to_dict``) with its guidance texts respelt: the
    summary, each action's why, each reason's text and sources (a cited title too: one
    spelling per page, as in the guide; its web address is kept) and each checklist entry.
    Names and addresses are left alone."""
    kept = list(keep)
    out = dict(advice)
    out["summary"] = respell(str(advice["summary"]), style, kept)
    out["actions"] = [
        {**a, "why": respell(a["why"], style, kept)}
        for a in advice["actions"]  # type: ignore[attr-defined]
    ]
    out["reasons"] = [
        {
            **r,
            "text": respell(r["text"], style, kept),
            "sources": [respell(c, style) for c in r["sources"]],
        }
        for r in advice["reasons"]  # type: ignore[attr-defined]
    ]
    out["checklist"] = [
        {
            **c,
            "question": respell(c["question"], style, kept),
            "detail": respell(c["detail"], style, kept),
        }
        for c in advice["checklist"]  # type: ignore[attr-defined]
    ]
    return out


def record_words(record: object) -> set[str]:
    """The words the user typed into a record (names, company, role, notes, topics): never
    respelt."""
    texts: list[str] = []
    candidate = getattr(record, "candidate", None)
    application = getattr(record, "application", None)
    interview = getattr(record, "interview", None)
    if candidate is not None:
        texts.append(candidate.name)
    if application is not None:
        texts += [application.company, application.role]
    if interview is not None:
        texts += [*interview.notes, *interview.topics, *(t.text for t in interview.to_add)]
    for person in getattr(record, "interviewers", ()):
        texts += [person.name, person.title or "", person.salutation or ""]
        texts += [*person.notes, *person.topics]
    return {w.casefold() for t in texts for w in re.findall(r"[A-Za-z]+", t)}
