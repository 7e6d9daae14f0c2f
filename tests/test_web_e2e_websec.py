"""The weak spots of issue 13 (item 7), attacked from a real browser: headless Chromium against a
real server on loopback. The token login link never leads off this server; a page on another
port of 127.0.0.1 that plants its own CSRF cookie and posts the wizard is refused, while the
app's own form still works; and "I sent it myself" on a no-contact interview is neither offered
nor accepted when crafted, in the editor or over the API.

Screenshots (desktop and 390 px) go to artifacts/screenshots/websec-*.png."""

from __future__ import annotations

import html
import secrets
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest

from afterview.web import WebSettings, create_app
from afterview.web.csrf import COOKIE, sign
from e2e_support import NOW, fill_wizard, put, shot, skip_module_without_chromium

from helpers import data
from web_server import running

skip_module_without_chromium()

from playwright.sync_api import Page, expect  # noqa: E402  (after the skip)

TOKEN = "a-long-enough-token-for-the-browser"
PHONE = {"width": 390, "height": 844}


def interviews(base: str) -> list[str]:
    with urllib.request.urlopen(f"{base}/api/interviews", timeout=10) as response:
        import json

        return [i["company"] for i in json.loads(response.read())["interviews"]]


def both_sizes(page: Page, name: str) -> None:
    """A screenshot at the desktop width, then at a phone's, then back."""
    shot(page, name)
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)
    shot(page, f"{name}-phone")
    if desktop:
        page.set_viewport_size(desktop)


# --- the token login ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("websec") / "afterview.db"
    with running(create_app(WebSettings(db=str(db), now=NOW, token=TOKEN))) as url:
        yield url


SHAPES = [  # as typed into the address bar or put in a link
    "//evil.example/",
    "/\\evil.example/",
    "/%2F%2Fevil.example/",
    "/%2f%5cevil.example/",
    "/%5C%5Cevil.example/",
    "/%09/evil.example/",
    "/%0A/evil.example/",
    "/\t/evil.example/",
]


def test_the_login_link_never_leads_off_this_server(page: Page, guarded: str) -> None:
    here = urlsplit(guarded).netloc
    for shape in SHAPES:
        page.goto("about:blank")  # nothing of the last page still loading without the cookie
        page.context.clear_cookies()
        response = page.goto(f"{guarded}{shape}?token={TOKEN}")
        assert response is not None and response.status == 200, shape
        landed = urlsplit(page.url)
        assert (landed.netloc, landed.path) == (here, "/"), (shape, page.url)
        assert [c["name"] for c in page.context.cookies()] == ["afterview_token", COOKIE]
    expect(page.locator("h1").first).to_be_visible()
    both_sizes(page, "websec-01-login-landed-home")


def test_an_ordinary_login_link_opens_its_page(page: Page, guarded: str) -> None:
    page.goto(f"{guarded}/interviews/new?token={TOKEN}")
    assert urlsplit(page.url).path == "/interviews/new" and "token" not in page.url
    expect(page.get_by_label("Company", exact=True)).to_be_visible()


# --- CSRF: a cookie planted from another port ----------------------------------------------


def _attack_page(target: str, session: str, token: str) -> bytes:
    """What the attacker serves: sets its own CSRF cookie for 127.0.0.1 and posts the wizard."""
    fields = {
        "csrf": token,
        "contact": "unknown",
        "company": "Planted Cookie Inc",
        "role": "Senior Data Analyst",
        "kind": "video",
        "started_at": "2026-11-24T10:00",
        "minutes": "60",
        "timezone": "America/New_York",
        "p0_name": "Dr. Priya Nair",
        "p0_email": "priya.nair@northwind.example",
        "me_name": "Alex Rivera",
        "me_email": "alex.rivera@example.com",
    }
    inputs = "".join(
        f'<input type="hidden" name="{k}" value="{html.escape(v)}">' for k, v in fields.items()
    )
    return (
        f'<!doctype html><html><body><form method="post" action="{target}/interviews/new">'
        f"{inputs}</form><script>document.forms[0].submit()</script></body></html>"
    ).encode()


@pytest.fixture
def attacker(base: str) -> Iterator[tuple[str, str, str]]:
    """A page on another port of 127.0.0.1: (its URL, the session it plants, its token)."""
    session = secrets.token_urlsafe(32)  # shaped like afterview's own sessions
    token = session  # the old double submit: the cookie and the form say the same thing
    body = _attack_page(base, session, token)

    class Attack(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("set-cookie", f"{COOKIE}={session}; Path=/")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Attack)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", session, token
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_on_another_port_cannot_post_the_wizard(
    page: Page, base: str, attacker: tuple[str, str, str]
) -> None:
    url, session, _ = attacker
    page.goto(base + "/")  # the user has afterview open
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.goto(url)
    response = posted.value
    assert response.url == f"{base}/interviews/new"
    assert f"{COOKIE}={session}" in response.request.all_headers()["cookie"]  # it was planted
    assert response.status == 403
    page.wait_for_load_state()
    page.console_errors.clear()  # type: ignore[attr-defined]  # the 403 itself is logged
    expect(page.locator("[role=alert]")).to_contain_text("not afterview's own")
    assert "Planted Cookie Inc" not in interviews(base)
    both_sizes(page, "websec-02-csrf-other-port-refused")


