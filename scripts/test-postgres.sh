#!/usr/bin/env bash
# Starts the local PostgreSQL cluster (Debian's pg_ctlcluster) and makes sure a role and a
# database for the tests exist; prints the DATABASE_URL to use on stdout (messages on stderr).
#
#   DATABASE_URL=$(scripts/test-postgres.sh) uv run pytest -q
#
# The role may create databases because Django's test runner creates `test_<name>` and drops
# it afterwards. Idempotent: a running cluster, an existing role or database are left as they
# are. Runs as root (CI, developer machines) or as a user allowed to sudo to `postgres`.
# Override the names with OPENITA_PG_USER / OPENITA_PG_PASSWORD / OPENITA_PG_DB.
set -euo pipefail

user=${OPENITA_PG_USER:-openita}
password=${OPENITA_PG_PASSWORD:-openita}
db=${OPENITA_PG_DB:-openita}

say() { echo "test-postgres: $*" >&2; }

# Only the URL goes to stdout: everything in main() writes to stderr, because the tools print
# to stdout too (pg_ctlcluster says "Removed stale pid file." after an unclean stop) and the
# caller's $(...) would take that as part of DATABASE_URL. No extra descriptor is kept open for
# the URL: the server that pg_ctlcluster starts would inherit it and $(...) would never end.
main() {

    if ! command -v pg_lsclusters >/dev/null 2>&1; then
        say "PostgreSQL is not installed (scripts/system-deps.sh installs it)"
        exit 1
    fi

    as_postgres() {
        if [ "$(id -u)" -eq 0 ]; then
            (cd / && runuser -u postgres -- "$@")
        else
            (cd / && sudo -u postgres -- "$@")
        fi
}
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -- "$@"; fi
}

# The first cluster Debian knows (normally "15 main" on bookworm); create one if none exists.
read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1) || true
if [ -z "${version:-}" ]; then
    version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -n 1)
    say "creating cluster $version main"
    as_root pg_createcluster "$version" main >/dev/null
    read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1)
fi

if [ "$status" != "online" ]; then
    say "starting cluster $version $cluster (port $port)"
    # Once more after a pause: after a crash the old server's children may still hold the
    # socket lock for a moment.
    as_root pg_ctlcluster "$version" "$cluster" start \
        || { sleep 3; as_root pg_ctlcluster "$version" "$cluster" start; }
fi

for _ in $(seq 1 30); do
    if pg_isready -q -h localhost -p "$port"; then break; fi
    sleep 1
done
pg_isready -q -h localhost -p "$port" || { say "cluster $version $cluster did not start"; exit 1; }

psql_admin() { as_postgres psql -p "$port" -X -q -v ON_ERROR_STOP=1 -tA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" != "1" ]; then
    say "creating role $user"
    psql_admin -c "CREATE ROLE \"$user\" LOGIN CREATEDB PASSWORD '$password'"
else
    psql_admin -c "ALTER ROLE \"$user\" LOGIN CREATEDB PASSWORD '$password'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
    say "creating database $db"
    psql_admin -c "CREATE DATABASE \"$db\" OWNER \"$user\" ENCODING 'UTF8' TEMPLATE template0"
fi

url="postgres://$user:$password@localhost:$port/$db"
}

main >&2
echo "$url"
