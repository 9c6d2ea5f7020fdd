#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster, for the endpoint's
# tests against its PostgreSQL store:
#
#   scripts/with-postgres.sh cargo test -p referral-endpoint
#
# The command sees TALKING_HEALTH_TEST_POSTGRES, the URL of the cluster's
# `postgres` database on a Unix socket; each test creates a database of its
# own in it. The cluster lives in a temporary folder, trusts local
# connections, and runs with fsync off (it is thrown away; PG_FSYNC=on for a
# benchmark). It is stopped and removed when the command ends, however it
# ends; the command's exit status is this script's.
#
# For the tests of TLS to PostgreSQL it also listens on 127.0.0.1 (a free
# port, drawn at random and drawn again if taken) with ssl = on, its
# certificate (for localhost and 127.0.0.1) signed by a CA made here for this
# cluster alone: TALKING_HEALTH_TEST_POSTGRES_TLS is that URL, and
# TALKING_HEALTH_TEST_POSTGRES_CA the CA's certificate (PEM).
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
# A throwaway CA and the server's certificate, with EC keys (made in
# milliseconds), owned by the cluster's user: PostgreSQL refuses a key that
# others can read.
tls="$dir/tls"
make_certificates() {
  mkdir "$tls" &&
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
      -keyout "$tls/ca.key" -out "$tls/ca.pem" -subj "/CN=Talking Health test CA" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign &&
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -keyout "$tls/server.key" -out "$tls/server.csr" -subj /CN=localhost &&
    printf '%s\n' basicConstraints=critical,CA:FALSE keyUsage=critical,digitalSignature \
      extendedKeyUsage=serverAuth subjectAltName=DNS:localhost,IP:127.0.0.1 >"$tls/server.ext" &&
    openssl x509 -req -days 2 -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" \
      -extfile "$tls/server.ext" -out "$tls/server.pem" &&
    chmod 600 "$tls/server.key" &&
    if [ "$(id -u)" -eq 0 ]; then chown -R "$user" "$tls"; fi
}
if ! command -v openssl >/dev/null; then
  say "no openssl, for the test certificates: run scripts/bootstrap.sh"
  exit 1
fi
if ! make_certificates >"$dir/openssl.log" 2>&1; then
  cat "$dir/openssl.log" >&2
  say "could not make the test certificates"
  exit 1
fi

options="-k $dir -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-off} -c max_connections=300"
options="$options -c ssl=on -c ssl_cert_file=$tls/server.pem -c ssl_key_file=$tls/server.key"
if [ "${PG_FSYNC:-off}" = off ]; then
  options="$options -c synchronous_commit=off -c full_page_writes=off"
fi
# Another cluster (another test run's) may hold the port drawn: draw again.
for attempt in 1 2 3 4 5 6 7 8; do
  port=$((20000 + RANDOM % 40000))
  if as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "$options -p $port" start >/dev/null 2>&1; then
    break
  fi
  if [ "$attempt" -eq 8 ] || ! grep -q 'could not bind' "$dir/server.log"; then
    cat "$dir/server.log" >&2 || true
    say "PostgreSQL did not start"
    exit 1
  fi
done

# The socket's folder as the URL's host, percent-encoded.
export TALKING_HEALTH_TEST_POSTGRES="postgres://postgres@${dir//\//%2F}:$port/postgres"
export TALKING_HEALTH_TEST_POSTGRES_TLS="postgres://postgres@localhost:$port/postgres"
export TALKING_HEALTH_TEST_POSTGRES_CA="$tls/ca.pem"
status=0
"$@" || status=$?
exit "$status"
