"""Shared mode without a provider: local accounts (argon2), the sign-in form, the throttle,
the signed session cookie (rotation, sign-out, idle and absolute lifetimes), CSRF bound to the
session, and the gate in front of every page and API route. Local mode stays as it was."""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import itsdangerous
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.accounts import passwords, sessions
from afterview.accounts.config import AccountsConfig
from afterview.accounts.users import create_user
from afterview.errors import InputError
from afterview.store.accounts import Accounts
from afterview.web import create_app
from afterview.web.settings import WebSettings

from oidc import support

PASSWORD = "correct horse battery staple"


def config(**changes: Any) -> AccountsConfig:
    return AccountsConfig(
        **{"secret_key": support.SECRET_KEY, "public_url": "http://127.0.0.1", **changes}
    )


@pytest.fixture
def store(tmp_path: Path) -> Any:
    made = support.store_with_users(tmp_path / "afterview.db")
    create_user(made, "alex@uni.example", "Alex Rivera", "student", datetime.now(UTC), PASSWORD)
    return made


@pytest.fixture
def client(store: Any) -> Iterator[TestClient]:
    app = create_app(WebSettings(db=str(store.engine.url.database)), accounts=config())
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def form_token(client: TestClient, path: str = "/signin") -> str:
    page = client.get(path)
    found = re.search(r'name="csrf" value="([^"]+)"', page.text) or re.search(
        r'"X-CSRF-Token": "([^"]+)"', page.text
    )
    assert found, page.text[:500]
    return found.group(1)


def sign_in(
    client: TestClient, email: str = "alex@uni.example", password: str = PASSWORD, **extra: str
) -> Any:
    return client.post(
        "/signin",
        data={"email": email, "password": password, "csrf": form_token(client), **extra},
        follow_redirects=False,
    )


def session_of(client: TestClient) -> dict[str, Any]:
    raw = client.cookies.get(sessions.COOKIE)
    assert raw
    return json.loads(base64.b64decode(raw.rsplit(".", 2)[0]))


def crafted(data: dict[str, Any], age: float = 0, key: str | None = None) -> str:
    """A session cookie as afterview signs them, ``age`` seconds old (or signed with ``key``)."""

    class Aged(itsdangerous.TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - age)

    secret = key or sessions.middleware_options(config())["secret_key"]
    return Aged(secret).sign(base64.b64encode(json.dumps(data).encode())).decode()


def test_sign_in_with_a_password_starts_a_new_session(client: TestClient) -> None:
    assert client.get("/", follow_redirects=False).headers["location"] == "/signin"
    before = form_token(client)
    sid_before = session_of(client)["sid"]
    answer = sign_in(client)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    after = session_of(client)
    assert after["sid"] != sid_before  # rotated: a planted session id is worthless
    assert isinstance(after["uid"], int)
    home = client.get("/")
    assert home.status_code == 200
    assert 'action="/signout"' in home.text and "Alex Rivera" in home.text
    assert "a shared afterview" in home.text and "nothing you type leaves it" not in home.text
    # A form token from before sign-in no longer works.
    stale = client.post("/signout", data={"csrf": before}, follow_redirects=False)
    assert stale.status_code == 403
    assert client.get("/").status_code == 200


def test_the_cookie_is_httponly_lax_and_secure_only_over_https(store: Any) -> None:
    db = str(store.engine.url.database)
    with TestClient(
        create_app(WebSettings(db=db), accounts=config()), base_url="http://127.0.0.1"
    ) as c:
        header = c.get("/signin").headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=lax" in header and "secure" not in header
    secure = config(public_url="https://afterview.uni.example")
    with TestClient(
        create_app(WebSettings(db=db), accounts=secure), base_url="https://127.0.0.1"
    ) as c:
        header = c.get("/signin").headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=lax" in header and "secure" in header


