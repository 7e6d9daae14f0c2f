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
_CHUNK = re.compile(rf"\r\n?|[\u1100-\u115f][\u1160-\u11a7][\u11a8-\u11ff]?|.[{_MARKS}]+|.", re.S)
_SPECIAL = re.compile(f"[\r{_MARKS}\u1100-\u11ff\ufb00-\ufb06" + re.escape("".join(_REPLACE)) + "]")


@dataclass(frozen=True)
class Normalised:
    """The canonical text and, when it differs from the original, where each character came from.

    ``starts[i]`` and ``ends[i]`` are the original offsets of the chunk canonical character ``i``
    was made from; both lists are None when the text needed no change.
    """

    original: str
    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that canonical ``text[start:end]`` stands for."""
        if self.starts is None or self.ends is None:
            return start, end
        n = len(self.text)
        if n == 0:
            return 0, 0
        a = self.starts[start] if start < n else len(self.original)
        b = self.ends[end - 1] if end > start and end <= n else a
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


def normalise(text: str) -> Normalised:
    """The canonical form of ``text`` with its map back to the original characters."""
    if not _SPECIAL.search(text) and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return Normalised(text, text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _CHUNK.finditer(text):
        piece = m.group()
        new = _chunk(piece)
        a, b = m.span()
        for ch in new:
            out.append(ch)
            starts.append(a)
            ends.append(b)
    canonical_text = "".join(out)
    if canonical_text == text:
        return Normalised(text, text)
    return Normalised(text, canonical_text, tuple(starts), tuple(ends))


def canonical(text: str) -> str:
    """Just the canonical text: ``canonical("Jose\u0301")`` is ``"José"``."""
    return normalise(text).text
