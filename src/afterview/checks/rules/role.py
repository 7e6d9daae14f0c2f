"""``wrong-role``: a job title that differs from the application's role.

A phrase such as "the Data Scientist role", "the position of Product Manager" or "as a Senior
Analyst" is read as a job title when it contains an occupational noun (data/titles.txt). It is
fine when every word of it belongs to the advertised role, so shortenings ("the analyst role"
for Senior Data Analyst) pass; a word the role does not have ("Scientist", "Junior") is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from afterview.checks.context import CheckContext, fold
from afterview.checks.draft import Draft
from afterview.checks.registry import CheckRule, Hit
from afterview.checks.vocabulary import title_words

W = r"[\w/&+.,-]+"
# Job titles are found around anchor words, so the text is scanned once for the anchors and
# the title patterns only run on the few words before or after each one.
ANCHOR = re.compile(r"\b(?:role|position|job|opening|post|vacancy|opportunity|interview)\b")
# "the Senior Data Analyst role", "this analyst position" (the words before an anchor)
BEFORE = re.compile(rf"(?i)\b(?:the|this|your|a|an|my)\s+((?:{W}\s+){{0,5}}?{W})\s+$")
# "the position of Product Manager", "the role as Data Engineer" (the words after it)
AFTER = re.compile(rf"(?i)\s+(?:of|as)\s+(?:(?:a|an|the)\s+)?((?:{W}\s+){{0,4}}{W})")
THEIR = re.compile(r"(?i)\b(?:your|his|her|their)\s+$")
# "as a Senior Data Analyst", "join as the Lead Designer"
AS_A = re.compile(rf"\b[Aa]s\s+(?:a|an|the|your)\s+((?:[A-Z]{W}\s+){{0,4}}[A-Z]{W})")
# Subject lines: "Thank you – Senior Data Scientist interview"
SUBJECT = re.compile(rf"(?i)[–—:-]\s*((?:{W}\s+){{0,4}}{W})\s+interview\b")


def _candidates(draft: Draft) -> Iterator[tuple[int, str]]:
    """(offset, phrase) of every phrase that may be a job title."""
    text = draft.text
    lower = text.lower()
    if len(lower) != len(text):
        lower = text  # lower-casing moved offsets (rare scripts): anchors are then case-sensitive
    start = draft.subject_span[0] if draft.subject_span else draft.body_start
    for anchor in ANCHOR.finditer(lower, start):
        before = BEFORE.search(text, max(start, anchor.start() - 80), anchor.start())
        if before:
            yield before.start(1), before.group(1)
        if anchor.group().lower() in ("role", "position", "job", "post") and not THEIR.search(
            text, max(0, anchor.start() - 8), anchor.start()
        ):
            after = AFTER.match(text, anchor.end())
            if after:
                yield after.start(1), after.group(1)
    if "as " in lower:
        for m in AS_A.finditer(text, start):
            yield m.start(1), m.group(1)
    if draft.subject_span:
        for m in SUBJECT.finditer(text, *draft.subject_span):
            yield m.start(1), m.group(1)


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


_DETERMINER = re.compile(r"(?i)(?:^|\s)(?:the|a|an|and|or|this|your|my|our)\s+")
_LEADING_WORD = re.compile(rf"\s*{W}\s*")


def _norm(word: str) -> str:
    word = fold(word).strip(".,")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 4:
        return word[:-1]
    return word


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Flag job titles that are not (a shortening of) the advertised role."""
    role_words = {_norm(w) for w in re.findall(W, ctx.role)}
    company_words = {_norm(w) for w in re.findall(W, ctx.company)}
    titles = title_words()
    seen: set[int] = set()
    for lo, phrase in _candidates(draft):
        # A phrase never spans a list: keep what follows its last "the", "and", "a" ...
        cuts = list(_DETERMINER.finditer(phrase))
        if cuts:
            lo += cuts[-1].end()
            phrase = phrase[cuts[-1].end() :]
        phrase = phrase.rstrip(".,")
        words = [_norm(w) for w in re.findall(W, phrase)]
        if lo in seen or not any(w in titles for w in words):
            continue
        # Trim to the title: drop leading filler ("exciting", "new").
        while words and words[0] in FILLER and (lead := _LEADING_WORD.match(phrase)):
            lo += lead.end()
            phrase = phrase[lead.end() :]
            words = words[1:]
        if _is_interviewer_title(words, ctx):
            continue
        strange = [
            w for w in words if w not in role_words and w not in FILLER and w not in company_words
        ]
        if not strange:
            continue
        seen.add(lo)
        yield Hit(
            lo,
            lo + len(phrase),
            f"Calls the job '{phrase}' but you applied for {ctx.role}",
            suggestion=ctx.role,
        )


def _is_interviewer_title(words: list[str], ctx: CheckContext) -> bool:
    """The phrase names an interviewer's own job ("your work as Analytics Engineer")."""
    for iv in ctx.situation.interviewers:
        if iv.title and set(words) <= {_norm(w) for w in re.findall(W, iv.title)} | FILLER:
            return True
    return False


RULE = CheckRule(
    "wrong-role", "error", "a job title that differs from the application's role", check
)
