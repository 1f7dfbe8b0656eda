"""Files in and out of a task (tasks.md §5) in `just bench`: what a 10 MiB attachment in and a
10 MiB artifact out add to a task's end-to-end time, against the same command without them in
the same run (alternated), and whether the services' heap stays flat over many such tasks. Beside
it, the store's own floor in the same run: PostgreSQL writing and reading a 10 MiB large object
inside the server, which a file pays twice (in: written by the gateway, read by the control plane;
out: written by the control plane, read by the download)."""
import http.client
import json
import os
import random
import subprocess
import time
import urllib.parse
import uuid

SIZE = 10 << 20
N = int(os.environ.get("BENCH_FILES_N", "20"))
MEMORY_TASKS = int(os.environ.get("BENCH_FILES_MEMORY_TASKS", "200"))
SERVICES = ("orchestrator-user-gateway", "orchestrator-control-plane", "worker-api")


def pct(values, p):
    s = sorted(values)
    return s[max(0, min(len(s) - 1, int(round(p / 100 * (len(s) - 1)))))]


class Files:
    def __init__(self, base, token):
        u = urllib.parse.urlparse(base)
        self.host, self.port, self.token = u.hostname, u.port, token
        self.data = random.Random(5).randbytes(SIZE)

    def _call(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection(self.host, self.port, timeout=120)
        h = {"Authorization": "Bearer " + self.token, **(headers or {})}
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, data

    def _json(self, method, path, body=None):
        status, data = self._call(method, path, None if body is None else json.dumps(body),
                                  {"Content-Type": "application/json"})
        return status, json.loads(data) if data else None

    def _wait(self, task_id):
        status, result = self._json("GET", f"/v1/tasks/{task_id}/result?wait_seconds=60")
        assert status == 200 and result["status"] == "completed", result
        return result

    def plain(self):
        """The same command shape, no files: create, wait for the end."""
        t = time.perf_counter()
        status, created = self._json("POST", "/v1/tasks", {"input_mode": "commands", "commands": ["true"]})
        assert status == 201, created
        self._wait(created["task_id"])
        return time.perf_counter() - t

    def with_files(self):
        """10 MiB in (multipart), copied to out/ by the job, 10 MiB back (download): the whole round."""
        t = time.perf_counter()
        boundary = "bench-" + uuid.uuid4().hex
        request = json.dumps({"input_mode": "commands",
                              "commands": ["cp /workspace/attachments/in.bin /workspace/out/out.bin"]})
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"request\"\r\n"
                f"Content-Type: application/json\r\n\r\n{request}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"in.bin\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + self.data + \
            f"\r\n--{boundary}--\r\n".encode()
        status, data = self._call("POST", "/v1/tasks", body,
                                  {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert status == 201, data
        task_id = json.loads(data)["task_id"]
        self._wait(task_id)
        status, listed = self._json("GET", f"/v1/tasks/{task_id}/artifacts")
        assert status == 200 and len(listed["artifacts"]) == 1, listed
        status, got = self._call("GET", f"/v1/tasks/{task_id}/artifacts/{listed['artifacts'][0]['artifact_id']}")
        assert status == 200 and len(got) == SIZE and got == self.data, status
        return time.perf_counter() - t


def service_pids(state_dir):
    """The bench stack's three JVMs (this state dir's), by their jar."""
    pids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmd = f.read().decode(errors="replace")
            with open(f"/proc/{entry}/environ", "rb") as f:
                env = f.read().decode(errors="replace")
        except OSError:
            continue
        if f"CYNODE_STATE_DIR={state_dir}" not in env and state_dir not in cmd:
            continue
        for name in SERVICES:
            if f"{name}-" in cmd and ".jar" in cmd and name not in pids:
                pids[name] = int(entry)
    return pids


def live_heap_mib(pid):
    """The heap in use right after a full collection (jcmd GC.run, then jstat)."""
    java_home = os.environ.get("JAVA_HOME", "")
    subprocess.run([os.path.join(java_home, "bin", "jcmd"), str(pid), "GC.run"], capture_output=True, check=True)
    out = subprocess.run([os.path.join(java_home, "bin", "jstat"), "-gc", str(pid)],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    cols = dict(zip(out[0].split(), out[1].split()))
    return sum(float(cols[k]) for k in ("S0U", "S1U", "EU", "OU")) / 1024


def store_floor(db_port, data):
    """PostgreSQL's own cost of one 10 MiB large object written and read back, inside the server
    (no client, no network): what every attachment and artifact pays at least once each way."""
    path = f"/tmp/cynode-bench-floor-{os.getpid()}.bin"
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, 0o644)
    sql = f"""set synchronous_commit = off;
do $$ declare t0 timestamptz; o oid; b bytea := pg_read_binary_file('{path}'); begin
  for i in 1..7 loop
    t0 := clock_timestamp(); o := lo_from_bytea(0, b);
    raise notice 'write %', extract(epoch from clock_timestamp() - t0);
    t0 := clock_timestamp(); perform length(lo_get(o));
    raise notice 'read %', extract(epoch from clock_timestamp() - t0);
    perform lo_unlink(o);
  end loop; end $$;"""
    try:
        out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(db_port), "-U", "postgres", "-d", "postgres",
                              "-qAt", "-c", sql], capture_output=True, text=True, timeout=120)
    finally:
        os.remove(path)
    writes = [float(l.split()[-1]) for l in out.stderr.splitlines() if "write" in l][2:]
    reads = [float(l.split()[-1]) for l in out.stderr.splitlines() if "read" in l][2:]
    if not writes or not reads:
        return {"files_store_floor": "not measured: " + out.stderr.strip()[:200]}
    w, r = pct(writes, 50), pct(reads, 50)
    return {"files_pg_lo_write_10MiB_p50_ms": round(w * 1000, 1), "files_pg_lo_read_10MiB_p50_ms": round(r * 1000, 1),
            "files_store_floor_s": round(2 * (w + r), 3)}


def bench_files(base, token, state_dir):
    f = Files(base, token)
    for _ in range(3):
        f.plain(); f.with_files()
    plain, files = [], []
    for _ in range(N):
        plain.append(f.plain())
        files.append(f.with_files())
    added = pct(files, 50) - pct(plain, 50)
    floor = store_floor(os.environ.get("CYNODE_DB_PORT", "5432"), f.data)
    pids = service_pids(state_dir)
    before = {name: live_heap_mib(pid) for name, pid in pids.items()}
    for _ in range(MEMORY_TASKS):
        f.with_files()
    after = {name: live_heap_mib(pid) for name, pid in pids.items()}
    return {
        "files_plain_task_p50_ms": round(pct(plain, 50) * 1000, 1),
        "files_10MiB_in_and_out_p50_ms": round(pct(files, 50) * 1000, 1),
        "files_10MiB_in_and_out_p95_ms": round(pct(files, 95) * 1000, 1),
        "files_added_p50_s": round(added, 3),
        "files_added_goal_s": 0.3,
        **floor,
        "files_heap_after_gc_mib": {name: {"before": round(before[name], 1), "after": round(after[name], 1),
                                           "growth": round(after[name] - before[name], 1)} for name in before},
        "files_heap_tasks": MEMORY_TASKS,
        "files_heap_growth_goal_mib": 32,
    }
