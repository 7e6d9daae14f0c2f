"""``afterview sync``: learn from your mailbox, over IMAP and read-only, what was sent and who
replied.

The mailbox is only read: folders are opened with EXAMINE and mail is fetched with BODY.PEEK
(headers, and the first 2 KB of text for a snippet), so no flag and no message changes. Sent
mail settles what afterview handed off (by its Message-ID) and records what you sent by hand
to an interviewer after the interview; INBOX mail that answers one of afterview's messages
(In-Reply-To / References) or comes from an interviewer after the interview is a reply, with
outcome "other" until you classify it. Only mail since the earliest open interview is read,
and per folder only UIDs above the last one read (unless its UIDVALIDITY changed).

Everything is fetched first and recorded in one transaction after the connection closes: a
failure while talking to the server records nothing.

IMAP library: IMAPClient (kept, no dependencies): ``select_folder(readonly=True)`` is EXAMINE,
fetch items are passed as written (``BODY.PEEK[TEXT]<0.2048>``: a partial fetch, so a whole
body never crosses the wire), and ``find_special_folder`` looks for SPECIAL-USE ``\\Sent``
then the usual names. imap-tools fetches whole messages (or headers only, without a snippet).
"""

from __future__ import annotations

import contextlib
import re
import socket
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

from afterview.errors import AfterviewError
from afterview.extras import install_hint

SNIPPET = 200  # characters kept of a reply's text, never more
PEEK = 2048  # bytes of a reply's text fetched to make the snippet
_HEADERS = (
    "MESSAGE-ID FROM TO CC DATE SUBJECT IN-REPLY-TO REFERENCES "
    "CONTENT-TYPE CONTENT-TRANSFER-ENCODING MIME-VERSION"
)
_SENT_NAMES = (
    "Sent",
    "Sent Items",
    "Sent Messages",
    "Sent Mail",
    "[Gmail]/Sent Mail",
    "INBOX.Sent",
)


class SyncFailed(AfterviewError):
    """The mailbox could not be read (exit status 2): names the host and what to check."""


@dataclass(frozen=True)
class ImapSettings:
    """Where the mailbox is: config ``[imap]``, overridden by AFTERVIEW_IMAP_*."""

    host: str
    port: int
    security: str  # tls | starttls | none
    user: str
    password: str

    @property
    def account(self) -> str:
        """The key of this mailbox in the sync state."""
        return f"{self.user}@{self.host}:{self.port}"

    @classmethod
    def from_environment(cls) -> ImapSettings:
        """The [imap] table of the config file (as for SMTP), overridden by
        AFTERVIEW_IMAP_HOST, _PORT, _SECURITY (tls by default), _USER; the password from
        AFTERVIEW_IMAP_PASSWORD, else the system keyring (service "afterview-imap"), never
        from the file."""
        from afterview.config import server

        try:
            found = server("imap")
        except SyncFailed:
            raise
        except AfterviewError as exc:
            raise SyncFailed(str(exc)) from None
        if not found.user:
            raise SyncFailed("AFTERVIEW_IMAP_USER: expected your mailbox's user name")
        if not found.password:
            raise SyncFailed(
                f"{found.host}: no password for {found.user}: set AFTERVIEW_IMAP_PASSWORD or "
                "store it in the system keyring (service afterview-imap; "
                f"{install_hint('keyring')})"
            )
        return cls(found.host, found.port, found.security, found.user, found.password)


@dataclass(frozen=True)
class Mail:
    """One message as sync sees it: headers, and a snippet of its text (INBOX only)."""

    folder: str
    uid: int
    message_id: str | None
    sender: str | None  # the From address, folded
    sender_display: str | None  # the From header as written
    to: tuple[str, ...]  # To and Cc addresses, folded
    at: datetime
    subject: str | None
    refs: tuple[str, ...]  # In-Reply-To and References
    snippet: str | None = None


@dataclass(frozen=True)
class Folder:
    """What was read of one folder."""

    name: str
    uidvalidity: int
    last_uid: int
    mails: tuple[Mail, ...]


def sync(store: Any, now: datetime, settings: ImapSettings | None = None) -> dict[str, Any]:
    """Read the mailbox and record what it knows; returns what was recorded (the --json)."""
    settings = settings or ImapSettings.from_environment()
    index = store.sync_index()
    since = _since(index["since"], now)
    sent, inbox = fetch(settings, since, index["state"])
    found = match([*sent.mails], [*inbox.mails], index)
    found["folders"] = [
        (settings.account, f.name, f.uidvalidity, f.last_uid) for f in (sent, inbox)
    ]
    done = store.record_sync(found, now)
    return {
        "account": settings.account,
        "since": since.date().isoformat(),
        "folders": {
            f.name: {"uidvalidity": f.uidvalidity, "read": len(f.mails), "last_uid": f.last_uid}
            for f in (sent, inbox)
        },
        **done,
        "to_classify": store.unclassified_replies(),
    }


def _since(start: datetime | None, now: datetime) -> datetime:
    """The bound: the day before the earliest open interview (a day of slack for time zones:
    IMAP SINCE compares dates in the server's zone), or today when there is none."""
    return (start or now).astimezone(UTC) - timedelta(days=1)


