"""CyNodeAI fault and abuse battery, against the real stack that battery.sh started.

Each group records what it injected and what held; the run writes bench/results/battery.json
and battery.md and exits 1 when any check did not hold. Traffic goes to loopback only."""
import base64
import concurrent.futures as cf
import datetime
import glob
import hashlib
import hmac
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid

STATE = os.environ["CYNODE_STATE_DIR"]
GW = int(os.environ["USER_GATEWAY_PORT"])
CP = int(os.environ["CONTROL_PLANE_PORT"])
WK = int(os.environ["WORKER_API_PORT"])
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(REPO, "bench", "results")
FAST = ["tokens", "isolation", "sandbox", "diskfill", "fuzz", "bruteforce", "logs"]
SLOW = ["faults", "workerkill", "dbrestart", "dropreply", "rotation", "timeouts", "neighbours", "scale", "ceiling",
        "longtx"]
FUZZ_N = int(os.environ.get("BATTERY_FUZZ_N", "10000"))
FAULT_JOBS = int(os.environ.get("BATTERY_FAULT_JOBS", "100"))
TERMINAL = ("completed", "failed", "canceled")
# What may never appear in an answer body: traces, class names, SQL.
LEAKS = ["Exception", "\tat ", "at io.cynodeai", "at org.", "java.lang", "org.springframework", "SQLState",
         "select ", "insert into", "PSQLException", "postgres"]


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def secret_file(name):
    with open(os.path.join(STATE, "secrets", name)) as f:
        return f.read().strip()


class Http:
    """One keep-alive connection to a loopback port."""

    def __init__(self, port, timeout=120):
        self.port, self.timeout, self.conn = port, timeout, None

    def raw(self, method, path, body=None, headers=None):
        # 1st try: the kept-alive connection; 2nd: a fresh one (the old one may have gone stale);
        # 3rd, only when a fresh connection broke while sending: without the body, to read the
        # answer of a server that refused the request line or headers and closed early.
        for attempt in range(3):
            fresh = self.conn is None
            if fresh:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                r = self.conn.getresponse()
                data = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close(); self.conn = None
                return r.status, r.getheader("Content-Type", ""), data
            except (http.client.HTTPException, ConnectionError, OSError) as e:
                self.conn.close(); self.conn = None
                if attempt == 2 or (fresh and not isinstance(e, BrokenPipeError)):
                    raise
                if fresh:
                    body = None

    def json(self, method, path, body=None, token=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        status, _, data = self.raw(method, path, None if body is None else json.dumps(body), headers)
        return status, (json.loads(data) if data else None)


class Run:
    def __init__(self):
        self.groups = {}
        self.secrets = set()
        self.passwords = {}
        self.gw = Http(GW)

    def group(self, name):
        g = {"injected": [], "checks": [], "figures": {}}
        self.groups[name] = g
        return g

    @staticmethod
    def check(g, name, ok, detail=""):
        g["checks"].append({"check": name, "held": bool(ok), "detail": str(detail)[:300]})
        print(("  ok   " if ok else "  FAIL ") + name + ("" if ok else "  -- " + str(detail)[:300]), flush=True)

    def login(self, handle, password):
        status, body = self.gw.json("POST", "/v1/auth/login", {"handle": handle, "password": password})
        assert status == 200, (status, body)
        self.secrets.update([body["access_token"], body["refresh_token"], password])
        self.passwords[handle] = password
        return body

    def user(self, admin, handle):
        password = "pw-" + uuid.uuid4().hex
        self.secrets.add(password)
        status, body = self.gw.json("POST", "/v1/users", {"handle": handle, "password": password}, admin)
        assert status == 201, (status, body)
        return self.login(handle, password)

    def task(self, token, command):
        status, created = Http(GW).json("POST", "/v1/tasks", {"prompt": command}, token)
        assert status == 201, (status, created)
        return created["task_id"]

    def result(self, token, task_id, wait=60):
        status, body = Http(GW).json("GET", f"/v1/tasks/{task_id}/result?wait_seconds={wait}", None, token)
        assert status == 200, (status, body)
        return body


def is_problem(status, ctype, data, secrets):
    """An error answer is problem details and leaks nothing."""
    text = data.decode("utf-8", "replace")
    if any(s in text for s in secrets) or any(l in text for l in LEAKS):
        return False
    if status < 400:
        return True
    if not ctype.startswith("application/problem+json"):
        return False
    try:
        body = json.loads(text)
    except ValueError:
        return False
    return all(k in body for k in ("type", "title", "status")) and body["status"] == status


# ---------------------------------------------------------------- tokens
def sign(claims, key, header=None):
    header = header or {"alg": "HS256", "typ": "JWT"}
    head = b64u(json.dumps(header).encode()) + "." + b64u(json.dumps(claims).encode())
    return head + "." + b64u(hmac.new(key.encode(), head.encode(), hashlib.sha256).digest())


def tokens(run, ctx):
    g = run.group("tokens")
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


# ---------------------------------------------------------------- isolation
def isolation(run, ctx):
    g = run.group("isolation")
    alice, bob = ctx["alice"], ctx["bob"]
    tid = run.task(alice, "echo private-to-alice")
    run.result(alice, tid)
    ops = [("GET", f"/v1/tasks/{tid}"), ("GET", f"/v1/tasks/{tid}/result"), ("GET", f"/v1/tasks/{tid}/result?wait_seconds=1"),
           ("GET", f"/v1/tasks/{tid}/logs"), ("POST", f"/v1/tasks/{tid}/cancel")]
    g["injected"].append(f"a second user tries {len(ops)} operations on the first user's task")
    for method, path in ops:
        status, ctype, data = run.gw.raw(method, path, None, {"Authorization": "Bearer " + bob})
        run.check(g, f"{method} {path.replace(tid, '{id}')} by another user is 404",
                  status == 404 and is_problem(status, ctype, data, run.secrets) and b"private-to-alice" not in data, status)
    status, body = run.gw.json("GET", "/v1/tasks?limit=100", None, bob)
    run.check(g, "the other user's list does not show it", all(t["task_id"] != tid for t in body["tasks"]))


# ---------------------------------------------------------------- sandbox
PROBE = r"""grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status
touch /probe-root 2>/dev/null && echo ROOT_WRITABLE || echo root-read-only
for s in /var/run/docker.sock /run/docker.sock /run/podman/podman.sock /var/run/podman/podman.sock; do [ -e $s ] && echo ENGINE_SOCKET $s; done
echo uid=$(id -u); echo nice=$(cut -d' ' -f19 /proc/self/stat)
echo cpucgroup=$(grep -E '^[0-9]+:(cpu|cpu,cpuacct):' /proc/self/cgroup | cut -d: -f3)
echo cpuweight=$(cat /sys/fs/cgroup/cpu/cpu.shares 2>/dev/null || cat /sys/fs/cgroup/cpu.weight 2>/dev/null); env; cat /proc/1/environ | tr '\0' '\n'; cat /proc/self/mountinfo
ls -la /workspace /tmp"""


def sandbox(run, ctx):
    g = run.group("sandbox")
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


BOMBS = {
    "fork bomb": "timeout 8 sh -c 'b(){ b | b & }; b' 2>/dev/null; echo contained",
    # The OOM killer takes the shell, or takes tr/head and leaves the shell a cut-short string.
    "memory bomb": "x=$(head -c 2000000000 /dev/zero | tr '\\0' a); echo held=${#x}",
    "1 GB of output": "head -c 1000000000 /dev/zero | tr '\\0' a",
}


def start_bombs(run, token, pool):
    return {name: pool.submit(lambda c: run.result(token, run.task(token, c), wait=60), cmd) for name, cmd in BOMBS.items()}


def neighbours(run, ctx):
    """Performance isolation: a small job's latency while abusive jobs run on the same node."""
    g = run.group("neighbours")
    admin = ctx["admin"]

    def canary():
        t = time.perf_counter()
        r = run.result(admin, run.task(admin, "echo canary"))
        assert r["status"] == "completed"
        return time.perf_counter() - t

    # What an earlier group wrote (diskfill: over 1 GB) is still being written back: let it land
    # first, so idle and abuse are measured alike and only the bombs differ.
    os.sync()
    base = [canary() for _ in range(7)]
    g["injected"].append("the sandbox group's three bombs at once, with canary jobs (echo) beside them "
                         "(after a sync, so no earlier group's writeback is in either measurement)")
    with cf.ThreadPoolExecutor(3) as pool:
        futures = start_bombs(run, admin, pool)
        time.sleep(1.5)
        during = [canary() for _ in range(7)]
        for f in futures.values():
            f.result(timeout=180)
    ratio = statistics.median(during) / statistics.median(base)
    g["figures"].update({"canary_p50_ms_idle": round(statistics.median(base) * 1000, 1),
                         "canary_p50_ms_under_abuse": round(statistics.median(during) * 1000, 1),
                         "canary_ratio": round(ratio, 2)})
    run.check(g, "the node keeps serving: canary p50 under abuse within 1.5x of idle", ratio <= 1.5, round(ratio, 2))


def diskfill(run, ctx):
    g = run.group("diskfill")
    admin = ctx["admin"]
    g["injected"].append("a job writing 4 GB into /workspace (the node's default limit is 1 GB)")
    t = time.perf_counter()
    tid = run.task(admin, "dd if=/dev/zero of=/workspace/fill bs=1M count=4096 2>/dev/null; echo not-contained")
    r = run.result(admin, tid, wait=60)
    elapsed = time.perf_counter() - t
    res = r["jobs"][0].get("result") or {}
    workspace = os.path.join(STATE, "node", "workspaces", tid)
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(workspace) for f in files)
    g["figures"].update({"workspace_mb_after": round(size / 2**20), "seconds": round(elapsed, 1)})
    run.check(g, "the job was stopped with the reason", r["status"] == "failed" and "not-contained" not in res.get("stdout", "")
              and "grew past its limit" in res.get("stderr", ""), (r["status"], res.get("stderr", "")[-120:]))
    run.check(g, "the workspace stayed near its limit (under 2 GB of the 4 GB)", size < 2 * 2**30, size)
    canary = run.result(admin, run.task(admin, "echo canary"), wait=60)
    run.check(g, "the node keeps serving", canary["status"] == "completed", canary["status"])
    subprocess.run(["rm", "-rf", workspace], check=False)


