#!/usr/bin/env bash
# `just battery [GROUP...]`: the fault, abuse and scale battery against the real stack (embedded
# PostgreSQL, both orchestrator services, a node with worker-api and Podman), on ports of its own.
# The groups are pytest tests in bench/battery (Debian's python3-pytest and python3-hypothesis):
# fast (default: tokens sandbox diskfill exposure trust burst fuzz logs), slow (neighbours faults workerkill dbrestart
# dropreply rotation timeouts scale ceiling longtx logs), all (fast and slow), or group names; or
# nodes (`just bench-multinode`: nodeplacement nodeceiling nodekill nodecut replicakill), against a
# stack of three nodes and two control-plane replicas of its own.
# Writes bench/results/battery.{json,md} (nodes: multinode.{json,md}; not tracked); exits non-zero
# when anything did not hold.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
export CYNODE_NODE_ID=battery-node
if [ "${1:-}" = nodes ]; then
  export CYNODE_STATE_DIR=${BATTERY_STATE_DIR:-$repo/bench/.multinode-state} BATTERY_REPORT=multinode
  # ports whose bridge subnet (dev/node.sh) is none of the dev stack's, the features' or the battery's
  export USER_GATEWAY_PORT=16580 CONTROL_PLANE_PORT=16582 WORKER_API_PORT=16590 CYNODE_DB_PORT=16534
  export CYNODE_NODES=3 CYNODE_CONTROL_PLANES=2 CYNODE_NODE_MAX_CONCURRENCY=20
  # placement's figure runs Placement itself, with the control plane's test class path
  (cd "$repo" && mvn -B -ntp -q -pl orchestrator-control-plane test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath -Dspotless.skip)
  cpdir=$repo/orchestrator-control-plane/target
  export PLACEMENT_CLASSPATH="$cpdir/test-classes:$cpdir/classes:$(cat "$cpdir/bench.classpath")"
else
  export CYNODE_STATE_DIR=${BATTERY_STATE_DIR:-$repo/bench/.battery-state}
  export USER_GATEWAY_PORT=15080 CONTROL_PLANE_PORT=15082 WORKER_API_PORT=15090 CYNODE_DB_PORT=15434
fi
# Every load client here is one user (admin): the per-user limits (nodes.md §2) would measure themselves.
export CYNODE_TASKS_MAX_RUNNING_PER_USER=${CYNODE_TASKS_MAX_RUNNING_PER_USER:-100000}
export CYNODE_TASKS_MAX_QUEUED_PER_USER=${CYNODE_TASKS_MAX_QUEUED_PER_USER:-1000000}
# The Worker API token rotates every ~15 s, so every group runs across rotations (as the features do).
export CYNODE_NODECONFIG_TOKENTTL=60s CYNODE_NODECONFIG_TOKENROTATEBEFORE=45s CYNODE_NODE_TOKEN_GRACE=5s
export CYNODE_NODE_POLL_SECONDS=3
source "$repo/dev/env.sh"
export DOCKER_HOST=$("$repo/dev/podman-service.sh")

cleanup() { "$repo/dev/down.sh" >/dev/null 2>&1 || true; }
trap cleanup EXIT
"$repo/dev/down.sh" >/dev/null 2>&1 || true
rm -rf "$CYNODE_STATE_DIR/logs" "$CYNODE_STATE_DIR/secrets"
source "$repo/dev/env.sh"
"$repo/dev/up.sh" >/dev/null
select=()
names=()
for a in "${@:-fast}"; do
  case $a in
    fast|slow|nodes) select=(-m "$a") ;;
    all) select=(-m "not nodes") ;;
    *) names+=("test_$a") ;;
  esac
done
if [ ${#names[@]} -gt 0 ]; then
  expr=$(printf ' or %s' "${names[@]}"); select=(-k "${expr:4}")
fi
# Debian's interpreter, whose packages `just setup` installs (not a pyenv one on the PATH).
/usr/bin/python3 -m pytest -p no:cacheprovider -q -rA "${select[@]}" "$here/battery"
