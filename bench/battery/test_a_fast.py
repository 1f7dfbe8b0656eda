"""Fast groups (in CI): forged tokens, the sandbox probe, a workspace fill."""
import concurrent.futures as cf
import glob
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import threading
import time
import urllib.parse
import uuid

import pytest

from harness import *  # noqa: F401,F403 (the shared harness of every group)

pytestmark = pytest.mark.fast


def test_tokens(run, ctx, group):
    g = group
    real = ctx["admin"]
    claims = json.loads(unb64u(real.split(".")[1]))
    key = secret_file("user_jwt_signing_key")
    now = int(time.time())
    forged = {
        "alg none": b64u(b'{"alg":"none","typ":"JWT"}') + "." + real.split(".")[1] + ".",
        "wrong key": sign(claims, "not-the-key-" + "x" * 40),
        "expired": sign({**claims, "exp": now - 3600, "nbf": now - 7200, "iat": now - 7200}, key),
        "not yet valid": sign({**claims, "nbf": now + 3600, "exp": now + 7200}, key),
        "missing exp": sign({k: v for k, v in claims.items() if k != "exp"}, key),
        "wrong audience": sign({**claims, "aud": "cynode-node"}, key),
        "wrong issuer": sign({**claims, "iss": "someone-else"}, key),
        "tampered subject": real.split(".")[0] + "." + b64u(json.dumps({**claims, "sub": str(uuid.uuid4())}).encode())
                            + "." + real.split(".")[2],
        "garbage": "not.a.jwt",
    }
    g["injected"].append(f"{len(forged)} forged user tokens (signed with the real key where the claim is the point)")
    cp = Http(CP)
    psk = secret_file("registration_psk")
    cap = ctx["capability"]
    status, boot = cp.json("POST", "/v1/nodes/register", {"psk": psk, "capability": cap})
    run.check(g, "a probe node registers with the PSK", status == 200, status)
    node_jwt = boot["auth"]["node_jwt"]
    run.secrets.add(node_jwt)
    accepted = 0
    for name, tok in forged.items():
        status, ctype, data = run.gw.raw("GET", "/v1/users/me", None, {"Authorization": "Bearer " + tok})
        ok = status == 401 and is_problem(status, ctype, data, run.secrets)
        accepted += status < 400
        run.check(g, f"user endpoint refuses token: {name}", ok, status)
    status, ctype, data = run.gw.raw("GET", "/v1/users/me", None, {"Authorization": "Bearer " + node_jwt})
    run.check(g, "a node token is refused on user endpoints", status == 401 and is_problem(status, ctype, data, run.secrets), status)
    accepted += status < 400
    for path in ("/v1/nodes/config",):
        status, ctype, data = cp.raw("GET", path, None, {"Authorization": "Bearer " + real})
        run.check(g, "a user token is refused on node endpoints", status == 401 and is_problem(status, ctype, data, run.secrets), status)
        accepted += status < 400
    nkey = secret_file("node_jwt_signing_key")
    nclaims = json.loads(unb64u(node_jwt.split(".")[1]))
    for name, tok in {"expired node token": sign({**nclaims, "exp": now - 3600}, nkey),
                      "node token for the user audience": sign({**nclaims, "aud": "cynode-user"}, nkey),
                      "alg none node token": b64u(b'{"alg":"none"}') + "." + node_jwt.split(".")[1] + "."}.items():
        status, ctype, data = cp.raw("GET", "/v1/nodes/config", None, {"Authorization": "Bearer " + tok})
        run.check(g, f"node endpoint refuses: {name}", status == 401 and is_problem(status, ctype, data, run.secrets), status)
        accepted += status < 400
    g["figures"]["forged_tokens_accepted"] = accepted

    # Refresh: reuse revokes the session; concurrent refreshes of one token let at most one through.
    s = run.login("admin", ctx["admin_password"])
    status, new = run.gw.json("POST", "/v1/auth/refresh", {"refresh_token": s["refresh_token"]})
    run.secrets.update([new["access_token"], new["refresh_token"]])
    reuse, _ = run.gw.json("POST", "/v1/auth/refresh", {"refresh_token": s["refresh_token"]})
    after, _ = run.gw.json("GET", "/v1/users/me", None, new["access_token"])
    run.check(g, "reusing a rotated refresh token is refused and revokes the session", reuse == 401 and after == 401,
              (reuse, after))
    s = run.login("admin", ctx["admin_password"])
    with cf.ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda _: Http(GW).json("POST", "/v1/auth/refresh", {"refresh_token": s["refresh_token"]}),
                              range(8)))
    for _, body in codes:
        if body and "access_token" in body:
            run.secrets.update([body["access_token"], body["refresh_token"]])
    wins = sum(1 for c, _ in codes if c == 200)
    run.check(g, "8 concurrent refreshes of one token: at most one succeeds", wins <= 1, [c for c, _ in codes])

