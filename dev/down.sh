#!/usr/bin/env bash
# `just down`: stops everything `just up` started and removes sandbox containers left behind.
set -uo pipefail
source "$(dirname "$0")/env.sh"
source "$(dirname "$0")/node.sh"

stop() { # name [seconds]: SIGTERM (SIGCONT first: a paused node), then SIGKILL after 15 s or as given
  local pidfile="$run_dir/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    pkill -CONT -P "$pid" 2>/dev/null
    kill -CONT "$pid" 2>/dev/null
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 $((${2:-15} * 5))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$pidfile"
}

# The nodes first, all at once: each drains (its running jobs have shutdown.drain_timeout_seconds,
# 60) before it stops, so each gets that and 15 s more.
for f in "$run_dir"/worker-node-manager*.pid; do
  [ -f "$f" ] && stop "$(basename "$f" .pid)" 75 &
done
wait
# A worker-api whose node manager was killed hard would be orphaned: stop it by its port.
for f in "$CYNODE_STATE_DIR"/node.yaml "$CYNODE_STATE_DIR"/node-*.yaml; do
  [ -f "$f" ] || continue
  port=$(awk '/^worker_api:/{w=1} w && /listen_port:/{print $2; exit}' "$f")
  [ -n "$port" ] && pkill -f -- "--server.port=$port .*worker-api|worker-api-.*-exec.jar.*--server.port=$port" 2>/dev/null
done
stop orchestrator-user-gateway
for f in "$run_dir"/orchestrator-control-plane*.pid; do [ -f "$f" ] && stop "$(basename "$f" .pid)"; done
remove_network
stop dev-database
if command -v podman >/dev/null; then
  # Sandbox containers only: the node manager stops its inference container itself.
  ids=$(podman ps -aq --filter label=io.cynode.managed=true 2>/dev/null)
  [ -n "$ids" ] && podman rm -f $ids >/dev/null 2>&1
fi
stop podman-service
rm -f "$run_dir/podman.sock"
echo "CyNodeAI is down"
