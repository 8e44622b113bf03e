#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster, whose URL is given in
# KEYCARD_TEST_POSTGRES_URL; the cluster is stopped and removed afterwards,
# also when the command fails.
set -euo pipefail
# The newest PostgreSQL the system has (Debian installs it under a versioned folder).
PG_BIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
DIR=$(mktemp -d /tmp/keycard-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$DIR"

stop() {
  as_pg "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

as_pg "$PG_BIN/initdb" -D "$DIR/data" -A trust -U postgres >/dev/null

# `$DIR/ctl start|stop`: lets fault tests take the database away and bring it back.
# fsync=off: the tests kill keycard, never PostgreSQL, so its flushing is not under test.
cat > "$DIR/ctl" <<CTL
#!/usr/bin/env bash
set -e
if [ "\$(id -u)" = 0 ]; then run=(runuser -u postgres --); else run=(); fi
case "\$1" in
  start) "\${run[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \\
           -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off" start >/dev/null ;;
  stop)  "\${run[@]}" "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null ;;
  *) echo "usage: ctl start|stop" >&2; exit 2 ;;
esac
CTL
chmod +x "$DIR/ctl"
"$DIR/ctl" start
echo "PostgreSQL ready on 127.0.0.1:$PORT"

export KEYCARD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
export KEYCARD_TEST_PG_CTL="$DIR/ctl"
"$@"
