"""Where the store is (``--db``, ``DATABASE_URL``, or the user data folder) and the schema it
must be at: light enough for every command to ask, SQLAlchemy is not loaded here."""

from __future__ import annotations

import os
from pathlib import Path

HEAD = "0012"  # the latest migration; tests/test_store.py checks it against Alembic's head


def default_url() -> str:
    """``DATABASE_URL`` if set, else an SQLite file in the user data directory."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("afterview", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'afterview.db'}"


def url_for(db: str | None) -> str:
    """The URL for a ``--db`` value: a path (SQLite) or a URL; None means the default."""
    if db is None:
        return default_url()
    return db if "://" in db else f"sqlite:///{Path(db).expanduser()}"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///PATH`` URL (no query, not in memory), else None."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or len(url) == len(prefix):
        return None
    return Path(url[len(prefix) :])
