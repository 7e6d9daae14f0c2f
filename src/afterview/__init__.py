"""afterview: should I email them after the interview, when, and what exactly do I say?

The library is the product; the CLI and the web app are thin shells over it::

    from afterview import load_situation, advise

    situation = load_situation("my-interview.toml")
    advice = advise(situation)
    print(advice.verdict, advice.summary)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Advice",
    "AfterviewError",
    "InputError",
    "Situation",
    "__version__",
    "advise",
    "load_situation",
    "parse_situation",
]

if TYPE_CHECKING:  # pragma: no cover
    from afterview.advice import Advice, advise
    from afterview.errors import AfterviewError, InputError
    from afterview.record import Situation
    from afterview.situation import load_situation, parse_situation

_LAZY = {
    "Advice": "afterview.advice",
    "advise": "afterview.advice",
    "AfterviewError": "afterview.errors",
    "InputError": "afterview.errors",
    "Situation": "afterview.record",
    "load_situation": "afterview.situation",
    "parse_situation": "afterview.situation",
}


def __getattr__(name: str) -> Any:
    """Import the public API on first use, so that `afterview --version` starts fast."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'afterview' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
