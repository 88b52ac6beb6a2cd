#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on a private port for the shared-database tests and
# print its SQLAlchemy URL. Uses Debian's server binaries (installed by .ci/run).
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "no PostgreSQL server binaries" >&2; exit 1; }
port=${REGDESK_PG_PORT:-55432}
# A port something else already listens on (a cluster left running) is skipped.
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
done
root=$(mktemp -d /tmp/regdesk-pg.XXXXXX)
chown postgres:postgres "$root" 2>/dev/null || true
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
run "'$bindir/initdb' -D '$root/data' -U regdesk --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
run "'$bindir/pg_ctl' -D '$root/data' -o \"-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off\" -l '$root/log' -w start" >/dev/null
run "'$bindir/createdb' -h 127.0.0.1 -p $port -U regdesk regdesk_test"
echo "postgresql+psycopg://regdesk@127.0.0.1:$port/regdesk_test"
