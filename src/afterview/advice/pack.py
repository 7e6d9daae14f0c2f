"""Load and validate the advice rule pack (pack/rules.toml, pack/sources.toml, pack/guide.toml).

A pack that does not validate raises :class:`RulePackError` naming the file, the rule and the
problem, so a tuning mistake never surfaces as a wrong verdict.
"""

from __future__ import annotations

import os
import re
import string
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from afterview.advice.facts import PERSON_FACTS, SITUATION_FACTS
from afterview.errors import RulePackError
from afterview.record import MessageKind

Scope = Literal["situation", "each", "primary"]
Effect = Literal["stop", "act", "drop", "narrow", "note"]
Channel = Literal["email", "linkedin", "post"]
WindowName = Literal["thank_you", "value_add", "status_check", "linkedin", "handwritten"]
Section = Literal["makes_sense", "avoid", "alternatives", "timing", "final"]

CONTEXT_NAMES = {
    "people",
    "count",
    "company",
    "role",
    "decision_date",
    "status_check_date",
    "days_since_interview",
    "no_contact_where",
    "posting_calls",
    "posting_not_for_you",
    "holiday",
    "mail_by",
    "arrives_by",
    "linkedin_limit",
    "zone_used",
}

_CONDITION = re.compile(
    r"^\s*(?P<negate>not\s+)?(?P<fact>[a-z_]+)\s*"
    r"(?:(?P<op><=|>=|==|!=|<|>)\s*(?P<value>[a-z_]+|-?\d+(?:\.\d+)?))?\s*$"
)


@dataclass(frozen=True)
class Condition:
    """One parsed condition: ``[not] fact [op value]``."""

    fact: str
    negate: bool = False
    op: str | None = None
    value: float | str | None = None

    def holds(self, facts: dict[str, Any], settings: dict[str, Any]) -> bool:
        """Evaluate against ``facts``, reading a named value from ``settings``."""
        current = facts[self.fact]
        if self.op is None:
            result = bool(current)
        else:
            other = settings[self.value] if isinstance(self.value, str) else self.value
            result = _OPS[self.op](current, other)
        return result != self.negate


_OPS = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


@dataclass(frozen=True)
class Rule:
    """One advice rule (see the header of pack/rules.toml; validated by pack_schema.RuleSpec)."""

    id: str
    scope: Scope
    effect: Effect
    explain: str
    sources: tuple[str, ...]
    section: Section
    guide: str
    fix: str
    when: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    action: MessageKind | None = None
    channel: Channel | None = None
    window: WindowName | None = None
    headline: str | None = None

    @cached_property
    def all_conditions(self) -> tuple[Condition, ...]:
        """The parsed ``when`` conditions."""
        return _parsed(self.when)

    @cached_property
    def any_conditions(self) -> tuple[Condition, ...]:
        """The parsed ``any`` conditions."""
        return _parsed(self.any)

    def fires(self, facts: dict[str, Any], settings: dict[str, Any]) -> bool:
        """True when every ``when`` condition and, if given, one ``any`` condition holds."""
        if not all(c.holds(facts, settings) for c in self.all_conditions):
            return False
        return not self.any or any(c.holds(facts, settings) for c in self.any_conditions)


@lru_cache(maxsize=512)
def _parsed(conditions: tuple[str, ...]) -> tuple[Condition, ...]:
    out = []
    for text in conditions:
        m = _CONDITION.match(text)
        if m is None:
            raise ValueError(f"cannot read condition {text!r}")
        raw: str | None = m["value"]
        value: float | str | None = raw
        if raw is not None and re.fullmatch(r"-?\d+(?:\.\d+)?", raw):
            value = float(raw)
        out.append(Condition(m["fact"], bool(m["negate"]), m["op"], value))
    return tuple(out)


@dataclass(frozen=True)
class Source:
    """A cited source (shared/GUIDANCE.md; validated by pack_schema.SourceSpec)."""

    publisher: str
    title: str
    year: str
    url: str
    grade: Literal["A", "B", "C"]

    def citation(self) -> str:
        """One line: publisher, “title” (year), url."""
        year = "" if self.year == "n.d." else f" ({self.year})"
        url = f" {self.url}" if self.url else ""
        return f"{self.publisher}, “{self.title}”{year}{url}"


