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


class SendFailed(Refused):
    """The send could not be made — settings, the server, the network, a file — and nothing
    went: one line saying what to check (exit status 2, like any bad input)."""


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
        from afterview.config import server

        found = server("smtp")
        return cls(found.host, found.port, found.security, found.user, found.password)


# The advice's reasons that forbid any message on the interview: refused by send and by
# record_by_hand alike.
FORBIDDING = ("no-contact-requested", "status-check-already-sent", "follow-up-cap-reached")


def _forbidding(advice: Any) -> list[str]:
    return [r.text for r in advice.reasons if r.rule in FORBIDDING]


def obstacles(store: Any, message: Any, now: datetime) -> tuple[list[str], list[Any], list[Any]]:
    """What stands in the way of sending ``message`` now: (the advice's reasons that forbid it,
    the checker's error findings, its warning findings), in plain words and findings."""
    from afterview.advice import advise
    from afterview.checks import Checker, parse_text
    from afterview.checks.rules.panel import sent_notes

    situation = store.situation(message.interview_id)
    advice = advise(situation, now=now)
    reasons = _forbidding(advice)
    # Notes already sent to the panel too: a near-copy of one is an error, as in the editor.
    sent = sent_notes(store.messages_of(message.interview_id), message.kind, but=message.id)
    checker = Checker(situation, message.kind, now, sent=sent)
    findings = checker.check_all([parse_text(message.as_text(), f"message {message.id}")]).findings
    said = {"no-contact"} if advice.fired("no-contact-requested") else set()  # said once
    errors = [f for f in findings if f.severity == "error" and f.rule not in said]
    warnings = [f for f in findings if f.severity == "warning"]
    return reasons, errors, warnings


def problems(store: Any, message: Any, now: datetime) -> tuple[list[str], list[str]]:
    """(what forbids the send, checker warnings): the advice and the checker, as of now."""
    reasons, errors, warnings = obstacles(store, message, now)
    blocking = reasons + [f"{f.rule}: {f.message}" for f in errors]
    return blocking, [f"{f.rule}: {f.message}" for f in warnings]


def record_by_hand(
    store: Any,
    interview_id: int,
    kind: str,
    to: str,
    at: datetime,
    now: datetime,
    *,
    draft: int | None = None,
) -> int:
    """Record a message you sent yourself ("I sent it myself", ``afterview sent``,
    ``POST /api/interviews/ID/sent``); returns its id. Refused, like :func:`send`, when the
    advice as of ``now`` forbids any message (no contact asked for, a status check already
    sent, the follow-up cap): afterview never records such a message as if it were fine.

    ``draft``: the outbox message this is (the editor's button): it must still be a draft, and
    becomes the sent message (claimed first, so it cannot also be handed off). Without it,
    ``to`` names the person (:meth:`Store.record_sent`) and a draft of the same kind to them
    becomes this message."""
    from afterview.advice import advise
    from afterview.errors import InputError

    message = None if draft is None else store.message(draft)
    if message is not None and message.interview_id != interview_id:
        raise InputError(f"message {draft}", None, f"not a message of interview {interview_id}")
    blocking = _forbidding(advise(store.situation(interview_id), now=now))
    if blocking:
        raise Refused("Not recorded as sent: " + " ".join(blocking))
    if message is None:
        return int(store.record_sent(interview_id, kind, to, at, now))
    if message.state != "draft" or not store.claim(message.id, now):
        raise Refused(f"message {message.id} is {message.state} already")
    store.finish(message.id, "sent", at, "by hand")
    return int(message.id)


def build(
    message: Any,
    situation: Any,
    now: datetime,
    *,
    draft: bool = False,
    replying_to: Any = None,
) -> EmailMessage:
    """The RFC 5322 message with its fixed Message-ID and a Date; ``draft`` marks an .eml
    for a mail client to open as a draft (X-Unsent: 1); ``replying_to`` (an earlier message to
    the same person) threads it: In-Reply-To, References and "Re: <its subject>". Names
    outside ASCII are encoded (RFC 2047) by the email package."""
    from email.utils import format_datetime

    if not message.address or "@" not in message.address:
        raise Refused(f"message {message.id}: no email address for {message.to}")
    email = EmailMessage()
    email["From"] = Address(situation.candidate.name, addr_spec=situation.candidate.email)
    email["To"] = Address(message.to, addr_spec=message.address)
    subject = message.subject or ""
    if replying_to is not None and replying_to.message_id:
        email["In-Reply-To"] = replying_to.message_id
        email["References"] = replying_to.message_id
        earlier = replying_to.subject or subject
        subject = earlier if earlier.lower().startswith("re:") else f"Re: {earlier}"
    email["Subject"] = subject
    email["Date"] = format_datetime(now)
    email["Message-ID"] = message.message_id
    if draft:
        email["X-Unsent"] = "1"  # Outlook and Apple Mail open it as a draft to send
    email.set_content(message.body or "", charset="utf-8")
    return email


