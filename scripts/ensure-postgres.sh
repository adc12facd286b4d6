#!/usr/bin/env bash
# Starts the local Debian PostgreSQL cluster if it is down and makes sure the role and
# database the tests use exist: postgres://billing:billing@127.0.0.1:5432/billing.
# Idempotent; used by .ci/run and by `npm test` when DATABASE_URL is not set.
set -euo pipefail

PG_VERSION="${PG_VERSION:-15}"
PG_CLUSTER="main"
PG_PORT=5432
DATABASE_URL="postgres://billing:billing@127.0.0.1:${PG_PORT}/billing"
SUDO=()
if [[ $EUID -ne 0 ]] && command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL is not installed: apt-get install postgresql (or set DATABASE_URL)" >&2
  exit 1
fi

as_postgres() { # run a command as the postgres OS user, from a directory it can read
  (cd / && if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else sudo -n -u postgres "$@"; fi)
}

start_postgres() {
  if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {f=1} END {exit !f}'; then
    echo "creating cluster $PG_VERSION/$PG_CLUSTER"
    "${SUDO[@]}" pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT"
  fi
  if "${SUDO[@]}" pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; then
    echo "cluster $PG_VERSION/$PG_CLUSTER already running"
  else
    "${SUDO[@]}" pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
  fi
  local i
  for ((i = 0; i < 60; i++)); do
    if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then break; fi
    sleep 0.5
  done
  pg_isready -h 127.0.0.1 -p "$PG_PORT"

  # Role `billing` (SUPERUSER: tests create a database per test file) and database `billing`.
  as_postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qAt <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'billing') THEN
    CREATE ROLE billing LOGIN SUPERUSER PASSWORD 'billing';
  ELSE
    ALTER ROLE billing LOGIN SUPERUSER PASSWORD 'billing';
  END IF;
END
$$;
SELECT 'CREATE DATABASE billing OWNER billing'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'billing')\gexec
SQL
  psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -qAt -c 'SELECT version()'
}

start_postgres
