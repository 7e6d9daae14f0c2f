"""The company, role and kind of interview from an invite's summary (its title).

Real titles come in many shapes: "Interview: Alex Rivera <> Lumen Health (Product Analyst)",
"Lumen Health – Product Analyst – Panel Interview", "Phone screen: Product Analyst @ Lumen
Health", "Final round | Lumen Health", "Interview with Priya Nair". Rather than one pattern per
shape, the title is cut into parts at its separators; each part is then a kind of interview, a
person in the invite (never the company), a job title (it ends in a word jobs are named by), or
what is left: the company. A part after "at" or "@" is the company, after "for" the role. When
what is left is not clear, nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

KINDS = (
    (
        re.compile(
            r"(?i)\bphone[\s-]*screen(?:ing)?|\bscreening(?:\s+call)?\b|\bintro(?:ductory)?\s+call"
        ),
        "phone_screen",
    ),
    (
        re.compile(r"(?i)\brecruiter\b|\btalent\s+(?:partner\s+)?call\b|\bhr\s+call\b"),
        "recruiter_call",
    ),
    (re.compile(r"(?i)\bfinal(?:\s+round)?\b"), "final_round"),
    (re.compile(r"(?i)\bpanel\b"), "panel"),
    (re.compile(r"(?i)\bon-?site\b|\bin[\s-]person\b"), "onsite"),
    (re.compile(r"(?i)\bcoffee\b|\binformal\b|\bchat\b"), "informal"),
    (
        re.compile(r"(?i)zoom\.us|meet\.google|teams\.microsoft|teams\.live|webex\.com|\bvideo\b"),
        "video",
    ),
)

# Words that say "this is an interview" and nothing about the company or the role.
_FILLER = re.compile(
    r"(?i)\b(?:(?:updated\s+)?invitation|invite|updated|rescheduled|new\s+event|"
    r"interviews?|interviewing|meeting|call|screen(?:ing)?|phone|video|zoom|teams|google\s+meet|"
    r"round\s*\d*|(?:first|second|third|1st|2nd|3rd|\d+(?:st|nd|rd|th)|final|next)\s+round|final|"
    r"panel|on-?site|in[\s-]person|virtual|remote|technical|tech|behaviou?ral|cultur(?:e|al)\s+fit|"
    r"hiring\s+manager|recruiter|intro(?:ductory)?|coffee\s+chat|coffee|informal|chat|"
    r"case\s+study|take[\s-]home|presentation|debrief|follow[\s-]up|stage\s*\d*|step\s*\d*|"
    r"confirmed|confirmation|canceled|cancelled|tentative)\b"
)
# A role ends in one of these (the head noun of most job titles).
_TITLE_WORDS = """
    accountant administrator advisor adviser agent analyst apprentice architect artist
    assistant associate attorney auditor author baker barista buyer captain cashier chef
    chemist clerk coach consultant controller coordinator counsel counselor cook copywriter
    designer developer director dispatcher doctor driver economist editor educator
    electrician engineer executive fellow generalist guard head hygienist inspector
    instructor intern investigator journalist lawyer lead lecturer librarian machinist
    manager marketer mechanic nurse officer operator paralegal partner pharmacist
    photographer physician physicist pilot planner postdoc president principal producer
    professor programmer psychologist recruiter representative researcher scientist
    secretary specialist statistician steward strategist supervisor surgeon surveyor teacher
    technician technologist therapist trainee translator tutor underwriter veterinarian vp
    writer owner sre swe pm tpm qa ux ui devops
