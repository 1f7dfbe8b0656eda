"""CyNodeAI benchmarks: every figure is a ratio against bare `podman run --rm` measured in the
same run, alternating the two so that machine noise hits both alike."""
import concurrent.futures as cf
import datetime
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid

from files import bench_files

IMAGE = "cynode-sandbox:latest"
COMMAND = ["sh", "-c", "echo hello"]
# The limits worker-api applies by default, so the baseline does the same work.
LIMITS = ["--network=none", "--user", "65534:65534", "--cap-drop=all", "--security-opt", "no-new-privileges",
          "--read-only", "--tmpfs", "/tmp:rw,nosuid,nodev,size=67108864", "--cpus", "1", "--memory", "512m",
          "--memory-swap", "512m", "--pids-limit", "256", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=8192:8192"]
N = int(os.environ.get("BENCH_N", "40"))
THROUGHPUT_N = int(os.environ.get("BENCH_THROUGHPUT_N", "40"))
# Runs of each side before measuring, so JIT compilation and caches are warm on both.
WARMUP = int(os.environ.get("BENCH_WARMUP", "10"))
# Before the 4-way phase: after 40 tasks the services' C2 compilers still took several ms of CPU
# a task (they settle after a few hundred), and a deployed orchestrator is warm.
WARMUP_4WAY = int(os.environ.get("BENCH_WARMUP_4WAY", "200"))
# The 4-way phase alternates the two sides in this many rounds, so drift hits both alike.
ROUNDS = 3
RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def pct(values, p):
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * (len(s) - 1)))))
    return s[k]


def summary(values):
    return {"n": len(values), "p50_ms": round(pct(values, 50) * 1000, 1), "p95_ms": round(pct(values, 95) * 1000, 1),
            "p99_ms": round(pct(values, 99) * 1000, 1), "mean_ms": round(statistics.mean(values) * 1000, 1)}


def podman_run():
    t = time.perf_counter()
    out = subprocess.run(["podman", "run", "--rm", *LIMITS, IMAGE, *COMMAND], capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    assert out.stdout == "hello\n", out.stderr
    return elapsed


class Client:
    def __init__(self, base):
        u = urllib.parse.urlparse(base)
        self.host, self.port = u.hostname, u.port

    def call(self, method, path, body=None, token=None):
        c = http.client.HTTPConnection(self.host, self.port, timeout=120)
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        c.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, (json.loads(data) if data else None)


def throughput(fn, n, workers=4):
    t = time.perf_counter()
    with cf.ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda _: fn(), range(n)))
    return n / (time.perf_counter() - t)


def alternated_throughput(ours, base, n):
    """Both sides' 4-way throughput over n runs each, in ROUNDS alternating rounds."""
    spent = {"ours": 0.0, "base": 0.0}
    per_round = max(1, n // ROUNDS)
    for _ in range(ROUNDS):
        for side, fn in (("ours", ours), ("base", base)):
            spent[side] += per_round / throughput(fn, per_round)
    return per_round * ROUNDS / spent["ours"], per_round * ROUNDS / spent["base"]


def bench_worker(base):
    token = json.load(open(os.environ["BENCH_WORKER_TOKEN_FILE"]))["token"]
    client = Client(base)

    def job():
        body = {"version": 1, "task_id": str(uuid.uuid4()), "job_id": str(uuid.uuid4()),
                "sandbox": {"image": IMAGE, "command": COMMAND, "network_policy": "none"}}
        t = time.perf_counter()
        status, result = client.call("POST", "/v1/worker/jobs:run", body, token)
        elapsed = time.perf_counter() - t
        assert status == 200 and result["stdout"] == "hello\n", result
        return elapsed

    for _ in range(WARMUP):
        job(); podman_run()
    ours, base_runs = [], []
    for _ in range(N):
        ours.append(job())
        base_runs.append(podman_run())
    throughput(job, WARMUP_4WAY); throughput(podman_run, WARMUP)
    conc_ours, conc_base = alternated_throughput(job, podman_run, THROUGHPUT_N)
    return {
        "worker_jobs_run_sequential": summary(ours),
        "podman_run_sequential": summary(base_runs),
        "p50_ratio": round(pct(ours, 50) / pct(base_runs, 50), 3),
        "p95_ratio": round(pct(ours, 95) / pct(base_runs, 95), 3),
        "throughput_4way_jobs_per_s": round(conc_ours, 2),
        "throughput_4way_podman_run_per_s": round(conc_base, 2),
        "throughput_ratio": round(conc_ours / conc_base, 3),
        **files,
    }


def parse_ts(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))


