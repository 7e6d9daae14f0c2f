"""Turn a recorded note ("Asked how I handle conflicting stakeholder requests") into a phrase a
message can use ("your question about how I handle conflicting stakeholder requests")."""

from __future__ import annotations

import re

# Leading words of a note -> how a message refers to it. {rest} is the note after them.
LEADS: tuple[tuple[str, str], ...] = (
    ("asked about", "your question about {rest}"),
    ("asked", "your question about {rest}"),
    ("discussed", "our discussion of {rest}"),
    ("talked about", "our conversation about {rest}"),
    ("chatted about", "our conversation about {rest}"),
    ("walked through", "walking through {rest}"),
    ("compared", "comparing {rest}"),
    ("whiteboarded", "whiteboarding {rest}"),
    ("shadowed", "shadowing {rest}"),
    ("toured", "the tour of {rest}"),
    ("explained", "your explanation of {rest}"),
    ("described", "your description of {rest}"),
    ("shared interest in", "our shared interest in {rest}"),
    ("worried about", "your concern about {rest}"),
    ("mentioned", "your mention of {rest}"),
)


def refer_to(note: str) -> str:
    """A noun phrase for ``note``: what we discussed, in words that fit after 'I enjoyed'."""
    text = note.strip().rstrip(".")
    lower = text.lower()
    for lead, template in LEADS:
        if lower.startswith(lead + " "):
            rest = text[len(lead) + 1 :]
            return template.format(rest=rest)
    for pattern, template in CLAUSES:
        m = pattern.match(text)
        if m:
            return template.format(*m.groups())
    return f"our conversation ({_lower_first(text)})"


# Whole clauses: "Recruiter explained the team is moving ..." -> "hearing that the team is ..."
CLAUSES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)^\w+ (?:explained|said|mentioned) (?:that )?(.+)$"), "hearing that {}"),
    (re.compile(r"(?i)^.+? drew questions about (.+)$"), "the questions about {}"),
)


def _lower_first(text: str) -> str:
    """'Job talk on ...' -> 'job talk on ...', but keep acronyms and names ('ICU', 'Kafka')."""
    first = text.split(" ", 1)[0]
    if first.isupper() or re.search(r"[A-Z].*[A-Z]", first):
        return text
    return text[:1].lower() + text[1:]
