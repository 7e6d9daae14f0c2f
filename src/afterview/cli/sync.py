"""``afterview sync``: what your mailbox knows (sent mail and replies), read-only over IMAP."""

from __future__ import annotations

from datetime import datetime

from afterview.cli.application import app
from afterview.cli.options import Db, Json
from afterview.cli.output import console, print_json


@app.command()
def sync(db: Db = None, json_out: Json = False) -> None:
    """Read your mailbox over IMAP (read-only: it never changes a flag or a message) and record
    what it knows: messages afterview handed off that are in your Sent folder, messages you
    sent by hand to an interviewer, and replies (outcome "other" until you classify them with
    `afterview replied ID --outcome ...`). Only mail since your earliest open interview is
    read, and only what is new since the last run.

    Settings: config [imap] or AFTERVIEW_IMAP_HOST, _PORT, _SECURITY (tls, starttls or none;
    default tls), _USER, and AFTERVIEW_IMAP_PASSWORD or the keyring (service afterview-imap).

    Example:  AFTERVIEW_IMAP_HOST=imap.example.com AFTERVIEW_IMAP_USER=me afterview sync
    """
    from afterview.store import open_store
    from afterview.sync import ImapSettings
    from afterview.sync import sync as run

    settings = ImapSettings.from_environment()  # bad settings fail before the store is opened
    done = run(open_store(db), datetime.now().astimezone(), settings)
    if json_out:
        print_json(done)
        return
    out = console()

    def say(line: str) -> None:  # mail headers are not Rich markup
        out.print(line, markup=False, soft_wrap=True)

    say(f"Synced {done['account']} (mail since {done['since']}).")
    for item in done["settled"]:
        say(f"  sent: message {item['message']} (interview {item['interview']}) found in Sent")
    for item in done["sent_by_hand"]:
        what = item["kind"].replace("_", " ")
        say(f"  sent by hand: a {what} to {item['to']} (interview {item['interview']})")
    for item in done["replies"]:
        say(f"  reply from {item['from']} on interview {item['interview']}: {item['subject']!r}")
    if not (done["settled"] or done["sent_by_hand"] or done["replies"]):
        say("  nothing new.")
    for item in done["to_classify"]:
        say(
            f"To classify: {item['from']} replied on interview {item['interview']} "
            f"({item['subject']!r}): afterview replied {item['interview']} --outcome OUTCOME"
        )
