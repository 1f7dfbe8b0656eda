#!/usr/bin/env bash
# `just demo`: brings the stack up, logs in as admin, runs a sample task, prints its result, then asks
# the model one question and prints its answer.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$repo/dev/up.sh"
gw="http://127.0.0.1:$USER_GATEWAY_PORT"
password=${CYNODE_BOOTSTRAP_ADMIN_PASSWORD:-$(cat "$CYNODE_STATE_DIR/secrets/bootstrap_admin_password")}
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
token=$(python3 -c 'import json,sys; print(json.dumps({"handle":"admin","password":sys.argv[1]}))' "$password" |
  curl -sf -H 'Content-Type: application/json' --data-binary @- "$gw/v1/auth/login" | json "['access_token']")
command=${1:-'echo "hello from a CyNodeAI sandbox"; uname -s; id -u'}
task=$(python3 -c 'import json,sys; print(json.dumps({"prompt":sys.argv[1],"input_mode":"commands","task_name":"demo-"+sys.argv[2]}))' "$command" "$(date +%s%N)" |
  curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @- "$gw/v1/tasks" | json "['task_id']")
echo "task $task: $command"
# One request that answers when the task has ended (or after 60 s): no polling.
result=$(curl -sf --max-time 70 -H "Authorization: Bearer $token" "$gw/v1/tasks/$task/result?wait_seconds=60")
status=$(json "['status']" <<<"$result")
echo "status: $status"
python3 -c 'import json,sys; r=json.load(sys.stdin)["jobs"][0].get("result") or {}; print("exit code:", r.get("exit_code")); print("stdout:"); print(r.get("stdout", ""), end=""); print("stderr:"); print(r.get("stderr", ""), end="")' <<<"$result"
[ "$status" = completed ] || exit 1
# And a question for the model, as a prompt task (the default input mode): answered, never run.
question=${CYNODE_DEMO_QUESTION:-What is 2+2?}
task=$(python3 -c 'import json,sys; print(json.dumps({"prompt":sys.argv[1]}))' "$question" |
  curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @- "$gw/v1/tasks" | json "['task_id']")
echo "question (task $task): $question"
result=$(curl -sf --max-time 70 -H "Authorization: Bearer $token" "$gw/v1/tasks/$task/result?wait_seconds=60")
status=$(json "['status']" <<<"$result")
python3 -c 'import json,sys; r=json.load(sys.stdin)["jobs"][0].get("result") or {}; print("answer:", r.get("stdout", ""))' <<<"$result"
echo "status: $status"
[ "$status" = completed ]
