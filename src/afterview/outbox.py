"""The outbox: hand a stored message to an .eml file, a mailto: link or an SMTP server, at most
once, and never when the advice forbids it.

Sending is three steps: claim the message ("draft" -> "sending", committed on its own), deliver
it with its fixed Message-ID, settle it ("sent"). A second send, a double click or a second
process finds it claimed and stops. A message left "sending" by a crash is never retried by
itself: the user checks their Sent folder and settles it with ``afterview resolve``.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

from afterview.errors import AfterviewError

MAILTO_LIMIT = 2000  # characters: what mail clients reliably accept in a mailto: link


def _crash_point(step: str) -> None:
    """Fault injection for the tests: AFTERVIEW_CRASH_AT=<step> kills this process at that step
    (SIGKILL: no cleanup, like a power cut), to prove no step boundary can deliver twice."""
    if os.environ.get("AFTERVIEW_CRASH_AT") == step:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


class Refused(AfterviewError):
    """The send is refused (exit status 1), with the reason."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where to send through: from the environment (AFTERVIEW_SMTP_*)."""

    host: str
    port: int
    security: str  # none | starttls | tls
    user: str | None
    password: str | None

    @classmethod
    def from_environment(cls) -> SmtpSettings:
        """The [smtp] table of the config file (``AFTERVIEW_CONFIG``, else config.toml in the
        user config folder), overridden by AFTERVIEW_SMTP_HOST, _PORT, _SECURITY and _USER.
        The password is never read from a file: AFTERVIEW_SMTP_PASSWORD, else the system
        keyring (service "afterview-smtp", the user name)."""
        file = _config().get("smtp", {})
        env = {f"AFTERVIEW_SMTP_{k.upper()}": str(v) for k, v in file.items() if k != "password"}
        env.update({k: v for k, v in os.environ.items() if k.startswith("AFTERVIEW_SMTP_") and v})
        if "password" in file:
            raise AfterviewError(
                "config.toml: smtp.password: not allowed in a file; "
                "use the keyring or AFTERVIEW_SMTP_PASSWORD"
            )
        host = env.get("AFTERVIEW_SMTP_HOST")
        if not host:
            raise AfterviewError("AFTERVIEW_SMTP_HOST: expected the SMTP server's host name")
        security = env.get("AFTERVIEW_SMTP_SECURITY", "starttls")
        if security not in ("none", "starttls", "tls"):
            raise AfterviewError(
                f"AFTERVIEW_SMTP_SECURITY: expected none, starttls or tls; got {security!r}"
            )
        default_port = {"none": 25, "starttls": 587, "tls": 465}[security]
        try:
            port = int(env.get("AFTERVIEW_SMTP_PORT", default_port))
        except ValueError:
            raise AfterviewError("AFTERVIEW_SMTP_PORT: expected a port number") from None
        user = env.get("AFTERVIEW_SMTP_USER")
        password = env.get("AFTERVIEW_SMTP_PASSWORD") or (_keyring_password(user) if user else None)
        return cls(host, port, security, user, password)


