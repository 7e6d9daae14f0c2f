"""Prometheus metrics (afterview.ops.metrics) from the real web app and the real send path:
off by default, behind their own token when on, requests by route template (never a raw
path), latencies, the job queue gauge, sends by outcome against real SMTP servers; and
``afterview serve --workers 2`` whose /metrics adds up both processes' counts."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from afterview.drafting import draft_messages
from afterview.errors import InputError
from afterview.ops import metrics
from afterview.outbox import Refused, SmtpSettings, send
from afterview.store import open_store
from afterview.web import WebSettings, create_app

from smtp_server import Inbox
from web_server import free_port

LOCAL = "http://127.0.0.1"
APP_TOKEN = "app-token-Zq8wXv3Lm5Np"
METRICS_TOKEN = "metrics-token-Hq2Jv8Pw4Rt6"
SCRAPE = {"Authorization": f"Bearer {METRICS_TOKEN}"}
ROOT = Path(__file__).parent.parent
PANEL = ROOT / "examples" / "panel-interview.toml"
NOW = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)  # within the thank-you window


@pytest.fixture
def metrics_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(metrics.TOKEN_ENV, METRICS_TOKEN)
    monkeypatch.delenv(metrics.MULTIPROC_ENV, raising=False)


@pytest.fixture
def client(tmp_path: Path, metrics_on: None) -> Iterator[TestClient]:
    app = create_app(WebSettings(db=str(tmp_path / "a.db"), token=APP_TOKEN))
    with TestClient(app, base_url=LOCAL, follow_redirects=False) as c:
        yield c


def value(text: str, name: str, **labels: str) -> float:
    """A sample's value in Prometheus's text format (0 when absent)."""
    from prometheus_client.parser import text_string_to_metric_families

    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return 0.0


def scrape(client: TestClient) -> str:
    response = client.get("/metrics", headers=SCRAPE)
    assert response.status_code == 200, response.text
    return response.text


# --- off, on, guarded ------------------------------------------------------------------


def test_metrics_are_off_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(metrics.TOKEN_ENV, raising=False)
    monkeypatch.delenv(metrics.MULTIPROC_ENV, raising=False)
    app = create_app(WebSettings(db=str(tmp_path / "a.db"), token=APP_TOKEN))
    with TestClient(app, base_url=LOCAL) as c:
        for headers in ({}, {"Authorization": f"Bearer {APP_TOKEN}"}, SCRAPE):
            response = c.get("/metrics", headers=headers)
            assert response.status_code == 404
            assert "afterview_" not in response.text


def test_the_metrics_token_and_only_it_opens_metrics(client: TestClient) -> None:
    for headers in (
        {},
        {"Authorization": f"Bearer {APP_TOKEN}"},  # the app's token is not the metrics token
        {"Authorization": f"Bearer {METRICS_TOKEN}x"},
        {"Authorization": f"Basic {METRICS_TOKEN}"},
        {"Cookie": f"afterview_token={METRICS_TOKEN}"},
    ):
        response = client.get("/metrics", headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert "afterview_" not in response.text
    response = client.get("/metrics", headers={**SCRAPE, "Host": "10.0.0.7:8765"})  # a scraper
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    assert response.headers["cache-control"] == "no-store"
    assert "afterview_http_requests_total" in response.text
    # the metrics token opens nothing else
    assert client.get("/api/interviews", headers=SCRAPE).status_code == 401


@pytest.mark.parametrize("bad", ["short", "  tiny  "])
def test_a_weak_metrics_token_stops_the_app_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    monkeypatch.setenv(metrics.TOKEN_ENV, bad)
    with pytest.raises(InputError, match=r"^AFTERVIEW_METRICS_TOKEN: expected at least 16"):
        create_app(WebSettings(db=str(tmp_path / "a.db")))


# --- what is counted ------------------------------------------------------------------------


def test_requests_are_counted_by_route_template_method_and_status(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {APP_TOKEN}"}
    before = scrape(client)
    for _ in range(3):
        client.get("/healthz")
    client.get("/api/interviews/98765", headers=auth)  # 404: no such interview
    client.get("/api/interviews/98765")  # 401: refused by the guard, still named
    client.get("/no-such-page-4242", headers=auth)
    client.request("PROPFIND", "/api/interviews", headers=auth)
    after = scrape(client)

    def delta(**labels: str) -> float:
        name = "afterview_http_requests_total"
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta(route="/healthz", method="GET", status="200") == 3
    assert delta(route="/api/interviews/{interview_id}", method="GET", status="404") == 1
    assert delta(route="/api/interviews/{interview_id}", method="GET", status="401") == 1
    assert delta(route="unmatched", method="GET", status="404") == 1
    assert delta(route="/api/interviews", method="OTHER", status="405") == 1
    # must not: a raw path, an id or a client's method becomes a label
    for raw in ("98765", "no-such-page-4242", "PROPFIND"):
        assert raw not in after
    histogram = "afterview_http_request_duration_seconds_count"
    assert (
        value(after, histogram, route="/healthz") - value(before, histogram, route="/healthz") == 3
    )
    assert (
        value(after, "afterview_http_request_duration_seconds_bucket", route="/healthz", le="+Inf")
        >= 3
    )


def test_every_send_outcome_shows_from_the_start(client: TestClient) -> None:
    text = scrape(client)
    for outcome in metrics.OUTCOMES:
        assert re.search(rf'afterview_sends_total{{outcome="{outcome}"}} \d', text)


def test_count_send_refuses_an_unknown_outcome() -> None:
    with pytest.raises(ValueError, match="outcome: expected one of sent, failed, refused, unknown"):
        metrics.count_send("bounced")


# --- the job queue gauge --------------------------------------------------------------------


def test_the_queue_gauge_reports_what_the_registered_source_says(client: TestClient) -> None:
    try:
        assert "afterview_job_queue_depth{" not in scrape(client)  # default: nothing
        metrics.queue_depth_source(lambda: 7)
        assert value(scrape(client), "afterview_job_queue_depth", queue="all") == 7
        metrics.queue_depth_source(lambda: {"sends": 3, "reminders": 0})
        text = scrape(client)
        assert value(text, "afterview_job_queue_depth", queue="sends") == 3
        assert 'afterview_job_queue_depth{queue="reminders"} 0.0' in text

        def broken() -> int:
            raise ConnectionError("database is down")

        metrics.queue_depth_source(broken)
        text = scrape(client)  # the scrape goes on without the gauge
        assert "afterview_job_queue_depth{" not in text
        assert "afterview_http_requests_total" in text
    finally:
        metrics.queue_depth_source(None)


# --- sends, through the real send path and real SMTP servers ---------------------------------


class Refusing(Inbox):
    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        return "550 5.1.1 No such user here"


class Hanging(Inbox):
    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        server.transport.close()  # the connection breaks after the data went: unknown
        return "250 OK"


def _server(handler: Any) -> tuple[Controller, SmtpSettings]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, SmtpSettings("127.0.0.1", port, "none", None, None)


def _drafts(tmp_path: Path) -> tuple[Any, list[int]]:
    store = open_store(str(tmp_path / "db.sqlite"))
    interview_id, _ = store.import_situation(PANEL, NOW)
    saved = store.save_drafts(
        interview_id, draft_messages(store.situation(interview_id), now=NOW), NOW
    )
    return store, [m.id for m in saved]


def _sends() -> dict[str, float]:
    from prometheus_client import REGISTRY

    metrics._instruments()
    return {
        o: REGISTRY.get_sample_value("afterview_sends_total", {"outcome": o}) or 0.0
        for o in metrics.OUTCOMES
    }


def test_each_send_is_counted_once_by_its_outcome(tmp_path: Path, smtp, metrics_on: None) -> None:  # type: ignore[no-untyped-def]
    _, accepting = smtp
    store, ids = _drafts(tmp_path)
    before = _sends()
    assert send(store, ids[0], "smtp", NOW, smtp=accepting).startswith("sent to")
    with pytest.raises(Refused, match="already sent"):  # refused before any attempt: not a send
        send(store, ids[0], "smtp", NOW, smtp=accepting)
    refusing, refusing_settings = _server(Refusing())
    hanging, hanging_settings = _server(Hanging())
    try:
        with pytest.raises(Refused, match="refused"):
            send(store, ids[1], "smtp", NOW, smtp=refusing_settings)
        with pytest.raises(Refused, match="still a draft"):
            send(store, ids[1], "smtp", NOW, smtp=SmtpSettings("127.0.0.1", 9, "none", None, None))
        with pytest.raises(Refused, match="may or may not have gone"):
            send(store, ids[1], "smtp", NOW, smtp=hanging_settings)
    finally:
        refusing.stop()
        hanging.stop()
    assert store.message(ids[1]).state == "sending"
    after = _sends()
    assert {o: after[o] - before[o] for o in metrics.OUTCOMES} == {
        "sent": 1,
        "failed": 1,
        "refused": 1,
        "unknown": 1,
    }


def test_no_send_is_counted_and_nothing_is_loaded_when_metrics_are_off(
    tmp_path: Path,
    smtp,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.delenv(metrics.TOKEN_ENV, raising=False)
    monkeypatch.delenv(metrics.MULTIPROC_ENV, raising=False)
    _, accepting = smtp
    store, ids = _drafts(tmp_path)
    before = _sends()
    send(store, ids[0], "smtp", NOW, smtp=accepting)
    assert _sends() == before
    env = {
        k: v for k, v in os.environ.items() if k not in (metrics.TOKEN_ENV, metrics.MULTIPROC_ENV)
    }
    code = (
        "import sys\nfrom afterview.ops.metrics import count_send\ncount_send('sent')\n"
        "print(sorted(m for m in ('prometheus_client', 'fastapi') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"  # the CLI's send path stays light


def test_several_workers_without_a_directory_say_so(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from afterview.web.app import SETTINGS_ENV

    monkeypatch.setenv(SETTINGS_ENV, "{}")  # as in a worker of serve --workers 2
    response = client.get("/metrics", headers=SCRAPE)
    assert response.status_code == 503
    assert "PROMETHEUS_MULTIPROC_DIR" in response.json()["error"]["message"]


# --- afterview serve --workers 2 --------------------------------------------------------------


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _serve(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "afterview",
            "serve",
            "--workers",
            "2",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "served.db"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "serve.err", "wb"),  # noqa: SIM115
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if _get(base + "/healthz")[0] == 200:
                return process, base
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(
                "afterview serve did not start: " + (tmp_path / "serve.err").read_text()
            )
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _per_process(folder: Path, route: str) -> dict[str, float]:
    """The /healthz count each process wrote to the multiprocess folder, by process id."""
    from prometheus_client.mmap_dict import MmapedDict

    counts: dict[str, float] = {}
    for path in folder.glob("counter_*.db"):
        total = 0.0
        for key, count, _, _ in MmapedDict.read_all_values_from_file(str(path)):
            _, sample, labels, *_ = json.loads(key)  # [family, sample, labels, help]
            if sample == "afterview_http_requests_total" and labels.get("route") == route:
                total += count
        counts[path.stem.removeprefix("counter_")] = total
    return counts


def _hammer(base: str, threads: int, each: int) -> int:
    """``threads`` clients at once, ``each`` GET /healthz on a new connection; returns the count."""
    barrier = threading.Barrier(threads)
    failures: list[int] = []

    def run() -> None:
        barrier.wait()
        for _ in range(each):
            status = _get(base + "/healthz")[0]
            if status != 200:
                failures.append(status)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    return threads * each


def _settled(folder: Path, expected: int) -> None:
    """Wait until the files hold ``expected`` /healthz requests (a request is counted just
    after its response went)."""
    deadline = time.monotonic() + 10
    while sum(_per_process(folder, "/healthz").values()) < expected:
        assert time.monotonic() < deadline, _per_process(folder, "/healthz")
        time.sleep(0.05)


def test_serve_with_two_workers_adds_up_both_processes(tmp_path: Path) -> None:
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {**os.environ, metrics.TOKEN_ENV: METRICS_TOKEN, metrics.MULTIPROC_ENV: str(folder)}
    env.pop("AFTERVIEW_LOG_FORMAT", None)
    process, base = _serve(tmp_path, env)
    try:
        status, _ = _get(base + "/metrics")
        assert status == 401
        deadline = time.monotonic() + 30
        while len(list(folder.glob("counter_*.db"))) < 2:  # each worker makes its file at start
            assert time.monotonic() < deadline, "the second worker did not start"
            time.sleep(0.1)
        expected = 1  # the probe that found the server up
        for _ in range(20):  # until both processes have served some (the kernel picks)
            expected += _hammer(base, 8, 15)
            _settled(folder, expected)
            if sum(1 for n in _per_process(folder, "/healthz").values() if n > 0) == 2:
                break
        per_process = _per_process(folder, "/healthz")
        assert sum(per_process.values()) == expected
        assert sum(1 for n in per_process.values() if n > 0) == 2, per_process  # both served
        for _ in range(6):  # whichever process answers the scrape, it reports both
            status, text = _get(base + "/metrics", SCRAPE)
            assert status == 200
            labels = {"route": "/healthz", "method": "GET", "status": "200"}
            assert value(text, "afterview_http_requests_total", **labels) == expected
    finally:
        _stop(process)


def test_serve_with_two_workers_and_no_directory_makes_its_own(tmp_path: Path) -> None:
    """``afterview serve --workers 2`` with metrics on and no folder given makes one for this
    server, so the counts of both processes add up (a bare uvicorn without one gets 503:
    test_several_workers_without_a_directory_say_so)."""
    env = {**os.environ, metrics.TOKEN_ENV: METRICS_TOKEN}
    env.pop(metrics.MULTIPROC_ENV, None)
    process, base = _serve(tmp_path, env)
    try:
        served = _hammer(base, 4, 10)
        status, text = _get(base + "/metrics", SCRAPE)
        assert status == 200
        labels = {"route": "/healthz", "method": "GET", "status": "200"}
        assert value(text, "afterview_http_requests_total", **labels) >= served
    finally:
        _stop(process)
