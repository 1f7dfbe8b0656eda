# Shared settings of the dev scripts (sourced, not run).
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA_HOME/bin/java" ] || JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
export PATH="$JAVA_HOME/bin:$PATH"
export CYNODE_STATE_DIR=${CYNODE_STATE_DIR:-$repo/.cynode}
mkdir -p "$CYNODE_STATE_DIR"/{logs,run,secrets}
chmod 700 "$CYNODE_STATE_DIR/secrets"
export CYNODE_STATE_DIR=$(cd "$CYNODE_STATE_DIR" && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$repo/dev/containers.conf}
export USER_GATEWAY_PORT=${USER_GATEWAY_PORT:-12080}
export CONTROL_PLANE_PORT=${CONTROL_PLANE_PORT:-12082}
export WORKER_API_PORT=${WORKER_API_PORT:-12090}
# Metrics and API docs: loopback only, the port after each service's own.
export USER_GATEWAY_MANAGEMENT_PORT=${USER_GATEWAY_MANAGEMENT_PORT:-$((USER_GATEWAY_PORT + 1))}
export CONTROL_PLANE_MANAGEMENT_PORT=${CONTROL_PLANE_MANAGEMENT_PORT:-$((CONTROL_PLANE_PORT + 1))}
export CYNODE_DB_PORT=${CYNODE_DB_PORT:-5432}
version=0.1.0-SNAPSHOT
jar() { echo "$repo/$1/target/$1-$version-exec.jar"; }
run_dir=$CYNODE_STATE_DIR/run
log_dir=$CYNODE_STATE_DIR/logs

# secret NAME: the value from the state dir, generated (owner-only) on first use.
secret() {
  local f="$CYNODE_STATE_DIR/secrets/$1"
  if [ ! -s "$f" ]; then (umask 077; head -c 32 /dev/urandom | base64 | tr -d '/+=\n' >"$f"); fi
  cat "$f"
}

# alive NAME: its process runs. A killed process whose parent never reaps it (an init that does
# not reap orphans) stays a zombie that `kill -0` still finds: that one is dead too.
alive() {
  local pid
  [ -f "$run_dir/$1.pid" ] || return 1
  pid=$(cat "$run_dir/$1.pid")
  kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" != Z* ]]
}

# wait_http URL SECONDS [PATTERN]: until the URL answers 200 (and its body matches PATTERN).
wait_http() {
  local url=$1 secs=$2 pattern=${3:-} body
  for _ in $(seq 1 $((secs * 5))); do
    if body=$(curl -sf --max-time 2 "$url" 2>/dev/null); then
      if [ -z "$pattern" ] || grep -q "$pattern" <<<"$body"; then return 0; fi
    fi
    sleep 0.2
  done
  return 1
}
