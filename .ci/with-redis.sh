#!/usr/bin/env bash
# Runs a command with a private redis-server on a free port, exported as
# VIGIE_TEST_REDIS_URL, and stops the server afterwards. Never uses the
# machine's shared Redis.
set -euo pipefail
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))
redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --save "" --appendonly no --daemonize yes \
	--pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
cleanup() {
	if [ -f "$dir/redis.pid" ]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; fi
	sleep 0.2
	rm -rf "$dir"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
	redis-cli -p "$port" ping >/dev/null 2>&1 && break
	sleep 0.05
done
export VIGIE_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
"$@"
