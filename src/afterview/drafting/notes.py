"""Read a free-form interview note and decide whether a letter can use it, and in what words.

A note ("Asked how I handle conflicting stakeholder requests", "Kafka vs Kinesis", "Was impressed
by my SQL answer") has no known grammar. A letter may only use it when its *shape* is recognised:

- a noun phrase ("the Q3 churn model") or an embedded question ("how the team plans sprints"),
  which completes "our conversation about ...";
- a lead verb from :data:`LEADS` ("asked about", "discussed", "walked me through", ...) followed
  by such a phrase, which becomes a :class:`Reading` with a head noun ("your question about ...").

Anything else — a clause with its own verb ("they're moving to Snowflake"), a request ("asked me
to send my GitHub link"), a remark about the candidate ("was impressed by my SQL answer"), a
fragment, a to-do — is *not used*, and the reason says why, so the user can add a topic instead.
The shapes are decided by closed-class words (pronouns, prepositions, auxiliaries, conjunctions),
which are finite and known; open-class words are taken as they come. ``tests/data/notes.toml``
holds the corpus that proves each rewrite.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """data/lexicon.toml: the closed-class and other word lists, as space-separated text."""
    text = resources.files("afterview.drafting").joinpath("data/lexicon.toml").read_text("utf-8")
    return tomllib.loads(text)


def _words(key: str) -> frozenset[str]:
    return frozenset(lexicon()[key].split())


# --- closed-class words -------------------------------------------------------------------

PREPOSITIONS = _words("prepositions")
ARTICLES = _words("articles")
CONJUNCTIONS = _words("conjunctions")
WH = _words("wh")
AUXILIARIES = _words("auxiliaries")
THIRD_PERSON = _words("third_person")
SECOND_PERSON = _words("second_person")
FIRST_PLURAL = _words("first_plural")
FIRST_SINGULAR_SUBJECT = frozenset({"i"})
OBJECT_ME = frozenset({"me", "myself"})
ADVERB_PARTICLES = _words("adverb_particles")
CONTRACTION = re.compile(r"(?i)(?:n't|'re|'ve|'ll|'d|'m)$")
# "'s" after these is "is"/"has", not a possessive
S_IS = _words("s_is")
# Past tense forms that are never participles: a phrase holding one has its own verb.
PAST_ONLY = _words("past_only")
# Words that open a remark about the candidate or the mood, never a topic.
REMARK_OPENERS = _words("remark_openers")
OPINION_VERBS = _words("opinion_verbs")
EVALUATIVE = _words("evaluative")
TODO = _words("todo")
# Hiring logistics: true, but nothing to thank anyone for ("your question about my notice period").
LOGISTICS = _words("logistics")
# Single words that are a mood or an outcome, not a topic.
NON_TOPICS = _words("non_topics")

# --- lead verbs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Lead:
    """A lead verb: the words that open the note, and what the rest becomes."""

    words: tuple[str, ...]
    head: str  # "topic" | "question" | "questions" | "explanation" | ... | "activity" | "reject"
    base: str = ""  # activity: the verb's base form ("present")
    ing: str = ""  # activity: its -ing form ("presenting")
    reason: str = ""  # reject: why


def _leads() -> tuple[Lead, ...]:
    table: list[Lead] = []

    def add(phrases: str, head: str, **kw: str) -> None:
        for phrase in phrases.split("|"):
            table.append(Lead(tuple(phrase.split()), head, **kw))

    # what we talked about together
    add(
        "discussed|talked about|talked through|chatted about|covered|went over|went through|"
        "spoke about|dug into|explored|touched on|got into|debated|compared notes on|"
        "brainstormed|interested in|keen on|focused on|worried about|concerned about|"
        "curious about|conversation about|conversation on|"
        "discussion of|discussion about|chat about|talk about|re|re:|topic:|about",
        "topic",
    )
    add("shared interest in|bonded over|both interested in", "shared")
    # questions they asked
    add(
        "asked about|asked me about|asked a question about|question about|question on|"
        "q about|q on|quizzed me on|quizzed me about",
        "question",
    )
    add(
        "asked lots of questions about|asked many questions about|asked several questions about|"
        "asked questions about|questions about|questions on|pushed back on|challenged|"
        "questioned|probed|probed on|grilled me on|grilled me about|pressed me on|"
        "pushed me on|dug into my|drilled into|drilled down on",
        "questions",
    )
    add("asked|asked me", "question-wh")  # only with how/why/whether ... (see read_note)
    # things they explained or showed
    add(
        "gave an overview of|gave me an overview of|outlined|"
        "laid out|described|demoed|demonstrated|presented their|shared their",
        "explanation",
    )
    add("walked me through|took me through|showed me|talked me through", "guided")
    add("gave me a tour of|gave a tour of|showed me around", "tour")
    add("walked through|stepped through", "walkthrough")
    add("tour of|toured|visited", "tour")
    # things the candidate did
    for past, base, ing in (
        ("presented", "present", "presenting"),
        ("presented my", "present my", "presenting my"),
        ("showed my", "show my", "showing my"),
        ("demoed my", "demo my", "demoing my"),
        ("shared my", "share my", "sharing my"),
        ("whiteboarded", "whiteboard", "whiteboarding"),
        ("sketched", "sketch", "sketching"),
        ("live-coded", "live-code", "live-coding"),
        ("pair-programmed on", "pair-program on", "pair-programming on"),
        ("paired on", "pair on", "pairing on"),
        ("worked through", "work through", "working through"),
        ("solved", "solve", "solving"),
        ("designed", "design", "designing"),
        ("debugged", "debug", "debugging"),
        ("reviewed", "review", "reviewing"),
        ("critiqued", "critique", "critiquing"),
        ("compared", "compare", "comparing"),
        ("mapped out", "map out", "mapping out"),
        ("role-played", "role-play", "role-playing"),
        ("modelled", "model", "modelling"),
        ("modeled", "model", "modeling"),
        ("estimated", "estimate", "estimating"),
        ("shadowed", "shadow", "shadowing"),
        ("observed", "observe", "observing"),
        ("sat in on", "sit in on", "sitting in on"),
        ("met", "meet", "meeting"),
        ("prioritised", "prioritise", "prioritising"),
        ("prioritized", "prioritize", "prioritizing"),
        ("walked them through", "walk you through", "walking you through"),
        ("walked him through", "walk you through", "walking you through"),
        ("walked her through", "walk you through", "walking you through"),
        ("walked the panel through", "walk the panel through", "walking the panel through"),
        ("took them through", "take you through", "taking you through"),
        ("showed them", "show you", "showing you"),
        ("showed him", "show you", "showing you"),
        ("showed her", "show you", "showing you"),
    ):
        table.append(Lead(tuple(past.split()), "activity", base=base, ing=ing))
    # shapes that are never pasted
    add(
        "asked me to|asked me for|asked for|wants me to|wanted me to|told me to|"
        "requested|need to|needs|must|should|remember to|follow up|follow up on|todo|"
        "to do|send|email|call|chase",
        "reject",
        reason="a request or a to-do, not something you discussed",
    )
    add(
        "explained that|said that|mentioned that|told me that|noted that|shared that|"
        "confirmed that|explained|said|mentioned|told me|noted|confirmed|let me know",
        "heard",
    )
    add(
        "says|stated|claimed|thinks|thought|felt|believes|"
        "hinted|implied|suggested|warned|admitted|confirmed|revealed|announced|let slip",
        "reject",
        reason="reported speech: a clause with its own subject and verb",
    )
    add(
        "was impressed|were impressed|impressed by|liked|loved|enjoyed|appreciated|praised|"
        "complimented|seemed|seems|didn't|did not|wasn't|"
        "agreed|disagreed|laughed|smiled|nodded|worried|not sure|unsure|"
        "skeptical|sceptical|doubted|wants|wanted|expects|expected|hopes|hoped|looking for|"
        "looks for|will|would|could|can|might|may",
        "reject",
        reason="a remark about you or the mood, not a topic to quote back",
    )
    add(
        "is|are|was|were|has|have|had|will be",
        "reject",
        reason="a clause with its own verb, not a noun phrase",
    )
    # longest first, so "asked about" wins over "asked"
    table.sort(key=lambda lead: -len(lead.words))
    return tuple(table)


LEADS = _leads()

# Head nouns: how each kind of reading is said in a letter. {x} is the note's phrase.
HEADS = {
    "topic": ("our conversation about {x}", "the conversation about {x}", "talking about {x}"),
    "shared": (
        "our shared interest in {x}",
        "our shared interest in {x}",
        "discovering our shared interest in {x}",
    ),
    "question": ("your question about {x}", "your question about {x}", ""),
    "questions": ("your questions about {x}", "your questions about {x}", ""),
    "explanation": ("your explanation of {x}", "your explanation of {x}", "hearing about {x}"),
    "guided": ("your walkthrough of {x}", "your walkthrough of {x}", "walking through {x}"),
    "walkthrough": ("the walkthrough of {x}", "the walkthrough of {x}", "walking through {x}"),
    "tour": ("the tour of {x}", "the tour of {x}", "seeing {x}"),
    "heard": ("hearing that {x}", "", ""),
}
# Heads that say who did it ("your question"): in a note for the whole panel, "the" instead.
PERSONAL = ("question", "questions", "explanation", "guided")


@dataclass(frozen=True)
class Reading:
    """What a letter may say about one note (or topic).

    ``np``: a noun phrase headed by a noun ("your question about X"), for frames like "I
    especially enjoyed {np}" and "{np} stayed with me"; ``thanks``: the same after "Thank you
    for"; ``gerund``: an -ing phrase for "I enjoyed {gerund}" (may be empty); ``head``: the kind
    of reading (topic, question, activity, ...), which decides the frames it fits.
    """

    source: str
    head: str
    phrase: str  # the note's own words as used ("how I handle conflicting requests")
    np: str
    thanks: str
    gerund: str

    def neutral(self) -> Reading:
        """The same reading without "your" (for a note about the whole panel: "the question
        about ..."), since not everyone who gets the letter asked it."""
        if self.head not in PERSONAL:
            return self
        return Reading(
            self.source,
            self.head,
            self.phrase,
            self.np.replace("your ", "the ", 1),
            self.thanks.replace("your ", "the ", 1),
            self.gerund,
        )

    @property
    def lead_in(self) -> str:
        """The head words ("your question about"), to keep a letter from repeating them."""
        return self.np[: len(self.np) - len(self.phrase)].strip()


@dataclass(frozen=True)
class Verdict:
    """The outcome of reading a note: a :class:`Reading`, or None and the reason."""

    note: str
    reading: Reading | None
    reason: str = ""


def topic_reading(topic: str) -> Reading:
    """A recorded topic: used verbatim after "our conversation about"."""
    text = " ".join(topic.split()).rstrip(".")
    first, _, rest = text.partition(" ")
    if first in ("The", "A", "An", "My", "Our", "Your"):
        text = f"{first.lower()} {rest}".strip()  # it follows "about" mid-sentence
    return make_reading("topic", text, topic)


def make_reading(head: str, phrase: str, source: str, base: str = "", ing: str = "") -> Reading:
    """A reading of ``phrase`` with the head words of ``head`` (see :data:`HEADS`)."""
    if head == "activity":
        return Reading(
            source,
            head,
            phrase,
            f"the chance to {base} {phrase}".replace("  ", " ").strip(),
            f"the chance to {base} {phrase}".strip(),
            f"{ing} {phrase}".strip(),
        )
    np, thanks, gerund = HEADS[head]
    return Reading(
        source,
        head,
        phrase,
        np.format(x=phrase),
        thanks.format(x=phrase),
        gerund.format(x=phrase) if gerund else "",
    )


_SENTENCES = re.compile(r"\b(\w+)\.\s")
_ABBREVIATIONS = _words("abbreviations")
_TOKEN = re.compile(r"[^\s,;]+|[,;]")
_BAD_CHARS = re.compile(
    r"[()\[\]{}<>|*#@=~^\\?!\"“”…]|https?:|->|=>|\.\.|\s-\s|:\s*$|\be\.g\b|\bi\.e\b"
)


@lru_cache(maxsize=4096)
def read_note(note: str) -> Verdict:
    """Decide how (and whether) a letter can use ``note``."""
    verdict = _read(note)
    if verdict.reading is not None:
        words = set(re.findall(r"[\w'-]+", verdict.reading.phrase.lower()))
        if words & LOGISTICS:
            return Verdict(note, None, "hiring logistics (timeline, pay, notice), not a topic")
    return verdict


_DREW = re.compile(
    r"(?i)^(?P<what>.{3,80}?)\s+(?:drew|prompted|raised|got|led\s+to)\s+"
    r"(?:(?:lots\s+of|many|several|some|a\s+few|good|sharp|hard)\s+)?questions\s+"
    r"(?:about|on)\s+(?P<x>.+)$"
)


def _read(note: str) -> Verdict:
    text = " ".join(note.replace("’", "'").replace("‘", "'").split())
    text = text.rstrip(".").strip()
    if not any(c.isalnum() for c in text):
        return Verdict(note, None, "empty")
    if _BAD_CHARS.search(text):
        return Verdict(note, None, "punctuation a sentence cannot carry (brackets, quotes, ?, !)")
    if any(m.group(1).lower() not in _ABBREVIATIONS for m in _SENTENCES.finditer(text)) or (
        ":" in text and not text.lower().startswith(("re:", "topic:"))
    ):
        return Verdict(note, None, "more than one sentence or a label")
    drew = _DREW.match(text)
    if drew:  # "Job talk on migration networks drew questions about the survey design"
        x = _TOKEN.findall(drew.group("x"))
        phrase = _phrase(x, [w.lower() for w in x])
        if phrase is None:
            return Verdict(note, None, "what follows 'questions about' is not a noun phrase")
        return Verdict(note, make_reading("questions", phrase, note).neutral())
    words = _TOKEN.findall(text)
    if len(words) > 18:
        return Verdict(note, None, "too long to quote back; record a short topic instead")
    lower = [w.lower() for w in words]
    # Who did it: drop a subject ("She", "Priya", "Dr. Nair", "The CTO", "I", "We").
    subject, start = _subject(words, lower)
    rest_words, rest_lower = words[start:], lower[start:]
    if subject == "bad":
        return Verdict(note, None, "a clause with its own subject and verb")
    lead = _lead(rest_lower)
    if lead is None:
        if subject:
            return Verdict(note, None, "a clause with its own subject and verb")
        return _as_topic(note, words, lower)
    after = rest_words[len(lead.words) :]
    after_lower = rest_lower[len(lead.words) :]
    if lead.head == "reject":
        return Verdict(note, None, lead.reason)
    if subject == "i" and lead.head in ("question", "questions", "explanation", "question-wh"):
        # "I asked about X": the candidate asked, so it is a shared topic.
        lead = Lead(lead.words, "topic")
    if subject in ("they", "third") and lead.head == "activity" and lead.base.endswith("you"):
        return Verdict(note, None, "a clause with its own subject and verb")
    if lead.head == "question-wh":
        if after_lower[:1] == ["me"]:
            after, after_lower = after[1:], after_lower[1:]
        if not after_lower or after_lower[0] not in WH:
            return Verdict(note, None, "a request or a question whose object is not clear")
        if after_lower[0] == "if":
            after = ["whether", *after[1:]]
            after_lower = ["whether", *after_lower[1:]]
        lead = Lead(lead.words, "question")
    if lead.head == "heard":
        # "Explained (that) the team is moving to Zephyr" -> "hearing that the team is ..."
        clause = _clause(after, after_lower)
        explained = lead.words[0] == "explained" and after_lower[:1] != ["that"]
        if clause is not None:
            return Verdict(note, make_reading("heard", clause, note))
        if after_lower[:1] == ["that"] or _phrase(after, after_lower, strict=True) is None:
            return Verdict(note, None, "reported speech whose clause is not one a letter can carry")
        # "explained the review process" / "mentioned the Snowflake migration"
        lead = Lead(lead.words, "explanation" if explained else "topic")
    phrase = _phrase(after, after_lower)
    if phrase is None:
        return Verdict(note, None, _why_not(after_lower, "what follows the verb"))
    if lead.head == "activity":
        if any(w in OBJECT_ME for w in after_lower):
            return Verdict(note, None, "a remark about you")
        return Verdict(note, make_reading("activity", phrase, note, lead.base, lead.ing))
    if lead.head == "questions" and after_lower[:1] != ["my"] and lead.words[-1] == "my":
        phrase = "my " + phrase
    return Verdict(note, make_reading(lead.head, phrase, note))


MODALS = _words("modals")


def _clause(words: list[str], lower: list[str]) -> str | None:
    """A reported clause with a plain noun-phrase subject and an auxiliary verb ("the team is
    moving to Zephyr", "the budget was approved"), or None."""
    if lower[:1] == ["that"]:
        words, lower = words[1:], lower[1:]
    if not 3 <= len(words) <= 14:
        return None
    verb = next((i for i, w in enumerate(lower) if w in MODALS), None)
    if verb is None or not 1 <= verb <= 4:
        return None
    subject, rest = lower[:verb], lower[verb + 1 :]
    closed = PREPOSITIONS | CONJUNCTIONS | WH | THIRD_PERSON | SECOND_PERSON | FIRST_PLURAL
    if any(w in closed or w in OBJECT_ME or w == "i" for w in subject) or not rest:
        return None
    if subject[0] not in ARTICLES | {"my"} and not words[0][:1].isupper():
        return None
    for w in rest:
        if w in THIRD_PERSON | SECOND_PERSON | FIRST_PLURAL | OBJECT_ME or CONTRACTION.search(w):
            return None
        if w in ("etc", "w/") or w.endswith("/"):
            return None
    if not set(subject) - ARTICLES - {"my"} or "," in lower or ";" in lower:
        return None  # "the was ...": no noun
    if set(subject) & (REMARK_OPENERS | MODALS) or _lead(subject) is not None:
        return None
    if rest[-1] in ARTICLES | CONJUNCTIONS | {"to", "my"}:
        return None
    if rest[-1] in PREPOSITIONS - ADVERB_PARTICLES or _piles(lower):
        return None
    out = list(words)
    out[0] = _lower_first(out[0])
    return " ".join(out)


def _subject(words: list[str], lower: list[str]) -> tuple[str | None, int]:
    """(who, index where the verb starts): a pronoun or a name before a lead verb."""
    first = lower[0]
    if first in ("i",):
        return "i", 1
    if first == "we":
        return "we", 1
    if first in ("he", "she", "they"):
        return "they", 1
    if (
        first in ("it", "you", "there", "this", "that")
        and len(lower) > 1
        and (lower[1] in AUXILIARIES or lower[1] in ("'s",))
    ):
        return "bad", 0
    if CONTRACTION.search(first) or (first.endswith("'s") and first[:-2] in S_IS):
        return "bad", 0
    if _lead(lower) is not None or first in REMARK_OPENERS or first in PAST_ONLY:
        return None, 0  # the note opens with its verb: no subject
    # "The CTO asked ...", "Dr. Nair explained ...", "Priya asked ...", "Hiring manager asked"
    limit = min(4, len(words) - 1)
    for n in range(1, limit + 1):
        if _lead(lower[n:]) is None:
            continue
        head = words[:n]
        plain = all(
            w.isalpha() and w.lower() not in PREPOSITIONS | CONJUNCTIONS | WH | AUXILIARIES
            for w in head[1:]
        )
        named = all(_name_like(w) for w in head) or (
            n <= 3 and plain and (lower[0] in ("the", "my", "our") or words[0][:1].isupper())
        )
        if named and (lower[n] in REMARK_OPENERS or _lead(lower[n:]) is not None):
            return "third", n
    return None, 0


def _name_like(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z][\w'\-]*\.?|[A-Z]{2,})", word)) and word.lower() not in (
        PREPOSITIONS | ARTICLES | WH
    )


def _lead(lower: list[str]) -> Lead | None:
    for lead in LEADS:
        n = len(lead.words)
        if tuple(lower[:n]) == lead.words and (len(lower) > n or lead.head == "reject"):
            return lead
    return None


def _as_topic(note: str, words: list[str], lower: list[str]) -> Verdict:
    first = lower[0]
    if first in REMARK_OPENERS:
        return Verdict(note, None, "a remark about you or the mood, not a topic to quote back")
    if set(lower) & PAST_ONLY:
        return Verdict(note, None, "a clause with its own verb, not a noun phrase")
    if first in EVALUATIVE or first in TODO or (len(lower) <= 2 and set(lower) & NON_TOPICS):
        return Verdict(note, None, "an impression or a to-do, not a topic to quote back")
    if (
        first.endswith("ed")
        and len(lower) > 1
        and (
            lower[1] in ARTICLES | PREPOSITIONS | THIRD_PERSON | SECOND_PERSON | OBJECT_ME
            or lower[1] in ("my", "our", "us")
            or words[1][:1].isupper()
        )
    ):
        return Verdict(note, None, "opens with a verb whose subject is unknown")
    phrase = _phrase(words, lower, strict=True)
    if phrase is None:
        return Verdict(note, None, _why_not(lower, "it"))
    return Verdict(note, make_reading("topic", phrase, note))


def _why_not(lower: list[str], what: str) -> str:
    """Why ``lower`` is not a phrase a letter can carry, in the user's terms."""
    pronoun = next((w for w in lower if w in THIRD_PERSON | SECOND_PERSON | FIRST_PLURAL), None)
    if pronoun:
        return (
            f"{what} says '{pronoun}', and a letter to the interviewer cannot tell whom that means"
        )
    if any(w in AUXILIARIES or CONTRACTION.search(w) for w in lower):
        return f"{what} is a clause with its own verb, not a noun phrase"
    return f"{what} is not a noun phrase (a loose word, an abbreviation or an open end)"


def _phrase(words: list[str], lower: list[str], strict: bool = False) -> str | None:
    """``words`` as a phrase that can follow "about", or None when it is not one."""
    if not words:
        return None
    # Lists: "Kafka, dbt, Airflow" -> "Kafka, dbt and Airflow"
    if "," in lower or ";" in lower:
        items: list[list[str]] = [[]]
        for w in words:
            if w in (",", ";"):
                items.append([])
            else:
                items[-1].append(w)
        if any(not item for item in items):
            return None
        if any(i[0].lower() in ("and", "or") for i in items[1:-1]):
            return None
        parts = []
        for item in items:
            if item[0].lower() in ("and", "or") and item is items[-1]:
                item = item[1:]
            got = _simple_phrase(item, [w.lower() for w in item], strict=strict)
            if got is None or len(item) > 6:
                return None
            parts.append(got)
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return _simple_phrase(words, lower, strict=strict)


def _simple_phrase(words: list[str], lower: list[str], strict: bool = False) -> str | None:
    """``words`` as one phrase, or None. ``strict``: no lead verb came before (a bare note,
    or what follows "said"), so an -s word that may be a verb ("the clinic opens in March")
    is refused; after "discussed" and the like, people write noun phrases, and "the
    reconciliation jobs to Spark" is one."""
    if not words or len(words) > 14:
        return None
    first, last = lower[0], lower[-1]
    wh = first in WH
    if wh and (len(words) < 3 or first == "if"):
        return None
    if wh and lower[1] in PREPOSITIONS - {"to"} | CONJUNCTIONS | WH:
        return None  # "how about for ...", "what and ..."
    if not wh and (first in PREPOSITIONS or first in CONJUNCTIONS or first in ("to", "not")):
        return None
    dangling = ARTICLES | CONJUNCTIONS | {"my", "our", "your", "to", "not"}
    if last in dangling or (last in PREPOSITIONS and not (wh and last in ADVERB_PARTICLES)):
        return None
    if last in WH and not wh:
        return None
    for i, w in enumerate(lower):
        if w in THIRD_PERSON or w in SECOND_PERSON or w in FIRST_PLURAL or w in OBJECT_ME:
            return None
        if CONTRACTION.search(w) and not (wh and w.split("'")[0] in ("i", "did", "do", "does")):
            return None
        if w.endswith("'s") and w[:-2] in S_IS:
            return None
        if not wh and (w in AUXILIARIES or w == "i"):
            return None
        if w in OPINION_VERBS and (not wh or lower[i - 1 : i] != ["i"]):
            return None  # "a liked my answer": a verb of opinion, whoever's
        if w in ("etc", "w/", "b/c", "&c") or w.endswith("/") or w.startswith("/"):
            return None
        if strict and not wh and _present_verb(lower, i):
            return None

    if wh and lower[1:2] == ["to"] and len(words) >= 3:
        pass
    if _piles(lower):
        return None
    out = [("versus" if w.lower() in ("vs", "vs.") else w) for w in words]
    out[0] = _lower_first(out[0])
    return " ".join(out)


def _piles(lower: list[str]) -> bool:
    """Words that cannot stand side by side in a phrase: "the on", "about for", "and or"."""
    for w, after in itertools.pairwise(lower):
        if w in ARTICLES | {"my"} and after in PREPOSITIONS | ARTICLES | CONJUNCTIONS | {"my"}:
            return True
        pile = w in PREPOSITIONS and after in PREPOSITIONS and (w, after) not in _PAIRS
        if pile and w != "like":  # "looks like after six months": "like" is a verb there
            return True
        if w in CONJUNCTIONS and after in CONJUNCTIONS:
            return True
    return False


_PAIRS = frozenset({("out", "of"), ("up", "to"), ("up", "with"), ("down", "to")})


def _present_verb(lower: list[str], i: int) -> bool:
    """``lower[i]`` looks like a verb in the present ("the clinic *opens* in March", "the role
    *reports* to the CFO"): an -s word after a plain noun and before a preposition or article.
    Conservative: a plural noun in that place ("the data needs of finance") is refused too."""
    w = lower[i]
    if i < 1 or i + 1 >= len(lower) or not w.endswith("s") or w.endswith(("ss", "'s", "us", "is")):
        return False
    before, after = lower[i - 1], lower[i + 1]
    if before in ARTICLES | {"my", "our", "your", "and", "or", ","} or before.endswith("'s"):
        return False
    if before in PREPOSITIONS or before.endswith(("s", "ing")):
        return False  # "the teams in", "turning findings into"
    return after in PREPOSITIONS | ARTICLES | {"to"}


def _lower_first(word: str) -> str:
    """'The' -> 'the', 'Team' -> 'team', but 'Kafka', 'SQL', 'GitHub' stay as written."""
    if word.isupper() or any(c.isupper() for c in word[1:]) or not word[:1].isupper():
        return word
    low = word.lower()
    if low in ARTICLES | WH | PREPOSITIONS | CONJUNCTIONS | {"my", "our"}:
        return low
    return low if _common(low) else word


def _common(word: str) -> bool:
    """A common English word (so a capital is only sentence case), by the shipped word list."""
    return word in _common_words()


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    from afterview.checks.spelling_engine import word_list

    return frozenset(word_list()[:5_000])
