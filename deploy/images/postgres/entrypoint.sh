#!/bin/bash
# The official postgres image's entrypoint, reduced to what Runnel's Compose file uses: on the
# first start (an empty $PGDATA) make a cluster whose superuser is $POSTGRES_USER with
# $POSTGRES_PASSWORD and a database $POSTGRES_DB, reachable from other containers with a password;
# then run the server as the postgres user.
set -euo pipefail

if [ "$(id -u)" = 0 ]; then
  # A volume may come owned by root (a bind mount, say): make it the server's.
  mkdir -p "$PGDATA" /run/postgresql
  chown postgres:postgres "$PGDATA" /run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set: the password of POSTGRES_USER for connections over the network}"
  user="${POSTGRES_USER:-postgres}"
  db="${POSTGRES_DB:-$user}"
  echo "postgres: first start, making the cluster in $PGDATA (user $user, database $db)"
  initdb --pgdata="$PGDATA" --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.auto.conf"
  # Create the database on the socket alone, so no client sees the server before it is ready.
  pg_ctl --pgdata="$PGDATA" --options="-c listen_addresses=''" --wait --silent start
  if [ "$db" != postgres ]; then
    psql --username="$user" --dbname=postgres --set=ON_ERROR_STOP=1 --quiet \
      --command="CREATE DATABASE \"$db\""
  fi
  pg_ctl --pgdata="$PGDATA" --mode=fast --wait --silent stop
fi

exec "$@"
