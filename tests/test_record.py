"""The validation models (afterview.model) and the record (afterview.record) stay in step."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from afterview import model, record

STORE_ONLY: set[str] = set()  # record fields the store sets, absent from situation files
PAIRS = [
    (model.Candidate, record.Candidate),
    (model.Application, record.Application),
    (model.ToAdd, record.ToAdd),
    (model.Interview, record.Interview),
    (model.Interviewer, record.Interviewer),
    (model.Sent, record.Sent),
    (model.Reply, record.Reply),
    (model.Situation, record.Situation),
]


@pytest.mark.parametrize(("validator", "plain"), PAIRS, ids=lambda c: c.__name__)
def test_same_fields_and_defaults(validator: type, plain: type) -> None:
    fields = {f.name: f for f in dataclasses.fields(plain) if f.name not in STORE_ONLY}
    assert set(fields) == set(validator.model_fields)
    for name, info in validator.model_fields.items():
        default = info.get_default(call_default_factory=True)
        plain_default = fields[name].default
        if plain_default is dataclasses.MISSING:
            assert info.is_required(), name
        else:
            assert (tuple(default) if isinstance(default, list) else default) == plain_default, name


def test_a_cached_situation_loads_without_pydantic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    from pathlib import Path

    example = Path(__file__).parent.parent / "examples" / "panel-interview.toml"
    env = {**os.environ, "AFTERVIEW_CACHE_DIR": str(tmp_path)}
    code = (
        "import sys; from afterview.situation import load_situation; "
        f"load_situation({str(example)!r}); print('pydantic' in sys.modules)"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert first.stdout.strip() == "True"  # validated the first time
    assert second.stdout.strip() == "False"  # read from the cache after that
