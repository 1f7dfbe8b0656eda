#!/usr/bin/env bash
# `just up`: the whole single-node stack in the background on the default ports. Returns once
# the node has acknowledged its configuration. Logs: $CYNODE_STATE_DIR/logs/<module>.log.
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$(dirname "$0")/node.sh" # nodes beyond the first (CYNODE_NODES)
nodes=${CYNODE_NODES:-1} control_planes=${CYNODE_CONTROL_PLANES:-1}
[[ $nodes =~ ^[1-9][0-9]?$ ]] || { echo "just up: CYNODE_NODES must be 1-99" >&2; exit 2; }
[[ $control_planes =~ ^[12]$ ]] || { echo "just up: CYNODE_CONTROL_PLANES must be 1 or 2" >&2; exit 2; }

start() { # name jar [args...] (environment as exported; JVM options from $<NAME>_JAVA_OPTS)
  local name=$1 jarfile=$2; shift 2
  local opts_var; opts_var=$(tr 'a-z-' 'A-Z_' <<<"$name")_JAVA_OPTS
  local opts=${!opts_var:-"-XX:+UseSerialGC"}
  if alive "$name"; then echo "$name already running"; return; fi
  # A fresh log per start: readiness is read from it, and an old run's lines must not count.
  [ -f "$log_dir/$name.log" ] && mv -f "$log_dir/$name.log" "$log_dir/$name.log.1"
  # Each orchestrator service in a session of its own, as a service manager gives each service a
  # cgroup of its own: with the kernel's autogroup scheduling a session is one scheduling group,
  # and in the node's group the dispatcher's wake-ups queued behind worker-api and the engine
  # (4-way pick-up p99 15-38 ms, 10-19 ms apart). The node (manager, worker-api) stays with the
  # engine, whose nice 10 acts within that group.
  local session=
  [[ $name == orchestrator-* ]] && session=setsid
  # shellcheck disable=SC2086 # options are words
  nohup $session java $opts -jar "$jarfile" "$@" >>"$log_dir/$name.log" 2>&1 </dev/null &
  echo $! >"$run_dir/$name.pid"
}
fail() { echo "just up: $1 (see $log_dir/$2.log)" >&2; tail -n 20 "$log_dir/$2.log" >&2 || true; exit 1; }

for m in test-support orchestrator-control-plane orchestrator-user-gateway worker-api worker-node-manager cynork; do
  f=$(jar $m); [ $m = cynork ] && f="$repo/cynork/target/cynork.jsa"
  if [ ! -f "$f" ]; then
    echo "building (first run)..."
    (cd "$repo" && mvn -q -B package -DskipTests -Dspotless.skip) || { echo "build failed" >&2; exit 1; }
    break
  fi
done

"$repo/dev/sandbox-image.sh" >/dev/null
# The node's inference container: the image CYNODE_INFERENCE_IMAGE names when the engine has it
# (ollama/ollama, say), else the stand-in, a test double that answers deterministically.
standin=cynode-inference-standin:latest
if [ -n "${CYNODE_INFERENCE_IMAGE:-}" ] && [ "$CYNODE_INFERENCE_IMAGE" != "$standin" ] \
    && podman image exists "$CYNODE_INFERENCE_IMAGE" 2>/dev/null; then
  inference_banner="$CYNODE_INFERENCE_IMAGE"
else
  [ -n "${CYNODE_INFERENCE_IMAGE:-}" ] && [ "$CYNODE_INFERENCE_IMAGE" != "$standin" ] \
    && echo "just up: the engine has no image $CYNODE_INFERENCE_IMAGE; using the stand-in" >&2
  "$repo/dev/inference-standin-image.sh" >/dev/null
  export CYNODE_INFERENCE_IMAGE=$standin
  inference_banner="$standin (a stand-in test double, not a real model)"
  export CYNODE_INFERENCE_MODELS=${CYNODE_INFERENCE_MODELS:-standin-echo}
  # cynodeai.pm thinks with the stand-in too (it calls run_commands for a fenced code block).
  export CYNODE_AGENT_MODEL=${CYNODE_AGENT_MODEL:-standin-echo}
fi
# The models the node pulls and serves (a real image: name one, e.g. CYNODE_INFERENCE_MODELS=qwen3:0.6b).
export CYNODE_INFERENCE_MODELS=${CYNODE_INFERENCE_MODELS:-qwen3:0.6b}
export DOCKER_HOST=$("$repo/dev/podman-service.sh")

