#!/bin/bash
# PostgreSQL with prepared transactions and commit timestamps, as the lab runs it. The data
# directory is initialized on the first start; the server runs as the postgres user.
set -euo pipefail
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set}"
user=${POSTGRES_USER:-recoverybench}
db=${POSTGRES_DB:-recoverybench}
port=${PG_PORT:-5432}
listen=${PG_LISTEN:-127.0.0.1}
data=/var/lib/postgresql/data
bin=/opt/postgres/bin
as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; }
chown postgres:postgres "$data"
chmod 700 "$data"
if [ ! -f "$data/PG_VERSION" ]; then
  pw=$(mktemp); echo "$POSTGRES_PASSWORD" > "$pw"; chown postgres "$pw"
  as_pg "$bin/initdb" -D "$data" -U "$user" --pwfile="$pw" -A scram-sha-256 -E UTF8 --no-locale >/dev/null
  rm -f "$pw"
  echo "host all all all scram-sha-256" >> "$data/pg_hba.conf"
  if [ "$db" != postgres ]; then
    echo "CREATE DATABASE \"$db\"" | as_pg "$bin/postgres" --single -D "$data" postgres >/dev/null
  fi
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$bin/postgres" -D "$data" -p "$port" \
  -c listen_addresses="$listen" -c unix_socket_directories= \
  -c max_prepared_transactions="${PG_MAX_PREPARED_TRANSACTIONS:-64}" \
  -c track_commit_timestamp=on -c max_connections=200 -c logging_collector=off
