"""Every session of a store sees and writes only its owner's rows — by construction, not by a
``WHERE`` remembered in each query.

A :class:`~afterview.store.repo.Store` is opened for one user (``owner_id``; a local store's one
user is id 1). Its sessions carry that id, and three SQLAlchemy hooks act on every statement:

- ``do_orm_execute`` adds ``owner_id = :me`` for every owned table a SELECT, UPDATE or DELETE
  touches (``with_loader_criteria``: joins, subqueries and ``Session.get`` included), so a
  query written without thought for owners still returns only the owner's rows;
- ``before_flush`` gives every new owned row its owner, and refuses one stamped for someone
  else;
- ``after_begin`` sets ``afterview.user_id`` for the transaction on PostgreSQL, where row-level
  security (migration 0009) enforces the same rule for every role that does not own the tables
  — the web's and the workers' in a shared deployment — as defence in depth.

``tests/test_owners.py`` holds every read and write of the store to it for two users.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from afterview.store import schema

OWNER = "owner_id"  # the session.info keys: whose rows, and who is looking
ACTOR = "actor_id"


def sessions_for(engine: Any, owner_id: int, actor_id: int | None = None) -> sessionmaker[Session]:
    """A session factory whose sessions see ``owner_id``'s rows. ``actor_id``: someone else
    looking at them (an advisor through a share): PostgreSQL is told the actor, so row-level
    security lets them read only what was shared and write none of it."""
    info = {OWNER: owner_id, ACTOR: actor_id if actor_id is not None else owner_id}
    return sessionmaker(engine, expire_on_commit=False, info=info)


@event.listens_for(Session, "do_orm_execute")
def _only_the_owners_rows(state: ORMExecuteState) -> None:
    owner = state.session.info.get(OWNER)
    if owner is None or not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return  # loading more of rows already scoped: the criteria came with the first load
    state.statement = state.statement.options(
        with_loader_criteria(
            schema.Owned,
            lambda cls: cls.owner_id == owner,
            include_aliases=True,  # ``owner`` becomes a bound parameter, never cached SQL
        )
    )


@event.listens_for(Session, "before_flush")
def _new_rows_are_the_owners(session: Session, _context: Any, _instances: Any) -> None:
    owner = session.info.get(OWNER)
    if owner is None:
        return
    for row in session.new:
        if isinstance(row, schema.Owned):
            if row.owner_id is None:
                row.owner_id = owner
            elif row.owner_id != owner:
                raise PermissionError(f"a row for user {row.owner_id} in user {owner}'s session")


@event.listens_for(Session, "after_begin")
def _tell_postgresql_who(session: Session, _transaction: Any, connection: Any) -> None:
    actor = session.info.get(ACTOR, session.info.get(OWNER))
    if actor is not None:
        as_owner(connection, actor)


def as_owner(connection: Any, owner_id: int) -> None:
    """For the rest of this transaction, PostgreSQL's row-level security sees ``owner_id``
    (a no-op elsewhere). For the few queries written without a session (backups)."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT set_config('afterview.user_id', :me, true)"), {"me": str(owner_id)}
        )