def test_sandbox(run, ctx, group):
    g = group
    admin = ctx["admin"]
    g["injected"].append("a probe of the sandbox from the inside")
    r = run.result(admin, run.task(admin, PROBE))
    out = r["jobs"][0]["result"]["stdout"]
    fields = dict(line.split(":\t", 1) for line in out.splitlines() if ":\t" in line)
    run.check(g, "no effective, permitted or bounding capabilities",
              all(fields.get(k, "").strip("0") == "" and fields.get(k) for k in ("CapEff", "CapPrm", "CapBnd")), fields)
    run.check(g, "seccomp filter on (mode 2)", fields.get("Seccomp") == "2", fields.get("Seccomp"))
    run.check(g, "no-new-privileges set", fields.get("NoNewPrivs") == "1", fields.get("NoNewPrivs"))
    run.check(g, "root filesystem read-only", "root-read-only" in out and "ROOT_WRITABLE" not in out)
    run.check(g, "no container engine socket inside", "ENGINE_SOCKET" not in out)
    run.check(g, "not root inside", "uid=0" not in out)
    nice = next((line[5:] for line in out.splitlines() if line.startswith("nice=")), None)
    run.check(g, "runs at a lower CPU priority than the control path (nice 10)", nice == "10", nice)
    value = lambda key: next((line[len(key) + 1:] for line in out.splitlines() if line.startswith(key + "=")), "")
    cgroup, weight = value("cpucgroup"), value("cpuweight")
    # cgroup v1 shows the path (the parent prepared at weight 64 of 1024); v2 shows only "/" inside.
    run.check(g, "runs at the least CPU weight (2 shares, v2 weight 1), under the node's low-weight cgroup on v1",
              (weight == "2" and cgroup.startswith("/cynode_sandboxes/")) or (weight == "1" and not cgroup),
              (cgroup, weight))
    leaked = [s[:4] + "…" for s in run.secrets | ctx["service_secrets"] if s in out]
    run.check(g, "no secret in the environment, mounts or workspace listing", not leaked, leaked)
    net = next((line for line in out.splitlines() if line.startswith("links=")), "")
    run.check(g, "a network namespace of its own with only loopback: no other sandbox, no host service in reach",
              net == "links=lo routes=0", net)
    state_mounts = [line for line in out.splitlines() if STATE in line]
    run.check(g, "from the node's state, only this task's workspace is mounted",
              "/secrets" not in out and all("/workspaces/" in line and " /workspace " in line for line in state_mounts),
              state_mounts[:3])

    g["injected"].append("fork bomb, memory bomb (2 GB into a shell variable), 1 GB of stdout, at once")
    with cf.ThreadPoolExecutor(3) as pool:
        results = {name: f.result(timeout=180) for name, f in start_bombs(run, admin, pool).items()}
    fork = results["fork bomb"]["jobs"][0]["result"]
    run.check(g, "fork bomb contained by the PID limit", "contained" in fork["stdout"], fork.get("exit_code"))
    mem = results["memory bomb"]["jobs"][0]["result"]
    held = int(mem["stdout"].split("held=")[1].split()[0]) if "held=" in mem["stdout"] else 0
    run.check(g, "memory bomb held to its limit (512 MB) by the OOM killer",
              held < 512 * 2**20 and (mem["status"] == "failed" or held > 0), (mem["status"], mem.get("exit_code"), held))
    flood = results["1 GB of output"]["jobs"][0]["result"]
    run.check(g, "1 GB of output: kept to 256 KiB, marked truncated, the job stopped past the read limit (64 MB)",
              flood["truncated"]["stdout"] and len(flood["stdout"].encode()) <= 256 * 1024 and flood["status"] == "failed"
              and "printed more than" in flood["stderr"], (len(flood["stdout"]), flood["status"], flood["stderr"][-80:]))

