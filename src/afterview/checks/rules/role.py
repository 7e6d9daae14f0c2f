"""``wrong-role``: a job title that differs from the application's role.

A phrase such as "the Data Scientist role", "the position of Product Manager", "as a Senior
Analyst", "your next Data Scientist" or "work as Staff Engineer" is read as a job title when it
contains an occupational noun (data/titles.txt). A phrase never crosses a line break or the end
of a sentence ("… Staff Software Engineer.⏎⏎Kind regards" ends at "Engineer").

- Every word of it belongs to the advertised role: fine, so shortenings pass ("the analyst
  role" for Senior Data Analyst), and so does an interviewer's own title.
- It is the whole role without its level word ("Product Manager" for Senior Product Manager):
  a warning, with the full title as the suggestion.
- A word the role does not have (another occupation, "Scientist"; another level, "Junior"): an
  error.

A bare title is read in Title Case only ("as a data scientist, you know …" is not a claim), and
not when it is the writer's own past or present job ("I have worked as a Logistics Manager", "as
a Data Analyst at Halcyon Foods", "in my current role as …"). In the subject line, any Title-Case
run that ends in an occupational noun is read as the job ("Interview for Data Scientist
Position").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from afterview.checks.context import CheckContext, fold
from afterview.checks.draft import Draft
from afterview.checks.registry import CheckRule, Hit
from afterview.checks.rules.company import is_this_company
from afterview.checks.vocabulary import title_words

# A word of a title: letters, digits and / & + -, with inner dots or commas ("Sr.", "C++"); a
# trailing "." or "," is kept so that the phrase can be cut there (see _clip).
W = r"[\w/&+-]+(?:[.,](?=[\w/&+-])[\w/&+-]+)*[.,]?"
SP = r"[ \t]+"  # words of one title are on one line
# Job titles are found around anchor words, found among the draft's tokens, so the title
# patterns only run on the few words before or after each one.
ANCHORS = {"role", "position", "job", "opening", "post", "vacancy", "opportunity", "interview"}
_ANCHOR_FORMS = ANCHORS | {a + "'s" for a in ANCHORS} | {a + "’s" for a in ANCHORS}
DETERMINERS = {"the", "this", "your", "a", "an", "my"}
# "the Senior Data Analyst role", "this analyst position" (the words before an anchor)
BEFORE = re.compile(rf"(?i)\b(?:the|this|your|a|an|my){SP}((?:{W}{SP}){{0,5}}?{W}){SP}$")
# "the position of Product Manager", "the role as Data Engineer" (the words after it)
AFTER = re.compile(rf"(?i){SP}(?:of|as){SP}(?:(?:a|an|the){SP})?((?:{W}{SP}){{0,4}}{W})")
THEIR = re.compile(
    r"(?i)\b(?:your|his|her|their|my[ \t]+(?:current|previous|former|last|old|past))\s+$"
)
# A title used bare, in Title Case: "as a Senior Data Analyst", "as Staff Engineer", "becoming
# your next Data Scientist". Not after "hire": "you could also hire a Data Engineer" is advice.
CAP = r"[A-Z][\w/&+-]*(?:\.(?=[ \t]))?"
BARE = re.compile(
    rf"(?:\b[Aa]s|\b[Bb]ecom(?:e|es|ing)|\b[Bb]e|\b[Yy]our{SP}(?:next|new))"
    rf"{SP}(?:(?:a|an|the|your|our){SP})?(?:(?:next|new|future|first){SP})?"
    rf"((?:{CAP}{SP}){{0,4}}{CAP})"
)
# Subject lines: "Thank you – Senior Data Scientist interview"
SUBJECT = re.compile(rf"(?i)[–—:-]{SP}((?:{W}{SP}){{0,4}}{W}){SP}interview\b")
SUBJECT_RUN = re.compile(rf"(?:{CAP}{SP})*{CAP}")
SUBJECT_TRAILER = re.compile(
    rf"(?:{SP}(?:Position|Role|Interview|Opening|Opportunity|Job|Vacancy|Application))+$"
)
# The writer's own past or current job: "I have worked as a Data Analyst", "as a Data Analyst at
# Halcyon Foods", "as a Data Analyst for four years".
OWN_PAST_BEFORE = re.compile(
    r"(?i)\b(?:worked|served|employed|currently|previously|formerly|"
    r"been|my[ \t]+(?:current|previous|former|last|old)[ \t]+(?:\w+[ \t]+)?"
    r"(?:role|job|position|team))\b"
)
# Nouns that speak of your past only when the sentence is not about the job ahead: "my years
# as a Data Analyst", but not "bring that experience to Kaveri Payments as Lead Data Engineer".
OWN_PAST_NOUN = re.compile(r"(?i)\b(?:experience|years|months|career|background)\b")
AHEAD = re.compile(
    r"(?i)\b(?:bring|join|joining|contribute|contributing|hope|hoping|would|could|will|next|"
    r"keen|eager|excited|chance|opportunity|look(?:ing)?[ \t]+forward)\b|'d\b"
)
OWN_PAST_AFTER = re.compile(
    rf"[ \t]+(?:(?:at|with|for)[ \t]+((?:{CAP}[ \t]+){{0,3}}{CAP})|for[ \t]+(?:\w+[ \t]+)?"
    r"(?:years?|months?|decades?)\b)"
)
# Where a phrase must end: a sentence end, a colon or semicolon, a line break.
_STOP = re.compile(r"[.!?;:](?=\s|$)|\n")
_WORD = re.compile(r"[^\s]+")
# Words that end a title read forwards ("the position of Data Scientist is ...").
NOT_IN_TITLE = {
    "is", "are", "was", "were", "be", "been", "a", "an", "the", "at", "with", "to", "on",
    "and", "or", "but", "that", "which", "who", "I", "i", "we", "you", "it", "this", "would",
    "will", "could", "should", "can", "because", "since", "as", "so", "has", "have", "had",
    "from", "my", "your", "our", "their", "his", "her", "its", "sounds", "seems", "feels",
    "fits", "suits", "matches", "interests", "excites", "appeals", "really", "very", "too",
    "in", "for", "near", "based", "within", "here", "there", "today", "yesterday", "next", "last",
}  # fmt: skip
ABBREVIATIONS = {"sr.", "jr.", "snr.", "assoc.", "asst.", "mgr.", "eng.", "dir.", "sen."}


def _clip(lo: int, phrase: str, keep_end: bool) -> tuple[int, str]:
    """The part of ``phrase`` on one side of every sentence or line boundary in it: the last
    part for a phrase that ends at an anchor (``keep_end``), else the first; a phrase that
    starts at its title also ends before the first word that cannot be in one ("Data
    Scientist is a great fit")."""
    if not keep_end:
        for m in _WORD.finditer(phrase):
            if m.start() and m.group() in NOT_IN_TITLE:
                phrase = phrase[: m.start()].rstrip()
                break
    cuts = [
        m
        for m in _STOP.finditer(phrase)
        if m.group() == "\n"
        or m.group() != "."
        or phrase[: m.end()].rsplit(None, 1)[-1].lower() not in ABBREVIATIONS
    ]
    if not cuts:
        return lo, phrase
    if keep_end:
        cut = cuts[-1].end()
        rest = phrase[cut:]
        skipped = len(rest) - len(rest.lstrip())
        return lo + cut + skipped, rest.lstrip()
    return lo, phrase[: cuts[0].start()]


TRIGGERS = {"as", "become", "becomes", "becoming", "be"}
ARTICLES = {"a", "an", "the", "your", "our"}
ORDINALS = {"next", "new", "future", "first"}


def _bare_trigger(low: list[str], i: int) -> int | None:
    """The token that makes capitalised token ``i`` a bare title ("as", "becoming your next")."""
    j = i - 1
    if j >= 0 and low[j] in ORDINALS:
        if j >= 1 and low[j - 1] == "your" and low[j] in ("next", "new"):
            return j - 1
        j -= 1
    if j >= 0 and low[j] in ARTICLES:
        j -= 1
    return j if j >= 0 and low[j] in TRIGGERS else None


def _candidates(draft: Draft, company: str) -> Iterator[tuple[int, str, bool]]:
    """(offset, phrase, bare) of every phrase that may be a job title."""
    text = draft.text
    start = draft.subject_span[0] if draft.subject_span else draft.body_start
    tokens, low = draft.tokens, draft.lowered
    for k in [k for k, word in enumerate(low) if word in _ANCHOR_FORMS]:
        word = low[k].removesuffix("'s").removesuffix("’s")
        a_start = tokens[k].start
        a_end = a_start + len(word)
        # the farthest determiner among the seven words before: the phrase cannot start earlier
        det = next((j for j in range(max(0, k - 7), k) if low[j] in DETERMINERS), None)
        if det is not None:
            line = text.rfind("\n", 0, a_start) + 1
            lo = max(start, line, a_start - 80, tokens[det].start)
            before = BEFORE.search(text, lo, a_start)
            if before:
                yield (*_clip(before.start(1), before.group(1), True), False)
        if word in ("role", "position", "job", "post") and not THEIR.search(
            text, max(0, a_start - 24), a_start
        ):
            after = AFTER.match(text, a_end)
            if after:
                yield (*_clip(after.start(1), after.group(1), False), False)
    for i in draft.capitalised:
        trigger = _bare_trigger(low, i)
        if trigger is not None and tokens[trigger].start >= start:
            m = BARE.match(text, tokens[trigger].start)
            if (
                m
                and text[m.end() : m.end() + 2] not in ("'s", "’s")  # "a Data Scientist's dream"
                and not (low[trigger] == "as" and _own_past(text, m.start(), m.end(), company))
            ):
                yield (*_clip(m.start(1), m.group(1), False), True)
    if draft.subject_span:
        for m in SUBJECT.finditer(text, *draft.subject_span):
            yield (*_clip(m.start(1), m.group(1), True), False)
        # A subject is short: a Title-Case run in it that ends in a title noun is the job
        # ("Thank You – Interview for Data Scientist Position").
        for m in SUBJECT_RUN.finditer(text, *draft.subject_span):
            phrase = SUBJECT_TRAILER.sub("", m.group())
            if phrase:
                yield m.start(), phrase, True


def _own_past(text: str, lo: int, hi: int, company: str) -> bool:
    """ "As a Data Analyst" names the writer's own past or current job: after "worked",
    "experience", "my current role" … in its sentence, or followed by another employer ("at
    Halcyon Foods") or a length of time ("for four years")."""
    sentence = max(max(text.rfind(c, 0, lo) for c in (". ", "! ", "? ", "\n")), 0)
    if OWN_PAST_BEFORE.search(text, sentence, lo):
        return True
    if OWN_PAST_NOUN.search(text, sentence, lo) and not AHEAD.search(text, sentence, lo):
        return True
    after = OWN_PAST_AFTER.match(text, hi)
    if after is None:
        return False
    employer = after.group(1)
    return employer is None or not is_this_company(employer, company)


FILLER = {
    "new",
    "open",
    "exciting",
    "full-time",
    "part-time",
    "remote",
    "hybrid",
    "permanent",
    "contract",
    "temporary",
    "the",
    "a",
    "an",
    "this",
    "your",
    "my",
    "our",
    "of",
    "and",
    "in",
    "for",
    "to",
    "at",
    "with",
    "on",
    "team",
    "s",
    "role",
    "position",
    "interview",
    "today",
    "yesterday",
    "recent",
    "great",
    "wonderful",
}
# Words that say how senior a job is. "Sr." is "Senior", "II" a grade.
LEVELS = {
    "senior",
    "junior",
    "lead",
    "principal",
    "staff",
    "associate",
    "head",
    "chief",
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "entry-level",
    "mid-level",
    "graduate",
    "trainee",
    "apprentice",
    "intern",
    "executive",
    "distinguished",
}
SYNONYMS = {
    "sr": "senior",
    "snr": "senior",
    "sen": "senior",
    "jr": "junior",
    "jnr": "junior",
    "assoc": "associate",
    "asst": "assistant",
    "mgr": "manager",
    "eng": "engineer",
    "dir": "director",
    "1": "i",
    "2": "ii",
    "3": "iii",
    "4": "iv",
}


_DETERMINER = re.compile(r"(?i)(?:^|\s)(?:the|a|an|and|or|this|your|my|our)\s+")
_LEADING_WORD = re.compile(rf"\s*{W}\s*")
# Where the role's own title ends and its specialty begins: "Product Manager, Payments".
_SPECIALTY = re.compile(r"\s*(?:,|\(|\s[-–—]\s|\bof\b|\bfor\b|\bin\b)")


@lru_cache(maxsize=8192)
def _norm(word: str) -> str:
    word = fold(word).strip(".,")
    word = SYNONYMS.get(word, word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 4:
        return word[:-1]
    return word


@lru_cache(maxsize=256)
def _role_words(role: str) -> tuple[set[str], set[str], set[str]]:
    """The role's words, its level words, and the words of its title before any specialty."""
    words = {_norm(w) for w in re.findall(W, role)}
    head = _SPECIALTY.split(role, maxsplit=1)[0]
    core = {_norm(w) for w in re.findall(W, head)} - LEVELS - FILLER
    return words, words & LEVELS, core


# A phrase before an anchor that ends in a determiner does not name that anchor: in "the
# Senior Analyst role during my interview" the words before "interview" end in "my".
_OWNED_ANCHOR = re.compile(r"(?i)\b(?:my|your|our|his|her|their|the|a|an|this|that|its)$")


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Flag job titles that are not (a shortening of) the advertised role."""
    role_words, role_levels, core = _role_words(ctx.role)
    company_words = {_norm(w) for w in re.findall(W, ctx.company)}
    titles = title_words()
    seen: set[int] = set()
    for lo, phrase, bare in _candidates(draft, ctx.company):
        # A phrase never spans a list: keep what follows its last "the", "and", "a" ...
        cuts = list(_DETERMINER.finditer(phrase))
        if cuts:
            lo += cuts[-1].end()
            phrase = phrase[cuts[-1].end() :]
        phrase = phrase.rstrip(".,")
        if _OWNED_ANCHOR.search(phrase):
            continue  # "... role following my interview": the anchor is "my interview"
        words = [_norm(w) for w in re.findall(W, phrase)]
        if "i" in words:
            # "I" is a grade only as the last word, after the title's noun ("Data Analyst I
            # role"); anywhere else it is the pronoun ("the position of Analyst I applied for")
            cut = words.index("i")
            if not (cut == len(words) - 1 and cut and words[cut - 1] in titles):
                words = words[:cut]
                ends = [m.end() for m in re.finditer(W, phrase)]
                phrase = phrase[: ends[cut - 1]].rstrip(".,") if cut else ""
        if not words or lo in seen or not any(w in titles for w in words):
            continue
        if bare and words[-1] not in titles and words[-1] not in LEVELS:
            continue  # "as Marcus Chen" is not a title; a bare title ends in its noun
        # Trim to the title: drop leading filler ("exciting", "new").
        while words and words[0] in FILLER and (lead := _LEADING_WORD.match(phrase)):
            lo += lead.end()
            phrase = phrase[lead.end() :]
            words = words[1:]
        if not words or _is_interviewer_title(words, ctx, draft.text, lo):
            continue
        strange = [
            w for w in words if w not in role_words and w not in FILLER and w not in company_words
        ]
        if strange:
            seen.add(lo)
            yield Hit(
                lo,
                lo + len(phrase),
                f"Calls the job '{phrase}' but you applied for {ctx.role}",
                suggestion=ctx.role,
            )
            continue
        dropped = role_levels - set(words)
        if dropped and core and core <= set(words):
            seen.add(lo)
            yield Hit(
                lo,
                lo + len(phrase),
                f"Calls the job '{phrase}', leaving out the level of {ctx.role}",
                suggestion=ctx.role,
                severity="warning",
            )


# Words that make a title someone else's: "your work as", "how you approach the work as", "his
# team as" — unless the words say it is the job ahead ("join you as", "as your next").
_THEIR_TITLE = re.compile(
    r"(?i)\b(?:you|your|his|her|their|them|him)\b.*\bas[ \t]+(?:(?:a|an|the)[ \t]+)?$"
    r"|\b(?:your|his|her|their|other)[ \t]+$"
)
_MINE_AHEAD = re.compile(
    r"(?i)\b(?:join|joining|next|new|future|bring|become|becoming|hope|would|could|'d|start)\b"
)


def _is_interviewer_title(words: list[str], ctx: CheckContext, text: str, lo: int) -> bool:
    """The phrase names an interviewer's own job ("your work as Analytics Engineer"): it is one
    of their titles and the words before it make it theirs, not the job you want."""
    given = set(words)
    theirs = any(
        given <= title
        for title in _title_words(tuple(iv.title for iv in ctx.situation.interviewers if iv.title))
    )
    if not theirs:
        return False
    window = text[max(0, lo - 48) : lo]
    window = window[max(window.rfind(". "), window.rfind("\n")) + 1 :]
    return _THEIR_TITLE.search(window) is not None and not _MINE_AHEAD.search(window)


@lru_cache(maxsize=256)
def _title_words(titles: tuple[str, ...]) -> list[frozenset[str]]:
    return [frozenset({_norm(w) for w in re.findall(W, t)} | FILLER) for t in titles]


RULE = CheckRule(
    "wrong-role", "error", "a job title that differs from the application's role", check
)
