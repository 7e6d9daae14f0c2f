"""One canonical text for the rules, and the way back to the user's characters.

Drafts arrive as Word, Outlook, Gmail on a Mac, a PDF or a phone wrote them: typographic
apostrophes and quotes, decomposed accents (NFD, as pasted from macOS or a PDF), no-break and
thin spaces, zero-width characters, soft hyphens, ligatures and CRLF line ends. None of that
changes what the draft says, so none of it may change a finding. The rules see one canonical
text — NFC, straight quotes, plain spaces, LF — and every span they report is mapped back onto
the characters the user wrote, so an editor highlights exactly the word it should.

``canonical("O’Brien")`` is ``"O'Brien"``; :func:`normalise` also gives the mapping.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

# One character for another (or for nothing): quotes, spaces, hyphens, invisible characters.
_REPLACE = {
    **dict.fromkeys("’‘‚‛′ʼ`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009", " "),
    **dict.fromkeys("\u200a\u202f\u205f\u3000\t\f\v", " "),
    **dict.fromkeys("\u2010\u2011", "-"),
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
    "\u2028": "\n",
    "\u2029": "\n",
    "\u2026": "...",
}
# A chunk is replaced as a whole: CRLF, a letter with its combining marks, or one character.
# (Hangul from macOS arrives as conjoining jamo: a leading consonant, a vowel, a final.)
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a"
_SPECIAL = re.compile(f"[\r{_MARKS}\u1100-\u11ff\ufb00-\ufb06" + re.escape("".join(_REPLACE)) + "]")
# Where the text's length may change: CR, a combining mark, a leading conjoining jamo (Hangul
# from macOS), a ligature, a character that becomes nothing or several. Everything between two
# such chunks is copied (with the one-for-one replacements), so a long draft costs a few
# slices, not a loop over its characters.
_TRIGGER = re.compile(
    f"[\r{_MARKS}\u1100-\u115f\ufb00-\ufb06"
    + re.escape("".join(k for k, v in _REPLACE.items() if len(v) != 1))
    + "]"
)
_JAMO = re.compile(r"[\u1100-\u115f][\u1160-\u11a7][\u11a8-\u11ff]?")
_MARK = re.compile(f"[{_MARKS}]")
_MARK_RUN = re.compile(f"[{_MARKS}]*")
_ONE_FOR_ONE = str.maketrans({k: v for k, v in _REPLACE.items() if len(v) == 1})


@dataclass(frozen=True)
class Normalised:
    """The canonical text and, when lengths differ, the map back to the original.

    The map is a list of segments, in order: ``(canonical start, original start, original
    length, whole)``. A segment with ``whole`` False was copied character for character; one
    with ``whole`` True is a chunk (CRLF, a letter with its accents) that maps as a unit.
    ``segments`` is None when canonical offset i is original offset i.
    """

    original: str
    text: str
    segments: tuple[tuple[int, int, int, bool], ...] | None = None
    _keys: tuple[int, ...] = ()

    def _at(self, offset: int) -> tuple[int, int, int, bool]:
        assert self.segments is not None
        return self.segments[max(0, bisect_right(self._keys, offset) - 1)]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that canonical ``text[start:end]`` stands for."""
        if self.segments is None:
            return start, end
        if start >= len(self.text):
            return len(self.original), len(self.original)
        c, o, length, whole = self._at(start)
        a = o if whole else o + (start - c)
        if end <= start:
            return a, a
        c, o, length, whole = self._at(min(end, len(self.text)) - 1)
        b = o + length if whole else o + (end - c)
        return a, max(a, b)

    def original_offset(self, offset: int) -> int:
        """Where canonical ``offset`` falls in the original text."""
        return self.original_span(offset, offset)[0]


def _chunk(piece: str) -> str:
    if piece[0] == "\r":
        return "\n"
    if len(piece) == 1:
        if piece in _REPLACE:
            return _REPLACE[piece]
        if "\ufb00" <= piece <= "\ufb06":  # ligatures from PDFs: "ﬁ" -> "fi"
            return unicodedata.normalize("NFKC", piece)
        return piece
    return unicodedata.normalize("NFC", _chunk(piece[0]) + piece[1:])


def _marks_end(text: str, at: int) -> int:
    """Where the run of combining marks starting at ``at`` ends."""
    run = _MARK_RUN.match(text, at)
    return run.end() if run else at


def normalise(text: str) -> Normalised:
    """The canonical form of ``text`` with its map back to the original characters."""
    if not _SPECIAL.search(text) and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return Normalised(text, text)
    out: list[str] = []
    segments: list[tuple[int, int, int, bool]] = []
    size = 0  # of the canonical text so far
    copied = 0  # of the original text so far

    def copy(upto: int) -> None:
        # Between chunks NFC can only swap a singleton (the Ångström sign) one for one.
        nonlocal size
        run = text[copied:upto].translate(_ONE_FOR_ONE)
        if not run.isascii():
            run = unicodedata.normalize("NFC", run)
        segments.append((size, copied, upto - copied, False))
        out.append(run)
        size += len(run)

    for m in _TRIGGER.finditer(text):
        a = m.start()
        if a < copied:
            continue  # already part of the chunk before
        ch = text[a]
        if ch == "\r":
            b = a + 2 if text.startswith("\n", a + 1) else a + 1
        elif "\u1100" <= ch <= "\u115f":
            jamo = _JAMO.match(text, a)
            b = jamo.end() if jamo else a + 1
        elif _MARK.match(ch):  # the marks and the letter they sit on
            b = _marks_end(text, a)
            if a > copied and text[a - 1] != "\r":
                a -= 1
        else:
            b = _marks_end(text, a + 1)
        if a > copied:
            copy(a)
        new = _chunk(text[a:b])
        if new:  # a chunk that became nothing maps no canonical character
            segments.append((size, a, b - a, True))
        out.append(new)
        size += len(new)
        copied = b
    if copied < len(text):
        copy(len(text))
    result = "".join(out)
    if not unicodedata.is_normalized("NFC", result):
        # Only contrived text gets here (a combining mark parted from its letter by a
        # zero-width space): normalise it whole, and map any span to the whole text.
        return Normalised(
            text, unicodedata.normalize("NFC", result), ((0, 0, len(text), True),), (0,)
        )
    if len(result) == len(text) and all(not whole for *_, whole in segments):  # one for one
        return Normalised(text, result)
    return Normalised(text, result, tuple(segments), tuple(seg[0] for seg in segments))


def canonical(text: str) -> str:
    """Just the canonical text: ``canonical("Jose\u0301")`` is ``"José"``."""
    return normalise(text).text