def test_a_planted_cookie_and_a_made_up_token_fail_even_from_the_apps_own_page(
    page: Page, base: str
) -> None:
    """The signature alone holds: the request comes from afterview's own page (same origin),
    carrying a cookie the attacker planted and a token the attacker made."""
    session = secrets.token_urlsafe(32)
    page.context.add_cookies([{"name": COOKIE, "value": session, "url": base}])
    for made_up in (session, sign(secrets.token_bytes(32), session)):
        fill_wizard(page, base, "Forged Token Ltd")
        forms = page.locator('input[name="csrf"]')
        forms.evaluate_all("(all, v) => all.forEach(e => { e.value = v })", made_up)
        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.get_by_role("button", name="Get the advice").click()
        assert posted.value.status == 403
        page.wait_for_load_state()
        page.console_errors.clear()  # type: ignore[attr-defined]
        expect(page.locator("[role=alert]")).to_contain_text("did not come from afterview")
    assert "Forged Token Ltd" not in interviews(base)
    both_sizes(page, "websec-03-csrf-forged-token-refused")

    # The user's own form, with the token afterview signed, still goes through.
    fill_wizard(page, base, "Legitimate Co")
    page.get_by_role("button", name="Get the advice").click()
    expect(page.locator("h1")).to_have_text("Legitimate Co: Senior Data Analyst")
    assert "Legitimate Co" in interviews(base)
    both_sizes(page, "websec-04-csrf-own-form-works")


# --- "I sent it myself" on a no-contact interview ------------------------------------------


CRAFTED = """([action, token]) => {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = action;
  for (const [name, value] of [['csrf', token], ['action', 'by_hand'], ['body', 'Thank you']]) {
    const input = document.createElement('input');
    input.type = 'hidden'; input.name = name; input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}"""

FETCH_SENT = """async (url) => {
  const response = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json'},
    body: JSON.stringify({kind: 'thank_you', to: 'Priya'})});
  return [response.status, (await response.json()).error.message];
}"""


def test_sent_by_hand_is_refused_on_a_no_contact_interview(page: Page, base: str) -> None:
    key = "websec-no-contact"
    interview = put(f"{base}/api/interviews", {"situation": data(), "key": key})["id"]
    message = put(f"{base}/api/interviews/{interview}/drafts", {})["messages"][0]
    put(
        f"{base}/api/interviews",
        {"situation": data({"interview.no_contact_requested": True}), "key": key},
    )
    editor = f"{base}/messages/{message['id']}"
    page.goto(editor)
    expect(page.get_by_role("button", name="I sent it myself")).to_have_count(0)

    token = page.locator("body").get_attribute("hx-headers") or ""
    signed = token.split('"X-CSRF-Token": "')[1].split('"')[0]
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.evaluate(CRAFTED, [editor, signed])
    assert posted.value.status == 303  # changes nothing; lands on the message as it stands
    page.wait_for_load_state()
    page.console_errors.clear()  # type: ignore[attr-defined]
    expect(page.locator("#state")).to_contain_text("cancelled")
    expect(page.locator("#state")).to_contain_text("no contact")
    both_sizes(page, "websec-05-sent-by-hand-refused")

    status, said = page.evaluate(FETCH_SENT, f"{base}/api/interviews/{interview}/sent")
    page.console_errors.clear()  # type: ignore[attr-defined]
    assert status == 409 and "no contact" in said
    with urllib.request.urlopen(f"{base}/api/interviews/{interview}", timeout=10) as response:
        import json

        messages = json.loads(response.read())["messages"]
    assert [(m["state"], m["sent_at"]) for m in messages] == [("cancelled", None)] * len(messages)


def test_sent_by_hand_still_works_on_an_ordinary_interview(page: Page, base: str) -> None:
    interview = put(f"{base}/api/interviews", {"situation": data(), "key": "websec-ok"})["id"]
    message = put(f"{base}/api/interviews/{interview}/drafts", {})["messages"][0]
    page.goto(f"{base}/messages/{message['id']}")
    page.get_by_role("button", name="I sent it myself").click()
    expect(page.locator("p.notice")).to_have_text("Recorded as sent.")
    with pytest.raises(urllib.error.HTTPError) as again:  # and only once, over the API too
        put(f"{base}/api/interviews/{interview}/sent", {"kind": "thank_you", "to": "Priya"})
    assert again.value.code == 422  # already recorded as sent: named, not a second copy
