"""Make every console example in the README (and docs/*.md) the real output of its command.

    python scripts/gen_readme.py           # rewrite the examples
    python scripts/gen_readme.py --check   # exit 1 when one has drifted (the tests do this)

A ```console block holds one or more ``$ afterview ...`` lines, each followed by its output.
Each command runs from the repository's root (or the folder given by ``cd`` in a ``$ cd X &&``
prefix), piped as a user's would be, 100 columns wide, stderr after stdout. An example whose
output ends in a line ``...`` keeps only as many lines as it shows now, then ``...``. Blocks
whose commands are not afterview's (curl) are left alone.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def run(command: str) -> str:
    """The output of one ``$`` line (without the ``$``)."""
    words = shlex.split(command)
    cwd = ROOT
    if words[:1] == ["cd"] and "&&" in words:
        cwd = ROOT / words[1]
        words = words[words.index("&&") + 1 :]
    assert words[0] == "afterview", command
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "AFTERVIEW_CACHE_DIR": "off",
        "TZ": "UTC",
        "HOME": os.environ.get("HOME", "/tmp"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "afterview", *words[1:]],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )
    return (done.stdout + done.stderr).rstrip("\n")


def regenerate(block: str) -> str:
    """The block with each afterview command's output made anew."""
    parts = re.split(r"^\$ (.*)$", block, flags=re.M)
    if not all(re.match(r"(cd \S+ && )?afterview ", c) for c in parts[1::2]):
        return block  # another program's example (curl): left as written
    out = [parts[0]] if parts[0].strip() else []
    for command, shown in zip(parts[1::2], parts[2::2], strict=True):
        output = run(command).split("\n")
        shown_lines = shown.strip("\n").split("\n")
        if shown_lines and shown_lines[-1] == "...":
            output = [*output[: len(shown_lines) - 1], "..."]
        out.append(f"$ {command}\n" + "\n".join(output) + "\n")
    return "".join(out)


def render(text: str) -> str:
    return BLOCK.sub(lambda m: "```console\n" + regenerate(m.group(1)) + "```", text)


def main() -> int:
    stale = []
    for file in FILES:
        text = file.read_text("utf-8")
        made = render(text)
        if made != text:
            stale.append(file)
            if "--check" not in sys.argv[1:]:
                file.write_text(made, "utf-8")
    if "--check" in sys.argv[1:] and stale:
        names = ", ".join(str(f.relative_to(ROOT)) for f in stale)
        print(f"stale console examples in {names}: run python scripts/gen_readme.py")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
