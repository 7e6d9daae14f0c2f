"""Password hashes: argon2id with argon2-cffi's defaults (RFC 9106's second recommended
profile: 3 passes over 64 MiB, 4 lanes; ~0.19 s a check on this project's 2-core machine, see
benchmarks/bench_passwords.py).

A failed sign-in costs the same whether or not the account exists: an unknown address is
checked against a dummy hash made with the same parameters, so the answer's timing does not
tell an attacker which addresses have accounts. A hash made with older parameters is replaced
at the next successful sign-in (:func:`check` says so)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12  # NIST SP 800-63B: at least 8; a centre's staff accounts deserve more
MAX_LENGTH = 1024  # argon2 takes any length; refusing megabytes keeps a request cheap

_lock = threading.Lock()


@cache
def hasher() -> PasswordHasher:
    """The hasher every hash is made and checked with (argon2-cffi's defaults)."""
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    with _lock:
        return hasher().hash("afterview: no such account")


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (a fresh random salt each time)."""
    return hasher().hash(password)


def problem(password: str) -> str | None:
    """Why ``password`` cannot be used, or None."""
    if len(password) < MIN_LENGTH:
        return f"use at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"use at most {MAX_LENGTH} characters"
    return None


@dataclass(frozen=True)
class Checked:
    """The outcome of a password check."""

    ok: bool
    rehash: str | None = None  # a new hash to store (the parameters changed), when ok


def check(stored: str | None, password: str) -> Checked:
    """Check ``password`` against ``stored`` (None: no such account, or one that signs in
    with the organisation's provider only) in the same time either way."""
    too_long = len(password) > MAX_LENGTH  # never a stored one: checked, then refused
    ph = hasher()
    try:
        ph.verify(_dummy_hash() if too_long or not stored else stored, password[:MAX_LENGTH])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return Checked(False)
    if too_long or not stored:
        return Checked(False)
    if ph.check_needs_rehash(stored):
        return Checked(True, ph.hash(password))
    return Checked(True)


def warm_up() -> None:
    """Make the dummy hash now (at start-up), not during the first failed sign-in."""
    _dummy_hash()
