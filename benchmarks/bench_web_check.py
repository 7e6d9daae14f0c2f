"""Benchmark `POST /api/check` with 20 concurrent clients on loopback (target p99 <= 30 ms).

    .venv/bin/python benchmarks/bench_web_check.py [--clients 20] [--requests 100]

Starts the real server (`afterview serve`, one uvicorn process) on a free loopback port, then
runs N client threads, each with its own keep-alive connection, each posting a realistic
draft (the bundled panel example's first draft with one misspelt name) --requests times.
Latency is measured per request on the client, so it includes the client's own overhead.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100, help="per client")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    opts = parser.parse_args()
    port = free_port()
    exe = Path(sys.executable).with_name("afterview")
    server = subprocess.Popen(
        [str(exe), "serve", "--port", str(port), "--workers", str(opts.workers)],
        stdout=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        wait_for(port)
        payload = body()
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
    finally:
        server.terminate()
        server.wait(timeout=10)
    q = statistics.quantiles(latencies, n=100)
    print(
        f"POST /api/check, {opts.clients} concurrent clients x {opts.requests} requests, "
        f"{opts.workers} server process(es)"
    )
    print(f"{'requests':>10} {'errors':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    print(
        f"{len(latencies):>10} {len(errors):>7} {len(latencies) / elapsed:>8.0f} "
        f"{q[49]:>8.1f} {q[94]:>8.1f} {q[98]:>8.1f}   (target p99 <= 30 ms)"
    )


if __name__ == "__main__":
    main()
