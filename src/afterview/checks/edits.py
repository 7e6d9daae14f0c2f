"""Edit distance for short words (names, company names), without importing rapidfuzz.

The name and company rules compare a handful of short words per draft; importing rapidfuzz for
that would cost more start-up time than the comparisons themselves. Long comparisons (spelling
suggestions over the dictionary, whole drafts) use rapidfuzz.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=8192)
def osa(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and adjacent
    transpositions each cost one ('Pryia' is one edit from 'Priya')."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
