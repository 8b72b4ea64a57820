#!/usr/bin/env bash
# Installs the components the tests run against when they are missing:
# redis-server, Chromium (the web console's browser tests), git (the
# fresh-clone test) and systemd-analyze (the unit file's check).
set -euo pipefail
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v git >/dev/null 2>&1 || need+=(git)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
		echo "missing: ${need[*]}; install them (e.g. apt-get install -y ${need[*]})" >&2
		exit 1
	fi
	echo "installing ${need[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq "${need[@]}" >/dev/null
fi