def test_a_wrong_password_and_an_unknown_email_read_the_same(client: TestClient) -> None:
    wrong = sign_in(client, password="not the password at all")
    unknown = sign_in(client, email="nobody@uni.example")
    for answer in (wrong, unknown):
        assert answer.status_code == 401
        assert 'id="password-error"' in answer.text and "Wrong email or password." in answer.text
        assert 'aria-invalid="true"' in answer.text
    assert wrong.text.count("Wrong email") == unknown.text.count("Wrong email")
    assert 'value="nobody@uni.example"' in unknown.text  # the email stays, the password not
    assert PASSWORD not in wrong.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_an_unknown_email_costs_a_full_argon2_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Constant time: the unknown account is checked against a dummy hash, not skipped."""
    from argon2 import PasswordHasher

    checked: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            checked.append(str(hash))
            return super().verify(hash, password)

    counting = Counting()
    monkeypatch.setattr(passwords, "hasher", lambda: counting)
    assert not passwords.check(None, "whatever it is").ok
    assert not passwords.check(passwords.hash_password("x" * 12), "whatever it is").ok
    assert not passwords.check(passwords.hash_password("x" * 12), "x" * 2000).ok
    assert len(checked) == 3
    assert all(h.startswith("$argon2id$v=19$m=65536,t=3,p=4$") for h in checked)


def test_a_long_password_that_starts_with_the_real_one_is_refused() -> None:
    stored = passwords.hash_password("y" * passwords.MAX_LENGTH)
    assert passwords.check(stored, "y" * passwords.MAX_LENGTH).ok
    assert not passwords.check(stored, "y" * (passwords.MAX_LENGTH + 1)).ok


def test_an_old_hash_is_replaced_at_sign_in(client: TestClient, store: Any) -> None:
    from argon2 import PasswordHasher

    accounts = Accounts(store.engine)
    row = accounts.by_email("alex@uni.example")
    assert row is not None
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    accounts.set_password_hash(row.id, weak)
    assert sign_in(client, password="wrong password here").status_code == 401
    assert accounts.by_id(row.id).password_hash == weak  # type: ignore[union-attr]  # not on failure
    assert sign_in(client).status_code == 303
    renewed = accounts.by_id(row.id).password_hash  # type: ignore[union-attr]
    assert renewed != weak and renewed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.check(renewed, PASSWORD).ok


def test_failures_from_one_address_are_throttled(client: TestClient) -> None:
    for _ in range(10):
        assert sign_in(client, password="a wrong password!").status_code == 401
    blocked = sign_in(client)  # even the right password, while blocked
    assert blocked.status_code == 429
    assert "Too many failed sign-ins from this address" in blocked.text
    assert 'id="password-error"' in blocked.text
    assert 0 < int(blocked.headers["retry-after"]) <= 15 * 60 + 1
    assert client.get("/", follow_redirects=False).status_code == 303


def test_the_throttle_window_slides_and_success_clears() -> None:
    from afterview.accounts.throttle import Throttle

    now = [1000.0]
    throttle = Throttle(limit=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        throttle.failed("10.0.0.1")
    assert throttle.wait("10.0.0.1") == 60
    assert throttle.wait("10.0.0.2") == 0  # another address is not affected
    now[0] += 59
    assert throttle.wait("10.0.0.1") == pytest.approx(1)
    now[0] += 1
    assert throttle.wait("10.0.0.1") == 0
    throttle.failed("10.0.0.1")
    throttle.failed("10.0.0.1")
    throttle.succeeded("10.0.0.1")
    throttle.failed("10.0.0.1")
    assert throttle.wait("10.0.0.1") == 0


def test_sign_out_ends_the_session(client: TestClient) -> None:
    sign_in(client)
    token = form_token(client, "/check")
    kept = client.cookies.get(sessions.COOKIE)
    out = client.post("/signout", data={"csrf": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/signin"
    assert (
        'afterview_session="null"' in out.headers["set-cookie"]
        or "afterview_session=null" in out.headers["set-cookie"]
    )
    assert client.get("/", follow_redirects=False).status_code == 303
    assert kept  # (a copy taken before sign-out lives until its idle lifetime: see the docs)


def test_signout_needs_the_form_token(client: TestClient) -> None:
    sign_in(client)
    assert client.post("/signout", follow_redirects=False).status_code == 403
    assert client.get("/").status_code == 200


def test_a_session_idle_too_long_or_too_old_ends(client: TestClient, store: Any) -> None:
    row = Accounts(store.engine).by_email("alex@uni.example")
    assert row is not None
    now = time.time()
    fresh = {"sid": "s" * 43, "uid": row.id, "since": now - 60, "seen": now - 60}
    cases = {
        "fresh": (fresh, 0, 200),
        "signature older than the idle lifetime": (fresh, 3601, 303),
        "idle: seen over an hour ago": ({**fresh, "seen": now - 3700}, 0, 303),
        "absolute: signed in 13 hours ago": ({**fresh, "since": now - 13 * 3600}, 0, 303),
        "from the future": ({**fresh, "since": now + 3600, "seen": now + 3600}, 0, 303),
        "signed with another key": (fresh, 0, 303),
        "no user": ({"sid": "s" * 43, "since": now, "seen": now}, 0, 303),
        "a user id as text": ({**fresh, "uid": str(row.id)}, 0, 303),
    }
    for name, (data, age, status) in cases.items():
        key = "another key" if "another key" in name else None
        client.cookies.clear()
        client.cookies.set(sessions.COOKIE, crafted(data, age, key))
        answer = client.get("/", follow_redirects=False)
        assert answer.status_code == status, name
    tampered = crafted(fresh)
    payload, rest = tampered.split(".", 1)
    other = base64.b64encode(json.dumps({**fresh, "uid": row.id + 1}).encode()).decode()
    client.cookies.clear()
    client.cookies.set(sessions.COOKIE, f"{other}.{rest}")
    assert client.get("/", follow_redirects=False).status_code == 303
    assert payload


def test_a_disabled_user_is_signed_out_and_cannot_sign_in(client: TestClient, store: Any) -> None:
    sign_in(client)
    accounts = Accounts(store.engine)
    row = accounts.by_email("alex@uni.example")
    assert row is not None
    accounts.disable(row.id, datetime.now(UTC))
    assert client.get("/", follow_redirects=False).status_code == 303
    again = sign_in(client)
    assert again.status_code == 401 and "disabled" in again.text


def test_the_gate(client: TestClient) -> None:
    page = client.get("/interviews/3?tab=drafts", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/signin?next=%2Finterviews%2F3%3Ftab%3Ddrafts"
    api = client.get("/api/interviews")
    assert api.status_code == 401
    assert api.json()["error"]["status"] == 401 and "sign in" in api.json()["error"]["message"]
    posted = client.post("/api/check", json={})
    assert posted.status_code == 401
    htmx = client.get("/check", headers={"HX-Request": "true"}, follow_redirects=False)
    assert htmx.status_code == 401 and htmx.headers["hx-redirect"] == "/signin?next=%2Fcheck"
    assert client.get("/static/afterview.css").status_code == 200
    assert client.get("/signin").status_code == 200
    assert client.get("/healthz", follow_redirects=False).status_code == 200  # public
    assert client.get("/metrics", follow_redirects=False).status_code != 303  # its own token
    schema = client.get("/openapi.json")
    assert schema.status_code == 401 and schema.json()["error"]["status"] == 401
    sign_in(client)
    assert client.get("/api/interviews").status_code == 200
    assert client.get("/check").status_code == 200
    assert "/api/interviews" in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_next_never_leads_elsewhere(client: TestClient, target: str) -> None:
    answer = sign_in(client, next=target)
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location.startswith("/") and not location.startswith("//") and "\\" not in location


def test_next_brings_you_back(client: TestClient) -> None:
    assert sign_in(client, next="/check?x=1").headers["location"] == "/check?x=1"


def test_forms_need_the_signed_sessions_token(client: TestClient) -> None:
    sign_in(client)
    assert client.post("/interviews/new", data={}, follow_redirects=False).status_code == 403
    foreign = client.post("/signout", data={"csrf": "A" * 43}, follow_redirects=False)
    assert foreign.status_code == 403


def test_local_mode_is_as_before(tmp_path: Path) -> None:
    from afterview.accounts.users import LOCAL_USER
    from afterview.accounts.web import current_user

    app = create_app(WebSettings(db=str(tmp_path / "a.db")))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        home = c.get("/")
        assert home.status_code == 200 and "/signout" not in home.text
        assert "nothing you type leaves it" in home.text
        assert sessions.COOKIE not in c.cookies and "afterview_csrf" in c.cookies
        assert c.get("/signin").status_code == 404
        assert c.get("/api/interviews").status_code == 200

    from starlette.requests import Request

    request = Request({"type": "http", "app": app.app, "headers": [], "state": {}})
    assert current_user(request) == LOCAL_USER  # no session, no sign-in, no database
    assert LOCAL_USER.id == 1


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({}, "AFTERVIEW_SECRET_KEY: required in shared mode"),
        ({"AFTERVIEW_SECRET_KEY": "c2hvcnQ"}, "expected at least 32 random bytes; got 5"),
        ({"AFTERVIEW_SECRET_KEY": "%%%"}, "expected URL-safe base64"),
        ({"KEY": 1}, "AFTERVIEW_PUBLIC_URL: required"),
        ({"KEY": 1, "AFTERVIEW_PUBLIC_URL": "http://afterview.uni.example"}, "plain http"),
        ({"KEY": 1, "AFTERVIEW_PUBLIC_URL": "https://a.example/x"}, "a scheme and a host only"),
        (
            {
                "KEY": 1,
                "AFTERVIEW_PUBLIC_URL": "https://a.example",
                "AFTERVIEW_OIDC_ISSUER": "https://sso.example",
            },
            "AFTERVIEW_OIDC_CLIENT_ID: required with the other",
        ),
        (
            {
                "KEY": 1,
                "AFTERVIEW_PUBLIC_URL": "https://a.example",
                "AFTERVIEW_SESSION_IDLE_MINUTES": "soon",
            },
            "AFTERVIEW_SESSION_IDLE_MINUTES: expected a number",
        ),
    ],
)
def test_bad_settings_are_one_line(env: dict[str, Any], words: str) -> None:
    if env.pop("KEY", None):
        env["AFTERVIEW_SECRET_KEY"] = base64.urlsafe_b64encode(b"k" * 32).decode()
    with pytest.raises(InputError) as caught:
        AccountsConfig.from_environment(env)
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_good_settings() -> None:
    env = {
        "AFTERVIEW_SECRET_KEY": base64.urlsafe_b64encode(b"k" * 32).decode().rstrip("="),
        "AFTERVIEW_PUBLIC_URL": "https://afterview.uni.example/",
        "AFTERVIEW_OIDC_ISSUER": "https://sso.uni.example/realms/students",
        "AFTERVIEW_OIDC_CLIENT_ID": "afterview",
        "AFTERVIEW_OIDC_CLIENT_SECRET": "s",
        "AFTERVIEW_SESSION_MAX_HOURS": "8",
    }
    made = AccountsConfig.from_environment(env)
    assert made.callback_url == "https://afterview.uni.example/auth/callback"
    assert made.oidc is not None
    assert made.oidc.discovery_url == (
        "https://sso.uni.example/realms/students/.well-known/openid-configuration"
    )
    assert made.max_age == timedelta(hours=8) and made.idle == timedelta(minutes=60)
    assert made.secure_cookies
    assert made.key("csrf") != made.key("session-cookie")


def test_requires_a_role(store: Any) -> None:
    from fastapi import APIRouter

    from afterview.accounts.web import requires

    extra = APIRouter()

    @extra.get("/api/advisors-only", dependencies=[requires("advisor", "admin")])
    def advisors_only() -> dict[str, bool]:
        return {"ok": True}

    app = create_app(WebSettings(db=str(store.engine.url.database)), accounts=config())
    app.app.include_router(extra)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/api/advisors-only").status_code == 401
        sign_in(c)
        refused = c.get("/api/advisors-only")
        assert (
            refused.status_code == 403 and "admin or advisor" in refused.json()["error"]["message"]
        )
        Accounts(store.engine).set_role(1 + 1, "advisor")  # alex is user 2 (1 is the local user)
        assert c.get("/api/advisors-only").json() == {"ok": True}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.sampled_from(["//x", "/\\x", "/\t/x", "/ok?a=1#f", "https://x"]))
def test_next_is_always_a_path_on_this_server(value: str) -> None:
    from afterview.accounts.web import _target

    target = _target(value)
    path = target.split("?", 1)[0]
    assert path.startswith("/") and not path.startswith("//")
    assert "\\" not in target and "#" not in target
    assert all(0x20 < ord(c) < 0x7F for c in target)  # nothing a browser strips or reads twice
    from urllib.parse import urlsplit

    parts = urlsplit("http://127.0.0.1" + target)
    assert parts.hostname == "127.0.0.1"


def test_each_signed_in_user_sees_only_their_own_interviews(client: TestClient, store: Any) -> None:
    """The gate sets who is asking; the store scoped to them (web/deps.py) does the rest."""
    from helpers import data

    create_user(store, "sam@uni.example", "Sam Okafor", "student", datetime.now(UTC), PASSWORD)
    sign_in(client)
    made = client.post("/api/interviews", json={"situation": data(), "key": "alex-1"})
    assert made.status_code == 201, made.text
    interview = made.json()["id"]
    assert client.get(f"/interviews/{interview}").status_code == 200
    client.cookies.clear()
    sign_in(client, email="sam@uni.example")
    assert client.get("/api/interviews").json() in ([], {"interviews": []})
    assert client.get(f"/interviews/{interview}").status_code == 404
    assert client.get(f"/api/interviews/{interview}").status_code == 404
