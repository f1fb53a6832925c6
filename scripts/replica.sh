#!/usr/bin/env bash
# Sets up (or tears down) a PostgreSQL 15 streaming replica of the local server on this machine:
# a second cluster made with pg_basebackup from the primary, on its own port, streaming over a
# physical replication slot. Tandem then reads reports from it with
#   DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/<database>
#
#   scripts/replica.sh up      # create and start it (idempotent: a running replica is left alone)
#   scripts/replica.sh status  # pg_stat_replication on the primary, lag on the replica
#   scripts/replica.sh down    # stop it, drop its slot, remove its data folder
#
# Settings (environment): PRIMARY_HOST (127.0.0.1), PRIMARY_PORT (5432), REPLICA_PORT (5433),
# REPLICA_DIR (/var/lib/postgresql/15/tandem-replica), PG_BIN (/usr/lib/postgresql/15/bin),
# SLOT (tandem_replica). The primary must accept replication connections from 127.0.0.1 for
# the postgres user; `up` adds that one pg_hba.conf line (trust, loopback only) when it is missing.
set -euo pipefail

PRIMARY_HOST=${PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
REPLICA_DIR=${REPLICA_DIR:-/var/lib/postgresql/15/tandem-replica}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
SLOT=${SLOT:-tandem_replica}
LOG="$REPLICA_DIR/replica.log"

die() { echo "replica: $*" >&2; exit 1; }
[[ "$REPLICA_PORT" =~ ^[0-9]+$ ]] || die "REPLICA_PORT: must be a port number, got '$REPLICA_PORT'"
[[ "$PRIMARY_PORT" =~ ^[0-9]+$ ]] || die "PRIMARY_PORT: must be a port number, got '$PRIMARY_PORT'"
[[ "$SLOT" =~ ^[a-z0-9_]+$ ]] || die "SLOT: lower-case letters, digits and _ only, got '$SLOT'"
[ "$REPLICA_PORT" != "$PRIMARY_PORT" ] || die "REPLICA_PORT: must differ from PRIMARY_PORT"
[ -x "$PG_BIN/pg_basebackup" ] || die "PG_BIN: no pg_basebackup in $PG_BIN"

# PostgreSQL refuses to run as root: its binaries run as the postgres user.
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
primary_sql() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -Atqc "$1"; }
replica_sql() { psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -Atqc "$1"; }

allow_replication() {
  local hba
  hba=$(primary_sql "show hba_file")
  if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32' "$hba"; then
    echo "replica: allowing replication connections from 127.0.0.1 in $hba"
    printf '\n# Added by tandem scripts/replica.sh: the local streaming replica.\nhost replication postgres 127.0.0.1/32 trust\n' >>"$hba"
    primary_sql "select pg_reload_conf()" >/dev/null
  fi
  local senders level
  senders=$(primary_sql "show max_wal_senders")
  level=$(primary_sql "show wal_level")
  [ "$senders" -gt 0 ] || die "the primary has max_wal_senders = 0: set it and restart the primary"
  [ "$level" != minimal ] || die "the primary has wal_level = minimal: set replica and restart the primary"
}

up() {
  if [ -f "$REPLICA_DIR/postmaster.pid" ] && as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" status >/dev/null 2>&1; then
    echo "replica: already running on port $REPLICA_PORT ($REPLICA_DIR)"
    status
    return
  fi
  allow_replication
  if [ ! -f "$REPLICA_DIR/standby.signal" ]; then
    rm -rf "$REPLICA_DIR"
    mkdir -p "$REPLICA_DIR"
    chown postgres:postgres "$REPLICA_DIR"
    chmod 700 "$REPLICA_DIR"
    if [ "$(primary_sql "select count(*) from pg_replication_slots where slot_name = '$SLOT'")" = 0 ]; then
      primary_sql "select pg_create_physical_replication_slot('$SLOT')" >/dev/null
    fi
    echo "replica: pg_basebackup from $PRIMARY_HOST:$PRIMARY_PORT into $REPLICA_DIR"
    # -R writes standby.signal and primary_conninfo; -S streams from the slot so the primary keeps
    # the WAL the replica has not replayed yet; -X stream copies WAL while the backup runs.
    as_postgres "$PG_BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres \
      -D "$REPLICA_DIR" -R -X stream -S "$SLOT" --checkpoint=fast --progress
  fi
  # Debian keeps the primary's configuration in /etc, so the copy has none of its own: an empty
  # postgresql.conf (the settings follow on the command line; -R's go to postgresql.auto.conf).
  [ -f "$REPLICA_DIR/postgresql.conf" ] || as_postgres touch "$REPLICA_DIR/postgresql.conf"
  as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -l "$LOG" -w -t 120 start -o "-p $REPLICA_PORT \
      -c listen_addresses=127.0.0.1 -c hot_standby=on -c hot_standby_feedback=on \
      -c max_standby_streaming_delay=30s -c unix_socket_directories=/tmp \
      -c config_file=$REPLICA_DIR/postgresql.conf -c hba_file=$(primary_sql 'show hba_file') \
      -c ident_file=$(primary_sql 'show ident_file') -c data_directory=$REPLICA_DIR \
      -c shared_buffers=128MB -c cluster_name=tandem-replica"
  for _ in $(seq 1 60); do
    if [ "$(replica_sql "select pg_is_in_recovery()" 2>/dev/null || true)" = t ]; then break; fi
    sleep 1
  done
  [ "$(replica_sql "select pg_is_in_recovery()")" = t ] || die "the replica did not come up in recovery; see $LOG"
  echo "replica: streaming on 127.0.0.1:$REPLICA_PORT"
  echo "replica: DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/<database>"
  status
}

status() {
  echo "primary (pg_stat_replication):"
  primary_sql "select application_name || ' ' || state || ' sent ' || sent_lsn || ' replayed ' || coalesce(replay_lsn::text, '-')
                      || ' replay_lag ' || coalesce(replay_lag::text, '0') from pg_stat_replication" | sed 's/^/  /'
  echo "replica (port $REPLICA_PORT):"
  replica_sql "select 'in recovery ' || pg_is_in_recovery() || ', last replay ' ||
                      coalesce((now() - pg_last_xact_replay_timestamp())::text || ' ago', 'none yet')" | sed 's/^/  /'
}

down() {
  if [ -f "$REPLICA_DIR/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -w -m fast stop || true
  fi
  if [ "$(primary_sql "select count(*) from pg_replication_slots where slot_name = '$SLOT'")" != 0 ]; then
    primary_sql "select pg_drop_replication_slot('$SLOT')" >/dev/null
  fi
  rm -rf "$REPLICA_DIR"
  echo "replica: stopped and removed ($REPLICA_DIR, slot $SLOT)"
}

case "${1:-up}" in
  up) up ;;
  status) status ;;
  down) down ;;
  *) die "usage: scripts/replica.sh up|status|down" ;;
esac
