"""A real IMAP server on loopback for the tests: pymap's in-memory backend, run as a
subprocess, and a test-side client that builds the mailbox (APPEND) and reads its flags."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from afterview.sync import ImapSettings

USER, PASSWORD = "demouser", "demopass"  # pymap's dict backend: its one user


def _pymap() -> list[str]:
    found = shutil.which("pymap", path=str(Path(sys.executable).parent)) or shutil.which("pymap")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pymap is not installed (pip install -e '.[dev]')")
        pytest.skip("pymap is not installed (pip install -e '.[dev]')")
    return [found]


class Mailbox:
    """The test's own view of the server: builds folders and messages, reads flags."""

    def __init__(self, port: int, cafile: Path | None = None) -> None:
        import ssl

        from imapclient import IMAPClient

        self.client = IMAPClient("127.0.0.1", port, ssl=False, timeout=10)
        if cafile is not None:
            self.client.starttls(ssl.create_default_context(cafile=str(cafile)))
        self.client.login(USER, PASSWORD)

    def create(self, folder: str) -> None:
        """Make a folder (fresh: deleted first if it exists)."""
        if self.client.folder_exists(folder):
            self.client.select_folder("INBOX", readonly=True)  # not the one deleted
            self.client.delete_folder(folder)
        self.client.create_folder(folder)

    def append(self, folder: str, raw: bytes, seen: bool = False) -> None:
        """Put a message in a folder, read (\\Seen) or not, its internal date its Date."""
        from email import message_from_bytes
        from email.utils import parsedate_to_datetime

        date = message_from_bytes(raw)["Date"]
        when = parsedate_to_datetime(date) if date else None
        self.client.append(folder, raw, flags=[b"\\Seen"] if seen else [], msg_time=when)

    def flags(self) -> dict[str, dict[int, tuple[bytes, ...]]]:
        """Every message's flags, per folder (read with EXAMINE, so reading changes nothing)."""
        seen: dict[str, dict[int, tuple[bytes, ...]]] = {}
        for _, _, name in self.client.list_folders():
            self.client.select_folder(name, readonly=True)
            uids = self.client.search()
            fetched = self.client.fetch(uids, ["FLAGS"]) if uids else {}
            seen[name] = {
                uid: tuple(sorted(f for f in data[b"FLAGS"] if f != b"\\Recent"))
                for uid, data in fetched.items()
            }
        return seen

    def uidvalidity(self, folder: str) -> int:
        return int(self.client.folder_status(folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"])

    def empty(self) -> None:
        """Back to a mailbox with an empty INBOX and no other folder."""
        self.client.select_folder("INBOX")
        uids = self.client.search()
        if uids:
            self.client.delete_messages(uids)
            self.client.expunge()
        self.client.close_folder()
        for _, _, name in self.client.list_folders():
            if name != "INBOX":
                self.client.delete_folder(name)


@pytest.fixture(scope="module")
def imap_port() -> Iterator[int]:
    """A pymap server (in-memory) on a free loopback port, for one test module."""
    yield from _serve(["--no-tls"])


@pytest.fixture(scope="module")
def imap_tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """A pymap server that offers STARTTLS (and refuses a login before it) with a
    certificate for 127.0.0.1 made here: (its port, the certificate to trust)."""
    if shutil.which("openssl") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the TLS test needs the openssl command (Debian: apt-get install openssl)")
        pytest.skip("the TLS test needs the openssl command")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    made = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        capture_output=True,
    )  # fmt: skip
    if made.returncode != 0:
        pytest.fail(f"openssl could not make a certificate: {made.stderr[-300:]!r}")
    for port in _serve(["--cert", str(cert), "--key", str(key)]):
        yield port, cert


def _serve(options: list[str]) -> Iterator[int]:
    command = _pymap()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port), *options, "dict"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("pymap did not start")
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def imap(imap_port: int) -> Iterator[tuple[Mailbox, ImapSettings]]:
    """An empty mailbox on the module's pymap server (plain IMAP: the failure cases ask for
    TLS on purpose), the tests' builder for it, and the settings afterview reaches it with."""
    box = Mailbox(imap_port)
    box.empty()
    try:
        yield box, ImapSettings("127.0.0.1", imap_port, "none", USER, PASSWORD)
    finally:
        box.client.logout()
