#!/usr/bin/env bash
# Builds `cynode-inference-standin:latest`, the TEST DOUBLE that stands in for a model server
# where none can be downloaded (inference.md §7): the inference-standin module (JDK HTTP server,
# Ollama's API subset and the OpenAI-compatible chat on port 11434) on a jlinked Java runtime,
# beside busybox, loaded with `podman import` (no registry). Rebuilt when the module's jars
# changed; FORCE=1 rebuilds anyway.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$here/containers.conf}
image=${1:-cynode-inference-standin:latest}
target=$repo/inference-standin/target
jarfile=$(ls "$target"/inference-standin-*.jar 2>/dev/null | grep -v -- '-sources' | head -1 || true)
if [ -z "$jarfile" ] || [ ! -d "$target/lib" ]; then
  (cd "$repo" && mvn -q -B -ntp -pl inference-standin package -DskipTests -Dspotless.skip)
  jarfile=$(ls "$target"/inference-standin-*.jar | head -1)
fi
hash=$(cat "$jarfile" "$target"/lib/*.jar | sha256sum | cut -c1-16)
if [ -z "${FORCE:-}" ] && [ "$(podman image inspect --format '{{index .Labels "io.cynode.standin.hash"}}' "$image" 2>/dev/null)" = "$hash" ]; then
  echo "$image present"; exit 0
fi
busybox=/bin/busybox
[ -x "$busybox" ] && file -L "$busybox" 2>/dev/null | grep -q 'statically linked' || busybox=$(command -v busybox)
[ -x "$busybox" ] || { echo "busybox-static is not installed: run 'just setup'" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev,opt/standin}
cp "$busybox" "$root/bin/busybox"
for applet in sh sleep cat; do ln -sf busybox "$root/bin/$applet"; done
"$JAVA_HOME/bin/jlink" --add-modules java.base,jdk.httpserver,java.logging,java.sql \
  --strip-debug --no-man-pages --no-header-files --compress zip-6 --output "$root/opt/java"
cp "$jarfile" "$target"/lib/*.jar "$root/opt/standin/"
# The runtime links against the C library: copy the shared objects it needs, and the loader.
find "$root/opt/java" -type f \( -name java -o -name '*.so' \) -exec ldd {} + 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"
  done
printf 'root:x:0:0:root:/:/bin/sh\nstandin:x:65534:65534:standin:/tmp:/bin/sh\n' >"$root/etc/passwd"
chmod 1777 "$root/tmp"
tar -C "$root" -c . | podman import -q \
  --change 'ENV PATH=/bin:/opt/java/bin' --change 'USER 65534:65534' \
  --change 'ENV OLLAMA_PORT=11434' --change 'EXPOSE 11434' \
  --change "LABEL io.cynode.standin=ollama io.cynode.standin.hash=$hash" \
  --change 'CMD ["/opt/java/bin/java", "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1", "-cp", "/opt/standin/*", "io.cynodeai.standin.InferenceStandIn"]' \
  - "$image" >/dev/null
echo "$image built"
