#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the test suite; print its URL and the path of a script that stops it.
# Installs Debian's postgresql when missing; the cluster lives in a temp folder and listens on loopback only.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
dir=$(mktemp -d /tmp/wardportal-pg.XXXXXX)
port=${WARDPORTAL_TEST_PG_PORT:-$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
run=()
if [ "$(id -u)" = 0 ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres system user.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$dir"
  run=(runuser -u postgres --)
fi
"${run[@]}" "$bindir/initdb" -D "$dir/data" -U wardportal --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off" start >/dev/null
"${run[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U wardportal wardportal_test
printf '#!/bin/sh\n%s %s -D %s -m fast stop >/dev/null 2>&1; rm -rf %s\n' "${run[*]}" "$bindir/pg_ctl" "$dir/data" "$dir" > "$dir/stop"
chmod +x "$dir/stop"
echo "postgresql://wardportal@127.0.0.1:$port/wardportal_test $dir/stop"
