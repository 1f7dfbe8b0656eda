#!/usr/bin/env bash
# dev/tls.sh DIR [IP]: for `CYNODE_TLS=1 just up` (nodes.md §1), a CA made for this state dir and a
# certificate for 127.0.0.1, localhost (and IP: the address nodes in namespaces reach the control
# planes at) it signed: ca.pem, server.pem, server.key (keys owner-only). Made once; an existing
# set is kept while its certificate names IP.
set -euo pipefail
dir=$1 extra_ip=${2:-}
mkdir -p "$dir"
chmod 700 "$dir"
names() { openssl x509 -in "$dir/server.pem" -noout -ext subjectAltName 2>/dev/null; }
[ -s "$dir/ca.pem" ] && [ -s "$dir/server.pem" ] && [ -s "$dir/server.key" ] \
  && { [ -z "$extra_ip" ] || names | grep -q "IP Address:$extra_ip\b"; } && exit 0
cd "$dir"
umask 077
curve=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
[ -s ca.pem ] && [ -s ca.key ] || openssl req -x509 "${curve[@]}" -keyout ca.key -out ca.pem -days 30 \
  -subj "/CN=CyNodeAI local CA" -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req "${curve[@]}" -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null
printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost${extra_ip:+,IP:$extra_ip}" "basicConstraints=critical,CA:FALSE" \
  "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -out server.pem \
  -extfile server.ext 2>/dev/null
rm -f server.csr server.ext ca.srl
chmod 644 ca.pem server.pem
