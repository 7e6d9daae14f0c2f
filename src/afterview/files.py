"""Reading the user's files, with one clear error line for each way it can fail."""

from __future__ import annotations

from pathlib import Path

from afterview.errors import InputError


def read_input(path: Path, what: str) -> bytes:
    """The bytes of ``path``; an :class:`InputError` naming it if it cannot be read.

    ``what`` names the expected kind of file for the message ("a situation file").
    """
    name = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(name, None, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, None, f"expected {what}, got a directory") from None
    except OSError as exc:
        raise InputError(name, None, f"cannot read the file ({exc.strerror})") from None
