#!/usr/bin/env bash
# Nodes beyond the first (nodes.md §3), and what an operator does to one to see the orchestrator
# cope. Sourced by up.sh and down.sh for start_node / remove_network; run as
#   dev/node.sh kill I     SIGKILL node I's node manager and worker-api (its process group)
#   dev/node.sh pause I    SIGSTOP them: the node is there but answers nothing
#   dev/node.sh resume I   SIGCONT
#   dev/node.sh cut I      take node I's link down (ip link set … down): it runs on, cut off
#   dev/node.sh mend I     bring the link back up
#   dev/node.sh stop I     SIGTERM: the node drains itself, then stops
#   dev/node.sh start I    start node I again (after kill or stop)
#   dev/node.sh list       the nodes this state dir runs, where, and their pids
# With root and `ip netns`, node I (I ≥ 2) runs in a network namespace of its own, on a bridge
# this script creates, so control plane and node talk across a real interface; otherwise it runs
# on loopback (cut and mend need the namespace). Node 1 is `just up`'s own node, on loopback.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# Names and addresses derive from the control plane's port, so two stacks (a dev run, the
# features) get bridges of their own.
net_octet=$(((CONTROL_PLANE_PORT / 10) % 200 + 20))
bridge=cyn$CONTROL_PLANE_PORT
bridge_ip=10.231.$net_octet.1
netns_of() { echo "cyn$CONTROL_PLANE_PORT-$1"; }
veth_of() { echo "cyn${CONTROL_PLANE_PORT}h$1"; }
node_ip_of() { echo "10.231.$net_octet.$((10 + $1))"; }
node_port_of() { echo $((WORKER_API_PORT + 10 * ($1 - 1))); }

# Whether nodes get namespaces: root, iproute2 with netns, and not turned off (CYNODE_NETNS=0).
use_netns() {
  [ "${CYNODE_NETNS:-1}" != 0 ] && [ "$(id -u)" = 0 ] && command -v ip >/dev/null \
    && ip netns list >/dev/null 2>&1
}

# The address the control plane is reached at by nodes beyond the first.
node_facing_host() { if use_netns; then echo "$bridge_ip"; else echo 127.0.0.1; fi; }

ensure_bridge() {
  ip link show "$bridge" >/dev/null 2>&1 && return 0
  ip link add "$bridge" type bridge
  ip addr add "$bridge_ip/24" dev "$bridge"
  ip link set "$bridge" up
}

# ensure_netns I: node I's namespace, with loopback and one veth on the bridge.
ensure_netns() {
  local ns veth ip
  ns=$(netns_of "$1") veth=$(veth_of "$1") ip=$(node_ip_of "$1")
  ensure_bridge
  ip netns list | grep -qw "$ns" && return 0
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip link add "$veth" type veth peer name eth0 netns "$ns"
  ip link set "$veth" master "$bridge" up
  ip -n "$ns" addr add "$ip/24" dev eth0
  ip -n "$ns" link set eth0 up
}

# remove_network: every namespace and the bridge this stack made (down.sh).
remove_network() {
  command -v ip >/dev/null || return 0
  local ns
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^cyn$CONTROL_PLANE_PORT-"); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
    ip netns del "$ns"
  done
  ip link show "$bridge" >/dev/null 2>&1 && ip link del "$bridge"
  return 0
}

