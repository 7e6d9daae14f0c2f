"""Every advice rule fires on its must-fire examples and stays quiet on its must-not-fire ones."""

from __future__ import annotations

import pytest

from afterview.advice import advise, load_pack

from advice_examples import EXAMPLES
from helpers import situation

PACK = load_pack()
RULE_IDS = [r.id for r in PACK.rules]


def _fired(rule_id: str, patch: dict) -> bool:
    return advise(situation(patch)).fired(rule_id)


def test_every_rule_has_examples() -> None:
    missing = [r for r in RULE_IDS if r not in EXAMPLES]
    assert not missing, f"rules without must-fire/must-not-fire examples: {missing}"
    unknown = [r for r in EXAMPLES if r not in RULE_IDS]
    assert not unknown, f"examples for rules that do not exist: {unknown}"
    empty = [r for r, (fire, quiet) in EXAMPLES.items() if not fire or not quiet]
    assert not empty, f"rules missing a must-fire or must-not-fire example: {empty}"


CASES = [
    pytest.param(rule, patch, should, id=f"{rule}-{'fires' if should else 'quiet'}-{n}")
    for rule, (fire, quiet) in EXAMPLES.items()
    for should, patches in ((True, fire), (False, quiet))
    for n, patch in enumerate(patches)
]


@pytest.mark.parametrize(("rule", "patch", "should"), CASES)
def test_rule_example(rule: str, patch: dict, should: bool) -> None:
    fired = _fired(rule, patch)
    if should:
        assert fired, f"False negative: {rule} did not fire for {patch}"
    else:
        assert not fired, f"False positive: {rule} fired for {patch}"