def test_diskfill(run, ctx, group):
    g = group
    admin = ctx["admin"]
    tricks = {
        "plain": "dd if=/dev/zero of=/workspace/fill bs=1M count=4096",
        "deleted but open": "exec 3>/workspace/f; rm /workspace/f; dd if=/dev/zero bs=1M count=4096 >&3",
        "unreadable directory": "mkdir /workspace/d; dd if=/dev/zero of=/workspace/d/f bs=1M count=4096; chmod 000 /workspace/d",
    }
    g["injected"].append("jobs writing 4 GB into /workspace (the node's default limit is 1 GB): "
                         + ", ".join(tricks))
    for name, script in tricks.items():
        t = time.perf_counter()
        tid = run.task(admin, script + "; echo exit=$?")
        r = run.result(admin, tid, wait=60)
        elapsed = time.perf_counter() - t
        res = r["jobs"][0].get("result") or {}
        err = res.get("stderr", "")
        written = next((int(line.split("+")[0]) for line in err.splitlines() if "records out" in line), None)
        image = os.path.join(STATE, "node", "workspaces", tid + ".img")
        on_disk = os.stat(image).st_blocks * 512 if os.path.exists(image) else 0
        g["figures"][name] = {"mib_written": written, "mib_on_disk": round(on_disk / 2**20), "seconds": round(elapsed, 1)}
        run.check(g, f"{name}: the write ends at the limit with no space left (at most 1 GB written)",
                  "No space left on device" in err and written is not None and written <= 1024, (written, err[-160:]))
        run.check(g, f"{name}: the workspace holds at most its limit on the node's disk", on_disk <= 2**30, on_disk)
        if name != "deleted but open":
            run.check(g, f"{name}: the job is told its workspace is full", "/workspace is full" in err, err[-120:])
    canary = run.result(admin, run.task(admin, "echo canary"), wait=60)
    run.check(g, "the node keeps serving", canary["status"] == "completed", canary["status"])


def test_exposure(run, ctx, group):
    g = group
    g["injected"].append("metrics and API documents asked for on each service's own port; the management ports and "
                         "the inference container inspected")
    for name, port in (("gateway", GW), ("control plane", CP), ("worker api", WK)):
        own = Http(port)
        for path in ("/actuator/prometheus", "/actuator/openapi", "/v3/api-docs", "/swagger-ui.html"):
            status, _, _ = own.raw("GET", path)
            run.check(g, f"{name}: no {path} on its own port", status in (401, 404), status)
        status, _, data = Http(port + 1).raw("GET", "/actuator/prometheus")
        run.check(g, f"{name}: metrics on its management port", status == 200 and b"jvm_" in data, status)
        listen = subprocess.run(["ss", "-Hltn", f"sport = :{port + 1}"], capture_output=True, text=True).stdout.split()
        run.check(g, f"{name}: the management port listens on loopback only",
                  bool(listen) and all(a.startswith("127.0.0.1:") for a in listen if ":" in a and a[0].isdigit()),
                  listen)
    fmt = ("{{.HostConfig.CapDrop}}|{{.HostConfig.ReadonlyRootfs}}|{{.HostConfig.SecurityOpt}}|"
           "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}")
    out = subprocess.run(["podman", "inspect", "--format", fmt, "cynode-inference-" + os.environ["CYNODE_NODE_ID"]],
                         capture_output=True, text=True).stdout.strip()
    caps, readonly, opts, nets = (out.split("|") + ["", "", "", ""])[:4]
    run.check(g, "the inference container runs without capabilities, read-only, with no new privileges",
              "CAP_NET_RAW" in caps and "CAP_SYS_CHROOT" in caps and readonly == "true" and "no-new-privileges" in opts,
              out)
    internal = subprocess.run(["podman", "network", "inspect", "--format", "{{.Internal}}", nets],
                              capture_output=True, text=True).stdout.strip() if nets else ""
    run.check(g, "the inference container is alone on an internal network (no route off the host)",
              nets.startswith("cynode-inference-") and internal == "true", (nets, internal))