export CYNODE_NODE_REGISTRATION_PSK=${CYNODE_NODE_REGISTRATION_PSK:-$(secret registration_psk)}
export CYNODE_BOOTSTRAP_ADMIN_PASSWORD=${CYNODE_BOOTSTRAP_ADMIN_PASSWORD:-$(secret bootstrap_admin_password)}
printf '%s' "$CYNODE_NODE_REGISTRATION_PSK" >"$CYNODE_STATE_DIR/secrets/registration_psk"

if [ -z "${SPRING_DATASOURCE_URL:-}" ]; then
  # Throwaway: a fresh database every time it starts (an external one keeps its data).
  alive dev-database || rm -rf "$CYNODE_STATE_DIR/pgdata"
  start dev-database "$(jar test-support)"
  for _ in $(seq 1 150); do grep -q '^ready ' "$log_dir/dev-database.log" 2>/dev/null && break; sleep 0.2; done
  grep -q '^ready ' "$log_dir/dev-database.log" || fail "the embedded PostgreSQL did not start" dev-database
  export SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$CYNODE_DB_PORT/postgres"
  export SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD=
fi

# CYNODE_TLS=1: both orchestrator services serve HTTPS (a Spring Boot SSL bundle) with a certificate
# from a CA made for this state dir; the node trusts that CA for its first registration, and the
# bootstrap names it from then on (nodes.md §1). Otherwise plain HTTP on loopback.
scheme=http
tls=()
if [ "${CYNODE_TLS:-}" = 1 ]; then
  tls_dir=$CYNODE_STATE_DIR/tls
  "$repo/dev/tls.sh" "$tls_dir" "$bridge_ip" # the bridge's address too, for nodes in namespaces
  scheme=https
  export CURL_CA_BUNDLE=$tls_dir/ca.pem
  export CYNODE_REGISTRATION_NODETRUSTCA=file:$tls_dir/ca.pem
  tls=(--server.ssl.bundle=cynode
       "--spring.ssl.bundle.pem.cynode.keystore.certificate=file:$tls_dir/server.pem"
       "--spring.ssl.bundle.pem.cynode.keystore.private-key=file:$tls_dir/server.key")
fi

# Where nodes reach the control planes: loopback, or with nodes in namespaces the bridge's address
# (the host's too). Replica 2 listens 10 ports above the first; each bootstrap names the other.
cp_host=127.0.0.1
[ "$nodes" -gt 1 ] && cp_host=$(node_facing_host)
[ "$cp_host" != 127.0.0.1 ] && ensure_bridge
cp_urls=()
for r in $(seq 1 "$control_planes"); do cp_urls+=("$scheme://$cp_host:$((CONTROL_PLANE_PORT + 10 * (r - 1)))"); done
node_cp_urls=$(IFS=,; echo "${cp_urls[*]}")
echo "$node_cp_urls" >"$run_dir/node-cp-urls"
for r in $(seq 1 "$control_planes"); do
  name=orchestrator-control-plane; [ "$r" -gt 1 ] && name=$name-$r
  port=$((CONTROL_PLANE_PORT + 10 * (r - 1)))
  (export CONTROL_PLANE_PORT=$port CONTROL_PLANE_MANAGEMENT_PORT=$((CONTROL_PLANE_MANAGEMENT_PORT + 10 * (r - 1)))
   export CYNODE_CONTROL_PLANE_PUBLIC_URL=${cp_urls[r - 1]}
   CYNODE_CONTROL_PLANE_PEER_URLS=$(printf '%s\n' "${cp_urls[@]}" | { grep -vx "${cp_urls[r - 1]}" || true; } | paste -sd,)
   export CYNODE_CONTROL_PLANE_PEER_URLS
   start "$name" "$(jar orchestrator-control-plane)" "${tls[@]}")
  # the first migrates the schema; the second starts once that is done
  wait_http "$scheme://127.0.0.1:$port/healthz" 90 || fail "the control plane did not start" "$name"
done
start orchestrator-user-gateway "$(jar orchestrator-user-gateway)" "${tls[@]}"

cat >"$CYNODE_STATE_DIR/node.yaml" <<YAML
version: 1
orchestrator:
  url: ${cp_urls[0]}
  alternate_urls: [$(IFS=,; echo "${cp_urls[*]:1}")]
  registration_psk_file: $CYNODE_STATE_DIR/secrets/registration_psk
