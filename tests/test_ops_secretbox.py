"""Secrets at rest (afterview.secretbox): round trips, wrong keys, tampering, contexts, rotation,
and one clear line for a missing or malformed key."""

from __future__ import annotations

import base64
import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afterview.errors import AfterviewError
from afterview.secretbox import (
    KEY_ENV,
    OLD_KEY_ENV,
    SecretBox,
    SecretKeyError,
    SecretUnreadable,
)

KEY = secrets.token_urlsafe(32)
OTHER = secrets.token_urlsafe(32)
BOX = SecretBox(KEY)


@given(secret=st.text(max_size=500), context=st.text(max_size=40).filter(lambda c: "\x00" not in c))
def test_any_text_comes_back_as_it_went_in(secret: str, context: str) -> None:
    token = BOX.encrypt(secret, context)
    assert BOX.decrypt(token, context) == secret
    assert token.isascii()
    if len(secret) >= 4:
        assert secret not in token  # not stored in the clear


def test_the_same_secret_twice_gives_two_tokens() -> None:
    assert BOX.encrypt("hunter2") != BOX.encrypt("hunter2")  # a fresh IV each time


def test_a_wrong_key_fails_cleanly() -> None:
    token = BOX.encrypt("smtp-password-1")
    with pytest.raises(SecretUnreadable, match=OLD_KEY_ENV):
        SecretBox(OTHER).decrypt(token)


@given(data=st.data())
def test_any_change_to_a_token_is_detected(data: st.DataObject) -> None:
    token = BOX.encrypt("imap-password-7", "imap:user:3")
    raw = bytearray(base64.urlsafe_b64decode(token))
    at = data.draw(st.integers(0, len(raw) - 1))
    bit = data.draw(st.integers(0, 7))
    raw[at] ^= 1 << bit
    altered = base64.urlsafe_b64encode(bytes(raw)).decode()
    with pytest.raises(SecretUnreadable):
        BOX.decrypt(altered, "imap:user:3")


@pytest.mark.parametrize("junk", ["", "not a token", "é", "gAAAAA", BOX.encrypt("x")[:-4]])
def test_what_is_not_a_token_fails_cleanly(junk: str) -> None:
    with pytest.raises(SecretUnreadable):
        BOX.decrypt(junk)


def test_a_token_for_another_context_does_not_open() -> None:
    token = BOX.encrypt("client-secret", "oidc:client")
    assert BOX.decrypt(token, "oidc:client") == "client-secret"
    with pytest.raises(SecretUnreadable, match="belongs elsewhere"):
        BOX.decrypt(token, "smtp:user:2")
    with pytest.raises(SecretUnreadable):
        BOX.decrypt(token)  # no context is another context


def test_rotation_old_tokens_still_open_and_rotate_to_the_new_key() -> None:
    old_box = SecretBox(KEY)
    token = old_box.encrypt("pw", "smtp:user:1")
    rotated_box = SecretBox.from_environment({KEY_ENV: OTHER, OLD_KEY_ENV: KEY})
    assert rotated_box.decrypt(token, "smtp:user:1") == "pw"  # must happen: old still opens
    assert not rotated_box.current(token)
    fresh = rotated_box.rotate(token)
    assert rotated_box.current(fresh)
    assert rotated_box.decrypt(fresh, "smtp:user:1") == "pw"
    assert SecretBox(OTHER).decrypt(fresh, "smtp:user:1") == "pw"  # the old key can go now
    with pytest.raises(SecretUnreadable):  # must not: the old key alone opens the new token
        old_box.decrypt(fresh, "smtp:user:1")
    new_token = rotated_box.encrypt("pw2")
    with pytest.raises(SecretUnreadable):  # new secrets are under the new key only
        old_box.decrypt(new_token)


def test_several_old_keys_are_comma_separated() -> None:
    third = secrets.token_urlsafe(48)
    token = SecretBox(third).encrypt("s")
    box = SecretBox.from_environment({KEY_ENV: OTHER, OLD_KEY_ENV: f"{KEY}, {third}"})
    assert box.decrypt(token) == "s"


def test_a_key_without_old_keys_does_not_open_what_an_old_key_made() -> None:
    token = SecretBox(KEY).encrypt("s")
    with pytest.raises(SecretUnreadable):
        SecretBox.from_environment({KEY_ENV: OTHER}).rotate(token)


def test_the_derived_key_is_not_the_raw_key() -> None:
    """Another use of AFTERVIEW_SECRET_KEY (cookie signing) never shares key material: a Fernet
    built on the raw bytes cannot open our tokens."""
    from cryptography.fernet import Fernet, InvalidToken

    raw = base64.urlsafe_b64decode(KEY + "=" * (-len(KEY) % 4))[:32]
    with pytest.raises(InvalidToken):
        Fernet(base64.urlsafe_b64encode(raw)).decrypt(BOX.encrypt("s").encode())


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({}, "AFTERVIEW_SECRET_KEY: not set"),
        ({KEY_ENV: "   "}, "AFTERVIEW_SECRET_KEY: not set"),
        ({KEY_ENV: "shrt"}, "AFTERVIEW_SECRET_KEY: 3 bytes; expected at least 32"),
        ({KEY_ENV: secrets.token_urlsafe(31)}, "31 bytes; expected at least 32"),
        ({KEY_ENV: "a" * 43 + "!"}, "expected URL-safe base64"),
        ({KEY_ENV: "a+b/" * 12}, "expected URL-safe base64"),
        ({KEY_ENV: "a" * 45}, "not valid base64"),
        ({KEY_ENV: KEY, OLD_KEY_ENV: "tooshort"}, "AFTERVIEW_SECRET_KEY_OLD: 6 bytes"),
    ],
)
def test_a_missing_or_malformed_key_is_one_line(env: dict[str, str], said: str) -> None:
    with pytest.raises(SecretKeyError) as caught:
        SecretBox.from_environment(env)
    message = str(caught.value)
    assert said in message
    assert "\n" not in message
    assert "secrets.token_urlsafe(32)" in message  # says how to make one


def test_padded_and_unpadded_keys_are_the_same_key() -> None:
    raw = secrets.token_bytes(32)
    padded = base64.urlsafe_b64encode(raw).decode()
    assert padded.endswith("=")
    token = SecretBox(padded).encrypt("s")
    assert SecretBox(padded.rstrip("=")).decrypt(token) == "s"


def test_a_long_secret_or_a_bad_context_is_refused() -> None:
    with pytest.raises(AfterviewError, match="not a short secret"):
        BOX.encrypt("x" * 9000)
    with pytest.raises(ValueError, match="NUL"):
        BOX.encrypt("x", "a\x00b")
    with pytest.raises(AfterviewError, match="surrogate"):
        BOX.encrypt("\ud800")


def test_the_key_itself_never_appears_in_an_error() -> None:
    bad = "x" * 20 + "!"
    with pytest.raises(SecretKeyError) as caught:
        SecretBox.from_environment({KEY_ENV: bad})
    assert bad not in str(caught.value)
