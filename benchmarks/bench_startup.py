"""Cold start of every everyday command beside codespell's, in one run on the same machine.

    python benchmarks/bench_startup.py [--runs 10] [--importtime]

Target (issue 14): each of advise, draft, check, agenda, list, outbox at most 1.5x codespell's
cold run on one draft. Each figure is the median wall time of a fresh process, interleaved
round by round so a busy moment hits every command alike. ``--importtime`` prints the ten
slowest imports of each command (python -X importtime), to see what start-up pays for.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITUATION = ROOT / "examples" / "panel-interview.toml"
DRAFT = """To: Dr. Priya Nair <priya.nair@northwind.example>
Subject: Thank you for today

Dear Dr. Nair,

Thank you for the conversation about the Senior Data Analyst role and the plan to move the
claims dashboard to dbt. I enjoyed hearing how your team works with the clinics.

Best regards,
Alex Rivera
"""


def tool(name: str) -> str | None:
    exe = Path(sys.executable).with_name(name)
    return str(exe) if exe.exists() else shutil.which(name)


def commands(folder: Path, db: str) -> dict[str, list[str]]:
    afterview = tool("afterview") or "afterview"
    draft = folder / "draft.txt"
    draft.write_text(DRAFT)
    found = {
        "advise": [afterview, "advise", str(SITUATION)],
        "draft": [afterview, "draft", str(SITUATION)],
        "check": [afterview, "check", str(draft), "--situation", str(SITUATION)],
        "agenda": [afterview, "agenda", "--db", db],
        "list": [afterview, "list", "--db", db],
        "outbox": [afterview, "outbox", "--db", db],
        "--help": [afterview, "--help"],
    }
    codespell = tool("codespell")
    if codespell:
        found["codespell"] = [codespell, str(draft)]
    found["python -c pass"] = [sys.executable, "-c", "pass"]
    return found


def run_once(cmd: list[str]) -> float:
    env = {**os.environ, "NO_COLOR": "1"}
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def import_costs(cmd: list[str], top: int = 10) -> list[tuple[int, str]]:
    """The slowest imports (cumulative µs, module) of one run, by ``python -X importtime``."""
    script = Path(cmd[0])
    argv = [sys.executable, "-X", "importtime", "-m", "afterview", *cmd[1:]]
    if script.name != "afterview":
        return []
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    rows = []
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|(\s*)(\S+)", line)
        if m and len(m.group(2)) <= 2:  # top-level imports only (nested ones are inside)
            rows.append((int(m.group(1)), m.group(3)))
    return sorted(rows, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--importtime", action="store_true")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = str(folder / "afterview.db")
        afterview = tool("afterview") or "afterview"
        subprocess.run([afterview, "import", str(SITUATION), "--db", db], capture_output=True)
        subprocess.run([afterview, "draft", "1", "--save", "--db", db], capture_output=True)
        cmds = commands(folder, db)
        for cmd in cmds.values():  # warm the page cache and afterview's own caches
            run_once(cmd)
        times: dict[str, list[float]] = {label: [] for label in cmds}
        for _ in range(opts.runs):
            for label, cmd in cmds.items():
                times[label].append(run_once(cmd))
        median = {label: statistics.median(t) * 1000 for label, t in times.items()}
        base = median.get("codespell")
        print(f"cold start, median of {opts.runs} interleaved runs (ms)")
        print(f"  {'command':<16} {'ms':>8} {'x codespell':>12}")
        for label, ms in median.items():
            ratio = f"{ms / base:.2f}" if base else "-"
            mark = ""
            if base and label not in ("codespell", "python -c pass", "--help"):
                mark = "  ok" if ms / base <= 1.5 else "  OVER 1.5"
            print(f"  {label:<16} {ms:8.1f} {ratio:>12}{mark}")
        if opts.importtime:
            for label, cmd in cmds.items():
                costs = import_costs(cmd)
                if costs:
                    print(f"\nslowest imports of {label} (cumulative ms)")
                    for us, module in costs:
                        print(f"  {us / 1000:7.1f}  {module}")


if __name__ == "__main__":
    main()
