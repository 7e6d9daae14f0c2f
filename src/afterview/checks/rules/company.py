"""``wrong-company``: another organisation's name, or a misspelling of this one.

Organisations are found without relying on a legal suffix. The draft's runs of capitalised words
("Halcyon Foods", "Meridian Publishing Ltd") are read as an organisation's name when

- they end in a legal form (Inc, Ltd, GmbH …): ``legal``;
- they end in a word many organisations' names end in (Foods, Publishing, Bank, Health …) and
  their other words are not all common English words ("Public Health" is a field): ``head``;
- they stand where an employer stands: after "the team at", "my time at", "join", "work for",
  before "is the kind of company", "help X grow", "X's mission": ``position``.

A run is never reported when it names the interviewing company in any inflection (possessive,
plural, with or without the legal form, its initials), is made of the record's own words (people,
titles, notes), holds a job-title or level word ("Senior Software Engineer"), or names a tool
("Apache Spark", "Google Sheets", "Microsoft Teams": a tool is not another employer). A mention
after a past-tense marker ("during my time at", "my previous role at", "I studied at") may be the
writer's own past employer or school, and is a warning rather than an error.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from afterview.checks.context import CheckContext, fold
from afterview.checks.draft import Draft
from afterview.checks.edits import osa
from afterview.checks.registry import CheckRule, Hit
from afterview.checks.vocabulary import title_words

COMMON_RANK = 5_000  # a word this frequent in English is ordinary, not a name (measured)
LEVELS = {
    "senior",
    "sr",
    "snr",
    "junior",
    "jr",
    "lead",
    "principal",
    "staff",
    "associate",
    "head",
    "chief",
    "intern",
    "vp",
    "svp",
    "evp",
}
GENERIC = {
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "gmbh",
    "ag",
    "plc",
    "sa",
    "llp",
    "lp",
    "group",
    "holdings",
    "the",
    "and",
    "&",
    "of",
    "company",
}


@dataclass(frozen=True)
class Lexicon:
    """The word lists of data/organisations.toml."""

    legal: frozenset[str]
    heads: frozenset[str]
    owned: frozenset[str]
    products: frozenset[str]
    product_words: frozenset[str]
    vendors: frozenset[str]
    openers: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped organisation lists."""
    text = (
        resources.files("afterview.checks").joinpath("data/organisations.toml").read_text("utf-8")
    )
    data = tomllib.loads(text)
    return Lexicon(
        legal=frozenset(w.rstrip(".") for w in data["legal"] if "." not in w.rstrip(".")),
        heads=frozenset(data["heads"]),
        owned=frozenset(data["owned"]),
        products=frozenset(data["products"]),
        product_words=frozenset(data["product_words"]),
        vendors=frozenset(data["vendors"]),
        openers=frozenset(data["openers"]),
    )


