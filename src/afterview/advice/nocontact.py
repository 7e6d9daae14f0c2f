"""Find the ways a job posting asks applicants not to contact the employer."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    text = resources.files("afterview.advice").joinpath("pack/no_contact.toml").read_text("utf-8")
    return tuple(re.compile(p, re.IGNORECASE) for p in tomllib.loads(text)["patterns"])


def find_no_contact(posting_text: str | None) -> str | None:
    """Return the phrase of ``posting_text`` that asks for no contact, or None."""
    if not posting_text:
        return None
    text = " ".join(posting_text.split(" "))  # keep newlines: they start sentences
    for pattern in _patterns():
        match = pattern.search(text)
        if match:
            return _sentence_around(text, match.start(), match.end())
    return None


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence around the match, or from the match to the sentence's end if that is long."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    right_candidates = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    phrase = " ".join(text[left:right].split())
    if len(phrase) > 100:
        phrase = " ".join(text[start:right].split())
    if len(phrase) > 100:
        phrase = " ".join(text[start:end].split())
    return phrase.lstrip("•*–—-( ").strip()
