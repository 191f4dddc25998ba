#!/usr/bin/env bash
# Start a real OpenID Connect provider for the residents' sign-in tests (node-oidc-provider, config in
# tests/oidc_provider/), on loopback; print its issuer URL and the path of a script that stops it.
# Installs its exact npm packages from the committed package-lock.json first (npm ci).
set -euo pipefail
cd "$(dirname "$0")/../tests/oidc_provider"
[ -d node_modules/oidc-provider ] || npm ci --no-audit --no-fund --loglevel=error >&2
dir=$(mktemp -d /tmp/wardportal-oidc.XXXXXX)
PORT=0 node provider.mjs >"$dir/out" 2>"$dir/log" &
echo $! > "$dir/pid"
for _ in $(seq 100); do
  grep -q '^issuer ' "$dir/out" 2>/dev/null && break
  sleep 0.1
done
issuer=$(sed -n 's/^issuer //p' "$dir/out")
[ -n "$issuer" ] || { cat "$dir/log" >&2; exit 1; }
printf '#!/bin/sh\nkill %s 2>/dev/null; rm -rf %s\n' "$(cat "$dir/pid")" "$dir" > "$dir/stop"
chmod +x "$dir/stop"
echo "$issuer $dir/stop"
