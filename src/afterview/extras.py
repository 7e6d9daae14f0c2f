"""How to add one of afterview's optional parts (``postgres``, ``keyring``, ``server``), said for
the way this afterview was installed: pipx and uv keep their own environments, where a bare
``pip install`` does nothing for afterview."""

from __future__ import annotations

import sys
from pathlib import Path


def installer(prefix: str | None = None) -> str:
    """``pipx``, ``uv`` or ``pip``: what made the environment afterview runs in."""
    parts = Path(prefix or sys.prefix).parts
    if "pipx" in parts and "venvs" in parts:
        return "pipx"
    if "uv" in parts and "tools" in parts:
        return "uv"
    return "pip"


def install_hint(extra: str, prefix: str | None = None) -> str:
    """The command that adds ``extra`` to this installation (from PyPI; with a wheel file, put
    its path where the package name is)."""
    spec = f"'afterview[{extra}]'"
    return {
        "pipx": f"pipx install --force {spec}",
        "uv": f"uv tool install --force {spec}",
        "pip": f"pip install {spec}",
    }[installer(prefix)]