def test_trust(run, ctx, group):
    g = group
    admin = ctx["admin"]
    cp = Http(CP)
    psk = secret_file("registration_psk")
    node = os.environ["CYNODE_NODE_ID"]
    g["injected"].append("the PSK with the running node's slug (another Worker API URL, then its real one); "
                         "a node revoked while its JWT is still valid")

    def capability(slug, url):
        c = json.loads(json.dumps(ctx["capability"]))
        c["node"] = {"node_slug": slug}
        c["worker_api"] = {"base_url": url}
        return c

    for label, url in (("another Worker API URL", "http://127.0.0.1:9"), ("its real one", f"http://127.0.0.1:{WK}")):
        status, body = cp.json("POST", "/v1/nodes/register", {"psk": psk, "capability": capability(node, url)})
        run.check(g, f"the PSK and the running node's slug with {label}: 409 node-identity-conflict",
                  status == 409 and (body or {}).get("type", "").endswith("/node-identity-conflict"), (status, body))
    canary = run.result(admin, run.task(admin, "echo still-the-real-node"), wait=60)
    res = canary["jobs"][0].get("result") or {}
    run.check(g, "the real node still runs the jobs", canary["status"] == "completed"
              and res.get("stdout") == "still-the-real-node\n", canary["status"])

    slug = "battery-trust-" + uuid.uuid4().hex[:8]
    status, boot = cp.json("POST", "/v1/nodes/register", {"psk": psk, "capability": capability(slug, "http://127.0.0.1:9")})
    run.check(g, "a new slug is enrolled with the PSK and gets a node credential",
              status == 200 and bool(boot["auth"].get("node_credential")), status)
    jwt, credential = boot["auth"]["node_jwt"], boot["auth"]["node_credential"]
    run.secrets.update([jwt, credential])
    before, _ = cp.json("GET", "/v1/nodes/config", None, jwt)
    revoked, _ = run.gw.json("POST", f"/v1/nodes/{slug}/revoke", None, admin)
    after, _ = cp.json("GET", "/v1/nodes/config", None, jwt)
    run.check(g, "a revoked node's unexpired JWT is refused on its next request",
              before == 200 and revoked in (200, 204) and after == 401, (before, revoked, after))
    again, body = cp.json("POST", "/v1/nodes/register",
                          {"psk": psk, "node_credential": credential, "capability": capability(slug, "http://127.0.0.1:9")})
    run.check(g, "a revoked node cannot register again, even with its credential", again == 409, (again, body))


def test_burst(run, ctx, group):
    g = group
    admin = ctx["admin"]
    handle = "burst-" + uuid.uuid4().hex[:6]
    password = "pw-" + uuid.uuid4().hex
    run.secrets.add(password)
    status, _ = run.gw.json("POST", "/v1/users", {"handle": handle, "password": password}, admin)
    assert status == 201, status
    n = 200
    g["injected"].append(f"{n} parallel logins with wrong passwords for one handle from 127.0.0.3; its owner signs in "
                         "from 127.0.0.2 meanwhile")

    # The guesses come from 127.0.0.3, so the per-address limit they trip spares the later groups' 127.0.0.1.
    def guess(i):
        conn = http.client.HTTPConnection("127.0.0.1", GW, timeout=60, source_address=("127.0.0.3", 0))
        try:
            conn.request("POST", "/v1/auth/login", json.dumps({"handle": handle, "password": f"wrong-guess-{i}"}),
                         {"Content-Type": "application/json"})
            return conn.getresponse().status
        finally:
            conn.close()

    def owner():
        conn = http.client.HTTPConnection("127.0.0.1", GW, timeout=60, source_address=("127.0.0.2", 0))
        try:
            conn.request("POST", "/v1/auth/login", json.dumps({"handle": handle, "password": password}),
                         {"Content-Type": "application/json"})
            r = conn.getresponse()
            body = json.loads(r.read() or b"{}")
            run.secrets.update(v for k, v in body.items() if k.endswith("token"))
            return r.status
        finally:
            conn.close()

    with cf.ThreadPoolExecutor(50) as pool:
        guesses = [pool.submit(guess, i) for i in range(n)]
        time.sleep(0.2)
        mine = pool.submit(owner)
        codes = [f.result() for f in guesses]
    checked = codes.count(401)
    g["figures"].update({"answered_401": checked, "answered_429": codes.count(429), "other": n - checked - codes.count(429)})
    run.check(g, f"of {n} parallel guesses at most the limit (10) had their password checked", checked <= 10, checked)
    run.check(g, "every other guess was refused before any work (429)", codes.count(429) == n - checked, codes[:5])
    run.check(g, "the owner signs in from an address that has not failed", mine.result() == 200, mine.result())
