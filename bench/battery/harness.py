"""What the battery's groups share: HTTP to the stack's loopback ports, logins, the problem-details
and leak check, forged tokens, psql, figures. The groups are pytest tests (test_*.py, marked fast
or slow); conftest.py gives them the stack's context. Traffic goes to loopback only."""
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
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Generated results are not tracked (.gitignore); bench/results/history.md is kept by hand.
RESULTS = os.environ.get("BATTERY_RESULTS", os.path.join(REPO, "bench", "results"))
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
        """What one group injected, checked and measured (kept for the results file)."""
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
        status, created = Http(GW).json("POST", "/v1/tasks", {"prompt": command, "input_mode": "commands"}, token)
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


# ---------------------------------------------------------------- isolation
# ---------------------------------------------------------------- sandbox
PROBE = r"""grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status
touch /probe-root 2>/dev/null && echo ROOT_WRITABLE || echo root-read-only
for s in /var/run/docker.sock /run/docker.sock /run/podman/podman.sock /var/run/podman/podman.sock; do [ -e $s ] && echo ENGINE_SOCKET $s; done
echo uid=$(id -u); echo nice=$(cut -d' ' -f19 /proc/self/stat)
echo cpucgroup=$(grep -E '^[0-9]+:(cpu|cpu,cpuacct):' /proc/self/cgroup | cut -d: -f3)
echo cpuweight=$(cat /sys/fs/cgroup/cpu/cpu.shares 2>/dev/null || cat /sys/fs/cgroup/cpu.weight 2>/dev/null); env; cat /proc/1/environ | tr '\0' '\n'; cat /proc/self/mountinfo
ls -la /workspace /tmp
echo links=$(ip -o link | awk -F': ' '{print $2}' | tr '\n' ' ') routes=$(ip route | wc -l)"""


BOMBS = {
    "fork bomb": "timeout 8 sh -c 'b(){ b | b & }; b' 2>/dev/null; echo contained",
    # The OOM killer takes the shell, or takes tr/head and leaves the shell a cut-short string.
    "memory bomb": "x=$(head -c 2000000000 /dev/zero | tr '\\0' a); echo held=${#x}",
    "1 GB of output": "head -c 1000000000 /dev/zero | tr '\\0' a",
}


def start_bombs(run, token, pool):
    return {name: pool.submit(lambda c: run.result(token, run.task(token, c), wait=60), cmd) for name, cmd in BOMBS.items()}


# ---------------------------------------------------------------- fuzz
# ---------------------------------------------------------------- brute force
# ---------------------------------------------------------------- faults
def podman_starts(since):
    out = subprocess.run(["podman", "events", "--stream=false", "--since", since, "--filter", "event=start",
                          "--format", "{{.Name}}"], capture_output=True, text=True, timeout=60).stdout
    starts = {}
    for name in out.split():
        if name.startswith("cynode-job-"):  # cynode-job-<job id>-<node slug>
            job = name[len("cynode-job-"):len("cynode-job-") + 36]
            starts[job] = starts.get(job, 0) + 1
    return starts


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
            status, created = conn.json("POST", "/v1/tasks", {"prompt": "echo ceiling", "input_mode": "commands"}, token)
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
