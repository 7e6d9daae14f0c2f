"""Sign-in in a real browser (Debian's Chromium): the organisation's sign-in through the real
provider's pages and back (the SameSite=Lax session cookie survives the provider's redirect),
a local account's form with its error beside the field, and sign-out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from afterview.accounts.config import CALLBACK_PATH
from afterview.accounts.users import create_user
from e2e_support import shot, skip_module_without_chromium

from oidc import support

skip_module_without_chromium()

PASSWORD = "a password for the browser test"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    support.need_provider()
    folder = tmp_path_factory.mktemp("accounts-e2e")
    port = support.free_port()
    address = f"http://127.0.0.1:{port}"
    with support.provider(address + CALLBACK_PATH) as provider:
        store = support.store_with_users(folder / "afterview.db")
        create_user(store, "kim@centre.example", "Kim Lee", "advisor", datetime.now(UTC), PASSWORD)
        app = support.shared_app(folder / "afterview.db", port, provider.issuer)
        with support.serving(app, port):
            yield address


def expect_statuses(page: Any, *statuses: int) -> None:
    """A page answered with one of these statuses on purpose; Chromium logs it as an error."""
    page.console_errors[:] = [
        e for e in page.console_errors if not any(f"status of {s}" in e for s in statuses)
    ]


def test_sign_in_with_the_organisation_and_out_again(page: Any, base: str) -> None:
    page.goto(f"{base}/interviews/new")
    assert page.url == f"{base}/signin?next=%2Finterviews%2Fnew"
    shot(page, "accounts-signin")
    page.get_by_role("link", name="Sign in with Uni SSO").click()
    page.get_by_label("Login").fill("alex")
    page.get_by_label("Password").fill("alex-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Allow").click()
    page.wait_for_url(f"{base}/interviews/new?key=*")
    assert page.get_by_text("Alex Rivera").first.is_visible()
    shot(page, "accounts-signed-in")
    cookie = next(c for c in page.context.cookies(base) if c["name"] == "afterview_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert not cookie["secure"]  # http://127.0.0.1: a browser would not send a Secure cookie
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base}/signin")
    page.goto(f"{base}/")
    assert page.url == f"{base}/signin"
    after = [c["value"] for c in page.context.cookies(base) if c["name"] == "afterview_session"]
    assert page.get_by_role("button", name="Sign out").count() == 0
    assert after != [cookie["value"]]
    expect_statuses(page, 404)  # the test provider's pages have no /favicon.ico


def test_a_local_account_signs_in_with_its_error_beside_the_field(page: Any, base: str) -> None:
    page.goto(f"{base}/signin")
    page.get_by_label("Email address").fill("kim@centre.example")
    page.get_by_label("Password").fill("not the right one at all")
    page.get_by_role("button", name="Sign in").click()
    error = page.locator("#password-error")
    assert "Wrong email or password." in error.inner_text()
    assert page.get_by_label("Password").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Email address").input_value() == "kim@centre.example"
    shot(page, "accounts-signin-error")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/advisor")  # an advisor's home: what students share
    assert page.get_by_text("Kim Lee").first.is_visible()
    expect_statuses(page, 401)  # the refused password's page (logged whenever it arrives)
