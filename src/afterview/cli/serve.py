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
    open_: Annotated[
        bool, typer.Option("--open", help="Open the app in your browser once it is serving.")
    ] = False,
) -> None:
    """Serve afterview over HTTP on this machine: the pages, the JSON API and its OpenAPI.

    Pages: the dashboard and agenda (/), a new-interview wizard, the advice with its
    timeline, the draft editor (checked as you type; copy, open in your mail client,
    download .eml or send through SMTP, each once), the guide and /check. JSON API: POST
    /api/advise, /api/draft, /api/check (the CLI's contracts), the tracker's /api/interviews,
    /api/messages and /api/agenda, and /openapi.json. Binds to 127.0.0.1 unless told
    otherwise; nothing leaves the machine.

    Example:  afterview serve --open
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
    _port_free(host, port)
    from afterview.mode import preflight

    preflight(db, web=True)  # a shared deployment: refused before it says it serves
    application = create_app(settings)  # every setting it reads is checked before, too
    console().print(f"afterview is serving on [bold]{link}[/] — Ctrl+C stops it")
    if open_:
        _open_when_ready(host, port, link)
    if token:
        console().print("Open that link once in your browser: it keeps the token in a cookie.")
    if workers == 1:
        uvicorn.run(
            application,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            timeout_keep_alive=KEEP_ALIVE,
        )
        return
    import dataclasses
    import json
    import os

    from afterview.web.app import SETTINGS_ENV

    os.environ[SETTINGS_ENV] = json.dumps(dataclasses.asdict(settings), default=str)
    if os.environ.get("AFTERVIEW_METRICS_TOKEN") and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        import tempfile

        # Each worker process writes its counts here and /metrics adds them up: a fresh folder
        # for this server (a folder kept across restarts is docs/operations.md's systemd set-up).
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="afterview-metrics-")
    uvicorn.run(
        "afterview.web.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        timeout_keep_alive=KEEP_ALIVE,
    )


# Seconds an idle keep-alive connection stays open: longer than a load balancer's idle timeout
# (60 s is common), so the balancer closes first and never sends a request on a connection
# this server is closing (uvicorn's 5 s default loses such requests under light load).
KEEP_ALIVE = 75


def _port_free(host: str, port: int) -> None:
    """Refuse, in one line, a port another program already listens on."""
    import socket

    from afterview.errors import InputError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError(
                "--port",
                None,
                f"cannot listen on {host}:{port} ({exc.strerror}); is afterview already "
                "serving? pass another --port",
            ) from None


def _open_when_ready(host: str, port: int, link: str) -> None:
    """Open ``link`` in the browser as soon as the server accepts connections."""
    import socket
    import threading
    import time
    import webbrowser

    def wait_then_open() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection((host, port), timeout=0.5).close()
            except OSError:
                time.sleep(0.1)
                continue
            webbrowser.open(link)
            return

    threading.Thread(target=wait_then_open, daemon=True).start()
