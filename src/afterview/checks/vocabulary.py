"""Word lists the checker ships: business and technical vocabulary, stop words, job titles."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _lines(name: str) -> frozenset[str]:
    text = resources.files("afterview.checks").joinpath(f"data/{name}").read_text("utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=1)
def jargon() -> frozenset[str]:
    """Ordinary business and technical words the general dictionary lacks (onboarding, dbt)."""
    return _lines("jargon.txt")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words too common to make a note specific."""
    return _lines("stopwords.txt")


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Occupational nouns that head a job title (analyst, engineer, manager)."""
    return _lines("titles.txt")
