"""Golden tests: the advice for every bundled example, compared with a reviewed JSON file.

After a deliberate change to the rules, regenerate with
``AFTERVIEW_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from afterview.advice import advise
from afterview.situation import load_situation

ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.*"))
GOLDEN = Path(__file__).parent / "golden"

# The verdict each example exists to show.
VERDICTS = {
    "academic-campus-visit": "send",
    "already-checked-in": "dont_send",
    "final-round-value-add": "send",
    "friday-afternoon": "wait",
    "generic-late": "wait",
    "informal-coffee": "alternative",
    "no-contact-posting": "dont_send",
    "panel-interview": "send",
    "phone-screen": "send",
    "status-check-due": "send",
    "uk-panel": "send",
    "waiting-for-timeline": "wait",
}


def test_there_are_at_least_eight_examples_covering_every_verdict() -> None:
    assert len(EXAMPLES) >= 8
    assert {p.stem for p in EXAMPLES} == set(VERDICTS)
    assert set(VERDICTS.values()) == {"send", "wait", "dont_send", "alternative"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_advice_matches_golden(path: Path) -> None:
    advice = advise(load_situation(path))
    assert advice.verdict == VERDICTS[path.stem]
    got = advice.to_dict()
    golden = GOLDEN / f"{path.stem}.json"
    if os.environ.get("AFTERVIEW_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; run with AFTERVIEW_UPDATE_GOLDEN=1"
    assert got == json.loads(golden.read_text(encoding="utf-8"))