def match(sent: list[Mail], inbox: list[Mail], index: dict[str, Any]) -> dict[str, Any]:
    """Which mail settles, records or answers what (pure: the store records it)."""
    ours: dict[str, tuple[int, int, str]] = index["ours"]
    known: set[str] = index["known"]
    sent_known: set[tuple[str, str]] = index.get("sent_known", set())
    me: set[str] = index["me"]
    found: dict[str, Any] = {"settled": [], "sent_by_hand": [], "replies": []}
    for mail in sent:
        if mail.message_id in ours:
            message, _, state = ours[mail.message_id]
            if state in ("handed_off", "sending", "draft"):  # a draft: it was handed off once
                found["settled"].append((message, mail.at))
            continue
        if not mail.message_id:
            continue
        # One mail to several interviewers (To or Cc) is a message to each of them.
        met = {}
        for address in mail.to:
            person = _interviewer(index["people"], address, mail.at)
            if person is not None and (mail.message_id, person[2].casefold()) not in sent_known:
                met[(person[0], person[2])] = person
        found["sent_by_hand"] += [
            (interview_id, name, mail.at, mail.message_id, mail.subject)
            for interview_id, name in met
        ]
    for mail in inbox:
        if not mail.message_id or mail.message_id in known or mail.sender in me:
            continue
        threaded = next((ours[r] for r in mail.refs if r in ours), None)
        interview_id: int | None = threaded[1] if threaded else None
        if interview_id is None and mail.sender:
            person = _interviewer(index["people"], mail.sender, mail.at)
            interview_id = person[0] if person else None
        if interview_id is not None:
            found["replies"].append(
                (
                    interview_id,
                    mail.at,
                    mail.sender_display or mail.sender,
                    mail.message_id,
                    mail.subject,
                    mail.snippet,
                )
            )
    return found


def _interviewer(
    people: list[tuple[int, datetime, str, str]], address: str, at: datetime
) -> tuple[int, datetime, str, str] | None:
    """The interviewer with this address whose interview began before ``at`` (the latest such
    interview when several had them), or None."""
    met = [p for p in people if p[3] == address and p[1] <= at]
    return max(met, key=lambda p: p[1]) if met else None


# ---------------------------------------------------------------------- IMAP


def fetch(
    settings: ImapSettings, since: datetime, state: dict[tuple[str, str], tuple[int, int]]
) -> tuple[Folder, Folder]:
    """Read the Sent folder and INBOX (read-only) since ``since`` and past the last UID read."""
    from imapclient.exceptions import IMAPClientError

    client = connect(settings)
    try:
        sent_name = sent_folder(client)
        if sent_name is None:
            raise SyncFailed(
                f"{settings.host}: no Sent folder (no \\Sent SPECIAL-USE folder, none named "
                f"{', '.join(_SENT_NAMES[:4])}); check where your mail client keeps sent mail"
            )
        sent = _read(client, sent_name, since, state.get((settings.account, sent_name)), False)
        inbox = _read(client, "INBOX", since, state.get((settings.account, "INBOX")), True)
    except (IMAPClientError, OSError) as exc:
        raise SyncFailed(
            f"{settings.host}: reading the mailbox failed ({exc}); nothing was recorded, try again"
        ) from None
    finally:
        with contextlib.suppress(Exception):  # the connection may be gone already
            client.logout()
    return sent, inbox


def connect(settings: ImapSettings) -> Any:
    """A logged-in IMAPClient, or SyncFailed naming the host and what to check."""
    from imapclient import IMAPClient
    from imapclient.exceptions import IMAPClientError, LoginError

    where = f"{settings.host}:{settings.port}"
    context = ssl.create_default_context()
    try:
        client = IMAPClient(
            settings.host,
            settings.port,
            ssl=settings.security == "tls",
            ssl_context=context,
            timeout=30,
        )
        if settings.security == "starttls":
            client.starttls(context)
    except ssl.SSLError as exc:
        raise SyncFailed(
            f"{where}: TLS failed ({exc.reason or exc}); check AFTERVIEW_IMAP_SECURITY "
            "(tls for port 993, starttls for 143) and AFTERVIEW_IMAP_PORT"
        ) from None
    except (socket.gaierror, ConnectionError, TimeoutError, OSError) as exc:
        raise SyncFailed(
            f"{where}: could not connect ({getattr(exc, 'strerror', None) or exc}); check "
            "AFTERVIEW_IMAP_HOST and AFTERVIEW_IMAP_PORT, and that the server is reachable"
        ) from None
    except IMAPClientError as exc:
        raise SyncFailed(
            f"{where}: the server did not accept STARTTLS ({exc}); check "
            "AFTERVIEW_IMAP_SECURITY (tls for port 993) and AFTERVIEW_IMAP_PORT"
        ) from None
    try:
        client.login(settings.user, settings.password)
    except LoginError:
        client.shutdown()
        raise SyncFailed(
            f"{where}: the server refused the login for {settings.user}; check "
            "AFTERVIEW_IMAP_USER and the password (AFTERVIEW_IMAP_PASSWORD or the keyring, "
            "service afterview-imap)"
        ) from None
    except (IMAPClientError, OSError) as exc:
        raise SyncFailed(
            f"{where}: logging in failed ({exc}); check the server's address"
        ) from None
    return client