def bench_stack(base, password):
    client = Client(base)
    status, tokens = client.call("POST", "/v1/auth/login", {"handle": "admin", "password": password})
    assert status == 200, tokens
    token = tokens["access_token"]
    pickups = []

    def task():
        t = time.perf_counter()
        status, created = client.call("POST", "/v1/tasks", {"prompt": "echo hello", "input_mode": "commands"}, token)
        assert status == 201, created
        # The gateway answers when the task has ended (long-poll): no client polling load.
        status, result = client.call("GET", "/v1/tasks/" + created["task_id"] + "/result?wait_seconds=60", None, token)
        elapsed = time.perf_counter() - t
        assert status == 200 and result["status"] == "completed", result
        job = result["jobs"][0]
        assert job["result"]["stdout"] == "hello\n"
        # Pick-up: from the commit that queued the job to its claim (both on the database's clock).
        pickups.append((parse_ts(job["started_at"]) - parse_ts(job["queued_at"])).total_seconds())
        return elapsed

    for _ in range(WARMUP):
        task(); podman_run()
    pickups.clear()
    ours, base_runs = [], []
    for _ in range(N):
        ours.append(task())
        base_runs.append(podman_run())
    sequential_pickups = list(pickups)
    throughput(task, WARMUP_4WAY); throughput(podman_run, WARMUP)  # warm the concurrent paths too
    del pickups[len(sequential_pickups):]
    conc_ours, conc_base = alternated_throughput(task, podman_run, THROUGHPUT_N)
    files = bench_files(base, token, os.environ["CYNODE_STATE_DIR"]) if os.environ.get("BENCH_FILES", "1") != "0" else {}
    return {
        "end_to_end_sequential": summary(ours),
        "podman_run_sequential": summary(base_runs),
        "p50_ratio": round(pct(ours, 50) / pct(base_runs, 50), 3),
        "p95_ratio": round(pct(ours, 95) / pct(base_runs, 95), 3),
        "dispatcher_pickup": summary(pickups),
        "dispatcher_pickup_sequential": summary(sequential_pickups),
        "dispatcher_pickup_4way": summary(pickups[len(sequential_pickups):]),
        "throughput_4way_tasks_per_s": round(conc_ours, 2),
        "throughput_xargs_P4_podman_run_per_s": round(conc_base, 2),
        "throughput_ratio": round(conc_ours / conc_base, 3),
        **files,
    }


def main():
    mode, base = sys.argv[1], sys.argv[2]
    figures = bench_worker(base) if mode == "worker" else bench_stack(base, sys.argv[3])
    record = {"mode": mode, "at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
              "n": N, "throughput_n": THROUGHPUT_N, "warmup": WARMUP, "warmup_4way": WARMUP_4WAY, "rounds": ROUNDS,
              "command": COMMAND, "image": IMAGE,
              "machine": {"cpus": os.cpu_count()}, "figures": figures}
    os.makedirs(RESULTS, exist_ok=True)
    name = "latest.json" if mode == "stack" else "worker-latest.json"
    with open(os.path.join(RESULTS, name), "w") as f:
        json.dump(record, f, indent=2)
    lines = [f"# CyNodeAI bench ({mode}), {record['at']}", "", f"{N} sequential runs after {WARMUP} of warm-up; "
             f"{THROUGHPUT_N} at 4-way concurrency after {WARMUP_4WAY} of warm-up (baseline {WARMUP}), in {ROUNDS} "
             "alternating rounds; baseline: bare `podman run --rm` with the same image, command and limits, alternated.", "",
             "| figure | value |", "|---|---|"]
    for k, v in figures.items():
        lines.append(f"| {k} | {json.dumps(v) if isinstance(v, dict) else v} |")
    with open(os.path.join(RESULTS, name.replace(".json", ".md")), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