# ---------------------------------------------------------------- fuzz
def fuzz_value(rnd, depth=0):
    k = rnd.randrange(12 if depth < 3 else 8)
    return [lambda: None, lambda: rnd.choice([True, False]), lambda: rnd.randint(-2**63, 2**63),
            lambda: rnd.random() * 10.0 ** rnd.randint(-10, 300), lambda: "",
            lambda: "".join(chr(rnd.randrange(0x20, 0x2FFF)) for _ in range(rnd.randrange(40))),
            lambda: rnd.choice(["'; drop table users; --", "../../etc/passwd", "\u0000", "%00", "${jndi:ldap://x}",
                                "{{7*7}}", "<script>", "admin", "commands", "prompt", "none", "restricted", "-1", "1e999"]),
            lambda: "x" * rnd.choice([1, 255, 256, 4097, 70000]),
            lambda: [fuzz_value(rnd, depth + 1) for _ in range(rnd.randrange(4))],
            lambda: {rnd.choice(FIELDS): fuzz_value(rnd, depth + 1) for _ in range(rnd.randrange(5))},
            lambda: {rnd.choice(FIELDS): fuzz_value(rnd, depth + 1) for _ in range(rnd.randrange(8))},
            lambda: {"version": rnd.choice([1, 2, "1", None]), **{rnd.choice(FIELDS): fuzz_value(rnd, depth + 1)
                                                                  for _ in range(4)}}][k]()


FIELDS = ["handle", "password", "refresh_token", "prompt", "input_mode", "task_name", "email", "is_admin", "psk",
          "capability", "version", "node_slug", "config_version", "ack_at", "status", "error", "task_id", "job_id",
          "sandbox", "image", "command", "env", "timeout_seconds", "network_policy", "reported_at", "node", "platform",
          "compute", "worker_api", "base_url", "cpu_cores", "ram_mb"]


def fuzz_body(rnd):
    k = rnd.randrange(10)
    if k == 0:
        return bytes(rnd.randrange(256) for _ in range(rnd.randrange(200)))
    if k == 1:
        return json.dumps(fuzz_value(rnd)).encode()[: rnd.randrange(1, 60)]  # truncated JSON
    if k == 2:
        return b""
    if k == 3:
        return b'{"version":1,"handle":"\xff\xfe","password":"\xc3\x28"}'  # invalid UTF-8
    return json.dumps(fuzz_value(rnd)).encode()


def case_size(case):
    _, _, path, headers, body = case
    return 10_000 * len(headers) + len(body or b"") + len(path)


