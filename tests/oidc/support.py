"""The sign-in tests' real servers: panva's oidc-provider (tests/oidc/provider.mjs, installed by
``npm ci --prefix tests/oidc``) and afterview in shared mode, each on a free loopback port.

Without node or the installed provider the tests that need it skip with the reason; under
CI=true they fail (.ci/run installs it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest

HERE = Path(__file__).parent
CLIENT_ID = "afterview-test"
CLIENT_SECRET = "a-client-secret-for-tests-only-0123456789"
ACCOUNTS = [
    {
        "sub": "u-alex-7f3a",
        "login": "alex",
        "password": "alex-password",
        "email": "alex.rivera@uni.example",
        "name": "Alex Rivera",
    },
    {
        "sub": "u-sam-91bc",
        "login": "sam",
        "password": "sam-password",
        "email": "sam.okafor@uni.example",
        "name": "Sam Okafor",
    },
    {  # an advisor whose account an admin made first (linked at first sign-in)
        "sub": "u-kim-4d20",
        "login": "kim",
        "password": "kim-password",
        "email": "kim.lee@uni.example",
        "name": "Kim Lee",
    },
]
SECRET_KEY = b"k" * 16 + os.urandom(16)


def need_provider() -> str:
    """The node executable; skip (fail under CI=true) when the provider is not installed."""
    node = shutil.which("node")
    installed = (HERE / "node_modules" / "oidc-provider" / "package.json").exists()
    if node and installed:
        return node
    why = (
        "no node on PATH"
        if not node
        else "oidc-provider is not installed (npm ci --prefix tests/oidc)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the OIDC test provider cannot run: {why} (.ci/run installs it)")
    pytest.skip(f"the OIDC test provider cannot run: {why}")


@dataclass
class Provider:
    """A running provider."""

    issuer: str
    port: int
    process: subprocess.Popen[str]
    log: list[str] = field(default_factory=list)

    def mischief(self, kind: str | None) -> None:
        """From now on, tamper with the id_token of every token response (None: stop)."""
        answer = httpx.post(f"{self.issuer}/__test__/mischief", json={"id_token": kind})
        answer.raise_for_status()


@contextmanager
def provider(redirect_uri: str, issuer_host: str | None = None) -> Iterator[Provider]:
    """oidc-provider on a free loopback port with :data:`ACCOUNTS` and one client
    (:data:`CLIENT_ID`) whose redirect URI is ``redirect_uri``."""
    node = need_provider()
    config = {
        "host": "127.0.0.1",
        "issuer_host": issuer_host,
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [redirect_uri],
            }
        ],
        "accounts": ACCOUNTS,
    }
    folder = Path(tempfile.mkdtemp(prefix="afterview-oidc-"))
    path = folder / "config.json"
    path.write_text(json.dumps(config), "utf-8")
    process = subprocess.Popen(
        [node, str(HERE / "provider.mjs"), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=HERE,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            error = process.stderr.read() if process.stderr else ""
            raise RuntimeError(f"the OIDC test provider did not start: {error.strip()}")
        ready = json.loads(line)
        running = Provider(ready["issuer"], ready["port"], process)
        # Keep reading its stderr so the pipe never fills.
        threading.Thread(target=_drain, args=(process, running.log), daemon=True).start()
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


def _drain(process: subprocess.Popen[str], into: list[str]) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        into.append(line)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def store_with_users(path: Path) -> Any:
    """An SQLite store at ``path`` (migrated: its ``users`` table holds the local user, id 1)."""
    from afterview.store import open_store

    return open_store(str(path))


@contextmanager
def serving(app: Any, port: int) -> Iterator[str]:
    """uvicorn serving ``app`` on 127.0.0.1:``port``, in a thread."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 15
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def shared_app(db: Path, port: int, issuer: str | None, **config: Any) -> Any:
    """afterview in shared mode, its public URL http://127.0.0.1:``port``, signing in with
    the provider at ``issuer`` (None: local accounts only)."""
    from afterview.accounts.config import AccountsConfig, OidcConfig
    from afterview.web import create_app
    from afterview.web.settings import WebSettings

    oidc = (
        OidcConfig(issuer=issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, name="Uni SSO")
        if issuer
        else None
    )
    accounts = AccountsConfig(
        secret_key=SECRET_KEY, public_url=f"http://127.0.0.1:{port}", oidc=oidc, **config
    )
    return create_app(WebSettings(db=str(db), port=port), accounts=accounts)
