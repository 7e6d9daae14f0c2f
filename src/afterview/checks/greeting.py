"""Where a draft greets someone: the salutation's name part and its span.

The greeting is looked for in the first sentence of the body, on its own line or inline, with
a comma, an exclamation mark, a dash or nothing after it:

    Dear Dr. Nair,            Hi Christ, thank you for ...        Hey Mark!!
    Hi, Mark,                 Hello Marcus thank you for ...      Mark,
    Good morning Ms. van der Meer -- ...                          Thank you, Priya, for ...
    Dear Hiring Team,         To whom it may concern:             Hi Priya and team,

A greeting without a name ("Hello,", "Good morning!") is a greeting whose name is empty.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from afterview.checks.context import PARTICLES, fold, honorific_key

if TYPE_CHECKING:
    from afterview.checks.draft import Draft

_OPENER = re.compile(
    r"[ \t]*(?P<opener>(?i:dear(?:est)?|hi|hello|hey|hiya|howdy|greetings|"
    r"good[ \t]+(?:morning|afternoon|evening|day)|to[ \t]+whom[ \t]+it[ \t]+may[ \t]+concern))"
    r"(?![^\W\d_])"
)
_AFTER_OPENER = re.compile(r"(?:[ \t]*,)?(?:[ \t]+again\b)?[ \t]*")  # "Hi, Mark", "Hi again Mark"
# A name word (letters with inner apostrophes or hyphens, "a/l" of Malaysian names), an
# ampersand, and an optional dot (an honorific or an initial).
_NAME_WORD = re.compile(r"[ \t]*(?P<w>[^\W\d_]+(?:['’\-/][^\W\d_]+)*|&)(?P<dot>\.)?")
_END = re.compile(r"[ \t]*(?:[,!:;?.]*[,!:;?]|--?|—|–|\.(?!\w)|$)")
_THANK_YOU = re.compile(
    r"[ \t]*(?i:thank[ \t]+you|thanks)(?:[ \t]+(?i:so|very)[ \t]+much|[ \t]+again)?[ \t]*,[ \t]*"
)
_CONNECTORS = {"and", "&", "or"}
MAX_WORDS = 7


def find_greeting(draft: Draft) -> Greeting | None:
    """The greeted name ("Dr. Nair", "" for "Hello,") and its span, if the body opens with a
    greeting."""
    text = draft.text
    m = re.compile(r"\s*").match(text, draft.body_start)
    start = m.end() if m else draft.body_start
    if start >= len(text):
        return None
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    opener = _OPENER.match(text, start, end)
    if opener:
        if opener.group("opener").lower().startswith("to"):  # "To whom it may concern"
            return Greeting(opener.group("opener"), opener.start("opener"), opener.end(), "", False)
        pos = _AFTER_OPENER.match(text, opener.end(), end).end()  # type: ignore[union-attr]
        found = _name_at(text, pos, end)
        name_start, name_end, own_line = found if found else (pos, pos, False)
        return Greeting(
            text[name_start:name_end], name_start, name_end, opener.group("opener"), not own_line
        )
    thanks = _THANK_YOU.match(text, start, end)
    if thanks:
        found = _name_at(text, thanks.end(), end, strict=True)
        if found and _all_capitalised(text[found[0] : found[1]]):
            return Greeting(text[found[0] : found[1]], found[0], found[1], "", True)
        return None
    return _bare_name(text, start, end)


class Greeting(tuple[str, int, int]):
    """(name, start, end) of a greeting, as ``Draft.greeting`` gives it, with how it opens:
    ``opener`` is the salutation word ("Dear", "" for a bare "Mark,") and ``inline`` says
    whether the message goes on after it on the same line."""

    opener: str
    inline: bool

    def __new__(cls, name: str, start: int, end: int, opener: str, inline: bool) -> Greeting:
        self = super().__new__(cls, (name, start, end))
        self.opener = opener
        self.inline = inline
        return self

    def __getnewargs__(self) -> tuple[str, int, int, str, bool]:
        """Pickle and copy with the opener and layout."""
        return (self[0], self[1], self[2], self.opener, self.inline)


def _name_at(text: str, pos: int, end: int, strict: bool = False) -> tuple[int, int, bool] | None:
    """The name starting at ``pos``: (start, end, whether the line ends after it).

    A short run of name words closed by punctuation or the end of the line is the name whole
    ("Dear Hiring Team,", "Hi Priya and team!"). Otherwise the name is the run of capitalised
    words, particles and honorifics before the first other word ("Hi Christ thank you ...").
    """
    words: list[tuple[str, int, int]] = []
    p = pos
    closed = False
    while len(words) < MAX_WORDS + 1:
        m = _NAME_WORD.match(text, p, end)
        if not m:
            break
        word = m.group("w")
        dot = m.group("dot")
        if dot and not (honorific_key(word) or len(word) == 1):
            words.append((word, m.start("w"), m.end("w")))
            p = m.end("w")  # the dot ends the sentence
            break
        words.append((word, m.start("w"), m.end("dot") if dot else m.end("w")))
        p = m.end()
    close = _END.match(text, p, end)
    closed = close is not None and len(words) <= MAX_WORDS
    if closed and words:
        own_line = text[close.end() : end].strip() == ""  # type: ignore[union-attr]
        if all(_fits_name(w, loose=True) for w, _, _ in words) or (
            # a name typed in lower case on its own line: "hi priya,"
            own_line and not strict and len(words) <= 3 and not _stops() & {w for w, _, _ in words}
        ):
            return _trim(words, own_line)
    if strict:
        return None
    run: list[tuple[str, int, int]] = []
    for word, lo, hi in words:
        if not _fits_name(word, loose=False) or (
            run and fold(word) in _stops() and not honorific_key(word)
        ):
            break
        run.append((word, lo, hi))
    return _trim(run, False)


def _trim(words: list[tuple[str, int, int]], own_line: bool) -> tuple[int, int, bool] | None:
    while words and (words[-1][0].lower() in _CONNECTORS or fold(words[-1][0]) in PARTICLES):
        words = words[:-1]
    if not words:
        return None
    return words[0][1], words[-1][2], own_line


def _fits_name(word: str, loose: bool) -> bool:
    """Whether ``word`` can be part of a greeted name. ``loose``: inside a run closed by
    punctuation, where group words ("all", "team") may be lower case."""
    if word[:1].isupper() or honorific_key(word) or word.lower() in _CONNECTORS:
        return True
    key = fold(word)
    if key in PARTICLES or key in ("a/l", "a/p", "s/o", "d/o"):
        return True
    return loose and key in _group_words()


def _all_capitalised(name: str) -> bool:
    words = [
        w
        for w in re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", name)
        if w.lower() not in _CONNECTORS
    ]
    return bool(words) and all(
        (w[:1].isupper() and fold(w) not in _discourse()) or fold(w) in PARTICLES for w in words
    )


def _bare_name(text: str, start: int, end: int) -> Greeting | None:
    """A first line that is only a name ("Mark,", "Priya and Marcus!") or opens with one
    before a lower-case continuation ("Mark, thank you for ...")."""
    first = _NAME_WORD.match(text, start, end)
    if not first or not first.group("w")[:1].isupper():
        return None
    word = fold(first.group("w"))
    if word in _discourse() or _adverb(word) or honorific_key(word) == "sir":
        return None
    found = _name_at(text, start, end, strict=True)
    if not found or not _all_capitalised(text[found[0] : found[1]]):
        return None
    name_start, name_end, _ = found
    after = re.compile(r"[ \t]*([,!:—–-]+)[ \t]*").match(text, name_end, end)
    if after is None:
        return None
    rest = text[after.end() : end]
    if rest.strip() and not (after.group(1) == "," and rest[:1].islower()):
        return None
    return Greeting(text[name_start:name_end], name_start, name_end, "", bool(rest.strip()))


def _adverb(word: str) -> bool:
    """An adverb in -ly ("Honestly", "Happily", "Simply"), not a name ("Emily", "Billy")."""
    if not word.endswith("ly") or len(word) < 5:
        return False
    from afterview.checks.spelling_engine import word_set

    words = word_set()
    if word.endswith("ily"):
        stems = [word[:-3] + "y"]  # happi-ly (and not Emily)
    else:
        stems = [word[:-2]]  # honest-ly
        if word[-3] in "pbtdg":
            stems.append(word[:-1] + "e")  # simp-ly, gent-ly
        if word.endswith("uly"):
            stems.append(word[:-2] + "e")  # tru-ly
    return any(len(stem) >= 4 and stem in words for stem in stems)


def _group_words() -> frozenset[str]:
    from afterview.checks.name_order import data

    return data()["group_words"]


def _stops() -> frozenset[str]:
    from afterview.checks.name_order import data

    return data()["greeting_stops"]


def _discourse() -> frozenset[str]:
    from afterview.checks.name_order import data

    return data()["discourse_words"]