# Words after which a capitalised run names an employer ("the team at X", "join X").
EMPLOYER_BEFORE = re.compile(
    r"(?i)\b(?:(?:team|teams|role|roles|position|job|opportunity|opportunities|future|career|"
    r"interview|interviewing|interviewed|work|working|worked|offer|culture|mission|everyone|"
    r"people|colleagues|folks|time|day|days|years|months|tenure|internship|staff|employees|"
    r"engineers|start|started|starting|here|stint|contract|placement|everybody|leadership|"
    r"opening|openings|vacancy|vacancies|group|department|division|unit|org|squad)"
    r"[ \t]+at"
    r"|(?:role|position|job|opportunity|career|future|offer|internship|placement)[ \t]+with"
    r"|(?:work|working|worked|works)[ \t]+for"
    r"|offer[ \t]+from|hired[ \t]+by|employed[ \t]+by"
    r"|join|joining|joined|rejoin|rejoining)[ \t]+$"
)
_EMPLOYER_CUE = re.compile(r"(?i)\b(?:at|with|for|from|by|join|joining|joined|rejoin(?:ing)?)[ \t]")
# "help X grow": the run is followed by what an organisation does.
HELP_BEFORE = re.compile(r"\bhelp(?:s|ed|ing)?[ \t]+$")
HELP_AFTER = re.compile(
    r"[ \t]+(?:grow|scale|succeed|build|reach|win|achieve|expand|deliver|serve|become|meet|"
    r"improve|launch|move|modernise|modernize|get|make|keep|turn|continue|bring|stay|lead|"
    r"compete|transform|thrive|hit|ship|go)\b"
)
# "bring that experience to X as Fleet Coordinator": X is where the job is.
TO_BEFORE = re.compile(r"\b(?:to|into)[ \t]+$")
AS_JOB_AFTER = re.compile(
    r"[ \t]+as[ \t]+(?:(?:a|an|the|your|their)[ \t]+)?(?:(?:next|new)[ \t]+)?[A-Z]"
)
# "bring that experience to X.": what you would bring, you bring to an employer.
BRING_BEFORE = re.compile(r"(?i)\bbring(?:ing)?\b[^.!?\n]{0,60}\b(?:to|into)[ \t]+$")
SENTENCE_END_AFTER = re.compile(r"[ \t]*(?:[.!?;]|,[ \t]+(?:and|where|as)\b|$)")
# "X is the kind of team ...": the run is the subject of a sentence about a workplace.
KIND_AFTER = re.compile(
    r"[ \t]+(?:is|was|seems|sounds|feels|looks)[ \t]+(?:\w+[ \t]+)?(?:the|a|an)[ \t]+"
    r"(?:(?:kind|sort|type)[ \t]+of[ \t]+)?(?:\w+[ \t]+)?(?:company|team|place|organi[sz]ation|"
    r"employer|workplace|business|firm|environment|culture|group)\b"
    r"|[ \t]+(?:is|was|would[ \t]+be|feels[ \t]+like)[ \t]+(?:exactly[ \t]+)?where[ \t]+I\b"
)
# "the X team": a single uncommon word before a team noun is an organisation.
TEAM_AFTER = re.compile(r"[ \t]+(?:team|family|community|crew|folks|people)\b")
THE_BEFORE = re.compile(r"\b(?:the|The)[ \t]+$")
OWNED_AFTER = re.compile(r"[ \t]+([a-z]+)(?:[ \t]+([a-z]+))?\b")
# Words that may be the writer's own past: then a mention is a warning, not an error.
PAST = re.compile(
    r"(?i)\b(?:previous(?:ly)?|former(?:ly)?|prior|current(?:ly)?|alumn\w*|degree|studies|"
    r"remind\w*|remember\w*|recall\w*|"
    r"I[ \t]+(?:worked|spent|studied|graduated|interned|served|led|built|managed|ran|joined|"
    r"was[ \t]+(?:at|with|employed))|during[ \t]+my|while[ \t]+(?:I[ \t]+was[ \t]+)?(?:at|with)|"
    r"in[ \t]+my[ \t]+(?:\w+[ \t]+)?(?:years?|time|role|job|days)|my[ \t]+\w+[ \t]+years)\b"
)
# "as a Data Analyst at X": the writer's own job, "X for four years", "X (2019-2023)"
PAST_TITLE = re.compile(
    r"\b[Aa]s[ \t]+(?:an?[ \t]+)?(?:[A-Z][\w-]*[ \t]+){1,4}(?:at|with|for)[ \t]+$"
)
PAST_AFTER = re.compile(
    r",?[ \t]+(?:for|since|from|between|in)[ \t]+(?:\w+[ \t]+)?(?:years?|months?|decades?|"
    r"(?:19|20)\d\d)\b|[ \t]*\((?:19|20)\d\d"
    # "X, where I led …", "X taught me …": what the writer did there
    r"|,?[ \t]+(?:(?:where|when)[ \t]+)?(?:I|we)[ \t]+(?:\w+ed|led|built|ran|wrote|made|grew|took|"
    r"spent|saw|learnt|was|were|had|got|won|began|kept|met|taught)\b"
    r"|[ \t]+(?:taught|showed|gave|helped|prepared|shaped|trained)[ \t]+(?:me|us)\b"
)
# A source cited, not an employer: "the Mayo Clinic study", "a report by Halcyon Analytics".
CITED_AFTER = re.compile(
    r"[ \t]+(?:study|studies|report|reports|article|articles|paper|papers|survey|piece|research|"
    r"podcast|talk|blog|post|guide|framework|book|newsletter|conference|summit|webinar|course|"
    r"certificate|certification|program|programme|case|index|benchmark|dataset|documentation|"
    r"docs|whitepaper|playbook|ranking|rankings|award|study's|report's)\b"
)
CITED_BEFORE = re.compile(
    r"(?i)\b(?:study|studies|report|article|paper|survey|research|data|figures|numbers|"
    r"benchmark|analysis|piece|talk|podcast|book|post|guide|findings)[ \t]+(?:from|by|of)"
    r"[ \t]+(?:the[ \t]+)?$"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")
# Words after an organisation's name that are not part of it ("Halcyon Foods Hiring Team").
TRAILERS = {
    "Team",
    "Interview",
    "Role",
    "Position",
    "Opportunity",
    "Family",
    "Community",
    "Hiring",
    "Recruiting",
    "Recruitment",
    "Talent",
    "Acquisition",
    "Panel",
    "Committee",
}
# The sign-off line; below it stand the writer's own name, title and employer.
SIGN_OFF = re.compile(
    r"(?im)^[ \t]*(?:(?:best|kind|warm|warmest|many|with|all[ \t]+the|yours)[ \t]+)?(?:regards|"
    r"wishes|thanks|thank[ \t]+you|sincerely|cheers|best|respectfully|gratitude|appreciation|"
    r"yours|truly|take[ \t]+care|talk[ \t]+soon)\b[^\n]{0,30}$"
)
_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True)
class Mention:
    """A run of the draft read as an organisation's name, and why."""

    start: int
    end: int
    phrase: str
    evidence: frozenset[str]  # "legal", "head", "position"
    past: bool  # after a marker of the writer's own past


