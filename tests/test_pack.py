"""The rule pack is data: tuning or adding a rule needs no code, and a bad pack says why."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from afterview.advice import advise, load_pack
from afterview.errors import RulePackError

from helpers import situation

SHIPPED = Path(str(resources.files("afterview.advice") / "pack"))


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(SHIPPED, target)
    return target


def _edit(pack_dir: Path, old: str, new: str) -> None:
    path = pack_dir / "rules.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_tuning_a_setting_changes_the_window(pack_dir: Path) -> None:
    _edit(pack_dir, "thank_you_deadline_hours = 24", "thank_you_deadline_hours = 48")
    tuned = advise(situation(), pack=load_pack(pack_dir))
    (thanks,) = [a for a in tuned.actions if a.kind == "thank_you"]
    assert thanks.not_after.isoformat() == "2026-12-03T11:00:00-05:00"
    assert "within 48 hours" in thanks.why


def test_adding_a_rule_needs_no_code(pack_dir: Path) -> None:
    with (pack_dir / "rules.toml").open("a", encoding="utf-8") as f:
        f.write(
            """
[[rule]]
id = "remember-the-recruiter"
scope = "situation"
when = ["interview_formal", "hours_since_interview < 24"]
effect = "note"
explain = "Thank the recruiter who arranged the interview at {company} too."
sources = ["daniel-post-2010"]
section = "makes_sense"
guide = "Thank the person who arranged the interview too."
fix = "Add the coordinator as an interviewer with their address."
"""
        )
    advice = advise(situation(), pack=load_pack(pack_dir))
    assert advice.fired("remember-the-recruiter")
    reason = next(r for r in advice.reasons if r.rule == "remember-the-recruiter")
    assert reason.text == "Thank the recruiter who arranged the interview at Northwind Health too."


def test_the_environment_chooses_the_pack(pack_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _edit(pack_dir, "thank_you_deadline_hours = 24", "thank_you_deadline_hours = 36")
    monkeypatch.setenv("AFTERVIEW_RULE_PACK", str(pack_dir))
    assert load_pack().settings["thank_you_deadline_hours"] == 36


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'when = ["no_contact"]',
            'when = ["no_contakt"]',
            "rule no-contact-requested: unknown fact 'no_contakt'",
        ),
        (
            'when = ["no_contact"]',
            'when = ["no_contact >= nonsense"]',
            "unknown setting 'nonsense'",
        ),
        ('when = ["no_contact"]', 'when = ["no contact please"]', "cannot read condition"),
        (
            'sources = ["seed", "reprojobs-no-calls", "boston-no-calls-2009"]',
            'sources = ["seed", "nowhere"]',
            "unknown source 'nowhere'",
        ),
        ('effect = "stop"', 'effect = "explode"', "effect: Input should be"),
        ('window = "thank_you"', 'window = "whenever"', "window: Input should be"),
        (
            'id = "not-interested"',
            'id = "no-contact-requested"',
            "duplicate rule ids: no-contact-requested",
        ),
        ('id = "not-interested"', 'id = "Not Interested"', "id: String should match pattern"),
        ("{no_contact_where}", "{where_is_it}", "unknown placeholder {where_is_it}"),
    ],
)
def test_a_bad_pack_names_the_rule_and_the_problem(
    pack_dir: Path, old: str, new: str, message: str
) -> None:
    _edit(pack_dir, old, new)
    with pytest.raises(RulePackError, match=r"rules\.toml") as caught:
        load_pack(pack_dir)
    assert message in str(caught.value)


def test_person_facts_are_refused_at_situation_scope(pack_dir: Path) -> None:
    _edit(pack_dir, 'when = ["no_contact"]', 'when = ["has_email"]')
    with pytest.raises(RulePackError, match="unknown fact 'has_email' for scope 'situation'"):
        load_pack(pack_dir)


def test_a_missing_file(pack_dir: Path) -> None:
    (pack_dir / "sources.toml").unlink()
    with pytest.raises(RulePackError, match=r"sources\.toml: missing"):
        load_pack(pack_dir)
