"""The browser pages, over HTTP: what they show, and that they load nothing from elsewhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from afterview.advice.pack import load_pack
from afterview.guide import render_markdown
from afterview.web import WebSettings, create_app
from afterview.web.security import CSP

PAGES = ["/", "/guide", "/check", "/interviews/new"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("web") / "afterview.db"
    return TestClient(create_app(WebSettings(db=str(db))), base_url="http://127.0.0.1")


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
    # rule ids are for the command line's guide, not the job seeker's page (issue 13)
    assert "(`formal-interview-thank-you`)" in render_markdown()
    assert "formal-interview-thank-you" not in html


def test_a_missing_page_is_404(client: TestClient) -> None:
    assert client.get("/no-such-page").status_code == 404
    assert client.get("/static/../pyproject.toml").status_code == 404


# --- the check page ------------------------------------------------------------------------

UK = (Path(__file__).parent.parent / "examples" / "uk-panel.json").read_text()


def fragment(client: TestClient, situation: str, draft: str, kind: str = "thank_you") -> str:
    response = client.post(
        "/check",
        data={"situation": situation, "draft": draft, "kind": kind},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 200
    return response.text


def test_check_page_has_labelled_fields_and_live_checking(client: TestClient) -> None:
    html = client.get("/check").text
    for field in ("situation", "kind", "draft"):
        assert f'<label for="{field}"' in html and f'id="{field}"' in html
    assert 'hx-post="/check"' in html and 'hx-trigger="input delay:300ms, submit"' in html
    assert 'aria-live="polite"' in html


def test_misspelt_name_is_highlighted_and_user_text_escaped(client: TestClient) -> None:
    html = fragment(client, UK, "Dear Mr Prise,\nThanks <script>alert(1)</script> for AMP8.")
    marks = re.findall(r'<mark class="(\w+)" data-rule="([\w-]+)"[^>]*>([^<]*)</mark>', html)
    assert ("error", "name-mismatch", "Prise") in marks
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<html" not in html  # a fragment for HTMX, not the page


def test_a_clean_draft_says_ready(client: TestClient) -> None:
    drafts = client.post("/api/draft", json={"situation": json.loads(UK)}).json()["drafts"]
    text = f"Subject: {drafts[0]['subject']}\n\n{drafts[0]['body']}"
    html = fragment(client, UK, text)
    assert "No findings: ready to send." in html
    assert "<mark" not in html


def test_toml_situations_and_bad_input_in_the_form(client: TestClient) -> None:
    toml = (Path(__file__).parent.parent / "examples" / "panel-interview.toml").read_text()
    assert "summary" in fragment(client, toml, "Dear Dr. Nair, thank you.")
    broken = fragment(client, "bad = [", "Hello")
    assert 'role="alert"' in broken and "situation: expected TOML" in broken
    wrong_kind = fragment(client, UK, "Hello", kind="postcard")
    assert "kind: expected one of thank_you" in wrong_kind


def test_plain_form_post_without_javascript_returns_the_whole_page(client: TestClient) -> None:
    response = client.post("/check", data={"situation": UK, "draft": "Dear Mr Prise,"})
    assert "<html" in response.text and 'data-rule="name-mismatch"' in response.text
    assert "Dear Mr Prise," in response.text  # the draft is kept in the form


def test_highlight_prefers_errors_and_narrow_spans() -> None:
    from afterview.web.highlight import Piece, pieces

    wide = {"severity": "warning", "start": 0, "end": 14, "rule": "generic"}
    name = {"severity": "error", "start": 8, "end": 13, "rule": "name-mismatch"}
    empty = {"severity": "warning", "start": 3, "end": 3, "rule": "too-long"}
    got = pieces("Dear Mr Prise, hi", [wide, name, empty])
    assert got == [Piece("Dear Mr "), Piece("Prise", name), Piece(", hi")]
    assert "".join(p.text for p in got) == "Dear Mr Prise, hi"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(ink: str, paper: str) -> float:
    a, b = sorted((_luminance(ink), _luminance(paper)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_text_colours_meet_wcag_aa_contrast() -> None:
    css = (Path(__file__).parent.parent / "src/afterview/web/static/afterview.css").read_text()
    variables = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css))
    pairs = [  # (text, background) as the stylesheet combines them
        (variables["ink"], variables["paper"]),
        (variables["muted"], variables["paper"]),
        (variables["muted"], variables["soft"]),
        (variables["accent"], variables["paper"]),
        (variables["accent"], variables["soft"]),
        (variables["accent-ink"], variables["accent"]),
    ]
    # every "color: X" with a "background: Y" in the same rule
    for rule in re.findall(r"\{([^}]*)\}", css):
        ink = re.search(r"(?<![-\w])color:\s*(#[0-9a-f]{6})", rule)
        paper = re.search(r"background:\s*(#[0-9a-f]{6})", rule)
        if ink and paper:
            pairs.append((ink.group(1), paper.group(1)))
        elif ink:
            pairs.append((ink.group(1), variables["paper"]))
    assert len(pairs) > 12
    weak = [(i, p, round(_contrast(i, p), 2)) for i, p in pairs if _contrast(i, p) < 4.5]
    assert not weak, weak
