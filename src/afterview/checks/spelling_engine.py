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


@lru_cache(maxsize=1)
def _by_length() -> dict[int, list[str]]:
    buckets: dict[int, list[str]] = {}
    for word in word_list():
        buckets.setdefault(len(word), []).append(word)
    return buckets


EXTRA_RANK = 20_000  # how common a personal-dictionary word counts as, for ranking


class SpellEngine:
    """Known-word checks and ranked suggestions, with extra words (a personal dictionary)."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.words = word_set()
        self.extra = frozenset(w.lower() for w in extra)

    def known(self, word: str) -> bool:
        """True when ``word`` (lower case) is in the dictionary or the extra words."""
        return word in self.words or word in self.extra

    def common(self, word: str, top: int = 30_000) -> bool:
        """True when ``word`` is among the ``top`` most frequent dictionary words."""
        return _ranks().get(word, top) < top

    def suggest(self, word: str, limit: int = 5, max_distance: int = 2) -> list[str]:
        """Up to ``limit`` dictionary words closest to ``word``, best first.

        Candidates within ``max_distance`` edits are ranked by a score where one edit weighs
        as much as a word being e^6 (about 400) times rarer; a candidate that differs only in a
        doubled letter or a vowel, or keeps the first or last letter, gains a little — the
        usual shapes of real misspellings ("begining", "seperate").
        """
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        buckets = _by_length()
        ranks = _ranks()
        pool: list[str] = []
        for length in range(len(word) - max_distance, len(word) + max_distance + 1):
            pool.extend(buckets.get(length, ()))
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
