"""Read the checker corpus into runnable cases.

Two parts, each a manifest with the same keys:

- the tuning part, ``tests/corpus/manifest.toml`` (drafts in clean/, faulty/, situations in
  situations/): the rule developers look at its failures;
- the held-out part, ``tests/corpus/holdout/manifest.toml`` (its own clean/, faulty/ and
  situations/): nobody tunes a rule on it; only ``benchmarks/corpus_figures.py`` reports it, and
  the tests only check that it loads and is big enough.

Keys of a ``[[clean]]`` / ``[[faulty]]`` entry (see the manifest's header for the full list):
``file`` or ``from`` (+ ``replace``), ``situation``, ``kind`` (default ``thank_you``; ``infer``
means "no --kind given": the checker must infer the kind from the text), ``at``, ``rules``
(faulty only), ``patterns`` (what real writing the draft exercises) and ``english`` (the
variety of English it is written in; default from the situation's region).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from afterview.checks import Checker
from afterview.checks.draft import Draft, parse_text
from afterview.checks.kinds import infer_kind
from afterview.record import Situation
from afterview.situation import load_situation

CORPUS = Path(__file__).parent / "corpus"
HOLDOUT = CORPUS / "holdout"
INFER = "infer"  # kind: the draft is checked with no --kind, as a user would run it
ENGLISHES = {"US", "GB", "CA", "AU", "IN", "IE", "NZ", "intl"}


@dataclass
class Case:
    """One corpus draft with what it is checked against and the rules it must trigger."""

    name: str
    text: str
    situation: str
    kind: str
    at: datetime | None
    rules: frozenset[str]
    holdout: bool = False
    patterns: tuple[str, ...] = ()
    english: str = "US"
    expected_kind: str | None = None  # for kind = "infer": the kind the text reads as
    severity: str | None = None  # the labelled finding's severity when not the rule's default
    root: Path = field(default=CORPUS, repr=False)

    def draft(self) -> Draft:
        return parse_text(self.text, self.name)

    def checker(self) -> Checker:
        return make_checker(situation(self.situation, self.root), self.kind, self.at, self.text)

    @property
    def record(self) -> Situation:
        return situation(self.situation, self.root)


def make_checker(record: Situation, kind: str, at: datetime | None, text: str) -> Checker:
    """A checker for ``kind``; for ``infer``, the kind the checker reads from the text, as
    ``afterview check`` does without ``--kind`` (afterview.checks.kinds)."""
    if kind != INFER:
        return Checker(record, kind, at)
    return Checker(record, infer_kind(parse_text(text)), at)


@lru_cache(maxsize=64)
def situation(name: str, root: Path = CORPUS) -> Situation:
    return load_situation(root / "situations" / f"{name}.toml")


def _english(entry: dict, record: Situation, name: str) -> str:
    if "english" in entry:
        english = str(entry["english"])
    else:
        region = (record.application.region or "").split("-")[0].upper()
        english = region if region in ENGLISHES else "intl"
    assert english in ENGLISHES, f"{name}: english = {english!r}, expected one of {ENGLISHES}"
    return english


def _case(entry: dict, rules: frozenset[str], index: int, root: Path) -> Case:
    holdout = root != CORPUS
    prefix = "holdout/" if holdout else ""
    if "file" in entry:
        folder = "clean" if not rules else "faulty"
        path = root / folder / entry["file"]
        name = prefix + entry["file"]
    else:
        path = root / "clean" / entry["from"]
        name = f"{prefix}{entry['from']}#{index}"
    text = path.read_text("utf-8")
    for old, new in entry.get("replace", []):
        assert old in text, f"{name}: {old!r} does not occur in {path.name}"
        text = text.replace(old, new, 1)
    at = datetime.fromisoformat(entry["at"]) if "at" in entry else None
    record = situation(entry["situation"], root)
    return Case(
        name,
        text,
        entry["situation"],
        entry.get("kind", "thank_you"),
        at,
        rules,
        holdout=holdout,
        patterns=tuple(entry.get("patterns", ())),
        english=_english(entry, record, name),
        expected_kind=entry.get("expected_kind"),
        severity=entry.get("severity"),
        root=root,
    )


@lru_cache(maxsize=2)
def manifest(root: Path = CORPUS) -> dict:
    return tomllib.loads((root / "manifest.toml").read_text("utf-8"))


def clean_cases(holdout: bool = False) -> list[Case]:
    """The clean drafts of the tuning part, or of the held-out part."""
    root = HOLDOUT if holdout else CORPUS
    return [_case(e, frozenset(), i, root) for i, e in enumerate(manifest(root)["clean"])]


def faulty_cases(holdout: bool = False) -> list[Case]:
    """The faulty drafts of the tuning part, or of the held-out part."""
    root = HOLDOUT if holdout else CORPUS
    return [
        _case(e, frozenset(e["rules"]), i, root)
        for i, e in enumerate(manifest(root).get("faulty", []))
    ]


@dataclass
class SetCase:
    """Several drafts checked together (the panel-duplicate rule)."""

    name: str
    drafts: list[Draft]
    situation: str
    rules: frozenset[str]
    holdout: bool = False
    root: Path = field(default=CORPUS, repr=False)

    def checker(self) -> Checker:
        return Checker(situation(self.situation, self.root))


def faulty_sets(holdout: bool = False) -> list[SetCase]:
    root = HOLDOUT if holdout else CORPUS
    out = []
    for entry in manifest(root).get("faulty_set", []):
        drafts = [parse_text((root / "faulty" / f).read_text("utf-8"), f) for f in entry["files"]]
        out.append(
            SetCase(
                "+".join(entry["files"]),
                drafts,
                entry["situation"],
                frozenset(entry["rules"]),
                holdout=root != CORPUS,
                root=root,
            )
        )
    return out


def clean_sets(holdout: bool = False) -> list[SetCase]:
    """Each situation's clean thank-you drafts, checked together: distinct notes, no duplicate."""
    root = HOLDOUT if holdout else CORPUS
    groups: dict[str, list[Case]] = {}
    for case in clean_cases(holdout):
        if case.kind == "thank_you" and case.at is None:
            groups.setdefault(case.situation, []).append(case)
    return [
        SetCase(name, [c.draft() for c in cases], name, frozenset(), root != CORPUS, root)
        for name, cases in sorted(groups.items())
        if len(cases) > 1
    ]