def shrink_candidates(case):
    """Smaller variants of a request (port, method, path, headers, body): without a header, with
    an empty, halved or one-key-shorter body, without the query."""
    port, method, path, headers, body = case
    for name in list(headers):
        yield port, method, path, {h: v for h, v in headers.items() if h != name}, body
    if body:
        yield port, method, path, headers, b""
        yield port, method, path, headers, body[: len(body) // 2]
        yield port, method, path, headers, body[len(body) // 2:]
        try:
            value = json.loads(body)
        except ValueError:
            value = None
        if isinstance(value, dict):
            for key in list(value):
                yield port, method, path, headers, json.dumps({k: v for k, v in value.items() if k != key}).encode()
        elif isinstance(value, list) and value:
            yield port, method, path, headers, json.dumps(value[1:]).encode()
    if "?" in path:
        yield port, method, path.split("?", 1)[0], headers, body


def shrink(case, violates, budget=300):
    """Greedy shrinking, as property-based testing tools do: the first strictly smaller variant that
    still violates the property replaces the case, until none does (or the budget of tries is spent)."""
    tries, improved = 0, True
    while improved and tries < budget:
        improved = False
        for candidate in shrink_candidates(case):
            if case_size(candidate) >= case_size(case):
                continue
            tries += 1
            if violates(candidate):
                case, improved = candidate, True
                break
            if tries >= budget:
                break
    return case, tries


def fuzz(run, ctx):
    g = run.group("fuzz")
    # The shrinker itself, on a planted violation (no request sent): it must find the minimal case.
    planted = (GW, "POST", "/v1/tasks?limit=5", {"Content-Type": "application/json", "X-Planted": "1", "Accept": "*/*"},
               json.dumps({"prompt": "x" * 300, "note": "needle", "task_name": "y" * 50}).encode())
    small, _ = shrink(planted, lambda c: b"needle" in c[4] and "X-Planted" in c[3])
    run.check(g, "the shrinker reduces a planted violation to its minimal request",
              small[3] == {"X-Planted": "1"} and b"needle" in small[4] and len(small[4]) <= 24 and "?" not in small[2],
              (small[2], small[3], small[4]))
    seed = int(os.environ.get("BATTERY_SEED", "20261124"))
    rnd = random.Random(seed)
    ids = [str(uuid.uuid4()), ctx["some_task"], "not-a-uuid", "%00", "..%2f..%2fetc", "0" * 300, "\u00e9t\u00e9",
           "-1", "1;select 1"]
    worker_token = ctx["worker_token"]
    routes = [
        (GW, "POST", "/v1/auth/login"), (GW, "POST", "/v1/auth/refresh"), (GW, "POST", "/v1/auth/logout"),
        (GW, "GET", "/v1/users/me"), (GW, "POST", "/v1/users"), (GW, "POST", "/v1/users/{id}/disable"),
        (GW, "POST", "/v1/users/{id}/enable"), (GW, "POST", "/v1/users/{id}/revoke_sessions"),
        (GW, "POST", "/v1/users/{id}/reset_password"), (GW, "POST", "/v1/tasks"), (GW, "GET", "/v1/tasks?limit={q}&offset={q}"),
        (GW, "GET", "/v1/tasks/{id}"), (GW, "GET", "/v1/tasks/{id}/result?wait_seconds={q}"), (GW, "GET", "/v1/tasks/{id}/logs"),
        (GW, "POST", "/v1/tasks/{id}/cancel"), (GW, "GET", "/v1/{id}"), (GW, "DELETE", "/v1/tasks/{id}"),
        (CP, "POST", "/v1/nodes/register"), (CP, "GET", "/v1/nodes/config"), (CP, "POST", "/v1/nodes/config"),
        (CP, "POST", "/v1/nodes/capability"), (CP, "PUT", "/v1/nodes/{id}"),
        (WK, "POST", "/v1/worker/jobs:run"), (WK, "POST", "/v1/worker/jobs/{id}:cancel"), (WK, "GET", "/v1/worker/{id}"),
    ]
    conns = {p: Http(p, timeout=30) for p in (GW, CP, WK)}
    secrets = run.secrets | ctx["service_secrets"]

    def send(case):
        port, method, path, headers, body = case
        # A fuzzed worker request must never start a container (a shrunk one neither): with the
        # real token, a version that could pass (1, or "1" should it be coerced) becomes 7.
        if port == WK and worker_token in headers.get("Authorization", "") and body.startswith(b"{"):
            try:
                value = json.loads(body)
            except ValueError:
                value = None
            if isinstance(value, dict) and value.get("version") in (1, "1"):
                body = json.dumps({**value, "version": 7}).encode()
        try:
            return conns[port].raw(method, path, body if method != "GET" else None, headers)
        except (UnicodeError, ValueError):
            raise
        except Exception as e:  # a dropped connection is a failure of the server
            return 599, "", repr(e).encode()

    def violations(status, ctype, data):
        found = []
        if status >= 500 and status != 503:
            found.append("5xx")
        if status >= 400 and not is_problem(status, ctype, data, secrets):
            found.append("bad_errors")
        return found

    def same(case, kind):
        try:
            return kind in violations(*send(case))
        except (UnicodeError, ValueError):
            return False
    user_tokens = [ctx["fuzz_user"], ctx["admin"], None, "garbage", "Bearer", "x" * 9000]
    counts = {"requests": 0, "5xx": 0, "bad_errors": 0, "by_status": {}}
    bad_examples = []
    g["injected"].append(f"{FUZZ_N} generated requests (seed {seed}, BATTERY_SEED): "
                         "random JSON, truncated and invalid-UTF-8 bodies, odd paths, queries and headers, on every route")
    t0 = time.perf_counter()
    for i in range(FUZZ_N):
        port, method, path = rnd.choice(routes)
        path = path.replace("{id}", rnd.choice(ids)).replace("{q}", rnd.choice(["-5", "abc", "0", "61", "100000000000", "", "1.5"]))
        path = urllib.parse.quote(path, safe="/?=&%;:@!$'()*+,-._~")  # odd, but a valid request-target
        headers = {}
        ct = rnd.choice(["application/json", "application/json", "text/plain", "application/xml", "", "application/json; charset=latin1"])
        if ct:
            headers["Content-Type"] = ct
        if port == WK:
            tok = rnd.choice([worker_token, None, "garbage"])
        else:
            tok = rnd.choice(user_tokens)
        if tok:
            headers["Authorization"] = rnd.choice(["Bearer ", "bearer ", "Basic ", ""]) + tok
        if rnd.random() < 0.05:
            headers["X-Request-Id"] = "\u00e9" * 10 if rnd.random() < 0.5 else "r" * 5000
        body = fuzz_body(rnd)
        try:
            status, ctype, data = send((port, method, path, headers, body))
        except (UnicodeError, ValueError) as e:  # the client could not even send it: not the server's doing
            counts["unsendable"] = counts.get("unsendable", 0) + 1
            continue
        counts["requests"] += 1
        counts["by_status"][str(status)] = counts["by_status"].get(str(status), 0) + 1
        found = violations(status, ctype, data)
        for kind in found:
            counts[kind] += 1
        if found:
            kind = found[0]
            if len(bad_examples) < 5:
                # Shrunk to the smallest request that still breaks the same property (replay: same seed).
                case, tries = shrink((port, method, path, headers, body), lambda c: same(c, kind))
                status, ctype, data = send(case)
                bad_examples.append(f"request {i} of seed {seed}, shrunk in {tries} tries: {case[1]} {case[2][:80]} "
                                    f"headers {sorted(case[3])} body={case[4][:60]!r} -> {status} {ctype} {data[:160]!r}")
    elapsed = time.perf_counter() - t0
    g["figures"].update({"requests": counts["requests"], "responses_5xx": counts["5xx"],
                         "errors_not_problem_details_or_leaking": counts["bad_errors"],
                         "by_status": counts["by_status"], "unsendable": counts.get("unsendable", 0), "requests_per_s": round(counts["requests"] / elapsed, 1)})
    run.check(g, f"{counts['requests']} fuzzed requests: no 5xx", counts["5xx"] == 0, counts["by_status"])
    run.check(g, "every error is problem details with no trace, SQL, class name or secret",
              counts["bad_errors"] == 0, bad_examples)


# ---------------------------------------------------------------- brute force
def bruteforce(run, ctx):
    g = run.group("bruteforce")
    handle = "victim-" + uuid.uuid4().hex[:6]
    run.user(ctx["admin"], handle)
    answers = []
    for i in range(14):
        status, ctype, data = run.gw.raw("POST", "/v1/auth/login", json.dumps({"handle": handle, "password": f"guess-{i}"}),
                                         {"Content-Type": "application/json"})
        answers.append(status)
    g["injected"].append("14 wrong passwords against one account; 14 against an unknown handle; 12 wrong PSKs")
    run.check(g, "one account: wrong passwords answer 401, then 429", answers[0] == 401 and answers[-1] == 429, answers)
    unknown = []
    for i in range(14):
        status, ctype, data = run.gw.raw("POST", "/v1/auth/login",
                                         json.dumps({"handle": "nobody-" + uuid.uuid4().hex[:4] if i == 0 else "nobody-x",
                                                     "password": f"guess-{i}"}), {"Content-Type": "application/json"})
        unknown.append((status, json.loads(data).get("type") if data else None, json.loads(data).get("detail") if data else None))
    known_first = run.gw.raw("POST", "/v1/auth/login", json.dumps({"handle": ctx["bob_handle"], "password": "wrong"}),
                             {"Content-Type": "application/json"})
    kb = json.loads(known_first[2])
    run.check(g, "an unknown handle gets the same answer as a known one",
              (unknown[0][0], unknown[0][1], unknown[0][2]) == (known_first[0], kb.get("type"), kb.get("detail")),
              (unknown[0], known_first[0], kb.get("detail")))
    run.check(g, "an unknown handle is limited too", unknown[-1][0] == 429, [u[0] for u in unknown])
    cp = Http(CP)
    psk_answers = []
    for i in range(12):
        status, _, _ = cp.raw("POST", "/v1/nodes/register", json.dumps({"psk": f"guess-{i}", "capability": ctx["capability"]}),
                              {"Content-Type": "application/json"})
        psk_answers.append(status)
    run.check(g, "PSK guessing: 401, then 429", psk_answers[0] in (400, 401) and psk_answers[-1] == 429, psk_answers)


# ---------------------------------------------------------------- faults
def podman_starts(since):
    out = subprocess.run(["podman", "events", "--stream=false", "--since", since, "--filter", "event=start",
                          "--format", "{{.Name}}"], capture_output=True, text=True, timeout=60).stdout
    starts = {}
    for name in out.split():
        if name.startswith("cynode-job-"):
            starts[name[len("cynode-job-"):]] = starts.get(name[len("cynode-job-"):], 0) + 1
    return starts


def faults(run, ctx):
    g = run.group("faults")
    admin = ctx["admin"]
    since = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    tasks = [run.task(admin, "sleep 1; echo $CYNODE_JOB_ID") for _ in range(FAULT_JOBS)]
    time.sleep(4)
    pidfile = os.path.join(STATE, "run", "orchestrator-control-plane.pid")
    pid = int(open(pidfile).read())
    os.kill(pid, signal.SIGKILL)
    killed_at = time.perf_counter()
    g["injected"].append(f"kill -9 of the control plane 4 s after queuing {FAULT_JOBS} jobs of 1 s (node runs 4 at once),"
                         " then a restart")
    time.sleep(1)
    subprocess.run([os.path.join(REPO, "dev", "up.sh")], check=True, capture_output=True, timeout=180)
    results = {}
    deadline = time.time() + 600
    for t in tasks:
        while time.time() < deadline:
            r = run.result(admin, t, wait=60)
            if r["status"] in TERMINAL:
                results[t] = r
                break
    recovered_s = time.perf_counter() - killed_at
    completed = sum(1 for r in results.values() if r["status"] == "completed")
    job_ids = {r["jobs"][0]["id"]: r for r in results.values()}
    echoed_right = sum(1 for jid, r in job_ids.items() if (r["jobs"][0].get("result") or {}).get("stdout", "").strip() == jid)
    starts = podman_starts(since)
    twice = {j: n for j, n in starts.items() if j in job_ids and n != 1}
    never = [j for j in job_ids if j not in starts]
    g["figures"].update({"jobs": FAULT_JOBS, "completed": completed, "executed_more_than_once": len(twice),
                         "never_started": len(never), "seconds_from_kill_to_all_done": round(recovered_s, 1)})
    run.check(g, f"{completed}/{FAULT_JOBS} tasks completed after the control plane was killed", completed == FAULT_JOBS)
    run.check(g, "each job's stored stdout is its own job id", echoed_right == FAULT_JOBS, echoed_right)
    run.check(g, "each job's container started exactly once", not twice and not never,
              {"more_than_once": list(twice.items())[:5], "never": never[:5]})
    left = subprocess.run(["podman", "ps", "-aq", "--filter", "label=io.cynode.managed=true"], capture_output=True,
                          text=True).stdout.split()
    time.sleep(0 if not left else 5)
    left = subprocess.run(["podman", "ps", "-aq", "--filter", "label=io.cynode.managed=true"], capture_output=True,
                          text=True).stdout.split()
    run.check(g, "no sandbox container left behind", not left, left)


def leftover_containers(wait=10):
    deadline = time.time() + wait
    while True:
        left = subprocess.run(["podman", "ps", "-aq", "--filter", "label=io.cynode.managed=true"], capture_output=True,
                              text=True).stdout.split()
        if not left or time.time() > deadline:
            return left
        time.sleep(0.5)


def listener_pid(port):
    out = subprocess.run(["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True).stdout
    for part in out.split("pid=")[1:]:
        return int(part.split(",")[0])
    return None


def wait_status(run, token, task_id, wanted, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        status, body = Http(GW).json("GET", f"/v1/tasks/{task_id}", None, token)
        if status == 200 and body["status"] == wanted:
            return True
        time.sleep(0.1)
    return False


def workerkill(run, ctx):
    g = run.group("workerkill")
    admin = ctx["admin"]
    since = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    tid = run.task(admin, "sleep 4; echo $CYNODE_JOB_ID")
    run.check(g, "the job is running", wait_status(run, admin, tid, "running", 20))
    time.sleep(1.5)
    before = listener_pid(WK)
    os.kill(before, signal.SIGKILL)
    g["injected"].append("kill -9 of worker-api 1.5 s into a 4 s job")
    killed = time.perf_counter()
    r = run.result(admin, tid, wait=60)
    if r["status"] not in TERMINAL:
        r = run.result(admin, tid, wait=60)
    after = listener_pid(WK)
    job = r["jobs"][0]
    starts = podman_starts(since).get(job["id"], 0)
    g["figures"].update({"seconds_from_kill_to_result": round(time.perf_counter() - killed, 1), "container_starts": starts})
    run.check(g, "the node manager started a new worker-api", after is not None and after != before, (before, after))
    run.check(g, "the job completed with its own output", r["status"] == "completed"
              and (job.get("result") or {}).get("stdout", "").strip() == job["id"], r["status"])
    run.check(g, "its container started exactly once", starts == 1, starts)
    run.check(g, "no sandbox container left behind", not leftover_containers(), "")


def dbrestart(run, ctx):
    g = run.group("dbrestart")
    admin = ctx["admin"]
    pidfile = os.path.join(STATE, "run", "dev-database.pid")
    services = {n: int(open(os.path.join(STATE, "run", n + ".pid")).read())
                for n in ("orchestrator-control-plane", "orchestrator-user-gateway")}
    tasks = [run.task(admin, "sleep 2; echo $CYNODE_JOB_ID") for _ in range(12)]
    time.sleep(1)
    os.kill(int(open(pidfile).read()), signal.SIGTERM)
    stopped = time.perf_counter()
    while subprocess.run(["ss", "-Hltn", f"sport = :{os.environ['CYNODE_DB_PORT']}"], capture_output=True,
                         text=True).stdout.strip() and time.perf_counter() - stopped < 30:
        time.sleep(0.2)
    g["figures"]["seconds_to_stop"] = round(time.perf_counter() - stopped, 1)
    g["injected"].append("12 jobs of 2 s queued and running; PostgreSQL stopped for 5 s, then started on the same data")
    during = []
    for _ in range(3):
        status, ctype, data = Http(GW).raw("POST", "/v1/tasks", json.dumps({"prompt": "echo during"}),
                                           {"Content-Type": "application/json", "Authorization": "Bearer " + admin})
        during.append((status, is_problem(status, ctype, data, run.secrets | ctx["service_secrets"])))
    time.sleep(4)
    jar = os.path.join(REPO, "test-support", "target", "test-support-0.1.0-SNAPSHOT-exec.jar")
    log = open(os.path.join(STATE, "logs", "dev-database.log"), "a")
    restarting = time.perf_counter()
    proc = subprocess.Popen(["java", "-XX:+UseSerialGC", "-jar", jar], stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    with open(pidfile, "w") as f:
        f.write(str(proc.pid))
    while not subprocess.run(["ss", "-Hltn", f"sport = :{os.environ['CYNODE_DB_PORT']}"], capture_output=True,
                             text=True).stdout.strip() and time.perf_counter() - restarting < 120:
        time.sleep(0.2)
    g["figures"]["seconds_to_start_again"] = round(time.perf_counter() - restarting, 1)
    g["figures"]["seconds_down"] = round(time.perf_counter() - stopped, 1)
    g["figures"]["answers_while_down"] = [d[0] for d in during]
    run.check(g, "requests while the database is down get 503 problem details", all(d[1] and d[0] == 503 for d in during),
              during)
    results = {}
    deadline = time.time() + 180
    for t in tasks:
        while time.time() < deadline:
            try:
                r = run.result(admin, t, wait=30)
            except AssertionError:
                time.sleep(1)
                continue
            if r["status"] in TERMINAL:
                results[t] = r
                break
    done = sum(1 for r in results.values() if r["status"] == "completed")
    g["figures"]["completed"] = done
    run.check(g, f"{done}/12 tasks queued before the outage completed, none stuck", done == 12, done)
    fresh = run.result(admin, run.task(admin, "echo after"), wait=60)
    run.check(g, "a task created after the restart completes", fresh["status"] == "completed", fresh["status"])
    same = {n: int(open(os.path.join(STATE, "run", n + ".pid")).read()) for n in services}
    run.check(g, "the services recovered without a restart of their own", same == services, (services, same))


def timeouts(run, ctx):
    g = run.group("timeouts")
    n = int(os.environ.get("BATTERY_TIMEOUT_JOBS", "200"))
    g["injected"].append(f"{n} jobs of `sleep 30` with a 1 s timeout, 4 at a time, straight to the Worker API")

    def job(_):
        body = {"version": 1, "task_id": str(uuid.uuid4()), "job_id": str(uuid.uuid4()),
                "sandbox": {"image": "cynode-sandbox:latest", "command": ["sleep", "30"], "timeout_seconds": 1}}
        conn = Http(WK)
        t = time.perf_counter()
        while True:
            token = current_worker_token()
            run.secrets.add(token)
            status, result = conn.json("POST", "/v1/worker/jobs:run", body, token)
            if status != 429:
                break
            time.sleep(0.2)
        return status, (result or {}).get("status"), time.perf_counter() - t

    with cf.ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(job, range(n)))
    timed_out = sum(1 for s, st, _ in outcomes if s == 200 and st == "timeout")
    slowest = max(e for _, _, e in outcomes)
    g["figures"].update({"jobs": n, "ended_timeout": timed_out, "slowest_s": round(slowest, 2),
                         "p50_s": round(statistics.median(e for _, _, e in outcomes), 2)})
    run.check(g, f"{timed_out}/{n} ended with status timeout", timed_out == n, collections_count(outcomes))
    run.check(g, "each within its timeout + 10 s", slowest <= 11, round(slowest, 2))
    run.check(g, "no sandbox container left behind", not leftover_containers(15), "")


def collections_count(outcomes):
    counts = {}
    for s, st, _ in outcomes:
        counts[f"{s}/{st}"] = counts.get(f"{s}/{st}", 0) + 1
    return counts


def psql(sql):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-p", os.environ["CYNODE_DB_PORT"], "-U", "postgres", "-Atqc", sql],
                          capture_output=True, text=True, check=True, timeout=600).stdout.strip()


def stack_figures(run, token, sequential, concurrent):
    pickups = []

    def one():
        r = run.result(token, run.task(token, "echo scale"), wait=60)
        job = r["jobs"][0]
        assert r["status"] == "completed", r["status"]
        pickups.append((datetime.datetime.fromisoformat(job["started_at"].replace("Z", "+00:00"))
                        - datetime.datetime.fromisoformat(job["queued_at"].replace("Z", "+00:00"))).total_seconds())

    for _ in range(sequential):
        one()
    t = time.perf_counter()
    with cf.ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: one(), range(concurrent)))
    throughput = concurrent / (time.perf_counter() - t)
    seq = sorted(pickups[:sequential])
    return {"pickup_p50_ms": round(seq[len(seq) // 2] * 1000, 2), "pickup_p99_ms": round(seq[int(len(seq) * 0.99)] * 1000, 2),
            "throughput_4way_per_s": round(throughput, 2)}


def scale(run, ctx):
    g = run.group("scale")
    admin = ctx["admin"]
    for _ in range(20):  # warm up
        run.result(admin, run.task(admin, "echo warm"), wait=60)
    task = psql("select id from tasks order by created_at limit 1")

    def add_finished(n):
        # Then let the database settle (vacuum, checkpoint), so the figures are of a table that
        # holds these rows, not of the bulk insert's aftermath.
        psql("insert into jobs (id, task_id, status, payload, result, created_at, updated_at, started_at, ended_at) "
             f"select gen_random_uuid(), '{task}', 'completed', '{{}}'::jsonb, '{{}}'::jsonb, now() - interval '1 day', "
             f"now() - interval '1 day', now() - interval '1 day', now() - interval '1 day' from generate_series(1, {n})")
        psql("vacuum analyze jobs")
        psql("checkpoint")

    add_finished(max(0, 1000 - int(psql("select count(*) from jobs"))))
    rows_before = int(psql("select count(*) from jobs"))
    # p99 of n samples is their (n/100)th largest: at 300 it moved 6.7-14.5 ms from run to run on
    # one side alone, so 1,000 per side.
    n = int(os.environ.get("BATTERY_SCALE_N", "1000"))
    small = stack_figures(run, admin, n, 60)
    t = time.perf_counter()
    add_finished(1_000_000)
    g["injected"].append(f"1,000,000 finished jobs added to the {rows_before} already there "
                         f"({round(time.perf_counter() - t, 1)} s); {n} sequential and 60 4-way tasks before and after")
    large = stack_figures(run, admin, n, 60)
    g["figures"].update({"rows_before": rows_before, "small": small, "large": large})
    for key in ("pickup_p50_ms", "pickup_p99_ms"):
        ratio = large[key] / small[key]
        g["figures"][key + "_ratio"] = round(ratio, 2)
        run.check(g, f"{key} with 1M finished jobs within 1.2x", ratio <= 1.2, (small[key], large[key]))
    ratio = small["throughput_4way_per_s"] / large["throughput_4way_per_s"]
    g["figures"]["throughput_ratio"] = round(ratio, 2)
    run.check(g, "throughput with 1M finished jobs within 1.2x", ratio <= 1.2,
              (small["throughput_4way_per_s"], large["throughput_4way_per_s"]))


def longtx(run, ctx):
    """An old snapshot pins dead rows (no vacuum can remove them): the queue must not degrade."""
    g = run.group("longtx")
    admin = ctx["admin"]
    seconds = int(os.environ.get("BATTERY_LONGTX_SECONDS", "600"))
    # Below the node's capacity (about 3 tasks/s on a slow 2-core machine): above it, the backlog
    # is the client's own queue and pick-up measures queueing, not the dispatcher.
    rate = float(os.environ.get("BATTERY_LONGTX_RATE", "2"))
    holder = subprocess.Popen(["psql", "-h", "127.0.0.1", "-p", os.environ["CYNODE_DB_PORT"], "-U", "postgres", "-qc",
                               "begin isolation level repeatable read; select count(*) from jobs; "
                               f"select pg_sleep({seconds * 2}); commit;"],  # ended by terminate() at the end
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    g["injected"].append(f"a REPEATABLE READ transaction held open for {seconds} s while tasks arrive at {rate}/s")
    samples, pickups, futures = [], [], []
    start = time.perf_counter()

    def one():
        r = run.result(admin, run.task(admin, "echo steady"), wait=60)
        job = r["jobs"][0]
        if r["status"] == "completed":
            pickups.append((time.perf_counter() - start,
                            (datetime.datetime.fromisoformat(job["started_at"].replace("Z", "+00:00"))
                             - datetime.datetime.fromisoformat(job["queued_at"].replace("Z", "+00:00"))).total_seconds()))
        return r["status"]

    with cf.ThreadPoolExecutor(16) as pool:
        n = 0
        next_sample = 0
        while time.perf_counter() - start < seconds:
            futures.append(pool.submit(one))
            n += 1
            if time.perf_counter() - start >= next_sample:
                samples.append((round(time.perf_counter() - start), int(psql("select count(*) from jobs where status = 'queued'"))))
                next_sample += 30
            time.sleep(max(0, start + n / rate - time.perf_counter()))
        statuses = [f.result(timeout=120) for f in futures]
    oldest = psql("select coalesce(max(extract(epoch from now() - xact_start))::int, 0) from pg_stat_activity "
                  "where backend_xid is not null or backend_xmin is not null")
    holder.terminate()
    done = statuses.count("completed")
    first = sorted(p for t, p in pickups if t < 60)
    last = sorted(p for t, p in pickups if t > seconds - 60)
    p50 = lambda v: v[len(v) // 2] * 1000 if v else float("nan")
    g["figures"].update({"tasks": len(statuses), "completed": done, "queued_samples": samples,
                         "pickup_p50_ms_first_minute": round(p50(first), 2), "pickup_p50_ms_last_minute": round(p50(last), 2),
                         "oldest_transaction_s_at_end": int(oldest or 0)})
    run.check(g, "the old snapshot was held to the end", int(oldest or 0) >= seconds - 5, oldest)
    run.check(g, f"{done}/{len(statuses)} tasks completed", done == len(statuses))
    half = len(samples) // 2
    early, late = [q for _, q in samples[:half]] or [0], [q for _, q in samples[half:]] or [0]
    run.check(g, "the backlog did not grow (queued jobs, second half against first)", max(late) <= max(8, 2 * max(early)),
              samples)
    run.check(g, "pick-up p50 in the last minute within 1.5x of the first", p50(last) <= 1.5 * p50(first) + 1,
              (round(p50(first), 2), round(p50(last), 2)))


class DropReplyProxy:
    """A loopback HTTP proxy in front of worker-api that, once, lets the worker do a job's work and
    then closes the caller's connection without the answer (the reply is lost on the way back)."""

    def __init__(self, target_port, drop_job):
        import socket
        import threading
        self.target_port, self.drop_job = target_port, drop_job
        self.run_requests, self.dropped = 0, 0
        self.lock = threading.Lock()
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        import threading
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    @staticmethod
    def read_request(conn):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, body = data.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            body += chunk
        return method, path, headers, body

    def serve(self, conn):
        try:
            while True:
                req = self.read_request(conn)
                if req is None:
                    return
                method, path, headers, body = req
                up = http.client.HTTPConnection("127.0.0.1", self.target_port, timeout=120)
                fwd = {k: v for k, v in headers.items() if k in ("authorization", "content-type")}
                up.request(method, path, body=body or None, headers=fwd)
                r = up.getresponse()
                data = r.read()
                up.close()
                drop = False
                if path.endswith("/jobs:run"):
                    with self.lock:
                        is_target = self.drop_job.encode() in body
                        self.run_requests += is_target
                        if is_target and self.dropped == 0:
                            self.dropped, drop = 1, True
                if drop:
                    return  # the worker did the work; its answer never reaches the caller
                out = f"HTTP/1.1 {r.status} {r.reason}\r\nContent-Type: {r.getheader('Content-Type', 'application/json')}\r\n" \
                      f"Content-Length: {len(data)}\r\n\r\n"
                conn.sendall(out.encode("latin-1") + data)
        except OSError:
            return
        finally:
            conn.close()

    def close(self):
        self.server.close()


def dropreply(run, ctx):
    g = run.group("dropreply")
    admin = ctx["admin"]
    since = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    node = os.environ.get("CYNODE_NODE_ID", "battery-node")
    job_marker = "dropreply-" + uuid.uuid4().hex[:8]
    proxy = DropReplyProxy(WK, job_marker)
    original = psql(f"select c.worker_api_url from node_configs c join nodes n on n.id = c.node_id "
                    f"and c.version = n.applied_config_version where n.slug = '{node}'")
    psql(f"update node_configs c set worker_api_url = 'http://127.0.0.1:{proxy.port}' from nodes n "
         f"where n.id = c.node_id and c.version = n.applied_config_version and n.slug = '{node}'")
    time.sleep(1.2)  # the dispatcher re-reads its targets every 500 ms
    g["injected"].append("a loopback proxy between control plane and worker-api; it forwards a job's run request, "
                         "lets the worker finish it, then closes the connection without the answer (once)")
    try:
        r = run.result(admin, run.task(admin, f"echo {job_marker}; echo $CYNODE_JOB_ID"), wait=60)
        if r["status"] not in TERMINAL:
            r = run.result(admin, r["task_id"], wait=60)
    finally:
        psql(f"update node_configs c set worker_api_url = '{original}' from nodes n "
             f"where n.id = c.node_id and c.version = n.applied_config_version and n.slug = '{node}'")
        time.sleep(1.2)
        proxy.close()
    job = r["jobs"][0]
    out = (job.get("result") or {}).get("stdout", "")
    starts = podman_starts(since).get(job["id"], 0)
    attempts = int(psql(f"select attempts from jobs where id = '{job['id']}'"))
    g["figures"].update({"run_requests_seen_by_proxy": proxy.run_requests, "replies_dropped": proxy.dropped,
                         "container_starts": starts, "dispatch_attempts": attempts})
    run.check(g, "the reply was dropped and the dispatcher asked again", proxy.dropped == 1 and proxy.run_requests == 2,
              (proxy.dropped, proxy.run_requests))
    run.check(g, "the task completed with its job's own output", r["status"] == "completed" and job_marker in out
              and job["id"] in out, (r["status"], out[:80]))
    run.check(g, "the job's container started exactly once", starts == 1, starts)
    run.check(g, "one stored result, from the second attempt", attempts == 2, attempts)


def rotation(run, ctx):
    g = run.group("rotation")
    admin = ctx["admin"]
    seconds = int(os.environ.get("BATTERY_ROTATION_SECONDS", "40"))
    node = os.environ.get("CYNODE_NODE_ID", "battery-node")
    g["injected"].append(f"tasks kept 4 in flight for {seconds} s while the Worker API token rotates every ~15 s")
    versions, statuses = [], []
    stop = time.perf_counter() + seconds

    def worker(_):
        while time.perf_counter() < stop:
            statuses.append(run.result(admin, run.task(admin, "sleep 0.3; echo ok"), wait=60)["status"])

    with cf.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(worker, i) for i in range(4)]
        while time.perf_counter() < stop:
            versions.append(psql(f"select applied_config_version from nodes where slug = '{node}'"))
            run.secrets.add(current_worker_token())
            time.sleep(1)
        for f in futures:
            f.result(timeout=120)
    applied = sorted(set(versions), key=lambda v: int(v or 0))
    failed = len(statuses) - statuses.count("completed")
    g["figures"].update({"tasks": len(statuses), "not_completed": failed, "config_versions_applied": applied})
    run.check(g, "the token rotated at least twice during the run", len(applied) >= 3, applied)
    run.check(g, f"{len(statuses) - failed}/{len(statuses)} tasks completed across the rotations", failed == 0 and statuses,
              failed)


def pct(sorted_values, p):
    """The p-th percentile (nearest rank) of already sorted values, rounded to 0.1."""
    if not sorted_values:
        return None
    return round(sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))], 1)


def _ceiling_client(args):
    """One client process: threads that create a task and wait for its result, in a loop.
    Returns (tasks completed, their POST-to-result latencies in ms, this process's CPU seconds)."""
    token, seconds, threads = args
    latencies = [[] for _ in range(threads)]
    cpu = os.times()

    def loop(i):
        conn = Http(GW, timeout=60)
        stop = time.perf_counter() + seconds
        while time.perf_counter() < stop:
            t = time.perf_counter()
            status, created = conn.json("POST", "/v1/tasks", {"prompt": "echo ceiling"}, token)
            if status != 201:
                continue
            status, r = conn.json("GET", f"/v1/tasks/{created['task_id']}/result?wait_seconds=30", None, token)
            if status == 200 and r["status"] == "completed":
                latencies[i].append((time.perf_counter() - t) * 1000)

    with cf.ThreadPoolExecutor(threads) as pool:
        list(pool.map(loop, range(threads)))
    end = os.times()
    return sum(len(x) for x in latencies), [v for x in latencies for v in x], \
        (end.user - cpu.user) + (end.system - cpu.system)


def _pairs_client(args):
    """The baseline for the ceiling: the same client doing two bare loopback HTTP requests per
    iteration (against the stand-in's health endpoint), so the figure can be read against what
    this machine and this client do at all. Returns the iterations done."""
    port, seconds, threads = args
    done = [0] * threads

    def loop(i):
        conn = Http(port, timeout=60)
        stop = time.perf_counter() + seconds
        while time.perf_counter() < stop:
            ok = conn.raw("GET", "/healthz")[0] == 200
            done[i] += ok and conn.raw("GET", "/healthz")[0] == 200

    with cf.ThreadPoolExecutor(threads) as pool:
        list(pool.map(loop, range(threads)))
    return sum(done)


def cpu_ticks():
    ticks = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
            stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = next((n for n in ("orchestrator-user-gateway", "orchestrator-control-plane", "WorkerLoadStandIn", "postgres",
                                 "battery.py") if n in cmd), None)
        if name:
            ticks[name] = ticks.get(name, 0) + int(stat[11]) + int(stat[12])
    return ticks


def ceiling(run, ctx):
    """The orchestration's own ceiling: a load stand-in answers every job at once."""
    import multiprocessing
    g = run.group("ceiling")
    seconds = int(os.environ.get("BATTERY_CEILING_SECONDS", "20"))
    # Steady state: on a slow 2-core machine C2 still compiles after 20 s (115/s then, 177/s after 60 s).
    warmup = int(os.environ.get("BATTERY_CEILING_WARMUP", "60"))
    node = os.environ.get("CYNODE_NODE_ID", "battery-node")
    with socket_free() as port:
        pass
    standin = subprocess.Popen(["java", "-XX:+UseSerialGC", os.path.join(REPO, "bench", "WorkerLoadStandIn.java"),
                                f"http://127.0.0.1:{CP}", os.path.join(STATE, "secrets", "registration_psk"), str(port),
                                "load-standin"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = standin.stdout.readline()
        run.check(g, "the load stand-in registered and acknowledged its configuration", line.strip() == "ready", line)
        psql(f"update nodes set status = 'inactive' where slug = '{node}'")
        time.sleep(1.2)  # the dispatcher re-reads its targets every 500 ms
        g["injected"].append(f"the real node set inactive; a load stand-in node answers jobs at once; 4 client processes x "
                             f"16 threads create tasks and wait for their results for {seconds} s after {warmup} s of "
                             f"warm-up; baseline: the same clients doing two bare loopback HTTP requests per iteration")
        with multiprocessing.get_context("fork").Pool(4) as pool:  # warm-up: JIT and pools at full load
            pool.map(_ceiling_client, [(ctx["admin"], warmup, 16)] * 4)
        xacts = "select sum(xact_commit + xact_rollback) from pg_stat_database"
        xacts_before = int(psql(xacts))
        before = cpu_ticks()
        t = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(4) as pool:
            clients = pool.map(_ceiling_client, [(ctx["admin"], seconds, 16)] * 4)
        xacts_during = int(psql(xacts)) - xacts_before - 1
        elapsed = time.perf_counter() - t
        done = sum(c[0] for c in clients)
        latencies = sorted(v for c in clients for v in c[1])
        client_cpu = sum(c[2] for c in clients)
        t = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(4) as pool:
            pairs = sum(pool.map(_pairs_client, [(port, 10, 16)] * 4))
        pairs_rate = pairs / (time.perf_counter() - t)
        after = cpu_ticks()
    finally:
        psql(f"update nodes set status = 'active' where slug = '{node}'")
        psql("update nodes set status = 'inactive' where slug = 'load-standin'")
        standin.kill()
    hz = os.sysconf("SC_CLK_TCK")
    rate = done / elapsed
    cpu_ms = {k: round((after.get(k, 0) - before.get(k, 0)) * 1000 / hz / max(done, 1), 2) for k in after
              if k != "battery.py"}
    cpu_ms["load clients (4 Python processes)"] = round(client_cpu * 1000 / max(done, 1), 2)
    g["figures"].update({"tasks_completed": done, "tasks_per_s": round(rate, 1), "seconds": round(elapsed, 1),
                         "warmup_seconds": warmup, "cpus": os.cpu_count(),
                         "latency_ms": {"p50": pct(latencies, 50), "p99": pct(latencies, 99),
                                        "max": round(latencies[-1], 1) if latencies else None},
                         "cpu_ms_per_task": cpu_ms,
                         "database_transactions_per_task": round(xacts_during / max(done, 1), 2),
                         "baseline_bare_http_pairs_per_s": round(pairs_rate, 1),
                         "ratio_to_baseline": round(rate / pairs_rate, 3) if pairs_rate else None})
    run.check(g, "orchestration ceiling at least 500 tasks/s (POST to stored result)", rate >= 500, round(rate, 1))


class socket_free:
    """A free loopback port (bound, then released for the caller to use)."""

    def __enter__(self):
        import socket
        self.s = socket.socket()
        self.s.bind(("127.0.0.1", 0))
        return self.s.getsockname()[1]

    def __exit__(self, *exc):
        self.s.close()


# ---------------------------------------------------------------- logs
def logs(run, ctx):
    g = run.group("logs")
    files = glob.glob(os.path.join(STATE, "logs", "*.log*"))
    run.secrets.add(current_worker_token())
    secrets = {s for s in run.secrets | ctx["service_secrets"] if len(s) >= 8}
    g["injected"].append(f"searched {len(files)} log files for {len(secrets)} secrets used in this run")
    found = []
    for f in files:
        with open(f, "rb") as fh:
            text = fh.read().decode("utf-8", "replace")
        for s in secrets:
            if s in text:
                found.append(os.path.basename(f) + ": " + s[:4] + "…")
    run.check(g, "no secret of this run appears in any service log", not found, found[:5])


def current_worker_token():
    """The Worker API token the node holds now (it rotates during the run)."""
    with open(os.path.join(STATE, "node", "secrets", "worker-token.json")) as f:
        return json.load(f)["token"]


def context(run):
    password = secret_file("bootstrap_admin_password")
    service = {secret_file(n) for n in os.listdir(os.path.join(STATE, "secrets"))}
    worker_token = current_worker_token()
    service.add(worker_token)
    admin = run.login("admin", password)["access_token"]
    handles = {"admin": "admin", "alice": "alice-" + uuid.uuid4().hex[:6], "bob": "bob-" + uuid.uuid4().hex[:6],
               "fuzz_user": "fuzz-" + uuid.uuid4().hex[:6]}
    ctx = {"admin_password": password, "admin": admin, "service_secrets": service, "worker_token": worker_token,
           "alice": run.user(admin, handles["alice"])["access_token"],
           "bob": run.user(admin, handles["bob"])["access_token"], "bob_handle": handles["bob"],
           "fuzz_user": run.user(admin, handles["fuzz_user"])["access_token"],
           "handles": handles, "logged_in_at": time.monotonic()}
    ctx["some_task"] = run.task(ctx["fuzz_user"], "echo fuzz-target")
    ctx["capability"] = {"version": 1, "reported_at": "2026-11-24T00:00:00Z", "node": {"node_slug": "battery-probe-node"},
                         "platform": {"os": "linux", "arch": "amd64"}, "compute": {"cpu_cores": 1, "ram_mb": 512}}
    return ctx


def fresh_tokens(run, ctx):
    """Access tokens live 15 minutes and a full run takes longer: log the users in again when
    their tokens are more than 5 minutes old, so no group starts with a token about to expire."""
    if time.monotonic() - ctx["logged_in_at"] < 300:
        return
    for key, handle in ctx["handles"].items():
        ctx[key] = run.login(handle, run.passwords[handle])["access_token"]
    ctx["logged_in_at"] = time.monotonic()


def main():
    wanted = []
    for a in sys.argv[1:]:
        wanted += FAST if a == "fast" else SLOW if a == "slow" else FAST + SLOW if a == "all" else [a]
    unknown = [w for w in wanted if w not in FAST + SLOW]
    if unknown:
        sys.exit(f"unknown battery group(s): {', '.join(unknown)}; groups: fast ({' '.join(FAST)}), slow ({' '.join(SLOW)}), all")
    order = [g for g in ["tokens", "isolation", "sandbox", "diskfill", "neighbours", "faults", "workerkill", "dbrestart", "dropreply", "rotation", "timeouts",
                         "scale", "ceiling", "longtx", "fuzz", "bruteforce", "logs"]
             if g in wanted]
    run = Run()
    ctx = context(run)
    started = time.perf_counter()
    for name in order:
        print(f"[{name}]", flush=True)
        t = time.perf_counter()
        try:
            fresh_tokens(run, ctx)
            globals()[name](run, ctx)
        except Exception as e:  # a group that could not finish did not hold
            run.check(run.groups.setdefault(name, {"injected": [], "checks": [], "figures": {}}), f"{name} ran to its end",
                      False, repr(e))
        run.groups[name]["seconds"] = round(time.perf_counter() - t, 1)
    held = all(c["held"] for g in run.groups.values() for c in g["checks"])
    record = {"at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), "groups": run.groups,
              "held": held, "seconds": round(time.perf_counter() - started, 1), "machine": {"cpus": os.cpu_count()}}
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "battery.json"), "w") as f:
        json.dump(record, f, indent=2)
    n_ok = sum(c["held"] for g in run.groups.values() for c in g["checks"])
    n_all = sum(len(g["checks"]) for g in run.groups.values())
    lines = [f"# CyNodeAI battery, {record['at']}", "", f"{n_ok} of {n_all} checks held ({record['seconds']} s).", ""]
    for name, g in run.groups.items():
        lines += [f"## {name} ({g.get('seconds', '?')} s)", "", "Injected: " + "; ".join(g["injected"]), ""]
        lines += [f"- {'held' if c['held'] else '**did not hold**'}: {c['check']}" + ("" if c["held"] else f" ({c['detail']})")
                  for c in g["checks"]]
        if g["figures"]:
            lines += ["", "Figures: `" + json.dumps(g["figures"]) + "`"]
        lines.append("")
    with open(os.path.join(RESULTS, "battery.md"), "w") as f:
        f.write("\n".join(lines))
    print(f"{n_ok} passed, {n_all - n_ok} failed")
    sys.exit(0 if held else 1)


if __name__ == "__main__":
    main()