def _runs(draft: Draft) -> Iterator[list[int]]:
    """Runs of capitalised tokens joined by one space, " & " or " of " ("Bank of Halcyon")."""
    tokens = draft.tokens
    text = draft.text
    run: list[int] = []
    for i in draft.capitalised:
        if run:
            last = run[-1]
            gap = text[tokens[last].end : tokens[i].start]
            joined = i == last + 1 and (gap == " " or gap == " & ")
            of = (
                i == last + 2
                and tokens[last + 1].text == "of"
                and text[tokens[last].end : tokens[last + 1].start] == " "
                and text[tokens[last + 1].end : tokens[i].start] == " "
            )
            if (joined or of) and not _is_possessive(tokens[last].text) and tokens[i].text != "I":
                run.append(i)
                continue
            yield run
        run = [i]
    if run:
        yield run


def _is_possessive(word: str) -> bool:
    return word[-2:] in _POSSESSIVE


def _bare(word: str) -> str:
    return word[:-2] if word[-2:] in _POSSESSIVE else word


@lru_cache(maxsize=4096)
def _common(word: str) -> bool:
    from afterview.checks.spelling_engine import _top

    return fold(word) in _top(COMMON_RANK)


def organisations(draft: Draft, ctx: CheckContext) -> Iterator[Mention]:
    """Every run of capitalised words that reads as an organisation's name."""
    lex = lexicon()
    titles = title_words()
    text = draft.text
    tokens = draft.tokens
    openers = lex.openers
    for run in _runs(draft):
        if len(run) == 1 and tokens[run[0]].text in openers:
            continue  # most runs: "I", "Thank", "The" at the start of a sentence
        words = [_bare(tokens[i].text) for i in run]
        # Drop leading words that open a phrase ("The", "Thank", "At") and, at the start of a
        # sentence, a common word ("Visiting Halcyon Foods").
        while words and words[0] in openers:
            run, words = run[1:], words[1:]
        if not words:
            continue
        lo = tokens[run[0]].start
        if (
            _SENTENCE_START.search(text, max(0, lo - 4), lo)
            and len(words) > 1
            and _common(words[0])
            and words[0] not in lex.vendors
        ):
            run, words = run[1:], words[1:]
        while len(words) > 1 and words[-1] in TRAILERS:
            run, words = run[:-1], words[:-1]
        while words and words[-1] == "of":
            run, words = run[:-1], words[:-1]
        first, last = tokens[run[0]], tokens[run[-1]]
        lo, hi = first.start, last.end - (2 if _is_possessive(last.text) else 0)
        phrase = text[lo:hi]
        if _is_tool(words, phrase, lex):
            continue
        folded = [fold(w) for w in words]
        # A job-title or level word makes it a title ("Senior Software Engineer"); a plural
        # head that is also a title word ("Sequoia Partners", "Larkin Media Associates") not.
        named = folded[:-1] if words[-1] in ("Associates", "Partners") else folded
        if any(w in LEVELS or _singular(w) in titles for w in named):
            continue
        if CITED_AFTER.match(text, hi + (text[hi : hi + 2] in _POSSESSIVE) * 2) or (
            CITED_BEFORE.search(text, max(0, lo - 40), lo)
        ):
            continue  # a source the writer cites
        evidence = _evidence(draft, run, words, lex)
        if not evidence:
            continue
        sentence = max(max(text.rfind(c, 0, lo) for c in (". ", "! ", "? ", "\n")), 0)
        past = (
            PAST.search(text, sentence, lo) is not None
            or PAST_TITLE.search(text, max(sentence, lo - 60), lo) is not None
            or PAST_AFTER.match(text, hi + (text[hi : hi + 2] in _POSSESSIVE) * 2) is not None
        )
        yield Mention(lo, hi, phrase, evidence, past)


