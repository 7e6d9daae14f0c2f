"""Sign-in with an OpenID Connect provider, end to end against a real one (panva's
oidc-provider on loopback, tests/oidc/): discovery, PKCE, state, nonce, the id_token's
signature and claims, userinfo. The browser is httpx, following the provider's login and
consent forms; afterview runs in shared mode under uvicorn."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import httpx2 as httpx
import pytest

from afterview.accounts.config import CALLBACK_PATH
from afterview.store.accounts import Accounts

from oidc import support


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    support.need_provider()
    folder = tmp_path_factory.mktemp("oidc")
    port = support.free_port()
    base = f"http://127.0.0.1:{port}"
    with support.provider(base + CALLBACK_PATH) as provider:
        store = support.store_with_users(folder / "afterview.db")
        app = support.shared_app(folder / "afterview.db", port, provider.issuer)
        with support.serving(app, port):
            yield {"base": base, "provider": provider, "store": store, "folder": folder}


@pytest.fixture
def base(world: dict[str, Any]) -> str:
    return str(world["base"])


@pytest.fixture
def provider(world: dict[str, Any]) -> Iterator[support.Provider]:
    running: support.Provider = world["provider"]
    yield running
    running.mischief(None)


@pytest.fixture
def accounts(world: dict[str, Any]) -> Accounts:
    return Accounts(world["store"].engine)


@pytest.fixture
def browser() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as client:
        yield client


def to_callback(
    client: httpx.Client, base: str, login: str = "alex", start: str = "/signin/sso"
) -> str:
    """The browser's part of a sign-in, up to the provider's redirect back to afterview:
    follow redirects, fill in the provider's login form, allow on its consent page. Returns
    the callback URL, not yet opened."""
    password = next(a["password"] for a in support.ACCOUNTS if a["login"] == login)
    url = base + start
    response = client.get(url)
    for _ in range(20):
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["location"])
            if url.startswith(base + CALLBACK_PATH):
                return url
            response = client.get(url)
            continue
        assert response.status_code == 200, (url, response.status_code, response.text[:500])
        action = re.search(r'<form method="post" action="([^"]+)"', response.text)
        assert action, response.text[:500]
        form = {"login": login, "password": password} if action.group(1).endswith("/login") else {}
        url = urljoin(url, action.group(1))
        response = client.post(url, data=form)
    raise AssertionError("the sign-in never came back to afterview")


def sign_in(client: httpx.Client, base: str, login: str = "alex") -> httpx.Response:
    """A whole sign-in; the response is the page it lands on."""
    return client.get(to_callback(client, base, login), follow_redirects=True)


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def signed_in(client: httpx.Client, base: str) -> bool:
    """True when the home page opens (rather than the sign-in page): the dashboard, or for an
    advisor what students share with them."""
    response = client.get(base + "/", follow_redirects=True)
    return response.status_code == 200 and str(response.url).rstrip("/") in (
        base,
        base + "/advisor",
    )


def test_sign_in_creates_a_student_who_sees_their_pages(
    browser: httpx.Client, base: str, provider: support.Provider, accounts: Accounts
) -> None:
    first = browser.get(base + "/interviews/new")
    assert first.status_code == 303
    assert first.headers["location"] == "/signin?next=%2Finterviews%2Fnew"
    landed = sign_in(browser, base)
    assert landed.status_code == 200
    assert signed_in(browser, base)
    wizard = browser.get(base + "/interviews/new", follow_redirects=True)
    assert wizard.status_code == 200
    assert str(wizard.url).startswith(base + "/interviews/new?key=")
    row = accounts.by_subject(provider.issuer, "u-alex-7f3a")
    assert row is not None
    assert (row.email, row.name, row.role) == ("alex.rivera@uni.example", "Alex Rivera", "student")
    assert row.password_hash is None
    # The API too, with the same session.
    assert browser.get(base + "/api/interviews").status_code == 200


def test_signing_in_again_finds_the_same_user(
    base: str, provider: support.Provider, accounts: Accounts
) -> None:
    with httpx.Client(timeout=30) as one, httpx.Client(timeout=30) as two:
        sign_in(one, base, "sam")
        sign_in(two, base, "sam")
        assert signed_in(one, base) and signed_in(two, base)
    rows = [r for r in accounts.all() if r.oidc_subject == "u-sam-91bc"]
    assert len(rows) == 1


def test_the_request_to_the_provider_carries_pkce_state_and_nonce(
    browser: httpx.Client, base: str, provider: support.Provider
) -> None:
    response = browser.get(base + "/signin/sso")
    assert response.status_code == 302
    sent = parse_qs(urlsplit(response.headers["location"]).query)
    assert response.headers["location"].startswith(provider.issuer + "/auth?")
    assert sent["code_challenge_method"] == ["S256"]
    assert len(sent["code_challenge"][0]) == 43
    assert len(sent["state"][0]) >= 20 and len(sent["nonce"][0]) >= 20
    assert sent["redirect_uri"] == [base + CALLBACK_PATH]
    assert sent["client_id"] == [support.CLIENT_ID]
    assert set(sent["scope"][0].split()) == {"openid", "email", "profile"}


def refused(response: httpx.Response, words: str, status: int = 400) -> None:
    assert response.status_code == status, response.text[:800]
    assert "text/html" in response.headers["content-type"]
    assert words in response.text, response.text[:1500]
    assert 'id="signin-refused"' in response.text


def test_a_tampered_state_is_refused(
    browser: httpx.Client, base: str, provider: support.Provider
) -> None:
    callback = to_callback(browser, base)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    response = browser.get(with_query(callback, state=state[:-2] + "xx"))
    refused(response, "does not belong to a sign-in this browser started")
    assert not signed_in(browser, base)


def test_an_answer_is_used_once(
    browser: httpx.Client, base: str, provider: support.Provider
) -> None:
    callback = to_callback(browser, base)
    assert browser.get(callback).status_code == 303
    browser.cookies.clear()  # signed out; replaying the answer must not sign in again
    refused(browser.get(callback), "does not belong to a sign-in this browser started")
    assert not signed_in(browser, base)


def test_an_answer_opened_in_another_browser_is_refused(
    browser: httpx.Client, base: str, provider: support.Provider
) -> None:
    """Login CSRF: an attacker's own callback URL, opened in the victim's browser."""
    callback = to_callback(browser, base)
    with httpx.Client(timeout=30) as victim:
        refused(victim.get(callback), "does not belong to a sign-in this browser started")
        assert not signed_in(victim, base)


def test_a_nonce_changed_on_the_way_to_the_provider_is_refused(
    browser: httpx.Client, base: str, provider: support.Provider
) -> None:
    start = browser.get(base + "/signin/sso")
    swapped = with_query(start.headers["location"], nonce="an-attackers-nonce-0123456789")
    response = browser.get(swapped)
    url = swapped
    # Continue the sign-in from the tampered request, at the provider.
    while response.status_code in (302, 303):
        url = urljoin(url, response.headers["location"])
        response = browser.get(url)
    action = re.search(r'action="([^"]+)"', response.text)
    assert action
    response = browser.post(
        urljoin(url, action.group(1)), data={"login": "alex", "password": "alex-password"}
    )
    while not urljoin(url, response.headers["location"]).startswith(base):
        url = urljoin(url, response.headers["location"])
        response = browser.get(url)
        if response.status_code == 200:
            action = re.search(r'action="([^"]+)"', response.text)
            assert action
            response = browser.post(urljoin(url, action.group(1)))
    callback = urljoin(url, response.headers["location"])
    refused(browser.get(callback), "nonce does not match")
    assert not signed_in(browser, base)


@pytest.mark.parametrize(
    ("mischief", "words"),
    [
        ("expired", "has expired"),
        ("forged", "signature is not the provider"),
        ("unsigned", "could not be verified"),
        ("wrong-issuer", "was issued by another provider"),
        ("wrong-audience", "was issued for another application"),
        ("wrong-nonce", "nonce does not match"),
    ],
)
def test_a_bad_id_token_is_refused(
    browser: httpx.Client,
    base: str,
    provider: support.Provider,
    accounts: Accounts,
    mischief: str,
    words: str,
) -> None:
    before = len(accounts.all())
    callback = to_callback(browser, base, "sam")
    provider.mischief(mischief)
    refused(browser.get(callback), words)
    assert not signed_in(browser, base)
    assert len(accounts.all()) == before


def test_the_same_sign_in_passes_once_the_token_is_good(
    browser: httpx.Client, base: str, provider: support.Provider
) -> None:
    """The must-happen twin of the refusals above: the tampering switch off, the same steps
    sign in (so the refusals are the token's doing)."""
    provider.mischief(None)
    callback = to_callback(browser, base, "sam")
    assert browser.get(callback).status_code == 303
    assert signed_in(browser, base)


def test_an_iss_in_the_answer_that_is_not_the_issuer_is_refused(
    browser: httpx.Client, base: str, provider: support.Provider
) -> None:
    callback = to_callback(browser, base)
    assert parse_qs(urlsplit(callback).query)["iss"] == [provider.issuer]  # RFC 9207
    refused(browser.get(with_query(callback, iss="http://issuer.invalid")), "not from")
    assert not signed_in(browser, base)


def test_a_provider_naming_another_issuer_is_refused(
    tmp_path: Path, provider: support.Provider
) -> None:
    """The configured issuer is localhost:PORT; the discovery document there says
    127.0.0.1:PORT (OpenID Connect Discovery §4.3: they must be identical)."""
    port = support.free_port()
    store = support.store_with_users(tmp_path / "a.db")
    wrong = provider.issuer.replace("127.0.0.1", "localhost")
    app = support.shared_app(tmp_path / "a.db", port, wrong)
    with support.serving(app, port) as base, httpx.Client(timeout=30) as client:
        response = client.get(base + "/signin/sso")
        refused(response, "calls itself", 502)
        assert provider.issuer in response.text
    assert [row.id for row in Accounts(store.engine).all()] == [1]  # only the local user


def test_an_unreachable_provider_is_a_clear_page(tmp_path: Path) -> None:
    port = support.free_port()
    support.store_with_users(tmp_path / "a.db")
    app = support.shared_app(tmp_path / "a.db", port, f"http://127.0.0.1:{support.free_port()}")
    with support.serving(app, port) as base, httpx.Client(timeout=30) as client:
        refused(client.get(base + "/signin/sso"), "Could not reach the sign-in provider", 502)


def test_an_account_an_admin_made_is_linked_by_its_verified_email(
    base: str, provider: support.Provider, world: dict[str, Any], accounts: Accounts
) -> None:
    from datetime import UTC, datetime

    from afterview.accounts.users import create_user

    made = create_user(
        world["store"], "Kim.Lee@uni.example", "Kim Lee", "advisor", datetime.now(UTC)
    )
    with httpx.Client(timeout=30) as client:
        sign_in(client, base, "kim")
        assert signed_in(client, base)
    row = accounts.by_id(made.id)
    assert row is not None
    assert (row.oidc_subject, row.role) == ("u-kim-4d20", "advisor")
    assert len([r for r in accounts.all() if r.email.lower() == "kim.lee@uni.example"]) == 1


def test_a_disabled_user_cannot_sign_in(
    browser: httpx.Client, base: str, provider: support.Provider, accounts: Accounts
) -> None:
    from datetime import UTC, datetime

    sign_in(browser, base, "alex")
    assert signed_in(browser, base)
    row = accounts.by_subject(provider.issuer, "u-alex-7f3a")
    assert row is not None
    accounts.disable(row.id, datetime.now(UTC))
    try:
        assert not signed_in(browser, base)  # the live session ends at its next request
        with httpx.Client(timeout=30) as again:
            refused(again.get(to_callback(again, base, "alex")), "disabled", 403)
    finally:
        accounts._set(row.id, disabled_at=None)


def test_denying_access_at_the_provider_is_a_clear_page(
    browser: httpx.Client, base: str, provider: support.Provider, accounts: Accounts
) -> None:
    before = len(accounts.all())
    url = base + "/signin/sso"
    response = browser.get(url)
    while True:
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["location"])
            if url.startswith(base):
                break
            response = browser.get(url)
            continue
        forms = re.findall(r'<form method="post" action="([^"]+)"', response.text)
        action = next((f for f in forms if f.endswith("/deny")), forms[0])
        data = {"login": "sam", "password": "sam-password"} if action.endswith("/login") else {}
        url = urljoin(url, action)
        response = browser.post(url, data=data)
    assert "error=access_denied" in url
    refused(browser.get(url), "The sign-in provider refused the sign-in: The person denied access")
    assert not signed_in(browser, base)
    assert len(accounts.all()) == before
