"""``afterview guide``: the whole guide, generated from the rule pack."""

from __future__ import annotations

from typing import Annotated

import typer

from afterview.cli.application import app


@app.command()
def guide(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the Markdown source.")
    ] = False,
) -> None:
    """Print the guide: short answer, when it makes sense, when to avoid it, pros and cons,
    the decision checklist, alternatives, final recommendation, FAQ and references.

    Example:  afterview guide --markdown > guide.md
    """
    from afterview.guide import render_markdown

    text = render_markdown()
    if markdown:
        print(text, end="")
        return
    from rich.markdown import Markdown

    from afterview.cli.output import console

    console().print(Markdown(text))
