"""Read a draft: plain text (optional ``To:`` and ``Subject:`` lines first) or an .eml message.

A draft keeps two texts: ``original``, exactly as the user wrote it, which findings point into,
and ``text``, its canonical form (afterview.checks.normalize: NFC, straight quotes, plain
spaces, LF), which the rules read. For an .eml file the original is the message as a person
reads it — ``To:``/``Subject:`` lines, a blank line, then the decoded body (an HTML-only body
as its text) — so that line and column numbers match what the user sees, whatever the transfer
encoding.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from afterview.checks.normalize import Normalised, normalise
from afterview.errors import InputError
from afterview.files import read_input

_HEADER = re.compile(r"(?i)^(to|subject|cc)[ \t]*:[ \t]*(.*?)[ \t]*$")
# A word: letters (any script) with inner apostrophes or hyphens: "don't", "Anne-Marie".
WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
ASCII_WORD = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")  # the same, faster, for English text
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# The same words, each with the run of other characters before it: findall then yields
# (gap, word) pairs in C, and the offsets follow from the lengths (cheaper than match objects).
_GAP_WORD = re.compile(rf"([\W\d_]*)({WORD.pattern})")
_GAP_ASCII_WORD = re.compile(rf"([^A-Za-z]*)({ASCII_WORD.pattern})")
# Spans that are not prose: web and mail addresses, handles, file names. Each pattern runs
# only when a cheap substring test says it could match.
NOT_PROSE = (
    ("://", re.compile(r"(?i)\bhttps?://\S+")),
    ("www.", re.compile(r"(?i)\bwww\.\S+")),
    ("@", re.compile(r"@[\w-]+(?:\.[\w-]+)*")),  # widened to the local part in `tokens`
    (".", re.compile(r"(?i)\b\w+\.(?:pdf|docx?|xlsx?|pptx?|csv|md|png|jpe?g)\b")),
)
_FILE_SUFFIXES = (".pdf", ".doc", ".xls", ".ppt", ".csv", ".md", ".png", ".jp")


class Token(NamedTuple):
    """A word of the draft and where it stands."""

    text: str
    start: int
    end: int


_LOCAL_PART = re.compile(r"[\w.+-]+$")


def _with_local_part(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Extend an '@domain' span left over the mailbox name: 'priya.nair@northwind.example'."""
    local = _LOCAL_PART.search(text, max(0, span[0] - 64), span[0])
    return (local.start() if local else span[0]), span[1]


@dataclass
class Draft:
    """A draft message and the offsets of its parts in ``text``."""

    path: str
    text: str
    to: str | None = None
    subject: str | None = None
    subject_span: tuple[int, int] | None = None
    to_span: tuple[int, int] | None = None
    body_start: int = 0
    source: Normalised | None = field(default=None, repr=False)  # the user's text and the map
    _line_starts: list[int] = field(default_factory=list, repr=False)
    cache: dict[object, object] = field(default_factory=dict, repr=False)  # rules' shared work

    @property
    def body(self) -> str:
        """The message body."""
        return self.text[self.body_start :]

    @cached_property
    def not_prose(self) -> list[tuple[int, int]]:
        """Spans of web and mail addresses, handles and file names."""
        text = self.text
        lower = text.lower()
        return [
            _with_local_part(text, m.span()) if needle == "@" else m.span()
            for needle, pattern in NOT_PROSE
            if (needle != "." and needle in text)
            or (needle == "." and any(s in lower for s in _FILE_SUFFIXES))
            for m in pattern.finditer(text)
        ]

    @cached_property
    def tokens(self) -> list[Token]:
        """The words of the subject and the body, outside addresses and links."""
        text = self.text
        skip = self.not_prose
        if skip:  # blank out addresses and links, keeping every offset
            chars = list(text)
            for a, b in skip:
                chars[a:b] = " " * (b - a)
            text = "".join(chars)
        regions = []
        if self.subject_span:
            regions.append(self.subject_span)
        regions.append((self.body_start, len(self.text)))
        out: list[Token] = []
        # Letters outside ASCII (José, Zoë, 田中) need the Unicode pattern; dashes and curly
        # quotes do not.
        latin = text.isascii() or not any(c.isalpha() for c in _NON_ASCII.findall(text))
        pattern = _GAP_ASCII_WORD if latin else _GAP_WORD
        new, append = tuple.__new__, out.append  # cheaper than the named constructor
        for lo, hi in regions:
            pos = lo
            for gap, word in pattern.findall(text, lo, hi):
                pos += len(gap)
                end = pos + len(word)
                append(new(Token, (word, pos, end)))
                pos = end
        return out

    @cached_property
    def lowered(self) -> list[str]:
        """Each token's text in lower case, in token order (shared by the rules)."""
        return [t.text.lower() for t in self.tokens]

    @cached_property
    def capitalised(self) -> list[int]:
        """Indexes of the tokens that start with a capital letter (names, companies)."""
        return [i for i, t in enumerate(self.tokens) if t.text[0].isupper()]

    @cached_property
    def body_tokens(self) -> list[Token]:
        """The words of the body only."""
        return [t for t in self.tokens if t.start >= self.body_start]

    @property
    def word_count(self) -> int:
        """Words in the body (as a word processor counts them)."""
        return len(self.body.split())

    @property
    def original(self) -> str:
        """The draft exactly as the user wrote it (findings' offsets point into this)."""
        return self.source.original if self.source is not None else self.text

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of :attr:`original` that ``text[start:end]`` stands for."""
        if self.source is None:
            return start, end
        return self.source.original_span(start, end)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of a character offset into :attr:`original`."""
        original = self.original
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", original)]
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line of :attr:`original` (without its line end)."""
        self.position(0)
        original = self.original
        start = self._line_starts[line - 1]
        end = original.find("\n", start)
        return original[start : end if end != -1 else len(original)].rstrip("\r")

    @cached_property
    def greeting(self) -> tuple[str, int, int] | None:
        """The salutation's name part ("Dr. Nair") and its span, if the body opens with one."""
        from afterview.checks.greeting import find_greeting

        return find_greeting(self)


