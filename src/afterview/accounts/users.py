"""Users and roles, and what an admin does with them (the ``afterview admin`` commands call
these; the SQL is in afterview.store.accounts).

Roles: ``student`` (their own interviews and drafts; everyone who signs in with the
organisation's provider for the first time), ``advisor`` (also what students share with them),
``admin`` (also the accounts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from afterview.errors import InputError
from afterview.store.accounts import Accounts, UserRow
from afterview.store.schema import LOCAL_USER as LOCAL_ID

Role = Literal["student", "advisor", "admin"]
ROLES: tuple[Role, ...] = ("student", "advisor", "admin")


@dataclass(frozen=True)
class User:
    """The signed-in person, as routes see them."""

    id: int
    email: str
    name: str
    role: Role
    timezone: str | None = None  # the zone their pages show times in; None: the server's

    @classmethod
    def of(cls, row: UserRow) -> User:
        """The user a stored row describes."""
        return cls(
            id=row.id,
            email=row.email,
            name=row.name,
            role=row.role,  # type: ignore[arg-type]
            timezone=row.timezone,
        )


# Local mode: the one person at this machine, who never signs in (DESIGN: user id 1).
LOCAL_USER = User(id=LOCAL_ID, email="you@localhost.invalid", name="You", role="student")


def role(value: str) -> Role:
    """``value`` as a role; InputError naming the choices otherwise."""
    cleaned = value.strip().lower()
    for known in ROLES:
        if cleaned == known:
            return known
    raise InputError("ROLE", None, f"expected one of {', '.join(ROLES)}; got {value!r}")


def email_address(value: str) -> str:
    """``value`` checked as an email address (the form it was given in, trimmed)."""
    from email_validator import EmailNotValidError, validate_email

    cleaned = value.strip()
    try:
        validate_email(cleaned, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InputError("EMAIL", None, f"expected an email address; {exc}") from None
    return cleaned


def _found(accounts: Accounts, email: str) -> UserRow:
    row = accounts.by_email(email)
    if row is None:
        raise InputError(email, None, "no user with this email (see: afterview admin users)")
    return row


def create_user(
    store: Any,
    email: str,
    name: str,
    user_role: str,
    now: datetime,
    password: str | None = None,
) -> User:
    """Add a user (with a password: a local account; without: one who signs in with the
    organisation's provider, linked on first sign-in by this email)."""
    from afterview.accounts import passwords

    address = email_address(email)
    cleaned_name = " ".join(name.split())
    if not cleaned_name:
        raise InputError("--name", None, "expected the person's name")
    checked_role = role(user_role)
    hashed = None
    if password is not None:
        why = passwords.problem(password)
        if why:
            raise InputError("password", None, why)
        hashed = passwords.hash_password(password)
    row = Accounts(store.engine).create(address, cleaned_name, checked_role, now, hashed)
    return User.of(row)


def grant(store: Any, email: str, user_role: str) -> User:
    """Give the user with ``email`` the role ``user_role`` (replacing their role)."""
    checked = role(user_role)
    accounts = Accounts(store.engine)
    row = _found(accounts, email)
    accounts.set_role(row.id, checked)
    return User(id=row.id, email=row.email, name=row.name, role=checked)


def disable(store: Any, email: str, now: datetime) -> User:
    """Disable the user with ``email``: they cannot sign in, and their sessions end at their
    next request. Their data stays."""
    accounts = Accounts(store.engine)
    row = _found(accounts, email)
    if row.disabled_at is None:
        accounts.disable(row.id, now)
    return User.of(row)


def enable(store: Any, email: str) -> User:
    """Undo :func:`disable`: the user with ``email`` can sign in again."""
    accounts = Accounts(store.engine)
    row = _found(accounts, email)
    if row.disabled_at is not None:
        accounts.enable(row.id)
    return User.of(row)


def every_user(store: Any) -> list[UserRow]:
    """Every user, by id."""
    return Accounts(store.engine).all()


class AccountRefused(Exception):
    """A sign-in that reached afterview but cannot be let in (disabled, or an email taken by
    an account that is not linked to this sign-in); the message says what to do."""


@dataclass(frozen=True)
class PasswordOutcome:
    """The signed-in user, or None and (sometimes) why."""

    user: User | None
    refusal: str | None = None


def password_sign_in(store: Any, email: str, password: str) -> PasswordOutcome:
    """Check a local account's email and password (same cost whether or not the account
    exists), replacing the hash when the hashing parameters changed."""
    from afterview.accounts import passwords

    accounts = Accounts(store.engine)
    row = accounts.by_email(email)
    checked = passwords.check(row.password_hash if row else None, password)
    if row is None or not checked.ok:
        return PasswordOutcome(None)
    if row.disabled_at is not None:
        return PasswordOutcome(None, "This account is disabled; ask your afterview admin.")
    if checked.rehash:
        accounts.set_password_hash(row.id, checked.rehash)
    return PasswordOutcome(User.of(row))


def sign_in_identity(store: Any, identity: Any, now: datetime) -> User:
    """The user the provider's ``identity`` (afterview.accounts.oidc.Identity) is: found by
    (issuer, subject); else an account an admin made for the same, verified, email, now linked;
    else a new ``student``."""
    accounts = Accounts(store.engine)
    row = accounts.by_subject(identity.issuer, identity.subject)
    if row is None:
        row = _first_sign_in(accounts, identity, now)
    if row.disabled_at is not None:
        raise AccountRefused("This account is disabled; ask your afterview admin.")
    return User.of(row)


def _first_sign_in(accounts: Accounts, identity: Any, now: datetime) -> UserRow:
    if not identity.email:
        raise AccountRefused(
            "Your single sign-on did not share your email address, which afterview "
            "needs; ask your afterview admin (the provider must release the 'email' scope)."
        )
    existing = accounts.by_email(identity.email)
    if existing is not None:
        if existing.oidc_subject is None and identity.email_verified:
            accounts.link_subject(existing.id, identity.issuer, identity.subject)
            linked = accounts.by_id(existing.id)
            assert linked is not None
            return linked
        raise AccountRefused(
            f"An afterview account for {identity.email} exists already and is not linked to "
            "this sign-in; ask your afterview admin."
        )
    name = " ".join((identity.name or "").split()) or identity.email
    try:
        return accounts.create(
            identity.email, name, "student", now, oidc=(identity.issuer, identity.subject)
        )
    except InputError:  # the same person's first sign-in, twice at once: the other one won
        row = accounts.by_subject(identity.issuer, identity.subject)
        if row is None:
            raise
        return row
