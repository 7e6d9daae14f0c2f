"""Metamorphic tests of the checker on its corpus (issue 10, "How it must be proven").

A change to a draft that a reader would not notice, or that keeps its meaning and its facts,
must not change what the checker says: for every draft of the tuning corpus each
transformation below adds no finding, and for every faulty draft it keeps the labelled
findings (the same rule on the same words, once the span is read back in the transformed text).

Transformations (hypothesis draws the free choices: which apostrophes curl, which spaces become
no-break spaces, which sign-off, ...):

- ``curly``: typographic apostrophes and quotes, as Word, Outlook and iOS insert them;
- ``nfd``: the text in Unicode NFD, as pasted from macOS or a PDF;
- ``crlf``: Windows line ends;
- ``nbsp``: some spaces become no-break or narrow no-break spaces;
- ``blank-lines``: blank lines before and after the draft;
- ``signoff``: the closing swapped for "Best regards," / "Thanks," / "Sincerely," / "Cheers,"
  ("Cheers," is judged a polite close, not a casual one: see the manifest's header);
- ``company-mid`` / ``company-end``: a sentence ending in the company's name, in the middle
  or at the end of the first paragraph (so the name ends a sentence or a paragraph);
- ``company-possessive``: the company's name in the possessive ("Northwind Health's"; a name
  ending in s takes the bare apostrophe of a plural: "Kestrel Analytics'");
- ``company-suffix``: the company's name with its legal suffix ("Northwind Health, Inc.");
- ``role-mid`` / ``role-end``: a sentence ending in the advertised job title;
- ``greeting-inline`` / ``greeting-own-line``: "Dear X,\\n\\nThank you" <-> "Dear X, thank you".

A transformation applies only where it is valid: the inserted sentences only in emails with
room under the length limit (and the role sentence not in drafts labelled ``generic``, where
naming the role could fairly count as being specific), the greeting moves only where the
greeting and its next word allow it. The held-out part is not used here (nobody tunes on it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from afterview.checks import Checker, Finding
from afterview.checks.draft import parse_text

from corpus_loader import Case, clean_cases, faulty_cases


class Choices:
    """The free choices of a transformation: drawn by hypothesis, or the simplest ones."""

    def __init__(self, data: st.DataObject | None = None) -> None:
        self.data = data

    def pick(self, options: list[str] | tuple[str, ...]) -> str:
        return self.data.draw(st.sampled_from(options)) if self.data else options[0]

    def flags(self, n: int) -> list[bool]:
        if not self.data:
            return [True] * n
        return self.data.draw(st.lists(st.booleans(), min_size=n, max_size=n))

    def some(self, items: list[int], most: int) -> list[int]:
        if not self.data:
            return items[:1]
        return self.data.draw(
            st.lists(st.sampled_from(items), min_size=1, max_size=most, unique=True)
        )


Transform = Callable[[str, Case, Choices], str | None]

# Rules whose span is the whole draft, its first line or its header: compared by rule only.
WHOLE_DRAFT_RULES = {"too-long", "generic", "late", "too-soon", "no-contact", "panel-duplicate"}
EMAIL_KINDS = {"thank_you", "value_add", "status_check", "infer"}
SIGNOFFS = ("Best regards,", "Thanks,", "Sincerely,", "Cheers,")
KNOWN_SIGNOFFS = {
    "best regards",
    "kind regards",
    "warm regards",
    "regards",
    "sincerely",
    "best",
    "thanks",
    "thank you",
    "thanks again",
    "all the best",
    "best wishes",
    "warmly",
    "respectfully",
    "with appreciation",
    "with gratitude",
    "with best regards",
    "many thanks",
    "yours sincerely",
    "cheers",
}
LEGAL_SUFFIX = {"US": ", Inc.", "CA": " Inc.", "GB": " Ltd", "IE": " Ltd", "AU": " Pty Ltd"}
LEGAL_SUFFIX_DEFAULT = " Ltd"
INSTITUTION = re.compile(
    r"(?i)\b(?:university|college|hospital|library|council|authority|transit|center|centre|"
    r"health|school|institute)\b"
)
ABBREVIATION = re.compile(
    r"(?i)(?:\b(?:dr|mr|mrs|ms|mx|prof|st|vs|etc|e\.g|i\.e|no|inc|ltd)|\b\w)$"
)
GREETING_LINE = re.compile(r"((?:Dear|Hi|Hello|Good morning|Good afternoon) [^\n,:!]{1,60}),\n\n")
INLINE_GREETING = re.compile(r"((?:Dear|Hi|Hello) [^\n,:!]{1,60}), ([a-z])")
# Words that may open the sentence after an own-line greeting and be lower-cased after a comma.
LOWERABLE = {
    "thank",
    "thanks",
    "it",
    "many",
    "your",
    "after",
    "since",
    "following",
    "our",
    "what",
    "this",
}


def canon(text: str) -> str:
    """What a reader sees: NFC, straight quotes, plain spaces, LF, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate({0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"'})
    text = re.sub(r"[\u00a0\u202f\u2007\s]+", " ", text)
    return text.strip()


# ------------------------------------------------------------------ where things are


def _body_start(text: str) -> int:
    return parse_text(text).body_start


def _content_paragraph(text: str) -> tuple[int, int] | None:
    """Span of the first paragraph after the greeting (the greeting's own, if inline)."""
    start = _body_start(text)
    pos = start
    for para in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text[start:]):
        lo, hi = start + para.start(), start + para.end()
        line = text[lo:hi]
        if "\n" not in line and len(line) <= 60 and line.rstrip()[-1:] in ",:!":
            pos = hi
            continue
        return (lo, hi) if lo >= pos else None
    return None


def _insert_at_paragraph_end(text: str, sentence: str) -> str | None:
    span = _content_paragraph(text)
    if span is None or not text[: span[1]].endswith((".", "!")):
        return None
    return text[: span[1]] + " " + sentence + text[span[1] :]


def _insert_mid_paragraph(text: str, sentence: str) -> str | None:
    span = _content_paragraph(text)
    if span is None:
        return None
    for m in re.finditer(r"\. (?=[A-Z])", text[span[0] : span[1]]):
        cut = span[0] + m.start() + 1
        if not ABBREVIATION.search(text[span[0] : cut - 1]):
            return text[:cut] + " " + sentence + text[cut:]
    return None


def _room(case: Case, text: str) -> bool:
    return case.kind in EMAIL_KINDS and len(text[_body_start(text) :].split()) <= 170


# ------------------------------------------------------------------ the transformations


def curly(text: str, case: Case, draw: Choices) -> str | None:
    start = text.find("Subject:") if text.startswith("To:") else 0
    quotes = [m.start() for m in re.finditer(r"['\"]", text) if m.start() >= max(start, 0)]
    if not quotes:
        return None
    chosen = draw.flags(len(quotes))
    if not any(chosen):
        chosen = [True] * len(quotes)
    chars = list(text)
    double_open = True
    for at, use in zip(quotes, chosen, strict=True):
        if not use:
            continue
        before = text[at - 1] if at else " "
        if text[at] == "'":
            chars[at] = "\u2019" if before.isalnum() or before in ".,!?" else "\u2018"
        else:
            chars[at] = "\u201c" if double_open else "\u201d"
            double_open = not double_open
    return "".join(chars)


def nfd(text: str, case: Case, draw: Choices) -> str | None:
    out = unicodedata.normalize("NFD", text)
    return out if out != text else None


def crlf(text: str, case: Case, draw: Choices) -> str | None:
    return text.replace("\n", "\r\n")


def nbsp(text: str, case: Case, draw: Choices) -> str | None:
    start = _body_start(text)
    spaces = [m.start() for m in re.finditer(" ", text) if m.start() >= start]
    if not spaces:
        return None
    kind = draw.pick(["\u00a0", "\u202f"])
    chars = list(text)
    for at in draw.some(spaces, 8):
        chars[at] = kind
    return "".join(chars)


def blank_lines(text: str, case: Case, draw: Choices) -> str | None:
    lead = draw.pick(["\n\n", "", "\n", " \n"])
    trail = draw.pick(["\n\n\n", "\n", "\n \n"])
    return f"{lead}{text}{trail}"


def signoff(text: str, case: Case, draw: Choices) -> str | None:
    lines = text.split("\n")
    for i in range(len(lines) - 1, 0, -1):
        if lines[i].rstrip(",").strip().lower() in KNOWN_SIGNOFFS and lines[i].endswith(","):
            choices = [s for s in SIGNOFFS if s != lines[i]]
            lines[i] = draw.pick(choices)
            return "\n".join(lines)
    return None


def _company(case: Case) -> str:
    return case.record.application.company


def _possessive(name: str, apostrophe: str) -> str:
    return f"{name}{apostrophe}" if name.endswith("s") else f"{name}{apostrophe}s"


def company_mid(text: str, case: Case, draw: Choices) -> str | None:
    if not _room(case, text):
        return None
    return _insert_mid_paragraph(text, f"It was a pleasure to visit {_company(case)}.")


def company_end(text: str, case: Case, draw: Choices) -> str | None:
    if not _room(case, text):
        return None
    return _insert_at_paragraph_end(text, f"It was a pleasure to visit {_company(case)}.")


def company_possessive(text: str, case: Case, draw: Choices) -> str | None:
    if not _room(case, text):
        return None
    name = _possessive(_company(case), draw.pick(["'", "\u2019"]))
    return _insert_at_paragraph_end(text, f"I have long admired {name} reputation.")


def company_suffix(text: str, case: Case, draw: Choices) -> str | None:
    company = _company(case)
    if not _room(case, text) or INSTITUTION.search(company):
        return None
    region = (case.record.application.region or "").split("-")[0]
    name = company + LEGAL_SUFFIX.get(region, LEGAL_SUFFIX_DEFAULT)
    return _insert_mid_paragraph(text, f"It was a pleasure to visit {name} this week.")


def _role_ok(case: Case, text: str) -> bool:
    return _room(case, text) and "generic" not in case.rules


def role_mid(text: str, case: Case, draw: Choices) -> str | None:
    if not _role_ok(case, text):
        return None
    role = case.record.application.role
    return _insert_mid_paragraph(text, f"I remain very interested in the position of {role}.")


def role_end(text: str, case: Case, draw: Choices) -> str | None:
    if not _role_ok(case, text):
        return None
    role = case.record.application.role
    return _insert_at_paragraph_end(text, f"I remain very interested in the position of {role}.")


def greeting_inline(text: str, case: Case, draw: Choices) -> str | None:
    start = _body_start(text)
    m = GREETING_LINE.match(text, start)
    if not m:
        return None
    rest = text[m.end() :]
    word = re.match(r"[A-Za-z']+", rest)
    if not word or word.group().lower() not in LOWERABLE:
        return None
    return text[:start] + m.group(1) + ", " + rest[0].lower() + rest[1:]


def greeting_own_line(text: str, case: Case, draw: Choices) -> str | None:
    start = _body_start(text)
    m = INLINE_GREETING.match(text, start)
    if not m:
        return None
    return text[:start] + m.group(1) + ",\n\n" + m.group(2).upper() + text[m.end() :]


TRANSFORMS: dict[str, Transform] = {
    "curly": curly,
    "nfd": nfd,
    "crlf": crlf,
    "nbsp": nbsp,
    "blank-lines": blank_lines,
    "signoff": signoff,
    "company-mid": company_mid,
    "company-end": company_end,
    "company-possessive": company_possessive,
    "company-suffix": company_suffix,
    "role-mid": role_mid,
    "role-end": role_end,
    "greeting-inline": greeting_inline,
    "greeting-own-line": greeting_own_line,
}


# ------------------------------------------------------------------ the relation


_CHECKERS: dict[str, Checker] = {}


def _checker(case: Case) -> Checker:
    """One checker per draft (its situation, kind and moment), built once."""
    if case.name not in _CHECKERS:
        _CHECKERS[case.name] = case.checker()
    return _CHECKERS[case.name]


def applicable(cases: list[Case]) -> list[tuple[Case, str]]:
    """(draft, transformation) pairs where the transformation changes the draft."""
    return [
        (case, name)
        for case in cases
        for name, transform in TRANSFORMS.items()
        if (out := transform(case.text, case, Choices())) is not None and out != case.text
    ]


def _keys(findings: list[Finding], text: str) -> set[tuple[str, str | None]]:
    """What each finding says: its rule and (unless it spans the draft) the words it covers."""
    return {
        (f.rule, None if f.rule in WHOLE_DRAFT_RULES else canon(text[f.start : f.end]))
        for f in findings
    }


@lru_cache(maxsize=1)
def spans_on_input() -> bool:
    """Whether findings' offsets index the text as given (the lead's normalisation maps spans
    back to the user's characters) or the draft's own, rewritten text (CRLF made LF).

    Probed once on a CRLF draft with a known finding, so the tests read spans right either way.
    """
    given = "Hi Marcus,\r\n\r\nThanks for the dbt walkthrough;\r\nthe the layout was clear.\r\n"
    draft = parse_text(given)
    hits = [f for f in _probe_checker("northwind").check(draft) if f.rule == "repeated-word"]
    assert hits, "probe: the repeated-word rule did not fire"
    return given[hits[0].start : hits[0].end].lower().startswith("the")


def _probe_checker(situation_name: str) -> Checker:
    from corpus_loader import situation

    return Checker(situation(situation_name))


def _findings(case: Case, text: str) -> tuple[set[tuple[str, str | None]], list[Finding]]:
    draft = parse_text(text, case.name)
    findings = _checker(case).check(draft)
    return _keys(findings, text if spans_on_input() else draft.text), findings


ALL = [*clean_cases(), *faulty_cases()]
CASES = {c.name: c for c in ALL}
PAIRS = [pytest.param(case.name, name, id=f"{name}:{case.name}") for case, name in applicable(ALL)]


def test_every_transformation_applies_to_many_drafts() -> None:
    """No transformation is vacuous: each applies to a good share of the corpus."""
    counts = dict.fromkeys(TRANSFORMS, 0)
    for param in PAIRS:
        counts[param.values[1]] += 1  # type: ignore[index]
    assert all(n >= 10 for n in counts.values()), counts


def _assert_invariant(case: Case, transform_name: str, choices: Choices) -> None:
    """The transformed draft has no finding the original lacks, and keeps its labelled ones."""
    before, _ = _findings(case, case.text)
    changed = TRANSFORMS[transform_name](case.text, case, choices)
    if changed is None:
        return  # this draw made the transformation inapplicable
    after, findings = _findings(case, changed)
    added = after - before
    assert not added, f"{transform_name} added: " + "; ".join(
        f"{f.rule}: {f.message}"
        for f in findings
        if _keys([f], changed if spans_on_input() else parse_text(changed).text) & added
    )
    kept = {k for k in before if k[0] in case.rules}
    lost = kept - after
    assert not lost, f"{transform_name} lost the labelled finding(s) {sorted(lost, key=str)}"


@pytest.mark.parametrize(("case_name", "transform_name"), PAIRS)
def test_transformation_adds_no_finding_and_keeps_the_labelled_ones(
    case_name: str, transform_name: str
) -> None:
    """Every draft, every transformation that applies to it, with its simplest choices."""
    _assert_invariant(CASES[case_name], transform_name, Choices())


@pytest.mark.parametrize("transform_name", list(TRANSFORMS))
@settings(
    max_examples=60,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the choices are few and readable
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_transformation_with_drawn_choices(transform_name: str, data: st.DataObject) -> None:
    """Drafts and free choices (which quotes curl, which spaces, which sign-off) drawn."""
    names = [p.values[0] for p in PAIRS if p.values[1] == transform_name]
    case = CASES[data.draw(st.sampled_from(names), label="draft")]  # type: ignore[arg-type]
    _assert_invariant(case, transform_name, Choices(data))
