"""``generic``: nothing specific from the interview notes is referenced."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from afterview.checks.context import CheckContext, PersonName, fold
from afterview.checks.draft import Draft
from afterview.checks.registry import CheckRule, Hit
from afterview.checks.rules.names import recipient
from afterview.checks.vocabulary import stopwords
from afterview.record import MessageKind

CHECKED = {
    MessageKind.thank_you,
    MessageKind.value_add,
    MessageKind.linkedin_note,
    MessageKind.handwritten_note,
}


_INVARIANT = frozenset(
    [
        "news",
        "series",
        "species",
        "analysis",
        "status",
        "basis",
        "thesis",
        "axis",
        "crisis",
        "diagnosis",
        "analytics",
        "physics",
        "economics",
        "logistics",
        "statistics",
        "mathematics",
        "devops",
        "always",
        "perhaps",
        "various",
        "previous",
        "across",
        "plus",
        "bias",
        "alias",
        "atlas",
        "campus",
        "census",
        "corpus",
        "focus",
        "virus",
        "bonus",
        "surplus",
        "consensus",
        "radius",
    ]
)
# British -ise/-isation/-yse/-elled forms meet their American twins before stripping.
_UK = (
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ise", "ize"),
    ("elled", "eled"),
    ("elling", "eling"),
    ("yses", "yzes"),
    ("ysed", "yzed"),
    ("ysing", "yzing"),
    ("yse", "yze"),
)
_UK_ENDINGS = tuple(uk for uk, _ in _UK)
# Inflections first (one of them), then one derivation; "ion" only after t or s (migration,
# discussion), never "er" (layer, customer) or a bare prefix: "work" and "workload" stay apart.
_INFLECTIONS = (
    ("ies", "y"),
    ("ied", "y"),
    ("sses", "ss"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("xes", "x"),
    ("zes", "z"),
    ("ings", ""),
    ("ing", ""),
    ("ed", ""),
    ("ss", "ss"),
    ("us", "us"),
    ("is", "is"),
    ("s", ""),
)
_DERIVATIONS = (
    ("ational", "ate"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ion", ""),
    ("ment", ""),
    ("ly", ""),
)
_DOUBLED = re.compile(r"([bdfgklmnprtvz])\1$")
_VOWEL = re.compile(r"[aeiouy]")


def _strip(word: str, rules: tuple[tuple[str, str], ...], undouble: bool) -> str:
    for suffix, replacement in rules:
        if not word.endswith(suffix):
            continue
        base = word[: len(word) - len(suffix)] + replacement
        if suffix == "ion" and not base.endswith(("t", "s")):
            continue
        if len(base) < 3 or not _VOWEL.search(base):
            return word
        if undouble and suffix in ("ing", "ings", "ed") and _DOUBLED.search(base):
            base = base[:-1]  # planned, planning -> plan
        return base
    return word


@lru_cache(maxsize=65536)
def _keys(word: str) -> tuple[str, str]:
    """(inflection key, stem) of a word: the first joins only the forms of one word
    ("dashboards", "dashboard"; "optimising", "optimized"), the second also its common
    derivations ("migration", "migrating")."""
    word = word.replace("’", "'")
    if word.endswith(("'s", "'S")):
        word = word[:-2]
    word = word.rstrip("'")
    key = fold(word)
    if len(word) > 2 and word[-1] == "s" and word[:-1].isupper():
        return key[:-1], key[:-1]  # APIs, KPIs
    if len(key) <= 3 or key in _INVARIANT or not key.isalpha():
        return key, key
    if key.endswith(_UK_ENDINGS):
        for uk, us in _UK:
            if key.endswith(uk) and len(key) - len(uk) >= 3:
                key = key[: -len(uk)] + us
                break
    key = _strip(key, _INFLECTIONS, True)
    derived = _strip(key, _DERIVATIONS, False)
    if key.endswith("e") and len(key) > 3:
        key = key[:-1]
    if derived.endswith("e") and len(derived) > 3:
        derived = derived[:-1]
    return key, derived


def stem(word: str) -> str:
    """The key under which a word's inflections meet: 'dashboards' and 'dashboard',
    'migrated', 'migrating' and 'migration', 'optimise' and 'optimize'; but 'working' and
    'workload', 'plan' and 'planet' stay apart (tests/test_generic_stem.py measures it)."""
    return _keys(word)[1]


# A derivation joins two words only when neither is an everyday word: "migration" and
# "migrating" do, but "organisation" (a company) is no reference to "organise", nor
# "settle in" to "settlement reports" (the 4,000 commonest words of the frequency list).
EVERYDAY_RANK = 4_000
# Set phrases that use a content word without meaning it: "moving forward" says nothing about
# the "moving the dashboard to dbt" of the notes.
_IDIOM = re.compile(
    r"(?i)\b(?:mov(?:e|es|ed|ing)|go(?:es|ing)?|look(?:s|ed|ing)?|step(?:s|ped|ping)?|"
    r"put(?:s|ting)?|push(?:es|ed|ing)?)\s+(?:(?:things|this|it)\s+)?forward\b"
)


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    """Keys of the stop words: function words and the words every thank-you uses to frame
    the conversation (discuss, interview, team), in all their forms."""
    return frozenset(stem(w) for w in stopwords())


def _texts(ctx: CheckContext, person: PersonName | None) -> list[str]:
    """What the draft may refer to: topics first (person's, then the interview's), then notes."""
    interview = ctx.situation.interview
    by_name = {iv.name: iv for iv in ctx.situation.interviewers}
    people = [person] if person is not None else ctx.people
    texts: list[str] = []
    for p in people:
        recorded = by_name.get(p.full)
        texts += recorded.topics if recorded is not None else ()
    texts += interview.topics
    texts += interview.notes
    for p in people:
        texts += p.notes
    if ctx.kind == MessageKind.value_add:
        texts += [item.text for item in interview.to_add]
    return texts


def keywords(texts: list[str], ctx: CheckContext) -> dict[str, tuple[set[str], bool]]:
    """The content words of ``texts`` (not stop words, names, company or role words), by
    stem: the inflection keys that share it, and whether one of its words is an everyday
    word (then only those inflections count as a reference)."""
    common = _common()
    names = {fold(p) for person in (*ctx.people, ctx.candidate) for p in person.parts}
    record = {fold(w) for w in re.findall(r"\w+", f"{ctx.company} {ctx.role}")}
    out: dict[str, tuple[set[str], bool]] = {}
    for text in texts:
        for word in re.findall(r"[^\W_]+(?:'[^\W_]+)?", text.replace("’", "'")):
            key = fold(word)
            distinctive = (
                len(key) >= 4
                or (len(word) >= 2 and word.isupper())
                or any(c.isdigit() for c in word)
                or (len(key) == 3 and not ctx.spell.common(key, top=5_000))
            )
            if not distinctive or key in names or key in record:
                continue
            inflected, root = _keys(word)
            if root not in common:
                forms, everyday = out.setdefault(root, (set(), False))
                forms.add(inflected)
                if not everyday and ctx.spell.common(key, top=EVERYDAY_RANK):
                    out[root] = (forms, True)
    return out


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Warn when the draft uses none of the content words of the topics and notes."""
    if ctx.kind not in CHECKED:
        return
    person = recipient(draft, ctx)
    cache = ctx.extra.setdefault("generic-keywords", {})
    key = person.full if person is not None else None
    if key not in cache:
        texts = _texts(ctx, person)
        cache[key] = (keywords(texts, ctx), texts[0] if texts else "")
    wanted, hint = cache[key]
    if not wanted:
        return  # nothing recorded to compare with
    idioms = [m.span() for m in _IDIOM.finditer(draft.text, draft.body_start)]
    for token in draft.body_tokens:
        if any(a <= token.start < b for a, b in idioms):
            continue
        # "late-arriving" in the draft meets "late-arriving" (two words) in the notes
        for word in token.text.split("-") if "-" in token.text else (token.text,):
            inflected, root = _keys(word)
            found = wanted.get(root)
            if found is None:
                continue
            forms, everyday = found
            if inflected in forms or not (
                everyday or ctx.spell.common(fold(word), top=EVERYDAY_RANK)
            ):
                return
    body = draft.body
    first = len(body) - len(body.lstrip())
    end = body.find("\n", first)
    yield Hit(
        draft.body_start + first,
        draft.body_start + (end if end != -1 else len(body)),
        "Mentions nothing specific from the interview; refer to something you discussed"
        + (f", e.g. “{hint}”" if hint else ""),
    )


RULE = CheckRule(
    "generic", "warning", "nothing specific from the interview notes is referenced", check
)
