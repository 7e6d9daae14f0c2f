"""The pydantic schema of a rule pack's files; used only when a pack is (re)validated."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from afterview.advice.pack import Channel, Effect, Scope, Section, WindowName
from afterview.record import MessageKind


class RuleSpec(BaseModel):
    """What a [[rule]] of rules.toml must look like."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
    scope: Scope
    when: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    effect: Effect
    action: MessageKind | None = None
    channel: Channel | None = None
    window: WindowName | None = None
    headline: str | None = None
    explain: str
    sources: tuple[str, ...] = Field(min_length=1)
    section: Section
    guide: str
    fix: str


class SourceSpec(BaseModel):
    """What an entry of sources.toml must look like."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    publisher: str
    title: str
    year: str
    url: str
    grade: Literal["A", "B", "C"]