def _evidence(draft: Draft, run: list[int], words: list[str], lex: Lexicon) -> frozenset[str]:
    """Why the run is an organisation's name: "legal", "head", "position" (empty: nothing)."""
    text = draft.text
    tokens = draft.tokens
    lo = tokens[run[0]].start
    last = tokens[run[-1]]
    # just after the name and its possessive ending: "Halcyon's", "Halcyon Foods' team"
    after = last.end + (text[last.end : last.end + 1] in ("'", "’"))
    possessive = after > last.end or _is_possessive(last.text)
    out = set()
    if len(words) > 1 and (
        words[-1] in lex.legal or (words[-1] == "Co" and text[last.end : last.end + 1] == ".")
    ):
        out.add("legal")
    if (
        len(words) > 1
        and _is_head(words[-1], lex)
        and not all(_common(w) or w == "of" for w in words[:-1])
    ):
        out.add("head")
    window = text[max(0, lo - 48) : lo]
    if (
        (_EMPLOYER_CUE.search(window) and EMPLOYER_BEFORE.search(window))
        or ("help" in window and HELP_BEFORE.search(window) and HELP_AFTER.match(text, after))
        or KIND_AFTER.match(text, after)
        or (TO_BEFORE.search(window) and AS_JOB_AFTER.match(text, after))
        or (
            BRING_BEFORE.search(window)
            and SENTENCE_END_AFTER.match(text, after)
            and not all(_common(w) for w in words)
        )
        or (
            len(words) == 1
            and not _common(words[0])
            and THE_BEFORE.search(text, max(0, lo - 4), lo)
            and TEAM_AFTER.match(text, after)
        )
    ):
        out.add("position")
    if possessive:
        owned = OWNED_AFTER.match(text, after)
        if owned and (owned.group(1) in lex.owned or owned.group(2) in lex.owned):
            out.add("position")
    return frozenset(out)


def _is_head(word: str, lex: Lexicon) -> bool:
    """A head word, also in the plural a writer may give it ("the Halcyon Foodses" is not)."""
    return word in lex.heads or (word[-1:] == "s" and word[:-1] in lex.heads)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 4:
        return word[:-1]
    return word


