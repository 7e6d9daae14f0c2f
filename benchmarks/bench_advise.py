"""Benchmark the advisor: in-process latency and cold CLI wall time. Prints a table.

    .venv/bin/python benchmarks/bench_advise.py [--runs N]

Targets (shared/DESIGN.md): `advise` of one situation, in-process, <= 1 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.*"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def in_process(runs: int) -> list[tuple[str, float, float]]:
    from afterview.advice import advise, load_pack
    from afterview.situation import load_situation

    load_pack()
    rows = []
    for path in EXAMPLES:
        situation = load_situation(path)
        advise(situation)  # warm caches (holiday tables, zones)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            advise(situation)
            times.append((time.perf_counter() - t) * 1000)
        rows.append((path.stem, statistics.median(times), percentile(times, 0.99)))
    return rows


def cold(args: list[str], runs: int) -> float:
    exe = str(Path(sys.executable).with_name("afterview"))
    env = {**os.environ, "NO_COLOR": "1"}
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([exe, *args], capture_output=True, env=env, check=True)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--cold-runs", type=int, default=15)
    opts = parser.parse_args()

    rows = in_process(opts.runs)
    print(f"advise, in-process, warm ({opts.runs} runs each; target p50 <= 1 ms)")
    print(f"{'example':<26} {'p50 ms':>8} {'p99 ms':>8}")
    for name, p50, p99 in rows:
        print(f"{name:<26} {p50:>8.3f} {p99:>8.3f}")
    all_p50 = statistics.median(r[1] for r in rows)
    print(f"{'median of examples':<26} {all_p50:>8.3f}")
    print()
    panel = str(ROOT / "examples" / "panel-interview.toml")
    print(f"cold CLI, median of {opts.cold_runs} runs")
    print(f"{'command':<42} {'ms':>8}")
    for label, args in (
        ("afterview --version", ["--version"]),
        ("afterview advise panel-interview.toml", ["advise", panel]),
        ("afterview advise panel-interview.toml --json", ["advise", panel, "--json"]),
        ("python -c pass (interpreter floor)", None),
    ):
        if args is None:
            times = []
            for _ in range(opts.cold_runs):
                t = time.perf_counter()
                subprocess.run([sys.executable, "-c", "pass"], check=True)
                times.append((time.perf_counter() - t) * 1000)
            ms = statistics.median(times)
        else:
            ms = cold(args, opts.cold_runs)
        print(f"{label:<42} {ms:>8.1f}")


if __name__ == "__main__":
    main()
