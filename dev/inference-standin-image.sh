#!/usr/bin/env bash
# Builds `cynode-inference-standin:latest`, a STAND-IN for the Ollama image (which no registry
# here can provide): busybox httpd answering Ollama's health endpoint (GET / -> 200
# "Ollama is running") on port 11434, or $OLLAMA_PORT. It serves no model. Skips when present
# (FORCE=1 rebuilds).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$here/containers.conf}
image=cynode-inference-standin:latest
if [ -z "${FORCE:-}" ] && podman image exists "$image" 2>/dev/null; then echo "$image present"; exit 0; fi
"$here/sandbox-image.sh" >/dev/null
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cat >"$ctx/Containerfile" <<'CF'
FROM cynode-sandbox:latest
USER 0:0
RUN mkdir -p /www && printf 'Ollama is running' > /www/index.html
LABEL io.cynode.standin=ollama
ENV OLLAMA_PORT=11434
CMD ["sh", "-c", "trap 'exit 0' TERM INT; httpd -f -v -p ${OLLAMA_PORT} -h /www & wait"]
CF
podman build -q --network=none -t "$image" "$ctx" >/dev/null
echo "$image built"