def _is_tool(words: list[str], phrase: str, lex: Lexicon) -> bool:
    """A product or tool named after its maker: "Apache Spark", "Google Sheets"."""
    if phrase in lex.products or " ".join(words) in lex.products:
        return True
    if words[-1] in lex.product_words:
        return True
    return len(words) > 1 and words[0] in lex.vendors and words[-1] not in lex.legal


def _words(text: str) -> list[str]:
    return list(re.findall(r"[\w&]+", fold(text).replace("’", "'").replace("'s", "")))


@lru_cache(maxsize=256)
def _own_words(company: str) -> tuple[frozenset[str], frozenset[str]]:
    """The company's words (folded) and the initialisms it may be written as."""
    words = [w for w in re.findall(r"[^\W_]+", company) if fold(w) not in GENERIC]
    initials = "".join(w[0] for w in words).upper()
    initialisms = {initials} if len(words) >= 2 else set()
    return frozenset(fold(w) for w in words) | {"the"}, frozenset(initialisms)


def is_this_company(phrase: str, company: str) -> bool:
    """A phrase that names this company: all its words are the company's, in any inflection
    ("Northwind Health's", "Contoso Ltd.", "the Northwinds", "NH" for Northwind Health)."""
    ours, initialisms = _own_words(company)
    stripped = phrase.strip().rstrip(".'’")
    if stripped in initialisms or _bare(stripped) in initialisms:
        return True
    words = [w for w in _words(phrase) if w not in GENERIC]

    def own(word: str) -> bool:
        return (
            word in ours
            or (word.endswith("s") and word[:-1] in ours)
            or (word.endswith("es") and word[:-2] in ours)
        )

    if not words:
        return False
    if all(own(w) for w in words):
        return True
    # this company's name and a head word: "Larkin Media Associates", "Contoso Group"
    heads = _folded_heads()
    named = [w for w in words if w not in heads]
    return bool(named) and len(named) < len(words) and all(own(w) for w in named)


@lru_cache(maxsize=1)
def _folded_heads() -> frozenset[str]:
    return frozenset(fold(h) for h in lexicon().heads)


def _is_record(phrase: str, ctx: CheckContext) -> bool:
    words = [w for w in _words(phrase) if w not in GENERIC]
    return bool(words) and all(w in ctx.record_words for w in words)


def signature_start(draft: Draft) -> int:
    """Where the signature begins: the end of the last sign-off line ("Best regards,") in the
    last lines of the draft, or the end of the text when there is none."""
    text = draft.text
    tail = max(draft.body_start, len(text) - 400)
    ends = [m.end() for m in SIGN_OFF.finditer(text, tail)]
    return ends[-1] if ends else len(text)


def other_organisations(draft: Draft, ctx: CheckContext) -> Iterator[Mention]:
    """The organisations the draft names that are not the interviewing company, above the
    signature (where the writer's own employer may stand)."""
    end = signature_start(draft)
    employers = _employers(tuple(p.email or "" for p in ctx.people))
    for mention in organisations(draft, ctx):
        if (
            mention.start < end
            and not is_this_company(mention.phrase, ctx.company)
            and not _is_record(mention.phrase, ctx)
            and not (employers and _is_employer(mention.phrase, employers))
        ):
            yield mention


MAIL_PROVIDERS = {
    "gmail",
    "googlemail",
    "outlook",
    "hotmail",
    "live",
    "yahoo",
    "icloud",
    "me",
    "aol",
    "proton",
    "protonmail",
    "gmx",
    "mail",
    "example",
    "fastmail",
    "zoho",
    "yandex",
    "qq",
    "163",
}


@lru_cache(maxsize=256)
def _employers(emails: tuple[str, ...]) -> frozenset[str]:
    """The interviewers' own employers, from their addresses' domains: an agency recruiter at
    hays.example works for Hays ("brightline-robotics.com" gives "brightline", "robotics")."""
    out: set[str] = set()
    for email in emails:
        domain = email.rpartition("@")[2].lower()
        labels = domain.split(".")
        if len(labels) >= 2:
            name = (
                labels[-3] if len(labels) > 2 and labels[-2] in ("co", "com", "ac") else labels[-2]
            )
            if name not in MAIL_PROVIDERS:
                out.update(p for p in re.split(r"[-_]", name) if p)
    return frozenset(out)


