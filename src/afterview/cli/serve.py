"""``afterview serve``: the web app on this machine."""

from __future__ import annotations

from typing import Annotated

import typer

from afterview.cli.application import app
from afterview.cli.options import Db


@app.command()
def serve(
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to bind; anything but loopback needs --token.",
            show_default=True,
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8765,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="AFTERVIEW_TOKEN",
            help="Access token every request must carry (Authorization: Bearer TOKEN).",
            show_envvar=True,
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=32,
            help="Server processes; more than 1 serves concurrent clients faster on several cores.",
        ),
    ] = 1,
    db: Db = None,
    now: Annotated[
        str | None,
        typer.Option("--now", help="Serve as of this time (RFC 3339 with offset): for demos."),
    ] = None,
) -> None:
    """Serve afterview over HTTP on this machine: the pages, the JSON API and its OpenAPI.

    Pages: the dashboard and agenda (/), a new-interview wizard, the advice with its
    timeline, the draft editor (checked as you type; copy, open in your mail client,
    download .eml or send through SMTP, each once), the guide and /check. JSON API: POST
    /api/advise, /api/draft, /api/check (the CLI's contracts), the tracker's /api/interviews,
    /api/messages and /api/agenda, and /openapi.json. Binds to 127.0.0.1 unless told
    otherwise; nothing leaves the machine.

    Example:  afterview serve   then open http://127.0.0.1:8765/
    """
    from urllib.parse import quote

    import uvicorn

    from afterview.cli.output import console, parse_time
    from afterview.web import WebSettings, create_app
    from afterview.web.csrf import key_path

    moment = parse_time(now, "--now")
    key = str(key_path(db))  # the key that signs the forms' CSRF tokens, beside the database
    settings = WebSettings(host=host, port=port, token=token, db=db, now=moment, key_file=key)
    shown = f"[{host}]" if ":" in host else host
    link = f"http://{shown}:{port}/" + (f"?token={quote(token)}" if token else "")
    console().print(f"afterview is serving on [bold]{link}[/] — Ctrl+C stops it")
    if token:
        console().print("Open that link once in your browser: it keeps the token in a cookie.")
    if workers == 1:
        uvicorn.run(
            create_app(settings), host=host, port=port, log_level="warning", access_log=False
        )
        return
    import dataclasses
    import json
    import os

    from afterview.web.app import SETTINGS_ENV

    os.environ[SETTINGS_ENV] = json.dumps(dataclasses.asdict(settings), default=str)
    uvicorn.run(
        "afterview.web.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
