"""What kind of follow-up a draft reads as, from its text alone (DESIGN.md, Contract additions).

    from afterview.checks.kinds import infer_kind
    infer_kind(parse_text(text))  # MessageKind.status_check, value_add, linkedin_note, thank_you

The decision, in order:

1. **status_check**: wording that asks where things stand — "checking in", "any update on the
   … role", "following up on my application", "I wanted to follow up regarding the … position",
   "it has been two weeks since we spoke", "as the date you mentioned has passed".
2. **value_add**: a work sample or a correction ("I wanted to share", "I put together",
   "to follow up on my answer about", "I forgot to mention") that comes with a link, an
   attachment or a correction, in a message that does not thank for the interview as if for the
   first time ("thank you again" means the thank-you was already given).
3. **linkedin_note**: a short note (at most 300 characters without its sign-off) with no
   greeting line and not addressed to an email address.
4. **thank_you**: everything else. A handwritten note reads like a thank-you and is one.

Only the body counts: the Subject line and the sign-off block (Best regards, / Thanks again, /
a name, a phone number) never change the kind.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from afterview.record import MessageKind

if TYPE_CHECKING:
    from afterview.checks.draft import Draft

LINKEDIN_MAX = 300  # characters: the Premium limit; a free note is at most 200 (GUIDANCE §7)

_APOS = "['’]"
# The thing a status check asks about: the role ("the Senior Data Analyst position"), the
# application, the search, the decision, the timeline. Words that name the conversation itself
# ("the interview for the … role") do not count: following up on an interview is a thank-you.
_HIRING = (
    r"(?:my|the|your)\s+(?:(?!(?:interview|conversation|meeting|call|chat|discussion|talk|visit)"
    r"\b)[\w,&/'’()-]+\s+){0,7}?(?:role|position|job|opening|vacancy|post|application|candidacy"
    r"|search|decision|timeline|time\s*frame|process|status|hiring|opportunity|req|requisition)\b"
)
_STATUS = (
    r"\b(?:just\s+)?checking\s+in\b"
    r"|\bcheck(?:ing)?\s+in\s+(?:on|about|regarding|with\s+you)\b"
    r"|\btouch(?:ing)?\s+base\b"
    r"|\b(?:any|an|some)\s+(?:updates?|news|word|progress|developments?|information)\s+"
    rf"(?:(?:on|about|regarding|concerning|with|as\s+to|for)\s+{_HIRING}|yet\b)"
    r"|\bany\s+(?:updates?|news|word)\s*\?"
    r"|\bany\s+(?:updates?|news|word|information)\s+(?:that\s+)?you\s+(?:can|could|might|are\s+able"
    r"\s+to|would\s+be\s+able\s+to)\s+(?:share|give|offer|provide|pass\s+on)\b"
    r"|\b(?:grateful|thankful)\s+for\s+(?:any|an)\s+(?:updates?|news|word)\b"
    rf"|\b(?:(?:the\s+)?status\s+of|where\s+things\s+stand\s+(?:on|with)|where\s+i\s+stand\s+"
    rf"(?:on|with|in))\s+{_HIRING}"
    r"|\bwhere\s+things\s+(?:currently\s+)?stand\b"
    r"|\b(?:is|are|whether|if)\s+(?:the|this|that)\s+(?:role|position|job|opening|vacancy|post"
    r"|opportunity)\s+(?:is\s+)?still\s+(?:open|available|vacant|unfilled)\b"
    rf"|\b(?:i\s+am|i{_APOS}m|am\s+i|i\s+was)\s+still\s+(?:in\s+the\s+running|being\s+considered"
    r"|under\s+consideration|in\s+contention)\b"
    rf"|\bwhere\s+(?:you|you{_APOS}re|the\s+team|things|we)\s+(?:are\s+|is\s+|stand\s+)?"
    rf"(?:currently\s+)?(?:in|with|on)\s+{_HIRING}"
    r"|\b(?:whether|if)\s+(?:a|the|your)\s+(?:final\s+)?decision\s+has\s+been\s+(?:made|reached|taken)\b"
    r"|\b(?:have|has)\s+(?:you|the\s+(?:team|panel|committee))\s+(?:made|reached|come\s+to)\s+a"
    r"\s+decision\b|\bhas\s+a\s+decision\s+been\s+(?:made|reached)\b"
    rf"|\b(?:have\s*n{_APOS}?t|have\s+not|had\s*n{_APOS}?t|had\s+not)\s+(?:yet\s+)?heard\s+"
    r"(?:back|anything)\b"
    r"|\b(?:ask|see|check|inquire|enquire|find\s+out|confirm)\s+(?:whether|if)\s+there\s+"
    r"(?:is|are|has\s+been|have\s+been)\s+(?:any|an)\s+(?:updates?|news|word|progress|decision)\b"
    r"|\b(?:inquir|enquir)(?:e|ing)\s+(?:about|regarding|after|into)\s+" + _HIRING + r""
    r"|\bfollow(?:ing)?[\s-]+up\s+(?:on|regarding|about|with\s+regard\s+to|in\s+regard\s+to|"
    rf"concerning)\s+{_HIRING}"
    rf"|\b(?:it\s+has|it{_APOS}s|it\s+is\s+now)\s+been\s+(?:about\s+|over\s+|nearly\s+|almost\s+"
    r"|more\s+than\s+|just\s+over\s+)?(?:a|one|two|three|four|five|a\s+few|a\s+couple\s+of|several"
    r"|\d+)\s+(?:business\s+|working\s+|full\s+)?(?:days?|weeks?|months?)\s+since\b"
    r"|\b(?:date|deadline|timeline|time\s*frame|week)\s+(?:that\s+)?(?:you|we|the\s+team)\s+"
    r"(?:mentioned|discussed|gave|shared|set|suggested|indicated)\s+(?:has|have)\s+(?:now\s+)?"
    r"(?:passed|come\s+and\s+gone)\b"
    r"|\b(?:that|the|this)\s+(?:date|deadline|day|week|timeline|time\s*frame)\b[^.!?\n]{0,50}?"
    r"\b(?:has|have)\s+(?:now\s+)?(?:passed|come\s+and\s+gone|gone\s+by)\b"
)
_STATUS_NEEDLES = frozenset(
    [
        "checking",
        "check",
        "touch",
        "touching",
        "update",
        "updates",
        "news",
        "word",
        "progress",
        "development",
        "developments",
        "information",
        "status",
        "stand",
        "heard",
        "inquire",
        "inquiring",
        "enquire",
        "enquiring",
        "follow",
        "following",
        "follow-up",
        "been",
        "passed",
        "gone",
        "decision",
        "where",
        "still",
    ]
)
_VALUE = (
    rf"\b(?:i\s+(?:wanted|want|would\s+like|{_APOS}d\s+like|thought\s+i\s+would|{_APOS}d\s+love)"
    r"\s+to\s+(?:share|send|pass\s+along|follow\s+up\s+with)"
    rf"|(?:i\s+am|i{_APOS}m)\s+(?:sharing|sending|attaching|enclosing)"
    rf"|here(?:\s+is|\s+are|{_APOS}s)\s+(?:a|the|my|that|some|an)\b"
    rf"|i(?:{_APOS}ve|\s+have)\s+(?:attached|enclosed|included|linked)"
    r"|(?:please\s+)?find\s+(?:attached|enclosed)|attached\s+(?:is|are|please\s+find)"
    r"|i\s+(?:put|pulled|threw)\s+together|i\s+wrote\s+up"
    r"|thought\s+you\s+(?:might|may|would)\s+(?:find|like|enjoy|be\s+interested)"
    r"|(?:to|wanted\s+to|i{_APOS}d\s+like\s+to)\s+follow\s+up\s+on\s+(?:my|our|the|your)\s+"
    r"(?:\w+\s+)?(?:answer|question|discussion|point|comment|exchange|example)\b"
    r"|follow(?:ing)?\s+up\s+on\s+(?:my|your)\s+(?:\w+\s+)?(?:answer|question)\b" + r")"
)
# Corrections: a message of its own even without a link.
_CORRECTION = (
    r"\b(?:forgot|neglected|meant|failed)\s+to\s+mention"
    rf"|\b(?:did\s*n{_APOS}?t|did\s+not)\s+(?:get\s+a\s+chance|have\s+(?:the\s+)?time|get\s+to)\s+"
    r"(?:to\s+)?mention"
    rf"|\bone\s+(?:more\s+|other\s+)?thing\s+i\s+(?:did\s*n{_APOS}?t|did\s+not|forgot\s+to)\s+"
    r"mention"
    r"|\bto\s+(?:add\s+to|clarify|expand\s+on|complete|correct)\s+my\s+(?:\w+\s+)?"
    r"(?:answer|response|point|example|explanation)"
    r"|\bfollow\s+up\s+on\s+my\s+(?:\w+\s+)?(?:answer|response)"
    r"|\b(?:a\s+)?(?:better|fuller|clearer|more\s+complete)\s+answer\s+to\b"
)
_ATTACHMENT = (
    r"\b(?:attach(?:ed|ment|ments|ing)?|enclos(?:ed|ing|ure)|link(?:ed)?|i\s+(?:put|pulled)\s+"
    r"together|i\s+wrote\s+up|write-?up|one-pager|one-page|repo(?:sitory)?|notebook|deck|slides)\b"
)
# Thanks for the interview as if for the first time ("thank you again" is thanks already given).
_FRESH_THANKS = (
    r"\bthank(?:s|\s+you)(?:\s+(?:so|very)\s+much)?\s+(?:(?!again\b)[\w']+\s+){0,2}?for\s+"
    r"(?:meeting|the\s+interview|interviewing|speaking|talking|your\s+time|taking\s+(?:the\s+)?"
    r"time|the\s+(?:chance|opportunity|conversation|call|chat|time|visit|tour|meeting|invitation)"
    r"|today|yesterday|this\s+(?:morning|afternoon|week)|having\s+me|inviting|hosting|showing|"
    r"walking|a\s+(?:great|wonderful|lovely|helpful|thoughtful|productive|warm|really))"
    r"|\b(?:it\s+was|what)\s+(?:a\s+)?(?:great|real|pleasure|lovely|wonderful|good)\s+(?:\w+\s+)?"
    r"(?:to\s+meet|meeting|speaking|talking|to\s+speak|to\s+talk)"
)
_SIGN_OFF = (
    r"(?i)^\s*(?:(?:best|kind|warm|warmest|many|with\s+(?:best|warm|kind))\s+"
    r"(?:regards|wishes|thanks)|best|regards|sincerely(?:\s+yours)?|yours(?:\s+(?:sincerely|truly"
    r"|faithfully))?|respectfully(?:\s+yours)?|cordially|cheers|warmly|gratefully|thankfully"
    r"|(?:many\s+)?thanks(?:\s+(?:again|so\s+much|very\s+much|a\s+lot|for\s+everything))?"
    r"|thank\s+you(?:\s+(?:again|so\s+much|very\s+much|for\s+everything))?"
    r"|with\s+(?:gratitude|thanks|appreciation|warm\s+regards|best\s+wishes)|all\s+the\s+best"
    r"|take\s+care|looking\s+forward|speak\s+soon|talk\s+soon|appreciatively|until\s+then"
    r")\s*[,.!—–-]?\s*$"
)
_DASH_SIGN_OFF = r"\s[–—-]{1,2}\s*[^\W\d_][^\n]{0,60}$"
_NAME_LINE = r"^\s*[^\W\d_][\w .,'’()&/-]{0,58}$"
_PATTERNS = {
    "status": _STATUS,
    "value": _VALUE,
    "correction": _CORRECTION,
    "attachment": _ATTACHMENT,
    "fresh-thanks": _FRESH_THANKS,
    "again": r"\bagain\b",
    "sign-off": _SIGN_OFF,
    "dash-sign-off": _DASH_SIGN_OFF,
    "name-line": _NAME_LINE,
}


@cache
def pattern(name: str, ignore_case: bool = False) -> re.Pattern[str]:
    """One of the patterns above, compiled on first use: the checker imports this module for
    every draft, and most drafts never need the big ones."""
    return re.compile(_PATTERNS[name], re.IGNORECASE if ignore_case else 0)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text[start:end]``."""
    out = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        out.append((pos, stop))
        if nl == -1:
            break
        pos = nl + 1
    return out