def thread_of(store: Any, message: Any) -> Any:
    """The thank-you (handed off or sent) to the same person that a status check or a
    value-add replies under, or None."""
    if message.kind not in ("status_check", "value_add"):
        return None
    for earlier in store.messages_of(message.interview_id):
        if (
            earlier.kind == "thank_you"
            and earlier.state in ("sent", "handed_off")
            and earlier.message_id
            and earlier.address
            and message.address
            and earlier.address.casefold() == message.address.casefold()
        ):
            return earlier
    return None


def eml_again(store: Any, message_id: int, zone: Any = None) -> tuple[str, bytes]:
    """(file name, bytes) of an .eml already handed to your mail client, built again from the
    stored message: the same Message-ID and Date (written in ``zone``, as the first was),
    still ``X-Unsent: 1``. Downloading it again
    is not a second send: a mail client that sends both copies sends one Message-ID, and the
    message stays handed off. Raises Refused for a message not handed off as an .eml."""
    message = store.message(message_id)
    if message.state not in ("handed_off", "sent") or message.via != "eml" or not message.sent_at:
        raise Refused(f"message {message_id} was not handed off as an .eml file")
    email = build(
        message,
        store.situation(message.interview_id),
        message.sent_at.astimezone(zone),
        draft=True,
        replying_to=thread_of(store, message),
    )
    return f"message-{message_id}.eml", bytes(email)


def mailto(message: Any) -> str:
    """A mailto: link (RFC 6068: CRLF line ends in the body), shortened to stay within what
    mail clients accept."""
    body = (message.body or "").replace("\r\n", "\n").replace("\n", "\r\n")
    head = f"mailto:{quote(message.address or '')}?subject={quote(message.subject or '')}&body="
    while len(head) + len(quote(body)) > MAILTO_LIMIT and body:
        body = body[: int(len(body) * 0.9)]
    return head + quote(body)


