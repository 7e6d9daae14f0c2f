"""The browser pages, over HTTP: what they show, and that they load nothing from elsewhere."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from afterview.advice.pack import load_pack
from afterview.guide import render_markdown
from afterview.web import create_app
from afterview.web.security import CSP

PAGES = ["/", "/guide"]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_only_their_own_assets(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CSP
    html = response.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/htmx-2.0.11.min.js" in assets
    assert "/static/afterview.css" in assets
    assert not [a for a in assets if a.startswith(("http:", "https:", "//"))]
    assert "<script>" not in html and " style=" not in html  # nothing inline: the CSP forbids it
    for asset in assets:
        if asset.startswith("/static/"):
            assert client.get(asset).status_code == 200, asset


def test_vendored_htmx_is_the_real_library(client: TestClient) -> None:
    body = client.get("/static/vendor/htmx-2.0.11.min.js").text
    assert len(body) > 40_000
    assert 'version:"2.0.11"' in body.replace(" ", "")


def test_home_shows_the_short_answer_and_the_checklist(client: TestClient) -> None:
    html = client.get("/").text
    pack = load_pack()
    assert "keeps you top of mind" in html
    questions = re.findall(r"<li>([^<]+)</li>", html)
    assert len(questions) == len(pack.checklist) == 3
    assert questions[0].startswith("Did the interviewer or job posting indicate")


def test_guide_page_is_the_guide(client: TestClient) -> None:
    html = client.get("/guide").text
    headings = re.findall(r"<h2>([^<]+)</h2>", html)
    expected = re.findall(r"^## (.+)$", render_markdown(), flags=re.M)
    assert [h.replace("&amp;", "&") for h in headings] == expected
    for section in ("Short answer", "Pros and cons", "Decision checklist", "FAQ", "References"):
        assert section in headings
    assert 'aria-current="page"' in html
    assert "<code>formal-interview-thank-you</code>" in html


def test_a_missing_page_is_404(client: TestClient) -> None:
    assert client.get("/no-such-page").status_code == 404
    assert client.get("/static/../pyproject.toml").status_code == 404
