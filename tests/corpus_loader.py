"""Read the checker corpus (tests/corpus/manifest.toml) into runnable cases."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from afterview.checks import Checker
from afterview.checks.draft import Draft, parse_text
from afterview.record import Situation
from afterview.situation import load_situation

CORPUS = Path(__file__).parent / "corpus"


@dataclass
class Case:
    """One corpus draft with what it is checked against and the rules it must trigger."""

    name: str
    text: str
    situation: str
    kind: str
    at: datetime | None
    rules: frozenset[str]

    def draft(self) -> Draft:
        return parse_text(self.text, self.name)

    def checker(self) -> Checker:
        return Checker(situation(self.situation), self.kind, self.at)


@lru_cache(maxsize=32)
def situation(name: str) -> Situation:
    return load_situation(CORPUS / "situations" / f"{name}.toml")


def _case(entry: dict, rules: frozenset[str], index: int) -> Case:
    if "file" in entry:
        folder = "clean" if not rules else "faulty"
        path = CORPUS / folder / entry["file"]
        name = entry["file"]
    else:
        path = CORPUS / "clean" / entry["from"]
        name = f"{entry['from']}#{index}"
    text = path.read_text("utf-8")
    for old, new in entry.get("replace", []):
        assert old in text, f"{name}: {old!r} does not occur in {path.name}"
        text = text.replace(old, new, 1)
    at = datetime.fromisoformat(entry["at"]) if "at" in entry else None
    return Case(name, text, entry["situation"], entry.get("kind", "thank_you"), at, rules)


@lru_cache(maxsize=1)
def manifest() -> dict:
    return tomllib.loads((CORPUS / "manifest.toml").read_text("utf-8"))


def clean_cases() -> list[Case]:
    return [_case(e, frozenset(), i) for i, e in enumerate(manifest()["clean"])]


def faulty_cases() -> list[Case]:
    return [_case(e, frozenset(e["rules"]), i) for i, e in enumerate(manifest().get("faulty", []))]


@dataclass
class SetCase:
    """Several drafts checked together (the panel-duplicate rule)."""

    name: str
    drafts: list[Draft]
    situation: str
    rules: frozenset[str]

    def checker(self) -> Checker:
        return Checker(situation(self.situation))


def faulty_sets() -> list[SetCase]:
    out = []
    for entry in manifest().get("faulty_set", []):
        drafts = [parse_text((CORPUS / "faulty" / f).read_text("utf-8"), f) for f in entry["files"]]
        out.append(
            SetCase("+".join(entry["files"]), drafts, entry["situation"], frozenset(entry["rules"]))
        )
    return out


def clean_sets() -> list[SetCase]:
    """Each situation's clean thank-you drafts, checked together: distinct notes, no duplicate."""
    groups: dict[str, list[Case]] = {}
    for case in clean_cases():
        if case.kind == "thank_you" and case.at is None:
            groups.setdefault(case.situation, []).append(case)
    return [
        SetCase(name, [c.draft() for c in cases], name, frozenset())
        for name, cases in sorted(groups.items())
        if len(cases) > 1
    ]
