"""The ``users`` table (migration 0009, schema.User): find, create, grant, disable, list.

Emails are kept as given but matched without regard to case (``lower(email)``), so
Alex@Uni.example and alex@uni.example are one account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, Table, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from afterview.errors import InputError
from afterview.store import schema

USERS: Table = schema.User.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class UserRow:
    """One row of ``users``."""

    id: int
    email: str
    name: str
    role: str
    password_hash: str | None
    oidc_issuer: str | None
    oidc_subject: str | None
    created_at: datetime
    disabled_at: datetime | None
    timezone: str | None = None


def _row(found: object) -> UserRow | None:
    if found is None:
        return None
    return UserRow(**found._mapping)  # type: ignore[attr-defined]


class Accounts:
    """The users of a store's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _one(self, *where: object) -> UserRow | None:
        with self.engine.connect() as connection:
            return _row(connection.execute(select(USERS).where(*where)).first())  # type: ignore[arg-type]

    def by_id(self, user_id: int) -> UserRow | None:
        """The user with this id."""
        return self._one(USERS.c.id == user_id)

    def by_email(self, email: str) -> UserRow | None:
        """The user with this email (any case)."""
        return self._one(func.lower(USERS.c.email) == email.strip().lower())

    def by_subject(self, issuer: str, subject: str) -> UserRow | None:
        """The user an OpenID Connect provider knows as ``subject``."""
        return self._one(USERS.c.oidc_issuer == issuer, USERS.c.oidc_subject == subject)

    def all(self) -> list[UserRow]:
        """Every user, by id."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(USERS).order_by(USERS.c.id)).all()
        return [UserRow(**row._mapping) for row in rows]

    def create(
        self,
        email: str,
        name: str,
        role: str,
        now: datetime,
        password_hash: str | None = None,
        oidc: tuple[str, str] | None = None,
    ) -> UserRow:
        """Add a user; InputError when the email (or the provider's subject) has one already."""
        values = {
            "email": email.strip(),
            "name": name,
            "role": role,
            "password_hash": password_hash,
            "oidc_issuer": oidc[0] if oidc else None,
            "oidc_subject": oidc[1] if oidc else None,
            "created_at": now,
            "disabled_at": None,
        }
        try:
            with self.engine.begin() as connection:
                taken = connection.execute(
                    select(USERS.c.id).where(func.lower(USERS.c.email) == email.strip().lower())
                ).first()
                if taken is not None:
                    raise InputError(email, None, "a user with this email exists already")
                new_id = connection.execute(
                    insert(USERS).values(**values).returning(USERS.c.id)
                ).scalar_one()
        except IntegrityError:
            raise InputError(email, None, "a user with this email exists already") from None
        created = self.by_id(int(new_id))
        assert created is not None
        return created

    def _set(self, user_id: int, **values: object) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(USERS).where(USERS.c.id == user_id).values(**values))

    def set_role(self, user_id: int, role: str) -> None:
        """Give the user ``role``."""
        self._set(user_id, role=role)

    def set_timezone(self, user_id: int, zone: str | None) -> None:
        """The zone the user's pages show times in (an IANA name; None: the server's)."""
        self._set(user_id, timezone=zone)

    def set_password_hash(self, user_id: int, password_hash: str | None) -> None:
        """Store a new password hash (a changed password, or a rehash)."""
        self._set(user_id, password_hash=password_hash)

    def link_subject(self, user_id: int, issuer: str, subject: str) -> None:
        """Record that the provider ``issuer`` knows this user as ``subject``."""
        try:
            self._set(user_id, oidc_issuer=issuer, oidc_subject=subject)
        except IntegrityError:
            raise InputError(issuer, None, "this account is linked to another user") from None

    def enable(self, user_id: int) -> None:
        """Undo :meth:`disable`."""
        self._set(user_id, disabled_at=None)

    def disable(self, user_id: int, now: datetime) -> None:
        """Disable the user (kept, but cannot sign in; their sessions end)."""
        self._set(user_id, disabled_at=now)
