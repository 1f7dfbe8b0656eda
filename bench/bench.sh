#!/usr/bin/env bash
# `just bench` (whole stack) and `just bench-worker` (Worker API alone): figures as ratios
# against bare `podman run --rm` of the same image, command and limits, alternated in one run.
# `just bench-inference`: the model through the gateway against the same backend called directly.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
export CYNODE_STATE_DIR=${BENCH_STATE_DIR:-$repo/bench/.state}
export USER_GATEWAY_PORT=14080 CONTROL_PLANE_PORT=14082 WORKER_API_PORT=14090 CYNODE_DB_PORT=15433
export CYNODE_NODE_ID=bench-node
# Every load client here is one user (admin): the per-user limits (nodes.md §2) would measure themselves.
export CYNODE_TASKS_MAX_RUNNING_PER_USER=${CYNODE_TASKS_MAX_RUNNING_PER_USER:-100000}
export CYNODE_TASKS_MAX_QUEUED_PER_USER=${CYNODE_TASKS_MAX_QUEUED_PER_USER:-1000000}
source "$repo/dev/env.sh"
mode=${1:-stack}
export DOCKER_HOST=$("$repo/dev/podman-service.sh")
"$repo/dev/sandbox-image.sh" >/dev/null

cleanup() {
  # wait reports the SIGTERM (143): not a failure of the bench.
  [ -n "${worker_pid:-}" ] && kill "$worker_pid" 2>/dev/null && { wait "$worker_pid" 2>/dev/null || true; }
  [ "$mode" != worker ] && "$repo/dev/down.sh" >/dev/null 2>&1
  return 0
}
trap cleanup EXIT

if [ "$mode" = inference ]; then
  "$repo/dev/down.sh" >/dev/null 2>&1 || true
  export CYNODE_NODECONFIG_INFERENCEPORT=14434
  # The baseline calls the container directly: its port is published on loopback only in the
  # node's internet mode (otherwise it sits alone on an internal network, reachable through the
  # Worker API alone), which this bench turns on for that.
  export CYNODE_INFERENCE_INTERNET=1
  # The acting model's trace (its own time a chat, apart from its model calls and tasks).
  export LOGGING_LEVEL_IO_CYNODEAI_GATEWAY_AGENT=DEBUG
  "$repo/dev/up.sh" >/dev/null
  gw="http://127.0.0.1:$USER_GATEWAY_PORT"
  access=$(python3 -c 'import json,sys; print(json.dumps({"handle":"admin","password":sys.argv[1]}))' \
      "$(cat "$CYNODE_STATE_DIR/secrets/bootstrap_admin_password")" |
    curl -sf -H 'Content-Type: application/json' --data-binary @- "$gw/v1/auth/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  key=$(curl -sf -H "Authorization: Bearer $access" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
      "$gw/v1/users/me/api_tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  (cd "$here" && python3 inference.py 14434 "$USER_GATEWAY_PORT" "$key" "$(cat "$run_dir/orchestrator-user-gateway.pid")")
elif [ "$mode" = cli ]; then
  "$repo/dev/down.sh" >/dev/null 2>&1 || true
  "$repo/dev/up.sh" >/dev/null
  gw="http://127.0.0.1:$USER_GATEWAY_PORT"
  home=$(mktemp -d); trap 'rm -rf "$home"; cleanup' EXIT
  export XDG_CONFIG_HOME=$home CYNORK_GATEWAY_URL=$gw
  "$repo/cynork/bin/cynork" auth login -u admin --password-stdin <"$CYNODE_STATE_DIR/secrets/bootstrap_admin_password" >/dev/null
  task=$("$repo/cynork/bin/cynork" task create --command 'echo bench' --name cli-bench --result -o json |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["task_id"])')
  # The token for curl and the floor, in a file of mine alone (never on a command line).
  (umask 077; printf 'Authorization: Bearer %s\n' "$(sed -n 's/^token: *//p' "$home/cynork/config.yaml" | tr -d '"')" >"$home/header")
  mkdir -p "$home/floor" && "$JAVA_HOME/bin/javac" -d "$home/floor" "$here/CliFloor.java"
  (cd "$here" && python3 cli.py "$repo" "$gw" "$JAVA_HOME/bin/java" "$home/floor" "$task" "$home/header")
elif [ "$mode" = worker ]; then
  token=$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')
  (umask 077; printf '{"token":"%s","expires_at":"%s"}' "$token" "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)" \
    >"$CYNODE_STATE_DIR/secrets/bench-worker-token.json")
  java -XX:+UseSerialGC -jar "$(jar worker-api)" --server.port=$WORKER_API_PORT \
    --cynode.worker.token-file="$CYNODE_STATE_DIR/secrets/bench-worker-token.json" \
    --cynode.sandbox.docker-host="$DOCKER_HOST" --cynode.sandbox.workspace-root="$CYNODE_STATE_DIR/workspaces" \
    --cynode.sandbox.max-concurrency=8 --cynode.sandbox.allowed-images=cynode-sandbox:latest \
    >"$log_dir/bench-worker-api.log" 2>&1 &
  worker_pid=$!
  wait_http "http://127.0.0.1:$WORKER_API_PORT/readyz" 60 ready || { echo "worker-api did not start" >&2; exit 1; }
  BENCH_WORKER_TOKEN_FILE="$CYNODE_STATE_DIR/secrets/bench-worker-token.json" \
    python3 "$here/bench.py" worker "http://127.0.0.1:$WORKER_API_PORT"
else
  "$repo/dev/down.sh" >/dev/null 2>&1 || true
  "$repo/dev/up.sh" >/dev/null
  python3 "$here/bench.py" stack "http://127.0.0.1:$USER_GATEWAY_PORT" "$(cat "$CYNODE_STATE_DIR/secrets/bootstrap_admin_password")"
fi
