"""The text a person reads in an HTML mail body (what Outlook and Apple Mail save as .eml).

Built on the standard library's HTML parser (entities, broken markup and Outlook's conditional
comments are its problem, not ours): block elements and ``<br>`` become line breaks, a
paragraph a blank line, ``<style>``, ``<script>`` and ``<head>`` are dropped, and runs of
spaces fold as a browser folds them. Chosen over html2text (it writes Markdown — ``**`` and
``[links]`` the checker would then read) and inscriptis (it needs lxml) so that a check of an
.eml costs no extra dependency.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "pre", "section", "table", "tr", "ul",
}  # fmt: skip
_PARAGRAPH = {"p"}
_HIDDEN = {"style", "script", "head", "title", "template", "xml"}
_SPACES = re.compile(r"[ \t\r\n\f]+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.pre = 0

    def _newline(self, count: int) -> None:
        text = "".join(self.parts).rstrip(" ")
        have = len(text) - len(text.rstrip("\n"))
        self.parts = [text]
        if text:
            self.parts.append("\n" * max(0, count - have))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _PARAGRAPH:
            self._newline(2)
        elif tag in _BLOCK:
            self._newline(1)
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK or tag in _PARAGRAPH:
            self._newline(1)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _PARAGRAPH:
            self._newline(2)
        elif tag in _BLOCK:
            self._newline(1)
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if not self.pre:
            data = _SPACES.sub(" ", data)
            if not self.parts or self.parts[-1].endswith(("\n", " ")):
                data = data.lstrip(" ")
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """The readable text of an HTML document or fragment, one paragraph per block."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [line.strip(" ") for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
