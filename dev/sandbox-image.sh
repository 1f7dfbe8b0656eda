#!/usr/bin/env bash
# Builds the default sandbox image locally with no registry: busybox-static (shell, core
# utilities, tar, gzip, unzip, ps, env, date) and the CA bundle, loaded with `podman import`.
# Skips the build when the image exists (FORCE=1 rebuilds).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$here/containers.conf}
image=${1:-cynode-sandbox:latest}
if [ -z "${FORCE:-}" ] && podman image exists "$image" 2>/dev/null; then
  echo "$image present"; exit 0
fi
busybox=$(command -v busybox || true)
if [ -z "$busybox" ] || ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
  [ -x /bin/busybox ] && busybox=/bin/busybox
fi
[ -x "$busybox" ] || { echo "busybox-static is not installed: run 'just setup'" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,etc/ssl/certs,tmp,workspace,proc,sys,dev}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
printf 'root:x:0:0:root:/root:/bin/sh\nsandbox:x:65534:65534:sandbox:/workspace:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nsandbox:x:65534:\n' >"$root/etc/group"
chmod 1777 "$root/tmp"
tar -C "$root" -c . | podman import \
  --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' --change 'WORKDIR /workspace' \
  --change 'USER 65534:65534' --change 'LABEL io.cynode.sandbox=1' - "$image" >/dev/null
echo "$image built"