$([ "$scheme" = https ] && echo "  ca_file: $tls_dir/ca.pem")
node:
  id: ${CYNODE_NODE_ID:-local-node}
  name: Local development node
worker_api:
  listen_host: 127.0.0.1
  listen_port: $WORKER_API_PORT
  # under CYNODE_TLS=1: HTTPS with a certificate the node makes at its first start, which the control plane pins
  tls: { enabled: $([ "$scheme" = https ] && echo true || echo false) }
sandbox:
  mode: standard
  runtime: podman
  default_image: cynode-sandbox:latest
  resources: { max_cpu_cores: 1.0, max_memory_mb: 512, max_pids: 256 }
  timeouts: { default_seconds: 300, max_seconds: 3600 }
  max_concurrency: 4
inference:
  mode: allow
  # off: the inference container has no route off the host (CYNODE_INFERENCE_INTERNET=1 lets Ollama pull models)
  internet: $([ "${CYNODE_INFERENCE_INTERNET:-}" = 1 ] && echo true || echo false)
storage:
  state_dir: $CYNODE_STATE_DIR/node
updates:
  enable_dynamic_config: true
  poll_interval_seconds: ${CYNODE_NODE_POLL_SECONDS:-10}
YAML
mkdir -p "$CYNODE_STATE_DIR/node"
ln -sfn "$log_dir" "$CYNODE_STATE_DIR/node/logs"
(unset CYNODE_NODE_REGISTRATION_PSK CYNODE_BOOTSTRAP_ADMIN_PASSWORD SPRING_DATASOURCE_URL SPRING_DATASOURCE_USERNAME SPRING_DATASOURCE_PASSWORD
 CYNODE_NODE_CONFIG="$CYNODE_STATE_DIR/node.yaml" CYNODE_WORKER_API_JAR="$(jar worker-api)" \
   start worker-node-manager "$(jar worker-node-manager)")

for i in $(seq 2 "$nodes"); do start_node "$i"; done

wait_http "$scheme://127.0.0.1:$USER_GATEWAY_PORT/readyz" 90 ready || fail "the user gateway did not become ready" orchestrator-user-gateway
for _ in $(seq 1 600); do
  grep -q 'is up: configuration version' "$log_dir/worker-node-manager.log" 2>/dev/null && break
  alive worker-node-manager || fail "the node manager exited" worker-node-manager
  sleep 0.2
done
grep -q 'is up: configuration version' "$log_dir/worker-node-manager.log" || fail "the node did not acknowledge its configuration" worker-node-manager
for i in $(seq 2 "$nodes"); do wait_node "$i" || fail "node $i did not acknowledge its configuration" "worker-node-manager-$i"; done
more=
[ "$control_planes" -gt 1 ] && more+="
  control plane  ${cp_urls[1]}   (replica 2: one PostgreSQL, no leader; nodes fail over between them)"
[ "$nodes" -gt 1 ] && more+="
$("$repo/dev/node.sh" list | sed 's/^/  /')
                 dev/node.sh kill|pause|resume|cut|mend|stop|start I  (README, \"Many nodes\")"

cat <<MSG
CyNodeAI is up (state: $CYNODE_STATE_DIR)
  user gateway   $scheme://127.0.0.1:$USER_GATEWAY_PORT   (API docs: $scheme://127.0.0.1:$USER_GATEWAY_MANAGEMENT_PORT/actuator/swagger-ui; login: admin, password in $CYNODE_STATE_DIR/secrets/bootstrap_admin_password)
  control plane  ${cp_urls[0]}
  worker api     $scheme://127.0.0.1:$WORKER_API_PORT   (node ${CYNODE_NODE_ID:-local-node}, configuration acknowledged)$more
  inference      $inference_banner, model(s) $CYNODE_INFERENCE_MODELS
                 OpenAI-compatible: base URL $scheme://127.0.0.1:$USER_GATEWAY_PORT/v1, key: an access or API token
  cli            CYNORK_GATEWAY_URL=$scheme://127.0.0.1:$USER_GATEWAY_PORT $([ "$scheme" = https ] && echo "CYNORK_CA_FILE=$tls_dir/ca.pem ")cynork/bin/cynork auth login -u admin
  logs           $log_dir/<module>.log
Stop everything with: just down
MSG