def _config() -> dict[str, Any]:
    import tomllib

    path = os.environ.get("AFTERVIEW_CONFIG")
    if path:
        file = Path(path)
    else:
        from platformdirs import user_config_dir

        file = Path(user_config_dir("afterview", appauthor=False)) / "config.toml"
    try:
        return tomllib.loads(file.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise AfterviewError(f"{file}: expected a TOML config file ({exc})") from None


def _keyring_password(user: str) -> str | None:
    try:
        import keyring

        return keyring.get_password("afterview-smtp", user)
    except Exception:  # no keyring backend on this system
        return None


def problems(store: Any, message: Any, now: datetime) -> tuple[list[str], list[str]]:
    """(what forbids the send, checker warnings): the advice and the checker, as of now."""
    from afterview.advice import advise
    from afterview.checks import Checker, parse_text

    situation = store.situation(message.interview_id)
    advice = advise(situation, now=now)
    blocking = [
        r.text
        for r in advice.reasons
        if r.rule in ("no-contact-requested", "status-check-already-sent", "follow-up-cap-reached")
    ]
    findings = Checker(situation, message.kind, now).check(
        parse_text(message.as_text(), f"message {message.id}")
    )
    said = {"no-contact"} if advice.fired("no-contact-requested") else set()  # said once
    blocking += [
        f"{f.rule}: {f.message}" for f in findings if f.severity == "error" and f.rule not in said
    ]
    warnings = [f"{f.rule}: {f.message}" for f in findings if f.severity == "warning"]
    return blocking, warnings


def build(message: Any, situation: Any) -> EmailMessage:
    """The RFC 5322 message, with its fixed Message-ID."""
    if not message.address or "@" not in message.address:
        raise Refused(f"message {message.id}: no email address for {message.to}")
    email = EmailMessage()
    email["From"] = Address(situation.candidate.name, addr_spec=situation.candidate.email)
    email["To"] = Address(message.to, addr_spec=message.address)
    email["Subject"] = message.subject or ""
    email["Message-ID"] = message.message_id
    email.set_content(message.body or "", charset="utf-8")
    return email


def mailto(message: Any) -> str:
    """A mailto: link, the body shortened to stay within what mail clients accept."""
    body = message.body or ""
    head = f"mailto:{quote(message.address or '')}?subject={quote(message.subject or '')}&body="
    while len(head) + len(quote(body)) > MAILTO_LIMIT and body:
        body = body[: int(len(body) * 0.9)]
    return head + quote(body)


def send(
    store: Any,
    message_id: int,
    via: str,
    now: datetime,
    *,
    force: bool = False,
    out: Path | BinaryIO | None = None,
    smtp: SmtpSettings | None = None,
) -> str:
    """Deliver a message once; returns what was done. Raises Refused when it may not go.

    ``via``: "eml" writes the message to ``out`` (a path, default message-ID.eml, or a binary
    stream), "mailto" returns the link for the mail client, "smtp" hands it to the server."""
    message = store.message(message_id)
    if message.state == "sent":
        raise Refused(
            f"message {message_id} was already sent ({message.sent_at:%Y-%m-%d %H:%M} UTC)"
        )
    if message.state == "sending":
        raise Refused(
            f"message {message_id} may already have gone: a send started and did not finish. "
            "Check your Sent folder, then run afterview resolve "
            f"{message_id} --sent or --not-sent"
        )
    if message.state != "draft":
        raise Refused(f"message {message_id} is {message.state}; only drafts are sent")
    blocking, warnings = problems(store, message, now)
    if blocking:
        raise Refused("refused: " + "; ".join(blocking))
    if warnings and not force:
        raise Refused("refused (--force sends anyway): " + "; ".join(warnings))
    situation = store.situation(message.interview_id)
    email = build(message, situation)
    _crash_point("before-claim")
    if not store.claim(message_id):
        raise Refused(f"message {message_id} is being sent by another process")
    findings = json.dumps(warnings)
    _crash_point("after-claim")
    if via == "eml":
        if isinstance(out, Path) or out is None:
            path = out or Path(f"message-{message_id}.eml")
            path.write_bytes(bytes(email))
            done = f"wrote {path}"
        else:  # a binary stream: the web app's download
            out.write(bytes(email))
            done = f"message-{message_id}.eml"
        store.finish(message_id, "sent", now, via, findings)
        return done
    if via == "mailto":
        link = mailto(message)
        store.finish(message_id, "sent", now, via, findings)
        return link
    settings = smtp or SmtpSettings.from_environment()
    try:
        client = _connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        store.finish(message_id, "draft", now)  # nothing was handed over: safe to try again
        raise Refused(
            f"could not reach {settings.host}:{settings.port} ({exc}); the message is still a draft"
        ) from None
    with client:
        # From here on a failure leaves the message "sending": it may have gone.
        client.send_message(email)
    _crash_point("after-delivery")
    store.finish(message_id, "sent", now, via, findings)
    return f"sent to {message.address} through {settings.host}"


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "tls":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, context=ssl.create_default_context(), timeout=30
        )
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=30)
        if settings.security == "starttls":
            client.starttls(context=ssl.create_default_context())
    if settings.user:
        client.login(settings.user, settings.password or "")
    return client


def save_drafts(store: Any, interview_id: int, now: datetime) -> list[Any]:
    """Draft the interview's advised messages into the outbox and return them; an action that
    already has a message (a draft, or one sent or being sent) keeps it, so saving twice
    never makes a second copy (the store enforces it)."""
    from afterview.drafting import draft_messages

    return store.save_drafts(
        interview_id, draft_messages(store.situation(interview_id), now=now), now
    )