def _greeting_line(draft: Draft, line: tuple[int, int]) -> bool:
    """A greeting on a line of its own: "Dear Dr. Nair," or a bare "Priya,"."""
    greeting = draft.greeting
    if greeting is not None and line[0] <= greeting[1] <= line[1]:
        return not getattr(greeting, "inline", False)
    words = draft.text[line[0] : line[1]].strip()
    return len(words) <= 60 and words.endswith(",") and len(words.split()) <= 4


def body_span(draft: Draft) -> tuple[int, int, bool]:
    """(start, end) of the message itself in ``draft.text`` — after a greeting line, before the
    sign-off block — and whether there was a greeting line."""
    text = draft.text
    lines = [s for s in _lines(text, draft.body_start, len(text)) if text[s[0] : s[1]].strip()]
    if not lines:
        return draft.body_start, draft.body_start, False
    greeted = _greeting_line(draft, lines[0])
    start = lines[0][1] if greeted else lines[0][0]
    if greeted:
        lines = lines[1:]
    end = lines[-1][1] if lines else start
    # The sign-off block: a closing line ("Best regards,") and at most five short lines after
    # it (name, title, phone), all at the end.
    for back in range(1, min(len(lines), 6) + 1):
        a, b = lines[-back]
        line = text[a:b]
        if pattern("sign-off").match(line):
            end = a
            break
        if not pattern("name-line").match(line):
            break
    dash = pattern("dash-sign-off").search(text, start, end)  # "... stay in touch. – Alex Rivera"
    if dash is not None:
        end = dash.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end, greeted