# start_node I: node I (I ≥ 2) of this stack, sandboxes only (one inference container per
# machine is enough), against the control planes $node_cp_urls (the first is registered with).
# Expects up.sh's environment: DOCKER_HOST, scheme, tls_dir.
start_node() {
  local i=$1 name="worker-node-manager-$1" dir="$CYNODE_STATE_DIR/node-$1" host port
  port=$(node_port_of "$i")
  host=127.0.0.1
  local wrap=()
  if use_netns; then
    ensure_netns "$i"
    host=$(node_ip_of "$i")
    wrap=(ip netns exec "$(netns_of "$i")")
  fi
  alive "$name" && { echo "$name already running"; return 0; }
  mkdir -p "$dir/logs"
  ln -sfn "$dir/logs" "$log_dir/node-$i"
  cat >"$dir.yaml" <<YAML
version: 1
orchestrator:
  url: ${node_cp_urls%%,*}
  alternate_urls: [$( [[ $node_cp_urls == *,* ]] && echo "${node_cp_urls#*,}")]
  registration_psk_file: $CYNODE_STATE_DIR/secrets/registration_psk
$([ "${scheme:-http}" = https ] && echo "  ca_file: $tls_dir/ca.pem")
node:
  id: ${CYNODE_NODE_ID:-local-node}-$i
  name: Development node $i
  labels: [$(labels_of "$i")]
worker_api:
  listen_host: $host
  listen_port: $port
  tls: { enabled: $([ "${scheme:-http}" = https ] && echo true || echo false) }
sandbox:
  mode: sandbox_only
  runtime: podman
  default_image: cynode-sandbox:latest
  resources: { max_cpu_cores: 1.0, max_memory_mb: 512, max_pids: 256 }
  timeouts: { default_seconds: 300, max_seconds: 3600 }
  max_concurrency: ${CYNODE_NODE_MAX_CONCURRENCY:-4}
inference:
  mode: disabled
storage:
  state_dir: $dir
updates:
  enable_dynamic_config: true
  poll_interval_seconds: ${CYNODE_NODE_POLL_SECONDS:-10}
YAML
  [ -f "$log_dir/$name.log" ] && mv -f "$log_dir/$name.log" "$log_dir/$name.log.1"
  # A session of its own: its process group is the node (manager and worker-api), for kill/pause.
  (unset CYNODE_NODE_REGISTRATION_PSK CYNODE_BOOTSTRAP_ADMIN_PASSWORD SPRING_DATASOURCE_URL \
     SPRING_DATASOURCE_USERNAME SPRING_DATASOURCE_PASSWORD
   export CYNODE_NODE_CONFIG="$dir.yaml" CYNODE_WORKER_API_JAR="$(jar worker-api)"
   # shellcheck disable=SC2086 # options are words
   nohup "${wrap[@]}" setsid java ${WORKER_NODE_MANAGER_JAVA_OPTS:-"-XX:+UseSerialGC"} \
     -jar "$(jar worker-node-manager)" >>"$log_dir/$name.log" 2>&1 </dev/null &
   echo $! >"$run_dir/$name.pid")
}

# The labels of node I: CYNODE_NODE_LABELS_<I> (comma-separated), else "pool:extra".
labels_of() {
  local var="CYNODE_NODE_LABELS_$1" out="" l
  IFS=, read -ra ls <<<"${!var:-pool:extra}"
  for l in "${ls[@]}"; do out+="${out:+, }\"$l\""; done
  echo "$out"
}

# wait_node I: until node I acknowledged its configuration.
wait_node() {
  local name="worker-node-manager-$1"
  for _ in $(seq 1 600); do
    grep -q 'is up: configuration version' "$log_dir/$name.log" 2>/dev/null && return 0
    alive "$name" || return 1
    sleep 0.2
  done
  return 1
}

# signal_node SIG PID: the node manager and its worker-api (its child), at once.
signal_node() {
  local kids
  kids=$(pgrep -P "$2")
  kill "-$1" "$2" $kids
}

node_pid() {
  [ "$1" = 1 ] && cat "$run_dir/worker-node-manager.pid" 2>/dev/null || cat "$run_dir/worker-node-manager-$1.pid" 2>/dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  verb=${1:-list} i=${2:-}
  if [ "$verb" != list ] && ! [[ $i =~ ^[0-9]+$ ]]; then echo "usage: dev/node.sh kill|pause|resume|cut|mend|stop|start I | list" >&2; exit 2; fi
  pid=$( [ -n "$i" ] && node_pid "$i")
  case $verb in
    kill) signal_node KILL "$pid" ;;
    pause) signal_node STOP "$pid" ;;
    resume) signal_node CONT "$pid" ;;
    stop) kill -TERM "$pid" ;;
    cut|mend)
      [ "$i" -ge 2 ] && use_netns || { echo "node $i has no link of its own (node 1, or no network namespaces)" >&2; exit 1; }
      ip link set "$(veth_of "$i")" "$([ "$verb" = cut ] && echo down || echo up)" ;;
    start)
      [ "$i" -ge 2 ] || { echo "node 1 is just up's own node" >&2; exit 1; }
      scheme=http; [ "${CYNODE_TLS:-}" = 1 ] && scheme=https; tls_dir=$CYNODE_STATE_DIR/tls
      node_cp_urls=$(cat "$run_dir/node-cp-urls") DOCKER_HOST=$("$repo/dev/podman-service.sh")
      export DOCKER_HOST
      start_node "$i" && wait_node "$i" ;;
    list)
      for f in "$run_dir"/worker-node-manager*.pid; do
        [ -f "$f" ] || continue
        n=$(basename "$f" .pid); n=${n#worker-node-manager}; n=${n#-}; n=${n:-1}
        where=127.0.0.1:$(node_port_of "$n"); [ "$n" -ge 2 ] && use_netns && where="$(node_ip_of "$n"):$(node_port_of "$n") (netns $(netns_of "$n"))"
        echo "node $n  pid $(cat "$f")  worker api $where"
      done ;;
    *) echo "unknown: $verb" >&2; exit 2 ;;
  esac
fi
