#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster, for the endpoint's
# tests against its PostgreSQL store:
#
#   scripts/with-postgres.sh cargo test -p referral-endpoint
#
# The command sees TALKING_HEALTH_TEST_POSTGRES, the URL of the cluster's
# `postgres` database; each test creates a database of its own in it. The
# cluster lives in a temporary folder, listens only on a Unix socket there (no
# TCP port to collide with), trusts local connections, and runs with fsync
# off (it is thrown away; PG_FSYNC=on for a benchmark). It is stopped and
# removed when the command ends, however it ends; the command's exit status
# is this script's.
#
# PostgreSQL refuses to run as root: as root, the cluster runs as the user
# talking-health-test (scripts/bootstrap.sh adds it), or else as nobody.
set -euo pipefail

say() { printf '[with-postgres] %s\n' "$*" >&2; }

# The newest installed server's programs (Debian keeps them off PATH).
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ ! -x "$pg_bin/initdb" ]; then
  say "no PostgreSQL server found (looked in /usr/lib/postgresql/*/bin): run scripts/bootstrap.sh"
  exit 1
fi
[ $# -gt 0 ] || { say "usage: $0 COMMAND [ARGS...]"; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/th-postgres.XXXXXX")
if [ "$(id -u)" -eq 0 ]; then
  user=talking-health-test
  id -u "$user" >/dev/null 2>&1 || user=nobody
  chown "$user" "$dir"
  as_owner() { setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups -- "$@"; }
else
  as_owner() { "$@"; }
fi

stop() {
  as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! as_owner "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync \
  >"$dir/initdb.log" 2>&1; then
  cat "$dir/initdb.log" >&2
  say "initdb failed"
  exit 1
fi
options="-k $dir -c listen_addresses= -c fsync=${PG_FSYNC:-off} -c max_connections=300"
if [ "${PG_FSYNC:-off}" = off ]; then
  options="$options -c synchronous_commit=off -c full_page_writes=off"
fi
if ! as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "$options" start \
  >/dev/null 2>&1; then
  cat "$dir/server.log" >&2 || true
  say "PostgreSQL did not start"
  exit 1
fi

# The socket's folder as the URL's host, percent-encoded.
export TALKING_HEALTH_TEST_POSTGRES="postgres://postgres@${dir//\//%2F}/postgres"
status=0
"$@" || status=$?
exit "$status"