def _is_employer(phrase: str, employers: frozenset[str]) -> bool:
    """The phrase names an interviewer's employer: its words, but for legal forms and head
    words, are the domain's ("Hays Recruitment Ltd" for someone at hays.example)."""
    heads = _folded_heads()
    words = [w for w in _words(phrase) if w not in GENERIC and w not in heads]
    return bool(words) and all(w in employers for w in words)


def check(draft: Draft, ctx: CheckContext) -> Iterator[Hit]:
    """Flag other organisations' names and misspellings of this one."""
    seen: set[int] = set()
    yield from _misspellings(draft, ctx, seen)
    for mention in other_organisations(draft, ctx):
        phrase = mention.phrase
        if any(mention.start <= s < mention.end for s in seen):
            continue
        seen.add(mention.start)
        if mention.past:
            yield Hit(
                mention.start,
                mention.end,
                f"Mentions '{phrase}': fine if it is your own past employer or school, "
                f"but this note is for {ctx.company}",
                suggestion=ctx.company,
                severity="warning",
            )
        else:
            yield Hit(
                mention.start,
                mention.end,
                f"Mentions '{phrase}' but you interviewed at {ctx.company}",
                suggestion=ctx.company,
            )
    for other in ctx.extra.get("other_companies", ()):
        for m in re.finditer(rf"\b{re.escape(other)}\b", draft.text):
            if m.start() not in seen and not is_this_company(other, ctx.company):
                seen.add(m.start())
                yield Hit(
                    m.start(),
                    m.end(),
                    f"Mentions {other}, another company you applied to; "
                    f"this note is for {ctx.company}",
                    suggestion=ctx.company,
                )


def _misspellings(draft: Draft, ctx: CheckContext, seen: set[int]) -> Iterator[Hit]:
    ours = [w for w in re.findall(r"[\w&]+", ctx.company) if fold(w) not in GENERIC and len(w) >= 4]
    if not ours:
        return
    targets = [(fold(w), w) for w in ours]
    folded_ours = {t for t, _ in targets}
    initials = {t[0] for t, _ in targets}
    joined = "".join(ours)
    tokens = draft.tokens
    for i in draft.capitalised:
        token = tokens[i]
        word = _bare(token.text)
        # Cheap tests first: only a capitalised word starting like the company's name can be
        # a misspelling of it.
        if word[0].lower() not in initials or token.start in seen:
            continue
        key = fold(word)
        if key in ctx.record_words:
            continue
        for t, target in targets:
            limit = 1 if len(t) <= 5 else 2
            if key == t or abs(len(key) - len(t)) > limit or key[0] != t[0]:
                continue
            if key.rstrip("s") == t or key == t + "es":
                continue  # the plural: "the Northwinds of the world"
            if osa(key, t) <= limit and not ctx.spell.known(key):
                seen.add(token.start)
                yield Hit(
                    token.start,
                    token.start + len(word),
                    f"Writes '{word}' but the company is {ctx.company}",
                    suggestion=target,
                )
                break
        # "North Wind" for "Northwind": two words that join into the company's name
        if i + 1 < len(tokens):
            nxt = tokens[i + 1]
            pair = fold(word + _bare(nxt.text))
            if pair in folded_ours and pair != key and draft.text[token.end : nxt.start] == " ":
                seen.add(token.start)
                yield Hit(
                    token.start,
                    nxt.start + len(_bare(nxt.text)),
                    f"Writes '{word} {_bare(nxt.text)}' but the company is {ctx.company}",
                    suggestion=joined if len(ours) == 1 else ours[0],
                )


RULE = CheckRule(
    "wrong-company",
    "error",
    "another company's name, or a misspelling of this one",
    check,
)
