#!/usr/bin/env bash
# Print a REDIS_URL for a reachable Redis, starting one if needed. Idempotent.
#   1. $REDIS_URL if set (nothing is checked or started);
#   2. else a server on 127.0.0.1:6379 that answers PING;
#   3. else a throwaway redis-server of our own (Debian's redis-server, installed when missing) on
#      127.0.0.1:$KB_REDIS_PORT, with no persistence (no RDB snapshots, no append-only file), its files under .data/redis.
# KB_REDIS_MODE=throwaway skips 2 (an isolated server even where one already runs).
# Test runs sharing a server keep apart by key prefix: tests/kb/shared_state/ gives every run a prefix of its own and
# deletes its keys afterwards, so parallel runs on one Redis never see each other's counts.
# Only the URL goes to stdout; progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${REDIS_URL:-}" ]; then echo "$REDIS_URL"; exit 0; fi

THROWAWAY_PORT="${KB_REDIS_PORT:-63799}"

say() { echo "redis: $*" >&2; }

answers() {  # host port: a PING answered with PONG within a second (bash's /dev/tcp: no client needed)
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2 && printf 'PING\r\n' >&3 && read -r -t 1 line <&3 && [[ \$line == +PONG* ]]" \
    2>/dev/null
}

if [ "${KB_REDIS_MODE:-}" != throwaway ] && answers 127.0.0.1 6379; then echo "redis://127.0.0.1:6379/0"; exit 0; fi

if ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "no redis-server found; installing Debian's redis-server package"
    (apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends redis-server) >&2
  fi
  if ! command -v redis-server >/dev/null; then
    say "no Redis found: install it (apt-get install redis-server) or set REDIS_URL"; exit 1
  fi
fi

datadir="$PWD/.data/redis"
if ! answers 127.0.0.1 "$THROWAWAY_PORT"; then
  mkdir -p "$datadir"
  say "starting a throwaway redis-server on 127.0.0.1:$THROWAWAY_PORT (no persistence)"
  redis-server --bind 127.0.0.1 --port "$THROWAWAY_PORT" --save "" --appendonly no --daemonize yes \
    --dir "$datadir" --pidfile "$datadir/redis.pid" --logfile "$datadir/redis.log" >&2
  for _ in $(seq 1 50); do answers 127.0.0.1 "$THROWAWAY_PORT" && break; sleep 0.1; done
fi
if ! answers 127.0.0.1 "$THROWAWAY_PORT"; then say "redis-server did not answer; see $datadir/redis.log"; exit 1; fi
echo "redis://127.0.0.1:$THROWAWAY_PORT/0"
