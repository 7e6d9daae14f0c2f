"""``afterview admin``: create users, grant roles, disable, list; one-line errors, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from afterview.accounts import passwords
from afterview.store.accounts import Accounts

from oidc import support


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "afterview.db"
    support.store_with_users(path)
    return str(path)


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "afterview", "admin", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def rows(db: str) -> dict[str, object]:
    from afterview.store import open_store

    return {row.email: row for row in Accounts(open_store(db).engine).all()}


def test_create_grant_disable_and_list(db: str) -> None:
    made = run(
        "create-user", "Sam@Uni.example", "--name", "Sam  Okafor", "--role", "advisor", "--db", db
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("created user 2: Sam@Uni.example (advisor,")
    local = run(
        "create-user",
        "kim@uni.example",
        "--name",
        "Kim",
        "--password-stdin",
        "--db",
        db,
        stdin="a long enough password\n",
    )
    assert local.returncode == 0, local.stderr
    stored = rows(db)
    sam, kim = stored["Sam@Uni.example"], stored["kim@uni.example"]
    assert (sam.name, sam.role, sam.password_hash) == ("Sam Okafor", "advisor", None)  # type: ignore[attr-defined]
    assert kim.role == "student"  # type: ignore[attr-defined]
    assert passwords.check(kim.password_hash, "a long enough password").ok  # type: ignore[attr-defined]
    assert not passwords.check(kim.password_hash, "a long enough password\n").ok  # type: ignore[attr-defined]

    granted = run("grant", "sam@uni.example", "ADMIN", "--db", db)
    assert granted.returncode == 0 and granted.stdout == "Sam@Uni.example is now admin\n"
    assert run("disable", "kim@uni.example", "--db", db).returncode == 0
    listed = json.loads(run("users", "--json", "--db", db).stdout)["users"]
    assert listed[0]["id"] == 1  # the local store's own user (migration 0009)
    listed = listed[1:]
    assert [(u["email"], u["role"], u["sign_in"], u["disabled_at"] is None) for u in listed] == [
        ("Sam@Uni.example", "admin", "", True),
        ("kim@uni.example", "student", "password", False),
    ]
    text = run("users", "--db", db).stdout.splitlines()[1:]
    assert len(text) == 2 and "disabled" in text[1] and "active" in text[0]


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (["create-user", "not-an-email", "--name", "X"], "", "expected an email address"),
        (
            ["create-user", "a@uni.example", "--name", "X", "--role", "dean"],
            "",
            "expected one of student, advisor, admin",
        ),
        (["create-user", "a@uni.example", "--name", "  "], "", "expected the person's name"),
        (
            ["create-user", "a@uni.example", "--name", "X", "--password-stdin"],
            "short\n",
            "at least 12",
        ),
        (
            ["create-user", "a@uni.example", "--name", "X", "--password-stdin"],
            "",
            "expected a password",
        ),
        (["grant", "nobody@uni.example", "advisor"], "", "no user with this email"),
        (["grant", "sam@uni.example", "superuser"], "", "expected one of"),
        (["disable", "nobody@uni.example"], "", "no user with this email"),
        (["create-user", "SAM@uni.example", "--name", "Again"], "", "exists already"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(db: str, args: list[str], stdin: str, words: str) -> None:
    assert run("create-user", "sam@uni.example", "--name", "Sam", "--db", db).returncode == 0
    before = rows(db)
    done = run(*args, "--db", db, stdin=stdin)
    assert done.returncode == 2, done.stdout + done.stderr
    assert words in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
    after = rows(db)
    assert after.keys() == before.keys()
    assert [r.role for r in after.values()] == [r.role for r in before.values()]  # type: ignore[attr-defined]


def test_users_lists_the_local_user_of_a_new_store(db: str) -> None:
    done = run("users", "--db", db)
    assert done.returncode == 0 and done.stdout.split()[:2] == ["1", "you@localhost.invalid"]


def test_the_user_queries_on_postgresql() -> None:
    from datetime import UTC, datetime

    from afterview.accounts import users
    from afterview.errors import InputError
    from afterview.store import open_store

    from helpers import clean_postgres

    store = open_store(clean_postgres())
    now = datetime.now(UTC)
    made = users.create_user(store, "Ada@Uni.example", "Ada", "advisor", now, "a long password 1")
    accounts = Accounts(store.engine)
    assert accounts.by_email("ada@uni.EXAMPLE") == accounts.by_id(made.id)
    with pytest.raises(InputError, match="exists already"):
        users.create_user(store, "ADA@uni.example", "Again", "student", now)
    accounts.link_subject(made.id, "https://sso.example", "sub-1")
    assert accounts.by_subject("https://sso.example", "sub-1").id == made.id  # type: ignore[union-attr]
    assert users.grant(store, "ada@uni.example", "admin").role == "admin"
    users.disable(store, "ada@uni.example", now)
    assert accounts.by_id(made.id).disabled_at is not None  # type: ignore[union-attr]
    assert users.password_sign_in(store, "ada@uni.example", "a long password 1").user is None
    store.engine.dispose()
