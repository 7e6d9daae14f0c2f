"""Students typing in the draft editor (a check every 300 ms) and opening their dashboards,
against a shared deployment (run by benchmarks/bench_load.py, which makes the accounts).

Each simulated student is already signed in (benchmarks/bench_load.py signs every account in
once, before the runs, and passes the session cookies in ``AFTERVIEW_LOAD_SESSIONS``: an
argon2 check per sign-in would otherwise be what is measured), has one interview recorded,
then checks drafts and now and then opens the dashboard. ``AFTERVIEW_LOAD_RATE`` is each student's
requests per second (default 1/0.3: a check every 300 ms while typing).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, task

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = json.loads(Path(os.environ["AFTERVIEW_LOAD_SESSIONS"]).read_text())
STUDENTS = int(os.environ.get("AFTERVIEW_LOAD_STUDENTS", "200"))
RATE = float(os.environ.get("AFTERVIEW_LOAD_RATE", str(1 / 0.3)))
_numbers = itertools.count()


sys.path.insert(0, str(Path(__file__).parent))
from bench_load import situation  # noqa: E402  (the interview each student recorded)

SITUATION = situation()
DRAFTS = [  # what a student has typed so far: the draft grows, with a slip now and then
    "Subject: Thank you\n\nDear Dr. Nair,\n\nThank you for",
    "Subject: Thank you\n\nDear Dr. Nair,\n\nThank you for the conversation about the Senior "
    "Data Analyst role.",
    "Subject: Thank you\n\nDear Dr. Niar,\n\nThank you for the conversation about the Senior "
    "Data Analyst role and the claims dashboard.\n\nBest regards,\nAlex Rivera",
]


class Student(FastHttpUser):  # geventhttpclient: the load generator costs less CPU
    """One student, signed in, typing a draft and now and then looking at the dashboard."""

    def wait_time(self) -> float:
        """Each student keeps their own beat from a random start (Locust's own
        ``constant_throughput`` counts from when the user was made, so it undoes any random
        start: every batch Locust starts in one second would then fire together)."""
        self.beat += 1 / RATE
        return max(0.0, self.beat - time.perf_counter())

    def on_start(self) -> None:
        number = next(_numbers) % STUDENTS
        self.cookie = {"Cookie": f"afterview_session={SESSIONS[number]}"}
        check_page = self.client.get("/check", name="check page", headers=self.cookie)
        found = re.search(r'name="csrf" value="([^"]+)"', check_page.text) or re.search(
            r'"X-CSRF-Token": "([^"]+)"', check_page.text
        )
        self.headers = {**self.cookie, "X-CSRF-Token": found.group(1) if found else ""}
        self.typed = itertools.cycle(DRAFTS)
        # Locust starts users in batches each second: without a random start every batch's
        # requests arrive together, and the queue of a burst is what gets measured.
        gevent.sleep(random.uniform(0, 1 / RATE))
        self.beat = time.perf_counter()

    @task(20)
    def check(self) -> None:
        self.client.post(
            "/api/check",
            json={"situation": SITUATION, "text": next(self.typed)},
            headers=self.headers,
            name="check",
        )

    @task(1)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard", headers=self.cookie)
