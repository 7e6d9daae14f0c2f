# A throwaway PostgreSQL cluster in a temp dir (shared/RECIPES.md §2): pg_start, pg_stop.
_pg_as() { (cd / && runuser -u postgres -- "$@"); }   # initdb/postgres refuse to run as root

pg_start() {
  PG_BINDIR=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  PG_TMP=$(mktemp -d /tmp/ci-pg.XXXXXX)
  chown postgres:postgres "$PG_TMP"
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  _pg_as "$PG_BINDIR/initdb" -D "$PG_TMP/data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  _pg_as "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 start \
      -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null \
    || { cat "$PG_TMP/server.log" >&2; return 1; }
  _pg_as "$PG_BINDIR/psql" -h "$PG_TMP" -p "$PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1 \
      -c "CREATE ROLE app LOGIN PASSWORD 'app'" \
      -c "CREATE ROLE app_web LOGIN PASSWORD 'app_web'" \
      -c "CREATE DATABASE appdb OWNER app" \
      -c "CREATE DATABASE appdb_restore OWNER app" || return 1
  export PG_BINDIR PG_TMP PG_PORT
  export DATABASE_URL="postgresql+psycopg://app:app@127.0.0.1:$PG_PORT/appdb"
  # A role that does not own the tables: row-level security applies to it (issue 15)
  export DATABASE_WEB_URL="postgresql+psycopg://app_web:app_web@127.0.0.1:$PG_PORT/appdb"
  # An empty database to restore a pg_dump into (docs/deploy.md's restore, tested)
  export DATABASE_RESTORE_URL="postgresql+psycopg://app:app@127.0.0.1:$PG_PORT/appdb_restore"
}

pg_stop() {
  [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP" ] || return 0
  _pg_as "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"; unset PG_TMP
}