def _lower(draft: Draft, start: int, end: int) -> str:
    """The region in lower case, with straight apostrophes, offsets kept."""
    return draft.text[start:end].lower().replace("’", "'")


@cache
def _needles() -> re.Pattern[str]:
    """One of the needle words anywhere (a regular expression on the text: the draft's word
    list is left for the rules, which a folder check builds in parallel)."""
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _STATUS_NEEDLES))) + r")\b")


def status_wording(draft: Draft) -> tuple[int, int] | None:
    """The span of the first status-check wording in the body ("checking in", "any update on
    the role"), or None. Cheap when no needle word is present (the usual thank-you)."""
    if not _needles().search(draft.text.lower()):
        return None
    start, end, _ = body_span(draft)
    region = _lower(draft, start, end)
    if len(region) != end - start:  # lower-casing moved offsets (rare scripts): as written
        region = draft.text[start:end]
        m = pattern("status", True).search(region)
    else:
        m = pattern("status").search(region)
    return (start + m.start(), start + m.end()) if m else None


def infer_kind(draft: Draft) -> MessageKind:
    """The kind the draft reads as: status check, value-add, LinkedIn note or thank-you."""
    if status_wording(draft) is not None:
        return MessageKind.status_check
    start, end, greeted = body_span(draft)
    region = _lower(draft, start, end)
    if pattern("value").search(region) or pattern("correction").search(region):
        fresh = any(
            not pattern("again").search(_sentence(region, m.start()))
            for m in pattern("fresh-thanks").finditer(region)
        )
        evidence = (
            pattern("correction").search(region)
            or pattern("attachment").search(region)
            or any(a >= start and b <= end for a, b in _links(draft))
        )
        if evidence and not fresh:
            return MessageKind.value_add
    addressed = bool(draft.to and "@" in draft.to)
    length = len(draft.text[start:end].strip())
    if not greeted and not addressed and 0 < length <= LINKEDIN_MAX:
        return MessageKind.linkedin_note
    return MessageKind.thank_you


def _links(draft: Draft) -> list[tuple[int, int]]:
    """Spans of web links (not mail addresses) in the draft."""
    return [(a, b) for a, b in draft.not_prose if draft.text[a : a + 4].lower() in ("http", "www.")]


def _sentence(text: str, at: int) -> str:
    """The sentence of ``text`` around offset ``at``."""
    lo = max(text.rfind(c, 0, at) for c in ".!?\n") + 1
    hi = min((i for i in (text.find(c, at) for c in ".!?\n") if i != -1), default=len(text))
    return text[lo:hi]