@dataclass(frozen=True)
class Pack:
    """A validated rule pack."""

    settings: dict[str, Any]
    rules: tuple[Rule, ...]
    sources: dict[str, Source]
    guide: dict[str, Any]
    checklist: tuple[dict[str, str], ...]
    values: dict[str, Any]  # settings as shown in texts (whole numbers without ".0")
    citations: dict[str, str]  # source key -> one-line citation

    def text(self, template: str) -> str:
        """A pack text with its {settings} filled in and its white space folded."""
        return " ".join(template.format_map(self.values).split())

    def rule(self, rule_id: str) -> Rule:
        """Return the rule with ``rule_id``."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def _parse(texts: dict[str, str], name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(texts[name])
    except tomllib.TOMLDecodeError as exc:
        raise RulePackError(f"{name}: {exc}") from None


def load_pack(directory: str | Path | None = None) -> Pack:
    """Load the rule pack from ``directory``; by default ``$AFTERVIEW_RULE_PACK`` if set, else
    the pack shipped in the package. Packs are cached after the first load."""
    chosen = directory or os.environ.get("AFTERVIEW_RULE_PACK") or None
    return _load_pack(str(chosen) if chosen else None)


PACK_FILES = ("rules.toml", "sources.toml", "guide.toml")


@lru_cache(maxsize=8)
def _load_pack(directory: str | None) -> Pack:
    """Read, validate and build a pack; a validated pack is kept in the on-disk cache under the
    hash of its files, so a run whose pack has not changed skips TOML parsing and validation."""
    import hashlib

    from afterview import __version__, cache

    base: Any = Path(directory) if directory else resources.files("afterview.advice") / "pack"
    texts = {}
    for name in PACK_FILES:
        try:
            texts[name] = base.joinpath(name).read_text("utf-8")
        except FileNotFoundError:
            where = f"{directory} (AFTERVIEW_RULE_PACK)" if directory else "the built-in pack"
            raise RulePackError(f"{name}: missing from the rule pack in {where}") from None
    digest = hashlib.sha256("\0".join(texts.values()).encode()).hexdigest()[:32]
    key = f"pack-{__version__}-{cache.FORMAT}-{digest}.pickle"
    cached = cache.read(key)
    if isinstance(cached, Pack):
        return cached
    pack = _build_pack(texts)
    cache.write(key, pack)
    return pack


def _build_pack(texts: dict[str, str]) -> Pack:
    raw_rules = _parse(texts, "rules.toml")
    raw_sources = _parse(texts, "sources.toml")
    raw_guide = _parse(texts, "guide.toml")
    settings = raw_rules.get("settings", {})
    from pydantic import ValidationError

    from afterview.advice.pack_schema import RuleSpec, SourceSpec

    try:
        sources = {
            key: Source(**SourceSpec.model_validate(value).model_dump())
            for key, value in raw_sources.items()
        }
    except ValidationError as exc:
        raise RulePackError(f"sources.toml: {exc.errors()[0]['msg']}") from None
    rules = []
    for index, raw in enumerate(raw_rules.get("rule", [])):
        where = f"rules.toml: rule {raw.get('id', f'#{index + 1}')}"
        try:
            rule = Rule(**RuleSpec.model_validate(raw).model_dump())
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err["loc"])
            raise RulePackError(f"{where}: {loc}: {err['msg']}") from None
        _check_rule(rule, where, settings, sources)
        rules.append(rule)
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RulePackError(f"rules.toml: duplicate rule ids: {', '.join(sorted(duplicates))}")
    checklist = tuple(raw_guide.get("checklist", []))
    values = {
        k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in settings.items()
    }
    citations = {key: source.citation() for key, source in sources.items()}
    return Pack(settings, tuple(rules), sources, raw_guide, checklist, values, citations)


def _check_rule(rule: Rule, where: str, settings: dict[str, Any], sources: dict) -> None:
    known = set(SITUATION_FACTS) | (set(PERSON_FACTS) if rule.scope != "situation" else set())
    try:
        conditions = rule.all_conditions + rule.any_conditions
    except ValueError as exc:
        raise RulePackError(f"{where}: {exc}") from None
    for c in conditions:
        if c.fact not in known:
            raise RulePackError(f"{where}: unknown fact {c.fact!r} for scope {rule.scope!r}")
        if isinstance(c.value, str) and c.value not in settings:
            raise RulePackError(f"{where}: unknown setting {c.value!r}")
    if rule.effect == "act" and not (rule.action and rule.channel and rule.window):
        raise RulePackError(f"{where}: effect 'act' needs action, channel and window")
    if rule.effect in ("drop", "narrow") and not rule.action:
        raise RulePackError(f"{where}: effect {rule.effect!r} needs an action")
    for key in rule.sources:
        if key not in sources:
            raise RulePackError(f"{where}: unknown source {key!r}")
    for text in (rule.explain, rule.guide):
        for _, name, _, _ in string.Formatter().parse(text):
            if name and name not in settings and name not in CONTEXT_NAMES:
                raise RulePackError(f"{where}: unknown placeholder {{{name}}}")
