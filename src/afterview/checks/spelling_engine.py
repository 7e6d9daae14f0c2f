"""The spelling engine: a frequency-ranked English word list and edit-distance suggestions.

Detection is a set lookup (the list loads in milliseconds from package data). Suggestions are
computed only for the rare unknown word: rapidfuzz compares it with the dictionary words of
similar length (optimal string alignment distance, so a transposition costs one edit) and ranks
candidates by distance, then by how common the word is — the SymSpell ranking, without
SymSpell's index of deletes that takes seconds to build or load.

The word list is derived from symspellpy's bundled frequency dictionary (82,834 words, counts
from the Google Books Ngram corpus), most frequent first. docs/spelling.md has the measurements
that chose this engine.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def word_list() -> tuple[str, ...]:
    """The dictionary, most frequent word first."""
    text = resources.files("afterview.checks").joinpath("data/words.txt").read_text("utf-8")
    return tuple(text.split())


@lru_cache(maxsize=1)
def word_set() -> frozenset[str]:
    """The dictionary as a set, for detection."""
    return frozenset(word_list())


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    return {word: rank for rank, word in enumerate(word_list())}


@lru_cache(maxsize=4)
def _top(count: int) -> frozenset[str]:
    return frozenset(word_list()[:count])


@lru_cache(maxsize=1)
def _common_by_length() -> dict[int, list[str]]:
    buckets: dict[int, list[str]] = {}
    for word in word_list()[:COMMON_RANK]:
        buckets.setdefault(len(word), []).append(word)
    return buckets


@lru_cache(maxsize=1)
def _by_initial_and_length() -> dict[tuple[str, int], list[str]]:
    buckets: dict[tuple[str, int], list[str]] = {}
    for word in word_list():
        buckets.setdefault((word[:1], len(word)), []).append(word)
    return buckets


_LETTERS = "abcdefghijklmnopqrstuvwxyz'"


def _edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away (Norvig)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)


EXTRA_RANK = 20_000  # how common a personal-dictionary word counts as, for ranking
COMPOUND_RANK = 40_000  # only the commoner words build derived and compound words
COMMON_RANK = 30_000  # a derived word this close to one of these is taken for a typo of it
SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("s", ("",)),
    ("es", ("",)),
    ("ed", ("", "e")),
    ("ing", ("", "e")),
    ("er", ("", "e")),
    ("ers", ("", "e")),
    ("ly", ("",)),
    ("ation", ("e", "")),
    ("ations", ("e", "")),
    ("ness", ("",)),
    ("ment", ("",)),
    ("able", ("", "e")),
)
PREFIXES = (
    "un",
    "re",
    "pre",
    "de",
    "non",
    "co",
    "sub",
    "over",
    "under",
    "multi",
    "inter",
    "micro",
    "auto",
    "cross",
    "self",
    "anti",
    "post",
    "mis",
    "out",
    "semi",
    "super",
    "hyper",
    "meta",
)


SUGGEST_MEMO = 4096  # words; a live editor re-checks the same typo on every keystroke
KNOWN_MEMO = 16_384  # words judged by the derivation rules (the dictionary's own are a set)


class SpellEngine:
    """Known-word checks and ranked suggestions, with extra words (a personal dictionary)."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.words = word_set()
        self.extra = frozenset(w.lower() for w in extra)
        self._suggested: dict[tuple[str, int, int], list[str]] = {}
        self._judged: dict[str, bool] = {}

    def known(self, word: str) -> bool:
        """True when ``word`` (lower case) is a dictionary or extra word, or is formed from one
        by a regular suffix, a common prefix or compounding — as Hunspell's affix and compound
        rules do: 'failovers', 'whiteboarding', 'deduplication', 'backpressure'. A word outside
        the dictionary is judged once per engine (the same words recur from draft to draft)."""
        if word in self.words or word in self.extra:
            return True
        judged = self._judged.get(word)
        if judged is None:
            if len(self._judged) >= KNOWN_MEMO:
                self._judged.clear()
            base = self._derived(word)
            judged = base is not None and not self._near_common(word, base)
            self._judged[word] = judged
        return judged

    def _near_common(self, word: str, base: str) -> bool:
        """A common word within an edit or two: then the 'derived' word is likelier a typo of it
        ('begining' is 'begin' + 'ing', but one letter from 'beginning')."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        limit = 1 if len(word) < 8 else 2
        common = _common_by_length()
        pool = [
            w for n in range(len(word) - limit, len(word) + limit + 1) for w in common.get(n, ())
        ]
        pool += [w for w in self.extra if abs(len(w) - len(word)) <= limit]
        pool = [w for w in pool if w != base]
        return process.extractOne(word, pool, scorer=OSA.distance, score_cutoff=limit) is not None

    def _base(self, word: str) -> bool:
        return (word in self.words and _ranks()[word] < COMPOUND_RANK) or word in self.extra

    def _derived(self, word: str) -> str | None:
        """The word it is derived from, by a suffix, a prefix or compounding, if any."""
        if len(word) < 6:
            return None
        for suffix, replacements in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                stem = word[: -len(suffix)]
                candidates = [stem + r for r in replacements]
                if len(stem) > 2 and stem[-1] == stem[-2]:
                    candidates.append(stem[:-1])  # planning -> plan
                for candidate in candidates:
                    if self._base(candidate) or self._compound(candidate):
                        return candidate
        for prefix in PREFIXES:
            rest = word[len(prefix) :].lstrip("-")
            if (
                word.startswith(prefix)
                and len(rest) >= 4
                and (self._base(rest) or self.known(rest))
            ):
                return rest
        return word if self._compound(word) else None

    def _compound(self, word: str) -> bool:
        """Two common words of four letters or more: 'backpressure', 'whiteboard'."""
        return any(self._base(word[:i]) and self._base(word[i:]) for i in range(4, len(word) - 3))

    def common(self, word: str, top: int = 30_000) -> bool:
        """True when ``word`` is among the ``top`` most frequent dictionary words."""
        return word in _top(top)

    def suggest(self, word: str, limit: int = 5, max_distance: int = 2) -> list[str]:
        """Up to ``limit`` dictionary words closest to ``word``, best first.

        Candidates within ``max_distance`` edits are ranked by a score where one edit weighs
        as much as a word being e^6 (about 400) times rarer; a candidate that differs only in a
        doubled letter or a vowel, or keeps the first or last letter, gains a little — the
        usual shapes of real misspellings ("begining", "seperate").
        """
        key = (word, limit, max_distance)
        if key not in self._suggested:
            if len(self._suggested) >= SUGGEST_MEMO:
                self._suggested.clear()
            self._suggested[key] = self._suggest(word, limit, max_distance)
        return list(self._suggested[key])

    def _suggest(self, word: str, limit: int, max_distance: int) -> list[str]:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        buckets = _by_initial_and_length()
        ranks = _ranks()
        # Words of similar length with the same first letter (real misspellings rarely change
        # it), plus every word one edit away whatever its first letter.
        pool: list[str] = []
        for length in range(len(word) - max_distance, len(word) + max_distance + 1):
            pool.extend(buckets.get((word[:1], length), ()))
        pool.extend(w for w in _edits1(word) if w in self.words and w[:1] != word[:1])
        pool.extend(
            w for w in self.extra if w not in ranks and abs(len(w) - len(word)) <= max_distance
        )
        scored = [
            (_score(word, choice, int(distance), ranks.get(choice, EXTRA_RANK)), choice)
            for choice, distance, _ in process.extract(
                word, pool, scorer=OSA.distance, score_cutoff=max_distance, limit=None
            )
        ]
        scored.sort()
        return [choice for _, choice in scored[:limit]]


_DOUBLED = re.compile(r"(.)\1")
_VOWELS = re.compile(r"[aeiouy]")


def _score(word: str, candidate: str, distance: int, rank: int) -> float:
    """Lower is better: edit distance, rarity, and the shape of the mistake."""
    shape = 0.0
    if _DOUBLED.sub(r"\1", word) == _DOUBLED.sub(r"\1", candidate):
        shape += 0.6
    if _VOWELS.sub("*", word) == _VOWELS.sub("*", candidate):
        shape += 0.4
    return (
        6.0 * distance
        + math.log(rank + 2)
        - 2.0 * shape
        - (word[:1] == candidate[:1])
        - (word[-1:] == candidate[-1:])
    )