# Server answers that mean the message was not accepted: safe to try again.
_REFUSED = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
    smtplib.SMTPHeloError,
)


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
    stream) and "mailto" returns the link: both hand it to your mail client ("handed_off":
    not known to be sent until you or ``afterview sync`` say so). "smtp" hands it to the
    server ("sent" once the server accepted it). A failure before the server accepted it
    leaves a draft again, with the server's words; a connection lost after that leaves it
    "sending" for ``afterview resolve`` or ``sync`` to settle."""
    message = store.message(message_id)
    if message.state in ("sent", "handed_off"):
        when = f"{message.sent_at:%Y-%m-%d %H:%M} UTC" if message.sent_at else "earlier"
        what = "sent" if message.state == "sent" else "handed to your mail client"
        raise Refused(f"message {message_id} was already {what} ({when})")
    if message.state == "sending":
        raise Refused(
            f"message {message_id} may already have gone: a send started and did not finish. "
            f"Run afterview resolve {message_id} to see what is known"
        )
    if message.state == "cancelled":
        why = (message.last_error or "").removeprefix("cancelled: ")
        raise Refused(f"message {message_id} was cancelled" + (f": {why}" if why else ""))
    if message.state != "draft":
        raise Refused(f"message {message_id} is {message.state}; only drafts are sent")
    blocking, warnings = problems(store, message, now)
    if blocking:
        raise Refused("refused: " + "; ".join(blocking))
    if warnings and not force:
        raise Refused("refused (--force sends anyway): " + "; ".join(warnings))
    if via == "smtp":
        try:
            settings = smtp or SmtpSettings.from_environment()
        except AfterviewError as exc:
            raise SendFailed(f"{exc}; the message is still a draft") from None
    situation = store.situation(message.interview_id)
    email = build(
        message,
        situation,
        now,
        draft=via == "eml",
        replying_to=thread_of(store, message),
    )
    _crash_point("before-claim")
    if not store.claim(message_id, now):
        raise Refused(f"message {message_id} is being sent by another process")
    findings = json.dumps(warnings)
    _crash_point("after-claim")
    if via == "eml":
        try:
            if isinstance(out, Path) or out is None:
                path = out or Path(f"message-{message_id}.eml")
                path.write_bytes(bytes(email))
                done = f"wrote {path}"
            else:  # a binary stream: the web app's download
                out.write(bytes(email))
                done = f"message-{message_id}.eml"
        except OSError as exc:
            store.finish(message_id, "draft", now, error=str(exc))
            raise SendFailed(
                f"could not write the .eml ({exc.strerror}); the message is still a draft"
            ) from None
        store.finish(message_id, "handed_off", now, via, findings)
        return done
    if via == "mailto":
        link = mailto(message)
        store.finish(message_id, "handed_off", now, via, findings)
        return link
    return _send_smtp(store, message, email, settings, now, findings)


def _send_smtp(
    store: Any,
    message: Any,
    email: EmailMessage,
    settings: SmtpSettings,
    now: datetime,
    findings: str,
) -> str:
    """Hand the message to the server: once it has accepted the data the message is sent;
    a refusal before that is a draft again; a lost connection while sending is unknown."""
    from afterview.ops.metrics import count_send  # afterview_sends_total{outcome}

    message_id = message.id
    try:
        client = _connect(settings)
    except _REFUSED as exc:
        said = _server_words(exc)
        store.finish(message_id, "draft", now, error=said)
        count_send("refused")
        raise Refused(f"{settings.host} refused: {said}; the message is still a draft") from None
    except (OSError, smtplib.SMTPException) as exc:
        said = _unreachable(settings, exc)
        store.finish(message_id, "draft", now, error=said)
        count_send("failed")
        raise SendFailed(f"{said}; the message is still a draft") from None
    try:
        with client:
            client.send_message(email)
    except _REFUSED as exc:
        said = _server_words(exc)
        store.finish(message_id, "draft", now, error=said)
        count_send("refused")
        raise Refused(f"{settings.host} refused it: {said}; the message is still a draft") from None
    except (OSError, smtplib.SMTPException) as exc:
        said = f"the connection to {settings.host} failed while sending ({exc})"
        store.finish(message_id, "sending", now, error=said)
        count_send("unknown")
        raise Refused(
            f"{said}: it may or may not have gone. Check your Sent folder, then run afterview "
            f"resolve {message_id} --sent or --not-sent (or afterview sync)"
        ) from None
    _crash_point("after-delivery")
    store.finish(message_id, "sent", now, "smtp", findings)
    count_send("sent")
    return f"sent to {message.address} through {settings.host}"


def _unreachable(settings: SmtpSettings, exc: Exception) -> str:
    """Why the server could not be used, and what to check."""
    where = f"{settings.host}:{settings.port}"
    detail = str(exc).strip().rstrip(".")
    if isinstance(exc, ssl.SSLError):
        return (
            f"TLS with {where} failed ({detail}); check AFTERVIEW_SMTP_SECURITY (tls for port "
            "465, starttls for 587) and AFTERVIEW_SMTP_PORT"
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError) or "STARTTLS" in detail:
        return (
            f"{where} does not offer STARTTLS; check AFTERVIEW_SMTP_SECURITY and "
            "AFTERVIEW_SMTP_PORT (none only for a server on this machine)"
        )
    return (
        f"could not reach {where} ({detail}); check AFTERVIEW_SMTP_HOST and AFTERVIEW_SMTP_PORT, "
        "and that the server is running"
    )


def _server_words(exc: Exception) -> str:
    """What the server said: "550 5.1.1 No such user"."""
    code: object = ""
    raw: object = str(exc)
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, raw = next(iter(exc.recipients.values()))
    elif isinstance(exc, smtplib.SMTPResponseException):
        code, raw = exc.smtp_code, exc.smtp_error
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return f"{code} {text}".strip()


# Where to look: one's Sent folder, or a deployment's relay (which keeps no copy there).
_LOOK = (
    "Look for its Message-ID in the SMTP server's log (a deployment's relay keeps no copy in "
    "a Sent folder), or in your Sent folder (afterview sync), then say"
)


def describe_send(message: Any, now: datetime) -> tuple[str, bool]:
    """(what is known about an unfinished send, whether a process may still be sending it)."""
    if message.state == "handed_off":
        return (
            f"handed to your mail client by {message.via} at {message.sent_at:%Y-%m-%d %H:%M} "
            "UTC; afterview cannot see whether you sent it. If it is in your Sent folder, say "
            "--sent; if you discarded it, --not-sent makes it a draft again.",
            False,
        )
    lease = message.lease
    if lease is not None and lease.alive(now):
        return (
            f"in progress: process {lease.pid} on {lease.host} has been sending it since "
            f"{lease.started:%H:%M:%S} UTC.",
            True,
        )
    if lease is not None:
        return (
            f"crashed: process {lease.pid} on {lease.host} started sending it at "
            f"{lease.started:%Y-%m-%d %H:%M} UTC and died before it finished; it may or may "
            f"not have gone. {_LOOK} --sent or --not-sent.",
            False,
        )
    said = message.last_error or "the send stopped before it finished"
    return (
        f"interrupted: {said}. It may or may not have gone: {_LOOK[0].lower()}{_LOOK[1:]} "
        "--sent or --not-sent.",
        False,
    )


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
