#!/usr/bin/env bash
# `just down`: stops everything `just up` started and removes sandbox containers left behind.
set -uo pipefail
source "$(dirname "$0")/env.sh"

stop() { # name: SIGTERM, then SIGKILL after 15 s
  local pidfile="$run_dir/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$pidfile"
}

stop worker-node-manager
# A worker-api whose node manager was killed hard would be orphaned: stop it by its port.
pkill -f -- "--server.port=$WORKER_API_PORT .*worker-api|worker-api-.*-exec.jar.*--server.port=$WORKER_API_PORT" 2>/dev/null
stop orchestrator-user-gateway
stop orchestrator-control-plane
stop dev-database
if command -v podman >/dev/null; then
  # Sandbox containers only: the node manager stops its inference container itself.
  ids=$(podman ps -aq --filter label=io.cynode.managed=true 2>/dev/null)
  [ -n "$ids" ] && podman rm -f $ids >/dev/null 2>&1
fi
stop podman-service
rm -f "$run_dir/podman.sock"
echo "CyNodeAI is down"
