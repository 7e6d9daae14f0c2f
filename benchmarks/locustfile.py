"""Students typing in the draft editor (a check every 300 ms) and opening their dashboards,
against a shared deployment (run by benchmarks/bench_load.py, which makes the accounts).

Each simulated student signs in with a local account (``student<N>@load.example``, the
password in ``AFTERVIEW_LOAD_PASSWORD``), records one interview through the API, then checks
drafts and now and then opens the dashboard. ``AFTERVIEW_LOAD_RATE`` is each student's
requests per second (default 1/0.3: a check every 300 ms while typing).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import tomllib
from pathlib import Path

from locust import HttpUser, constant_throughput, task

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = os.environ.get("AFTERVIEW_LOAD_PASSWORD", "")
STUDENTS = int(os.environ.get("AFTERVIEW_LOAD_STUDENTS", "200"))
RATE = float(os.environ.get("AFTERVIEW_LOAD_RATE", str(1 / 0.3)))
_numbers = itertools.count()


def _situation() -> dict[str, object]:
    raw = tomllib.loads((ROOT / "examples" / "panel-interview.toml").read_text("utf-8"))
    return dict(json.loads(json.dumps(raw, default=lambda d: d.isoformat())))


SITUATION = _situation()
DRAFTS = [  # what a student has typed so far: the draft grows, with a slip now and then
    "Subject: Thank you\n\nDear Dr. Nair,\n\nThank you for",
    "Subject: Thank you\n\nDear Dr. Nair,\n\nThank you for the conversation about the Senior "
    "Data Analyst role.",
    "Subject: Thank you\n\nDear Dr. Niar,\n\nThank you for the conversation about the Senior "
    "Data Analyst role and the claims dashboard.\n\nBest regards,\nAlex Rivera",
]


class Student(HttpUser):
    """One student: signs in, records an interview, types a draft, looks at the dashboard."""

    wait_time = constant_throughput(RATE)

    def on_start(self) -> None:
        number = next(_numbers) % STUDENTS
        page = self.client.get("/signin", name="sign in page")
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        token = found.group(1) if found else ""
        self.client.post(
            "/signin",
            data={
                "csrf": token,
                "email": f"student{number}@load.example",
                "password": PASSWORD,
                "next": "/",
            },
            name="sign in",
        )
        check_page = self.client.get("/check", name="check page")
        found = re.search(r'name="csrf" value="([^"]+)"', check_page.text) or re.search(
            r'"X-CSRF-Token": "([^"]+)"', check_page.text
        )
        self.headers = {"X-CSRF-Token": found.group(1) if found else ""}
        self.client.post(
            "/api/interviews",
            json={"situation": SITUATION, "key": f"load-{number}"},
            headers=self.headers,
            name="record interview",
        )
        self.typed = itertools.cycle(DRAFTS)

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
        self.client.get("/", name="dashboard")
