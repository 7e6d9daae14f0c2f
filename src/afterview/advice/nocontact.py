"""Read a job posting's no-contact lines by meaning: who they address, which channel, how firmly.

The phrase data lives in the rule pack (pack/no_contact.toml); this module cuts the posting into
sentences and clauses, and reads each clause that restricts contact as a :class:`Reading`. Only a
reading addressed to candidates that restricts email or contact of any kind stops the follow-up;
"No phone calls" restricts the phone, "Agencies: please do not call" concerns agencies, and
"Only shortlisted candidates will be contacted" says whom they will write to.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

Audience = Literal["candidates", "agencies"]
Force = Literal["strict", "request", "soft", "statement"]
Kind = Literal["restriction", "reply_policy"]
CHANNELS = ("phone", "visit", "email", "any")

# Typographic quotes and odd spaces as the checker's canonical text has them (DESIGN.md).
_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,
        "\u2010": "-",
        "\u2011": "-",
        "\r": "",
    }
)
_BULLET = "•·▪◦‣●○■□➢➤►✓✔*"
_CONTINUES_CHARS = tuple(",&/(-")


def _runs_on(line: str) -> bool:
    """True when ``line`` cannot end there: it ends with a word like "the" or "not", or a comma."""
    last = line.rsplit(None, 1)[-1].lower()
    return line.endswith(_CONTINUES_CHARS) or last in _runs_on_words()


@lru_cache(maxsize=1)
def _runs_on_words() -> frozenset[str]:
    return frozenset(_pack()["lines"]["runs_on"].split())


@dataclass(frozen=True)
class Reading:
    """One clause of a posting that restricts contact (or says whom they will contact)."""

    sentence: str  # the sentence as written, white space folded
    clause: str  # the part of it that was read
    kind: Kind
    audience: Audience
    channels: frozenset[str]  # of CHANNELS; empty for a reply policy
    force: Force

    @property
    def stops_follow_up(self) -> bool:
        """True when it asks candidates not to write at all (email, or any contact)."""
        return (
            self.kind == "restriction"
            and self.audience == "candidates"
            and bool(self.channels & {"email", "any"})
        )

    @property
    def channel_only(self) -> bool:
        """True when it asks candidates not to phone or drop in, and nothing more."""
        return (
            self.kind == "restriction"
            and self.audience == "candidates"
            and not self.stops_follow_up
        )

    @property
    def meaning(self) -> str:
        """The reading in words: "don't phone; email is fine"."""
        words = _pack()["readings"]
        if self.kind == "reply_policy":
            return str(words["reply_policy"])
        if self.audience == "agencies":
            return str(words["agencies"])
        verbs = " or ".join(words["channel_verbs"][c] for c in CHANNELS if c in self.channels)
        if "any" in self.channels:
            text = words["stop_any"]
        else:
            text = words["stop_email" if self.stops_follow_up else "channel_only"].format(
                verbs=verbs
            )
        if not self.stops_follow_up and self.force != "strict":
            return str(text)  # "don't phone; email is fine" says all
        return str(text) + str(words[f"force_{self.force}"])

    def describe(self) -> str:
        """Read “<sentence>” as: <meaning>."""
        return f"Read “{self.sentence}” as: {self.meaning}"


@dataclass(frozen=True)
class _Compiled:
    restrictions: tuple[tuple[re.Pattern[str], Force, str], ...]
    opens: dict[str, re.Pattern[str]]  # how an object must open: "next", "near"
    agencies: tuple[re.Pattern[str], ...]
    agency_requests: tuple[re.Pattern[str], ...]
    candidates_too: re.Pattern[str]
    reply_policy: tuple[re.Pattern[str], ...]
    channel: dict[str, re.Pattern[str]]
    any_channel: re.Pattern[str]
    topic: re.Pattern[str]
    application: re.Pattern[str]
    off_topic: re.Pattern[str]
    stop: re.Pattern[str]
    heading: re.Pattern[str]
    gate: re.Pattern[str]
    by_channel: re.Pattern[str]
    specific_before: re.Pattern[str]
    specific_after: re.Pattern[str]


@lru_cache(maxsize=1)
def _pack_text() -> str:
    return resources.files("afterview.advice").joinpath("pack/no_contact.toml").read_text("utf-8")


@lru_cache(maxsize=1)
def _pack() -> dict[str, Any]:
    return tomllib.loads(_pack_text())


def _compile(pattern: str) -> re.Pattern[str]:
    """A pattern of the pack, its ``{word}`` lists expanded (the text is lower-cased first)."""
    words: dict[str, str] = _pack()["words"]
    return re.compile(re.sub(r"\{(\w+)\}", lambda m: f"(?:{words[m[1]]})", pattern))


@lru_cache(maxsize=1)
def _gate() -> re.Pattern[str]:
    """The words without which no clause restricts contact: one pattern, compiled alone, so
    that a posting or note without any of them is read without compiling the other eighty
    (about a third of ``afterview advise``'s start-up, issue 14)."""
    return _compile(_pack()["words"]["gate"])


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    data = _pack()
    compile_ = _compile

    channel = {
        name: compile_(rf"(?<![\w-])(?:{{{name}}})(?![\w-])")
        for name in ("phone", "visit", "email")
    }
    specific = "|".join(f"{{{c}}}" for c in ("phone", "visit", "email"))
    opening = "{phone}|{visit}|{email}|{any}|{topic}|write|writing|send|sending|ask|asking"
    determiner = (
        "any|all|further|additional|direct|personal|unsolicited|such|other|more|directly|"
        "personally|individually|repeatedly"
    )
    return _Compiled(
        restrictions=tuple(
            (compile_(r["pattern"]), r.get("force", "request"), r.get("object", ""))
            for r in data["restriction"]
        ),
        opens={
            "next": compile_(rf"\s*(?:(?:{determiner})\s+)*(?:{opening})(?![\w-])"),
            "near": compile_(rf"\s*(?:[\w'-]+\s+){{0,3}}?(?:{opening})(?![\w-])"),
        },
        agencies=tuple(compile_(p) for p in data["audience"]["agencies"]),
        agency_requests=tuple(compile_(p) for p in data["audience"]["requests"]),
        candidates_too=compile_(data["audience"]["candidates_too"]),
        reply_policy=tuple(compile_(p) for p in data["reply_policy"]["patterns"]),
        channel=channel,
        any_channel=compile_(r"(?<![\w-])(?:{any}|write|writing)(?![\w-])"),
        topic=compile_(r"(?<![\w-])(?:{topic})(?![\w-])"),
        application=compile_(
            r"^\W*(?:(?!about\b|regarding\b|re\b|on\b|for\b|concerning\b|of\b|status\b)"
            r"[\w'-]+\W+){0,4}?(?:{application}|{others})"
        ),
        off_topic=compile_(
            r"\b(?:about|regarding|re|concerning|for|on|to\s+ask\s+about|to\s+discuss|before|"
            r"until|sent\s+to|to)\s+"
            r"(?:[\w'-]+\s+){0,3}?(?:{off_topic})\b"
        ),
        stop=compile_(r"[.;:!?()\"]|\s[-–—]\s|\b(?:{stop})\b"),
        gate=_gate(),
        heading=compile_(
            r"^\W*(?:(?:note\s+to|attention|attn\.?|to|dear)\s*:?\s*)?(?:all\s+|any\s+)?"
            r"(?:{agency})(?:\s+(?:and|or|&|/)\s+(?:{agency}))?\W*$"
        ),
        by_channel=compile_(rf"\b(?:by|via|over\s+the|through|on\s+the|in)\s+(?:{specific})"),
        specific_before=compile_(rf"(?<![\w-])(?:{specific})[\s/-]+$"),
        specific_after=compile_(rf"[\s/-]+(?:{specific})(?![\w-])"),
    )


def canonical(text: str) -> str:
    """NFC, straight quotes, ordinary spaces, no zero-width characters, LF line ends."""
    return unicodedata.normalize("NFC", text).translate(_TRANSLATE)


def sentences(text: str) -> list[str]:
    """Cut a posting into sentences: at . ! ? and at line breaks that end a line of their own
    (a bullet or a capital after a line that does not run on); a hard-wrapped sentence is joined."""
    lines = [line.strip() for line in canonical(text).split("\n")]
    blocks: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                blocks.append(current)
            current = ""
            continue
        bullet = line[0] in _BULLET or bool(re.match(r"(?:\d{1,2}[.)]|[-–—])\s", line))
        starts_low = line[0].islower()
        if current and not bullet and (starts_low or _runs_on(current)):
            current = f"{current} {line}"
        else:
            if current:
                blocks.append(current)
            current = line
    if current:
        blocks.append(current)
    out = []
    for block in blocks:
        for part in re.split(rf"(?<=[.!?])[\"')\]]*\s+|\s*[{re.escape(_BULLET)}]\s*", block):
            part = " ".join(part.split()).lstrip("-–—• ").strip()
            if re.search(r"\w", part):
                out.append(part)
    return out


def read_posting(text: str | None) -> tuple[Reading, ...]:
    """Every clause of the posting that restricts contact or says whom they will contact.

    Reading needs some eighty patterns compiled (about 25 ms, a seventh of a command's start),
    so a posting's reading is kept in the start-up cache (afterview.cache) under the hash of
    the posting and of the pack that read it: advise, draft and check on one situation read its
    posting once. A posting without a gate word is read without compiling them at all."""
    if not text:
        return ()
    import hashlib

    from afterview import cache

    digest = hashlib.sha256(f"{_pack_text()}\x00{text}".encode()).hexdigest()[:32]
    key = f"posting-{cache.FORMAT}-{digest}.pickle"
    found = cache.read(key)
    if isinstance(found, tuple) and all(isinstance(r, Reading) for r in found):
        return found
    readings = _read(text)
    cache.write(key, readings)
    return readings


@lru_cache(maxsize=128)
def _read(text: str, gated: bool = True) -> tuple[Reading, ...]:
    """The readings of ``text``. A clause is read only when the gate matches it, and a clause
    is a sentence cut at ";" or a spaced dash, so the gate finds a word in some clause exactly
    when it finds one in its sentence: a text whose sentences have none has no reading, and
    the other patterns need not be compiled (``gated=False`` reads without the shortcut, to
    test it)."""
    found = sentences(text)
    if gated and not any(_gate().search(s.lower()) for s in found):
        return ()
    c = _compiled()
    out: list[Reading] = []
    heading_audience: Audience | None = None
    for sentence in found:
        shown = sentence.rstrip(" .;:,")
        clauses = [k for k in re.split(r"\s*;\s*|\s+[-–—]+\s+", sentence) if k.strip()]
        sentence_heading: Audience | None = heading_audience
        heading_audience = None
        for clause in clauses:
            low = clause.lower()
            if not c.gate.search(low):
                continue
            if c.heading.match(low):
                sentence_heading = "agencies"
                heading_audience = "agencies" if len(clauses) == 1 else None
                continue
            reading = _read_clause(low, c)
            if reading is None:
                continue
            kind, channels, force = reading
            audience: Audience = "candidates"
            if sentence_heading == "agencies" or (
                any(p.search(low) for p in c.agencies) and not c.candidates_too.search(low)
            ):
                audience = "agencies"
            out.append(Reading(shown, clause.strip(" .;:,"), kind, audience, channels, force))
    return tuple(out)


_STRENGTH = {"strict": 3, "request": 2, "statement": 1, "soft": 0}


def _read_clause(low: str, c: _Compiled) -> tuple[Kind, frozenset[str], Force] | None:
    """Every restriction in the clause, channels together ("no calls, no walk-ins"), the
    firmest force; else a reply policy; else None."""
    found = list(_restrictions(low, c))
    if found:
        channels = frozenset().union(*(ch for ch, _ in found))
        force = max((f for _, f in found), key=_STRENGTH.__getitem__)
        return "restriction", channels, force
    if any(p.search(low) for p in c.agency_requests):
        return "restriction", frozenset({"any"}), "request"
    if any(p.search(low) for p in c.reply_policy):
        return "reply_policy", frozenset(), "statement"
    return None


def _restrictions(low: str, c: _Compiled) -> Iterator[tuple[frozenset[str], Force]]:
    for pattern, force, opens in c.restrictions:
        for match in pattern.finditer(low):
            groups = match.groupdict()
            what = groups.get("what")
            span = what if what is not None else low[match.end() :]
            if opens and not c.opens[opens].match(span):
                continue
            if c.application.search(span) or c.off_topic.search(span):
                continue
            if what is None:
                stop = c.stop.search(span)
                span = span[: stop.start()] if stop else span
                span = _cut_at_lone_comma(span, c)
            channels = _channels(span, c)
            if channels:
                verb = groups.get("verb") or groups.get("verb2") or ""
                if re.match(r"necessary|required|needed|expected|unnecessary", verb):
                    yield channels, "soft"
                elif re.match(r"prohibited|forbidden", verb):
                    yield channels, "strict"
                else:
                    yield channels, force


def _cut_at_lone_comma(span: str, c: _Compiled) -> str:
    """End the object at a comma not followed by another channel ("calls, emails or visits")."""
    for m in re.finditer(r",", span):
        rest = re.sub(r"^\s*(?:or|and|nor|&)?\s*(?:by|via)?\s*", "", span[m.end() :])
        if not any(p.match(rest) for p in (*c.channel.values(), c.any_channel)):
            return span[: m.start()]
    return span


def _channels(span: str, c: _Compiled) -> frozenset[str]:
    """The channels an object names. A generic word ("inquiries", "follow-up") next to a channel
    word is narrowed by it ("phone inquiries", "follow-up calls"), and "by phone" or "in person"
    narrows them all; any other generic word means contact of any kind."""
    found = {name for name, p in c.channel.items() if p.search(span)}
    if found and c.by_channel.search(span):
        return frozenset(found)
    for pattern in (c.any_channel, c.topic):
        if pattern is c.topic and found:
            break  # "do not call to follow up": the topic of a call, not another channel
        for m in pattern.finditer(span):
            before, after = span[: m.start()], span[m.end() :]
            if not (c.specific_before.search(before) or c.specific_after.match(after)):
                found.add("any")
                break
    return frozenset(found)


def find_no_contact(posting_text: str | None) -> str | None:
    """The posting's sentence that asks candidates for no contact at all, or None."""
    for reading in read_posting(posting_text):
        if reading.stops_follow_up:
            return reading.sentence
    return None
