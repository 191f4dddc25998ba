#!/usr/bin/env bash
# Start a throw-away Redis server for the test suite (the shared rate-limit store); print its URL and the
# path of a script that stops it. Installs Debian's redis-server when missing; loopback only, no persistence.
set -euo pipefail
if ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq redis-server >/dev/null
fi
dir=$(mktemp -d /tmp/wardportal-redis.XXXXXX)
port=${WARDPORTAL_TEST_REDIS_PORT:-$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
# no RDB snapshots, no append-only file: nothing outlives the run
redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --save "" --appendonly no \
  --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/log" >/dev/null
for _ in $(seq 100); do
  redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break
  sleep 0.1
done
redis-cli -h 127.0.0.1 -p "$port" ping | grep -q PONG
printf '#!/bin/sh\nredis-cli -h 127.0.0.1 -p %s shutdown nosave >/dev/null 2>&1; rm -rf %s\n' "$port" "$dir" > "$dir/stop"
chmod +x "$dir/stop"
echo "redis://127.0.0.1:$port/0 $dir/stop"
