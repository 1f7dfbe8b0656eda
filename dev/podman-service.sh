#!/usr/bin/env bash
# Makes sure a Docker-compatible engine API answers, and prints its DOCKER_HOST.
# Uses $DOCKER_HOST when it answers; otherwise starts `podman system service` on a socket in
# the state dir, with the project's containers.conf (runc, explicit ulimits).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${CYNODE_STATE_DIR:-$here/../.cynode}
mkdir -p "$state/run" "$state/logs"
state=$(cd "$state" && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$here/containers.conf}

answers() { # $1 = socket path
  [ -S "$1" ] && curl -sf --max-time 2 --unix-socket "$1" http://d/_ping >/dev/null 2>&1
}

if [ -n "${DOCKER_HOST:-}" ] && [[ "$DOCKER_HOST" == unix://* ]] && answers "${DOCKER_HOST#unix://}"; then
  echo "$DOCKER_HOST"; exit 0
fi
sock="$state/run/podman.sock"
if answers "$sock"; then echo "unix://$sock"; exit 0; fi
command -v podman >/dev/null || { echo "podman is not installed: run 'just setup'" >&2; exit 1; }
rm -f "$sock"
# The engine, and every conmon and sandbox it starts, runs at a lower CPU priority than the
# control path (database, orchestrator, node services): sandboxes that saturate the CPU must not
# delay dispatch. CYNODE_ENGINE_NICE=0 turns it off.
# From the state dir: conmon runs in the engine's working directory and leaves an empty file
# named "oom" there when a sandbox is OOM-killed.
cd "$state/run"
nohup nice -n "${CYNODE_ENGINE_NICE:-10}" podman system service --time=0 "unix://$sock" \
  >>"$state/logs/podman-service.log" 2>&1 &
echo $! > "$state/run/podman-service.pid"
for _ in $(seq 1 100); do
  if answers "$sock"; then echo "unix://$sock"; exit 0; fi
  sleep 0.1
done
echo "podman system service did not answer on $sock (see $state/logs/podman-service.log)" >&2
exit 1
