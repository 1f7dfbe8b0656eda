"""Slow groups (`just battery slow`): faults, restarts, scale, the ceiling, long transactions."""
import concurrent.futures as cf
import glob
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
from harness import _ceiling_client, _pairs_client  # noqa: F401 (worker functions of its client processes)

pytestmark = pytest.mark.slow


def test_neighbours(run, ctx, group):
    """Performance isolation: a small job's latency while abusive jobs run on the same node."""
    g = group
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

def test_faults(run, ctx, group):
    g = group
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

def test_workerkill(run, ctx, group):
    g = group
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

def test_dbrestart(run, ctx, group):
    g = group
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
        status, ctype, data = Http(GW).raw("POST", "/v1/tasks", json.dumps({"prompt": "echo during", "input_mode": "commands"}),
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

def test_dropreply(run, ctx, group):
    g = group
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

def test_rotation(run, ctx, group):
    g = group
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

def test_timeouts(run, ctx, group):
    g = group
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

def test_scale(run, ctx, group):
    g = group
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

def test_ceiling(run, ctx, group):
    """The orchestration's own ceiling: a load stand-in answers every job at once."""
    import multiprocessing
    g = group
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
        psql(f"update nodes set status = 'draining' where slug = '{node}'")
        time.sleep(1.2)  # the dispatcher re-reads its targets every 500 ms
        g["injected"].append(f"the real node set draining; a load stand-in node answers jobs at once; 4 client processes x "
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
        psql("update nodes set status = 'draining' where slug = 'load-standin'")
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

def test_longtx(run, ctx, group):
    """An old snapshot pins dead rows (no vacuum can remove them): the queue must not degrade."""
    g = group
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
