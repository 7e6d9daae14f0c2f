"""Benchmark password hashing: argon2id with argon2-cffi's defaults (what afterview uses),
one check at a time and two at once (this machine has 2 cores). Prints a table.

    .venv/bin/python benchmarks/bench_passwords.py [--runs N]

What it decides: a sign-in costs one check (~the median below) and 64 MiB while it runs;
an unknown email costs the same (a dummy hash is checked).
"""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ThreadPoolExecutor


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    from afterview.accounts import passwords

    ph = passwords.hasher()
    stored = passwords.hash_password("correct horse battery staple")

    def one(_: int = 0) -> float:
        start = time.perf_counter()
        passwords.check(stored, "correct horse battery staple")
        return (time.perf_counter() - start) * 1000

    def unknown(_: int = 0) -> float:
        start = time.perf_counter()
        passwords.check(None, "correct horse battery staple")
        return (time.perf_counter() - start) * 1000

    one()
    unknown()
    print(f"argon2id m={ph.memory_cost} KiB t={ph.time_cost} p={ph.parallelism}")
    print(f"{'case':<34} {'p50 ms':>8} {'max ms':>8}")
    for name, fn in (("check, right password", one), ("check, unknown account", unknown)):
        times = [fn() for _ in range(runs)]
        print(f"{name:<34} {statistics.median(times):>8.1f} {max(times):>8.1f}")
    with ThreadPoolExecutor(2) as pool:
        start = time.perf_counter()
        list(pool.map(one, range(runs * 2)))
        per_second = runs * 2 / (time.perf_counter() - start)
    print(f"{'checks a second, 2 threads':<34} {per_second:>8.1f}")


if __name__ == "__main__":
    main()