def parse_text(text: str, path: str = "<draft>") -> Draft:
    """Parse a plain-text draft, reading ``To:``, ``Subject:`` and ``Cc:`` lines at the top."""
    source = normalise(text)
    text = source.text
    draft = Draft(path=path, text=text, source=source if text != source.original else None)
    # Blank lines before the headers (a pasted draft often starts with some) change nothing.
    lead = len(text) - len(text.lstrip(" \t\n"))
    offset = text.rfind("\n", 0, lead) + 1 if lead else 0
    saw_header = False
    while True:
        end = text.find("\n", offset)
        line = text[offset : end if end != -1 else len(text)]
        m = _HEADER.match(line)
        if not m:
            break
        saw_header = True
        name, value = m.group(1).lower(), m.group(2)
        span = (offset + m.start(2), offset + m.start(2) + len(value))
        if name == "to":
            draft.to, draft.to_span = value, span
        elif name == "subject":
            draft.subject, draft.subject_span = value, span
        if end == -1:
            offset = len(text)
            break
        offset = end + 1
    if saw_header and text[offset : offset + 1] == "\n":
        offset += 1
    elif not saw_header:
        offset = 0
    draft.body_start = offset
    return draft


MAX_TEXT = 256 * 1024  # characters of draft text: a long cover letter is 5,000
MAX_EML = 30 * 1024 * 1024  # bytes of an .eml file, attachments included


def parse_eml(raw: bytes, path: str = "<draft.eml>") -> Draft:
    """Parse an RFC 5322 message: its To, Subject and body (plain text, else the HTML's text)."""
    from email import policy
    from email.parser import BytesParser

    if b"\x00" in raw:
        raise InputError(path, None, "expected an RFC 5322 message; this file is binary")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        if not message.keys():
            raise ValueError("no mail headers")
        part = message.get_body(preferencelist=("plain", "html"))
        body = str(part.get_content()) if part is not None else ""
    except Exception as exc:  # the email package raises many kinds on malformed input
        raise InputError(path, None, f"expected an RFC 5322 message ({exc})") from None
    if part is None:
        raise InputError(path, None, "expected a message with a text or HTML body")
    if part.get_content_subtype() == "html":
        from afterview.checks.html_text import html_to_text

        body = html_to_text(body)
    lines = []
    if message["To"] is not None:
        lines.append(f"To: {message['To']}")
    if message["Subject"] is not None:
        lines.append(f"Subject: {message['Subject']}")
    head = "\n".join(lines) + "\n\n" if lines else ""
    return _checked(parse_text(head + body, path))


def _checked(draft: Draft) -> Draft:
    """``draft``, or an InputError when it has no text to check or far too much."""
    if len(draft.text) > MAX_TEXT:
        raise InputError(
            draft.path, None, f"expected a draft of at most {MAX_TEXT // 1024} KiB of text"
        )
    if not draft.body.strip():
        what = "empty" if not draft.original else "blank"
        if draft.subject is not None or draft.to is not None:
            what = "only headers, no body"
        raise InputError(draft.path, None, f"expected a draft with a message body; it is {what}")
    return draft


def load_draft(path: str | Path) -> Draft:
    """Read a draft file (.eml as a message, anything else as plain text).

    An empty, blank, binary or oversized file is an InputError naming it.
    """
    path = Path(path)
    name = str(path)
    raw = read_input(path, "a draft file")
    if path.suffix.lower() == ".eml":
        if len(raw) > MAX_EML:
            raise InputError(name, None, f"expected a message of at most {MAX_EML >> 20} MiB")
        return parse_eml(raw, name)
    if len(raw) > MAX_TEXT * 4:
        raise InputError(name, None, f"expected a draft of at most {MAX_TEXT // 1024} KiB of text")
    return _checked(parse_text(_decode(raw, name), name))


def _decode(raw: bytes, name: str) -> str:
    """The text of a draft file: UTF-8 (with or without a BOM), or UTF-16 with its BOM (what
    Windows Notepad saves as "Unicode")."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(name, None, "expected UTF-16 text after its byte-order mark") from None
    if b"\x00" in raw:
        raise InputError(name, None, "expected a text file; this one is binary")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            name,
            None,
            f"expected UTF-8 text (byte {exc.start} is not); save it as UTF-8 and check again",
        ) from None


def draft_files(paths: list[Path]) -> list[Path]:
    """Expand directories into their .txt, .eml and .md files, sorted; keep files as given.

    A folder with no such file is an InputError naming it, and so is an empty list.
    """
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in (".txt", ".eml", ".md")
            )
            if not found:
                raise InputError(str(path), None, "expected a folder of .txt, .eml or .md drafts")
            out += found
        else:
            out.append(path)
    if not out:
        raise InputError("check", None, "expected at least one draft file or folder")
    return out