def sent_folder(client: Any) -> str | None:
    """The Sent folder: the one marked SPECIAL-USE \\Sent, else one with a usual name."""
    from imapclient.imapclient import SENT

    for flags, _, name in client.list_folders():
        if SENT in flags:
            return str(name)
    names = {str(name).casefold(): str(name) for _, _, name in client.list_folders()}
    for wanted in _SENT_NAMES:
        if wanted.casefold() in names:
            return names[wanted.casefold()]
    found = client.find_special_folder(SENT)  # other personal namespaces
    return str(found) if found else None


def _read(
    client: Any,
    folder: str,
    since: datetime,
    known: tuple[int, int] | None,
    with_snippet: bool,
) -> Folder:
    """Fetch one folder's new mail (EXAMINE: read-only; BODY.PEEK: no \\Seen)."""
    status = client.select_folder(folder, readonly=True)
    uidvalidity = int(status.get(b"UIDVALIDITY", 0))
    last = known[1] if known is not None and known[0] == uidvalidity else 0
    criteria: list[Any] = ["SINCE", since.date()]
    if last:
        criteria += ["UID", f"{last + 1}:*"]
    uids = sorted(u for u in client.search(criteria) if u > last)
    items = [f"BODY.PEEK[HEADER.FIELDS ({_HEADERS})]", "INTERNALDATE"]
    if with_snippet:
        items.append(f"BODY.PEEK[TEXT]<0.{PEEK}>")
    mails = []
    for start in range(0, len(uids), 200):
        batch = uids[start : start + 200]
        for uid, data in client.fetch(batch, items).items():
            mail = _mail(folder, uid, data)
            if mail is not None and mail.at >= since:
                mails.append(mail)
    return Folder(folder, uidvalidity, max([last, *uids]), tuple(mails))


def _part(data: dict[bytes, Any], prefix: bytes) -> bytes:
    for key, value in data.items():
        if isinstance(key, bytes) and key.startswith(prefix) and isinstance(value, bytes):
            return value
    return b""


def _mail(folder: str, uid: int, data: dict[bytes, Any]) -> Mail | None:
    head = _part(data, b"BODY[HEADER")
    message = message_from_bytes(head, policy=policy.compat32)
    at = _date(message.get("Date")) or _aware(data.get(b"INTERNALDATE"))
    if at is None:
        return None
    sender = getaddresses([str(message.get("From", ""))])
    to = getaddresses([str(v) for v in message.get_all("To", []) + message.get_all("Cc", [])])
    refs = _ids(str(message.get("In-Reply-To", ""))) + _ids(str(message.get("References", "")))
    snippet = None
    text = _part(data, b"BODY[TEXT]")
    if text:
        snippet = _snippet(head, text)
    return Mail(
        folder=folder,
        uid=uid,
        message_id=next(iter(_ids(str(message.get("Message-ID", "")))), None),
        sender=sender[0][1].casefold() if sender and sender[0][1] else None,
        sender_display=_decoded(message.get("From")),
        to=tuple(a.casefold() for _, a in to if a),
        at=at,
        subject=_decoded(message.get("Subject")),
        refs=refs,
        snippet=snippet,
    )


def _ids(value: str) -> tuple[str, ...]:
    return tuple(re.findall(r"<[^<>\s]+>", value))


def _decoded(value: Any) -> str | None:
    if value is None:
        return None
    from email.header import decode_header, make_header

    try:
        text = str(make_header(decode_header(str(value))))
    except (LookupError, ValueError):
        text = str(value)
    text = "".join(c if c.isprintable() else " " for c in text)  # no escape sequences
    return " ".join(text.split())[:500] or None


def _date(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return _aware(parsedate_to_datetime(str(value)))
    except (TypeError, ValueError, IndexError):
        return None


def _aware(value: Any) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _snippet(head: bytes, text: bytes) -> str | None:
    """At most SNIPPET characters of a message's first plain-text part, quoted lines left out,
    from the first PEEK bytes of its text (a cut MIME part decodes as far as it goes)."""
    message = message_from_bytes(head.rstrip(b"\r\n") + b"\r\n\r\n" + text, policy=policy.default)
    body = ""
    for part in message.walk():
        if part.get_content_maintype() == "multipart":
            continue
        if part.get_content_type() in ("text/plain", "text/html"):
            try:
                body = str(part.get_content())
            except (LookupError, ValueError, AssertionError):
                payload = part.get_payload(decode=True)
                body = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
            if part.get_content_type() == "text/html":
                body = re.sub(r"<[^>]*>", " ", body)
            break
    lines = [line for line in body.splitlines() if not line.lstrip().startswith(">")]
    words = " ".join("".join(c if c.isprintable() else " " for c in " ".join(lines)).split())
    return words[:SNIPPET].rstrip() or None
