"""The one-sentence summary that opens the advice."""

from __future__ import annotations

from datetime import timedelta

from afterview.advice.facts import Facts
from afterview.advice.result import Action, Reason, Verdict
from afterview.wording import join, moment, plural

_WHAT = {
    "thank_you": "a short, personal thank-you",
    "value_add": "one brief follow-up with what you want to add",
    "status_check": "one polite status check",
    "linkedin_note": "a LinkedIn connection request with a short note",
    "handwritten_note": "a brief handwritten note",
}

_STOP_HEADLINES = {
    "no-contact-requested": "the employer asked for no contact",
    "not-interested": "you don't want the role; withdraw plainly if you wish",
    "status-check-already-sent": "you have sent your one status check; wait for their answer",
    "follow-up-cap-reached": "you have already followed up enough",
}


def summarize(
    verdict: Verdict, actions: tuple[Action, ...], reasons: tuple[Reason, ...], facts: Facts
) -> str:
    """Say what to do, to whom and by when, in one or two sentences."""
    now = facts.now
    if verdict == "dont_send":
        why = next((_STOP_HEADLINES[r.rule] for r in reasons if r.rule in _STOP_HEADLINES), None)
        if why:
            return f"Don't send anything: {why}."
        return "Nothing worth sending: " + (reasons[0].text if reasons else "no action applies.")
    if verdict == "wait":
        first = min(actions, key=lambda a: a.not_before)
        lead = "Nothing to send now. "
        if first.kind == "status_check":
            return lead + (
                f"If you have heard nothing by {moment(first.not_before, now)}, "
                f"send one polite status check to {first.to}."
            )
        return lead + f"Next: {_WHAT[first.kind]} to {first.to} from {moment(first.not_before, now)}."
    if verdict == "alternative":
        return "Don't email; " + _sentence(actions, facts, lower=True)
    due = [a for a in actions if a.channel == "email" and a.not_before <= now + timedelta(hours=24)]
    text = _sentence(tuple(due), facts)
    later = [a for a in actions if a not in due and a.kind == "status_check"]
    if later:
        text += f" If you hear nothing, one status check from {moment(later[0].not_before, now)}."
    return text


def _sentence(actions: tuple[Action, ...], facts: Facts, lower: bool = False) -> str:
    first = actions[0]
    same = [a for a in actions if a.kind == first.kind]
    total = len(facts.situation.interviewers)
    if len(same) > 1 and len(same) == total:
        who = f"each of the {plural(total, 'interviewer')}"
    else:
        who = join([a.to for a in same])
    when = _when(same, facts)
    verb = "send" if lower else "Send"
    return f"{verb} {_WHAT[first.kind]} to {who} {when}."


def _when(actions: list[Action], facts: Facts) -> str:
    now = facts.now
    start = min(a.not_before for a in actions)
    end = min(a.not_after for a in actions)
    if start <= now:
        return f"before {moment(end, now)}"
    return f"between {moment(start, now)} and {moment(end, now)}"