"""
_TITLE_NOUNS = frozenset(_TITLE_WORDS.split())


@dataclass(frozen=True)
class Parsed:
    """What a summary says; None where it does not say."""

    company: str | None = None
    role: str | None = None
    kind: str | None = None


def kind_of(text: str) -> str | None:
    """The kind of interview a text names (the first match, most specific first)."""
    for pattern, kind in KINDS:
        if pattern.search(text):
            return kind
    return None


def _fold(text: str) -> str:
    from afterview.checks.context import fold

    return re.sub(r"\s+", " ", fold(text)).strip()


def _parts(summary: str) -> list[tuple[str, str]]:
    """(hint, text) parts of a summary; hint is "company", "role" or "" from the word
    before the part."""
    text = summary.strip()
    # Brackets become parts of their own: "Lumen Health (Product Analyst)", "[Lumen] …".
    text = re.sub(r"[(\[{]([^()\[\]{}]*)[)\]}]", r" | \1 | ", text)
    pieces = re.split(r"\s*(?:\||:|<>|<->|\s[-–—~/x×]\s|[–—]|\s//\s|\s::\s)\s*", text)
    out: list[tuple[str, str]] = []
    for piece in pieces:
        # "between A and B" names both parties; "A at B", "A @ B", "A with B", "for A".
        piece = re.sub(r"(?i)^(.*?)\s*\bbetween\s+(.+?)\s+and\s+(.+)$", r"\1 ¦ \2 ¦ \3", piece)
        for sub in re.split(r"\s*¦\s*", piece):
            tokens = re.split(r"(?i)(?:^|\s+)(at|with|for)\s+|\s*(@)\s*", _FILLER.sub(" ", sub))
            out.append(("", tokens[0]))
            for i in range(1, len(tokens) - 2, 3):
                word = (tokens[i] or tokens[i + 1] or "").lower()
                out.append(
                    (
                        {"at": "company", "@": "company", "for": "role"}.get(word, "with"),
                        tokens[i + 2],
                    )
                )
    return [(hint, p) for hint, p in out]


def _clean(text: str) -> str:
    text = _FILLER.sub(" ", text)
    text = re.sub(r"(?i)^\s*(?:re|fwd?|aw|wg)\s*:\s*", "", text)
    text = re.sub(r"\s+", " ", text).strip(" -–—:|,.;&+·•/\"'")
    return re.sub(r"(?i)^(?:the|a|an|and|&)\s+|\s+(?:and|&)$", "", text).strip()


def _is_person(text: str, people: Iterable[str]) -> bool:
    """True when ``text`` is a person in the invite, or several joined ("Priya and Alex")."""
    names = [_fold(n).split() for n in people if _fold(n)]
    pieces = [p for p in re.split(r"\s*(?:,|&|\band\b|\+)\s*", _fold(text)) if p]
    return bool(pieces) and all(
        any(p in (" ".join(w), w[0], w[-1], f"{w[0]} {w[-1]}") for w in names) for p in pieces
    )


# What may follow a job title's head noun: "Analyst Co-op", "Engineer II", "Designer (Contract)",
# "Data Scientist Intern", "Planner, Summer 2027", "Developer - Remote".
_QUALIFIER_WORDS = """
    co op coop intern internship placement apprentice apprenticeship trainee graduate grad
    contract contractor temp temporary fixed term part full time remote hybrid onsite
    summer winter spring fall autumn i ii iii iv v sr jr senior junior
"""
_QUALIFIERS = frozenset(_QUALIFIER_WORDS.split())


def _is_role(text: str) -> bool:
    """A job title: it ends in a word jobs are named by, perhaps followed by what kind of
    post it is ("Co-op", "II", "Intern", "2027")."""
    words = [w.casefold() for w in re.findall(r"[A-Za-z]+|\d+", text)]
    while len(words) > 1 and (words[-1] in _QUALIFIERS or words[-1].isdigit()):
        words.pop()
    return bool(words) and words[-1] in _TITLE_NOUNS


def looks_like_role(text: str | None) -> bool:
    """What a role guessed from free text (an invite's description) must be: a job title.
    A summary's leftover part may be taken as the role; a sentence's leftover ("this confirms
    your") may not."""
    return bool(text) and _is_role(str(text))


# A part that names a group of people, not a job: "Data Platform team", "Risk department".
GROUP = re.compile(
    r"(?i)\b(?:team|department|dept|group|squad|division|unit|org|organi[sz]ation|chapter)\s*$"
)


def parse_summary(
    summary: str,
    people: Iterable[str] = (),
    company: str | None = None,
    role: str | None = None,
) -> Parsed:
    """Read a summary. ``people`` are the names in the invite (never a company); ``company``
    and ``role`` are what the user gave, so the other part can be told apart."""
    people = list(people)
    kind = kind_of(summary)
    interviewish = bool(kind) or bool(re.search(r"(?i)\binterview", summary))
    parts = [(hint, _clean(text)) for hint, text in _parts(summary)]
    parts = [(h, t) for h, t in parts if t and not _is_person(t, people)]
    for given in (company, role):
        if given:
            parts = [(h, t) for h, t in parts if _fold(t) != _fold(given)]
    found_role = next((t for h, t in parts if h == "role"), None) or next(
        (t for h, t in parts if _is_role(t)), None
    )
    rest = [(h, t) for h, t in parts if t != found_role]
    found_company = next((t for h, t in rest if h == "company"), None)
    left = [t for h, t in rest if h in ("", "with") and t != found_company]
    if (
        found_company is None
        and company is None
        and len(left) == 1
        and (interviewish or found_role)
    ):
        found_company = left.pop()
    # With the company known, the one part left is the role.
    known = found_company or company
    if (
        found_role is None
        and role is None
        and len(left) == 1
        and interviewish
        and known
        and not GROUP.search(left[0])  # "Data Platform team" names who, not the job
    ):
        found_role = left[0]
    if found_role and known:
        # "Fernhill Studios UX Designer Interview": the company's name is not the role's
        head = re.match(rf"(?i)\s*{re.escape(known)}(?:['’]s)?[\s,:–—-]+(?=\S)", found_role)
        if head:
            found_role = found_role[head.end() :]
    return Parsed(found_company, found_role, kind)
