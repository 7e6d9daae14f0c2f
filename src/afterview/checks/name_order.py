"""Which word of a name is the family name: Western order, family name first, or undecided.

nameparser reads every name in Western order ("Wang Xiuying": first Wang, last Xiuying). A name
is read family name first instead when its first word is a common family name of a
family-name-first culture (Chinese, Korean, Japanese, Vietnamese, Hungarian) and the rest reads
as a given name of that culture: romanised syllables for the East Asian languages, the list of
common given names for Hungarian (data/names.toml, which names its sources). A family name
written in capitals ("NGUYEN Thi Minh Khai", "Xiuying WANG") settles the order by itself. When
both ends could be the family name ("Li Na", "Wei Zhang") the order stays undecided, and the
checker then accepts any of the name's own words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal

Order = Literal["western", "family_first", "unknown"]
CULTURES = ("vi", "zh", "ko", "ja", "hu")

# Romanised syllables, on folded text (lower case, no accents, no hyphens or apostrophes).
# Loose on purpose: they only have to tell "Xiuying" or "Minjun" from "Jones" or "Peterson".
_ZH_INITIAL = r"(?:zh|ch|sh|ts|tz|hs|kw|gw|ng|[bpmfdtnlgkhjqxrzcswy])?"
# Pinyin (and Wade-Giles) syllables end in a vowel, n or ng; a Cantonese syllable may also end
# in m, p, t or k, but Cantonese given names are written a syllable a word ("Wing Kit",
# "Tai-man"), so those finals are allowed only for a word of one syllable.
_ZH = rf"{_ZH_INITIAL}[aeiouv]{{1,3}}(?:ng|n)?|er"
_ZH_ONE = rf"{_ZH_INITIAL}[aeiouv]{{1,3}}(?:ng|[nmptk])?|er"
_JA_MORA = r"(?:(?:kk|ss|tt|pp|tch|sh|ch|ts|[kgnhbpmr]y|[kgsztdnhbpmyrwfj])?[aeiou]h?|n)"
_VI = (
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
_SYLLABLES = {
    "zh": re.compile(rf"(?:{_ZH}){{1,2}}"),
    "zh-one": re.compile(_ZH_ONE),
    "ja": re.compile(rf"(?:{_JA_MORA}){{2,7}}"),
    "vi": re.compile(_VI),
}
_CAPITALS = re.compile(r"^[^\W\d_a-z]{2,}$")


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """data/names.toml, with every list folded into a frozenset (kept in the on-disk cache)."""
    from afterview import cache

    return cache.memo("names-data.pickle", DATA_VERSION, _load)


DATA_VERSION = 5  # bump when data/names.toml changes


def _load() -> dict[str, Any]:
    import tomllib
    from importlib import resources

    from afterview.checks.context import fold

    text = resources.files("afterview.checks").joinpath("data/names.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    out: dict[str, Any] = {k: frozenset(fold(w) for w in v) for k, v in raw["words"].items()}
    families = {c: frozenset(fold(w) for w in raw["family_first"][c]) for c in CULTURES}
    out["family_first"] = families
    out["any_family"] = frozenset().union(*families.values())
    return out


def _compact(word: str) -> str:
    from afterview.checks.context import fold

    return re.sub(r"[-'’ .]", "", fold(word))


def given_name_of(culture: str, words: list[str]) -> bool:
    """Whether ``words`` read as a given name of ``culture`` ("Xiuying", "Min-jun", "Minh Khai")."""
    if not words:
        return False
    if culture == "hu":
        given = data()["hu_given"]
        return len(words) <= 2 and all(_compact(w) in given for w in words)
    if culture == "vi":
        return len(words) <= 4 and all(_SYLLABLES["vi"].fullmatch(_compact(w)) for w in words)
    if culture == "ko":
        joined = "".join(_compact(w) for w in words)
        return len(words) <= 2 and _syllables_of(joined, data()["ko_given_syllables"]) in (1, 2)
    if culture == "ja":
        return len(words) == 1 and bool(_SYLLABLES["ja"].fullmatch(_compact(words[0])))
    pieces = [p for w in words for p in re.split(r"[-'’]", w) if p]
    if len(pieces) > 1:  # "Tai Man", "Wing-kit", "Xiu-ying": a syllable each
        return len(pieces) <= 3 and all(_SYLLABLES["zh-one"].fullmatch(_compact(p)) for p in pieces)
    return bool(_SYLLABLES["zh"].fullmatch(_compact(words[0])))


def _syllables_of(word: str, inventory: frozenset[str], depth: int = 0) -> int:
    """How many syllables of ``inventory`` ``word`` splits into (the fewest), or 0."""
    if not word:
        return 0
    if word in inventory:
        return 1
    if depth >= 2:
        return 0
    for i in range(1, len(word)):
        if word[:i] in inventory:
            rest = _syllables_of(word[i:], inventory, depth + 1)
            if rest:
                return 1 + rest
    return 0


def order_of(words: list[str]) -> tuple[Order, str | None]:
    """(order, culture) of a name's words as written, honorifics and suffixes removed."""
    from afterview.checks.context import fold

    if len(words) < 2:
        return "western", None
    folded = [_compact(w) for w in words]
    if any(p in data()["patronymic"] for p in (fold(w) for w in words)):
        return "unknown", None
    capitals = [bool(_CAPITALS.match(w)) for w in words]
    if any(capitals) and not all(capitals):
        if capitals[0]:
            return "family_first", _culture_of(folded[0])
        if capitals[-1]:
            return "western", _culture_of(folded[-1])
    families = data()["family_first"]
    any_family = data()["any_family"]
    for culture in CULTURES:
        if folded[0] in families[culture] and given_name_of(culture, words[1:]):
            if len(words) == 2 and folded[-1] in any_family:
                return "unknown", culture
            return "family_first", culture
    for culture in CULTURES:
        if folded[-1] in families[culture] and given_name_of(culture, words[:-1]):
            return "western", culture
    return "western", None


def _culture_of(folded: str) -> str | None:
    families = data()["family_first"]
    return next((c for c in CULTURES if folded in families[c]), None)
