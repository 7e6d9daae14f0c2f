"""Benchmark `POST /api/check` with 20 concurrent clients on loopback (target p99 <= 30 ms).

    .venv/bin/python benchmarks/bench_web_check.py [--clients 20] [--seconds 10] [--workers 1]
                                                   [--runs 3] [--python-client]

Starts the real server (`afterview serve --workers N`) on a free loopback port and posts a
realistic draft (the bundled panel example's first draft with one misspelt name) from 20
concurrent keep-alive connections, each sending its next request as soon as the last one is
answered. The load comes from `wrk` (Debian package `wrk`) when it is installed: a C load
generator measures the server, not itself. Without it (or with --python-client) the clients
are Python threads in this process, whose own GIL queueing adds to every latency (they report
roughly half the throughput wrk does on the same server).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def body() -> bytes:
    raw = tomllib.loads((ROOT / "examples" / "panel-interview.toml").read_text("utf-8"))
    situation = json.loads(json.dumps(raw, default=lambda d: d.isoformat()))
    from afterview.drafting import draft_messages
    from afterview.situation import situation_from_dict

    first = draft_messages(situation_from_dict(situation))[0]
    text = f"Subject: {first.subject}\n\n{first.body}".replace("Thank you", "Thank yuo", 1)
    return json.dumps({"situation": situation, "text": text}).encode()


def wait_for(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the server did not start")


def client(port: int, payload: bytes, n: int, out: list[float], errors: list[int]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"content-type": "application/json"}
    for _ in range(n):
        t = time.perf_counter()
        conn.request("POST", "/api/check", body=payload, headers=headers)
        response = conn.getresponse()
        response.read()
        out.append((time.perf_counter() - t) * 1000)
        if response.status != 200:
            errors.append(response.status)


LUA = """
local f = io.open(os.getenv("AFTERVIEW_BENCH_BODY"), "rb")
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "application/json"
"""


def with_wrk(port: int, payload: bytes, clients: int, seconds: int) -> tuple[float, ...]:
    """(requests/s, p50, p99, non-2xx) measured by wrk."""
    import re
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        body_file, script = Path(folder) / "body.json", Path(folder) / "post.lua"
        body_file.write_bytes(payload)
        script.write_text(LUA)
        env = {**os.environ, "AFTERVIEW_BENCH_BODY": str(body_file)}
        url = f"http://127.0.0.1:{port}/api/check"
        common = ["wrk", "-t2", f"-c{clients}", "-s", str(script), "--latency", url]
        subprocess.run([*common[:-2], "-d2s", url], env=env, capture_output=True, check=True)
        out = subprocess.run(
            [*common[:-1], f"-d{seconds}s", url], env=env, capture_output=True, text=True
        ).stdout

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, ms("50%"), ms("99%"), float(bad.group(1)) if bad else 0.0


@contextlib.contextmanager
def serving(workers: int) -> Iterator[int]:
    """`afterview serve --workers N` on a free loopback port; yields the port."""
    port = free_port()
    exe = Path(sys.executable).with_name("afterview")
    server = subprocess.Popen(
        [str(exe), "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        wait_for(port)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def run_wrk(opts: argparse.Namespace, port: int, payload: bytes) -> None:
    print(
        f"POST /api/check, {opts.clients} connections (wrk), "
        f"{opts.workers} server process(es), {opts.seconds} s per run"
    )
    print(f"{'run':>4} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for run in range(1, opts.runs + 1):
        rate, p50, p99, bad = with_wrk(port, payload, opts.clients, opts.seconds)
        print(f"{run:>4} {rate:>8.0f} {p50:>8.1f} {p99:>8.1f} {bad:>7.0f}")
    print("target: p99 <= 30 ms")


def run_threads(opts: argparse.Namespace, port: int, payload: bytes) -> None:
    warm: list[float] = []
    for _ in range(opts.workers * 2):  # each worker builds its checker once
        client(port, payload, 20, warm, [])
    latencies: list[float] = []
    errors: list[int] = []
    threads = [
        threading.Thread(target=client, args=(port, payload, opts.requests, latencies, errors))
        for _ in range(opts.clients)
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100)
    print(
        f"POST /api/check, {opts.clients} concurrent Python client threads x {opts.requests} "
        f"requests, {opts.workers} server process(es)"
    )
    print(f"{'requests':>10} {'errors':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    print(
        f"{len(latencies):>10} {len(errors):>7} {len(latencies) / elapsed:>8.0f} "
        f"{q[49]:>8.1f} {q[94]:>8.1f} {q[98]:>8.1f}   (target p99 <= 30 ms)"
    )


def main() -> None:
    import shutil

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100, help="per client (Python client)")
    parser.add_argument("--seconds", type=int, default=10, help="per run (wrk)")
    parser.add_argument("--runs", type=int, default=3, help="wrk runs")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--python-client", action="store_true")
    opts = parser.parse_args()
    payload = body()
    with serving(opts.workers) as port:
        if shutil.which("wrk") and not opts.python_client:
            run_wrk(opts, port, payload)
        else:
            run_threads(opts, port, payload)


if __name__ == "__main__":
    main()
