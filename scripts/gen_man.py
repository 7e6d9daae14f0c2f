"""Write the man page from the commands: ``python scripts/gen_man.py`` (``--check``: exit 1
when the shipped page is stale; the tests do this too)."""

from __future__ import annotations

import sys
from pathlib import Path

from afterview.cli.manpage import render

PAGE = Path(__file__).resolve().parent.parent / "src" / "afterview" / "cli" / "afterview.1"


def main() -> int:
    text = render()
    if "--check" in sys.argv[1:]:
        if not PAGE.exists() or PAGE.read_text("utf-8") != text:
            print(f"{PAGE} is stale: run python scripts/gen_man.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, "utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
