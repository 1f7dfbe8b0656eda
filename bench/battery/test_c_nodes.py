"""Many nodes (`just bench-multinode`, i.e. `just battery nodes`): groups against a stack of three
real nodes (two in network namespaces of their own, as root) and two control-plane replicas, which
battery.sh starts for them alone (nodes.md §4). Placement with 1,000 simulated nodes against 1;
the dispatch ceiling with 10 load stand-in nodes and 2 replicas against 1 and 1; a node killed, a
node cut off, each with 20 jobs on it; a replica killed with 100 in flight."""
import concurrent.futures as cf
import datetime
import json
import os
import signal
import subprocess
import time

import pytest

from harness import *  # noqa: F401,F403 (the shared harness of every group)
from harness import _ceiling_client, _pairs_client  # noqa: F401 (worker functions of its client processes)

pytestmark = pytest.mark.nodes

NODE = os.environ.get("CYNODE_NODE_ID", "battery-node")
SLUGS = {1: NODE, 2: f"{NODE}-2", 3: f"{NODE}-3"}
LEASE_S = 15  # cynode.dispatch.lease (the control plane's default)
ON_ONE = 20  # jobs on the node a group takes away (nodes.md §4)


def node_sh(verb, i):
    subprocess.run([os.path.join(REPO, "dev", "node.sh"), verb, str(i)], check=True, capture_output=True, timeout=240)


def view(admin):
    status, body = Http(GW).json("GET", "/v1/nodes", None, admin)
    assert status == 200, (status, body)
    return {n["node_slug"]: n for n in body["nodes"]}


def admin_action(admin, slug, verb):
    status, body = Http(GW).json("POST", f"/v1/nodes/{slug}/{verb}", {}, admin)
    assert status == 200, (status, body)


def wait_until(check, seconds, step=0.2):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return True
        time.sleep(step)
    return check()


def submit(run, admin, n, command):
    with cf.ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda _: run.task(admin, command), range(n)))


def ended(run, admin, tasks, seconds):
    """Each task's result once it has ended (or as it is at the deadline)."""
    deadline = time.time() + seconds
    out = {}
    for t in tasks:
        while True:
            r = run.result(admin, t, wait=max(1, min(30, int(deadline - time.time()))))
            if r["status"] in TERMINAL or time.time() >= deadline:
                out[t] = r
                break
    return out


def at(iso):
    return datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def only_on(admin, keep):
    """Every real node but node `keep` drained (an administrator's drain)."""
    for i, slug in SLUGS.items():
        if i != keep:
            admin_action(admin, slug, "drain")


def all_active(admin):
    for slug in SLUGS.values():
        admin_action(admin, slug, "resume")
    return wait_until(lambda: all(view(admin)[s]["status"] == "active" for s in SLUGS.values()), 60, 0.5)


def one_result_each(results):
    return sum(1 for r in results.values() if r["status"] == "completed" and len(r["jobs"]) == 1
               and r.get("exit_code") == 0)


def test_nodeplacement(run, ctx, group):
    """Placement's own decision time (its cynode.dispatch.placement timer) with 1,000 simulated
    nodes, against 1 node in the same run (bench/battery.sh builds the class path)."""
    g = group
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java")
    cp = os.environ["PLACEMENT_CLASSPATH"]
    out = subprocess.run([java, "-XX:+UseSerialGC", "-cp", cp, "io.cynodeai.controlplane.dispatch.PlacementFigures",
                          "1", "1000", "200000"], capture_output=True, text=True, timeout=600)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    g["injected"].append("200,000 placement decisions, each followed by its claim and now and then a job's end, with "
                         "1 and with 1,000 simulated nodes of 4 slots (a tenth labelled), after a pass to warm the JIT")
    p99 = figures["1000"]["p99_us"]
    g["figures"].update({"one_node": figures["1"], "thousand_nodes": figures["1000"],
                         "p99_ratio_1000_to_1": round(p99 / max(figures["1"]["p99_us"], 0.1), 1)})
    run.check(g, "placement p99 with 1,000 nodes at most 2 ms", p99 <= 2000, f"{p99} us")


def test_nodeceiling(run, ctx, group):
    """The dispatch ceiling with 10 load stand-in nodes and 2 control-plane replicas against 1
    stand-in node and 1 replica, the same clients, in the same run."""
    import multiprocessing
    g = group
    admin = ctx["admin"]
    seconds = int(os.environ.get("BATTERY_CEILING_SECONDS", "20"))
    warmup = int(os.environ.get("BATTERY_CEILING_WARMUP", "30"))
    base_port = int(os.environ.get("BATTERY_STANDIN_PORT", "16700"))
    replica = int(open(os.path.join(STATE, "run", "orchestrator-control-plane-2.pid")).read())
    standin = subprocess.Popen(["java", "-XX:+UseSerialGC", os.path.join(REPO, "bench", "WorkerLoadStandIn.java"),
                                f"http://127.0.0.1:{CP}", os.path.join(STATE, "secrets", "registration_psk"),
                                str(base_port), "load", "10"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stand_ins = [f"load-{i}" for i in range(10)]

    def measure():
        with multiprocessing.get_context("fork").Pool(4) as pool:  # warm-up: JIT and pools at full load
            pool.map(_ceiling_client, [(admin, warmup, 16)] * 4)
        t = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(4) as pool:
            clients = pool.map(_ceiling_client, [(admin, seconds, 16)] * 4)
        elapsed = time.perf_counter() - t
        latencies = sorted(v for c in clients for v in c[1])
        return sum(c[0] for c in clients) / elapsed, {"p50": pct(latencies, 50), "p99": pct(latencies, 99)}

    try:
        line = standin.stdout.readline()
        run.check(g, "10 load stand-in nodes registered and acknowledged their configuration", line.strip() == "ready", line)
        only_on(admin, 0)  # every real node drained
        for slug in stand_ins[1:]:
            admin_action(admin, slug, "drain")
        os.kill(replica, signal.SIGSTOP)  # idle: it holds no job; it claims nothing while stopped
        time.sleep(1.2)  # the dispatchers re-read their nodes every 500 ms
        one_rate, one_latency = measure()
        os.kill(replica, signal.SIGCONT)
        for slug in stand_ins[1:]:
            admin_action(admin, slug, "resume")
        time.sleep(1.2)
        ten_rate, ten_latency = measure()
        with multiprocessing.get_context("fork").Pool(4) as pool:
            pairs = sum(pool.map(_pairs_client, [(base_port, 10, 16)] * 4))
        pairs_rate = pairs / 10
    finally:
        os.kill(replica, signal.SIGCONT)
        for slug in stand_ins:
            try:
                admin_action(admin, slug, "drain")
            except AssertionError:
                pass  # it never registered
        standin.kill()
        all_active(admin)
    g["injected"].append(f"the real nodes drained; load stand-in nodes answer jobs at once; 4 client processes x 16 "
                         f"threads create tasks and wait for their results for {seconds} s after {warmup} s of warm-up: "
                         "first 1 stand-in node and 1 replica (the other SIGSTOPped while idle), then 10 and 2; "
                         "baseline: the same clients doing two bare loopback HTTP requests per iteration")
    ratio = ten_rate / one_rate if one_rate else 0
    g["figures"].update({"one_node_one_replica_tasks_per_s": round(one_rate, 1), "one_node_latency_ms": one_latency,
                         "ten_nodes_two_replicas_tasks_per_s": round(ten_rate, 1), "ten_nodes_latency_ms": ten_latency,
                         "ratio_ten_two_to_one_one": round(ratio, 2), "cpus": os.cpu_count(),
                         "baseline_bare_http_pairs_per_s": round(pairs_rate, 1)})
    run.check(g, "10 nodes and 2 replicas at least 1.5x the ceiling of 1 node and 1 replica", ratio >= 1.5, round(ratio, 2))


def lose_a_node(run, ctx, g, victim, verb, job_s):
    """ON_ONE jobs of job_s seconds on node `victim` alone, then `verb` done to it (kill, cut) and the
    other nodes back: when every job has ended, and how."""
    admin = ctx["admin"]
    slug = SLUGS[victim]
    only_on(admin, victim)
    tasks = submit(run, admin, ON_ONE, f"sleep {job_s}")
    run.check(g, f"{ON_ONE} jobs running on {slug}",
              wait_until(lambda: view(admin)[slug]["running_jobs"] >= ON_ONE, 120), view(admin).get(slug))
    for i, s in SLUGS.items():
        if i != victim:
            admin_action(admin, s, "resume")
    node_sh(verb, victim)
    lost_at = time.time()
    results = ended(run, admin, tasks, 240)
    last_end = max((at(r["jobs"][0]["ended_at"]) for r in results.values() if r["jobs"] and r["jobs"][0].get("ended_at")),
                   default=float("nan"))
    elsewhere = sum(1 for r in results.values() if r["jobs"] and r["jobs"][0].get("node_slug") != slug)
    after = last_end - lost_at
    g["figures"].update({"jobs": ON_ONE, "job_seconds": job_s, "lease_seconds": LEASE_S,
                         "all_ended_s_after": round(after, 1), "less_the_jobs_own_run_s": round(after - job_s, 1)})
    run.check(g, f"{ON_ONE}/{ON_ONE} tasks completed with one result each", one_result_each(results) == ON_ONE,
              {t: r["status"] for t, r in results.items()})
    run.check(g, f"every result from another node than {slug}", elsewhere == ON_ONE, elsewhere)
    run.check(g, "every job ended within lease + 10 s, besides its own run", after - job_s <= LEASE_S + 10,
              round(after - job_s, 1))
    return tasks, results


def test_nodekill(run, ctx, group):
    g = group
    g["injected"].append(f"kill -9 of node 3's node manager and worker-api with {ON_ONE} jobs of 20 s on it "
                         "(the other nodes drained until then)")
    try:
        lose_a_node(run, ctx, g, 3, "kill", 20)
    finally:
        node_sh("start", 3)
        all_active(ctx["admin"])


def test_nodecut(run, ctx, group):
    g = group
    g["injected"].append(f"node 2's link taken down (ip link set … down) with {ON_ONE} jobs of 20 s on it, "
                         "then brought back up once they had ended elsewhere")
    try:
        tasks, _ = lose_a_node(run, ctx, g, 2, "cut", 20)
        node_sh("mend", 2)
        mended = time.time()
        ids = ",".join(f"'{t}'" for t in tasks)
        late = lambda: int(psql("select count(*) from job_history h join jobs j on j.id = h.job_id "
                                f"where h.event = 'late_result' and j.task_id in ({ids})"))
        wait_until(lambda: late() >= ON_ONE, 180, 1)
        g["figures"].update({"late_results": late(), "late_results_in_s_after_mend": round(time.time() - mended, 1)})
        run.check(g, "the cut-off node's results came back late and went on the jobs' history", late() >= 1, late())
        again = {t: run.result(ctx["admin"], t, wait=1) for t in tasks}
        run.check(g, "each task still shows its one first result, from another node",
                  all(len(r["jobs"]) == 1 and r["jobs"][0]["node_slug"] != SLUGS[2] for r in again.values()))
    finally:
        node_sh("mend", 2)
        all_active(ctx["admin"])


def test_replicakill(run, ctx, group):
    g = group
    admin = ctx["admin"]
    n = 100
    since = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    log = os.path.join(STATE, "logs", "orchestrator-control-plane.log")
    log_from = os.path.getsize(log)
    tasks = submit(run, admin, n, "sleep 2")
    time.sleep(3)
    replica = int(open(os.path.join(STATE, "run", "orchestrator-control-plane-2.pid")).read())
    os.kill(replica, signal.SIGKILL)
    killed_at = time.time()
    g["injected"].append(f"kill -9 of control-plane replica 2 3 s after queuing {n} jobs of 2 s over 3 nodes")
    results = ended(run, admin, tasks, 300)
    last_end = max(at(r["jobs"][0]["ended_at"]) for r in results.values() if r["jobs"] and r["jobs"][0].get("ended_at"))
    starts = podman_starts(since)
    jobs = [r["jobs"][0]["id"] for r in results.values() if r["jobs"]]
    with open(log) as f:
        f.seek(log_from)
        requeued = sum(int(json.loads(line).get("message", "0 ").split(" ")[0]) for line in f
                       if "whose lease expired are queued again" in line)
    g["figures"].update({"tasks": n, "requeued_after_their_lease_ran_out": requeued,
                         "all_ended_s_after_kill": round(last_end - killed_at, 1),
                         "containers_started_per_job": {str(k): sum(1 for j in jobs if starts.get(j, 0) == k)
                                                        for k in sorted({starts.get(j, 0) for j in jobs})}})
    run.check(g, f"{n}/{n} tasks completed with one result each", one_result_each(results) == n,
              {s: sum(1 for r in results.values() if r["status"] == s) for s in TERMINAL})
    run.check(g, "the killed replica held jobs (queued again when their leases ran out)", requeued >= 1, requeued)
    run.check(g, "none ran twice: one sandbox container started per job", all(starts.get(j, 0) == 1 for j in jobs),
              {j: starts.get(j, 0) for j in jobs if starts.get(j, 0) != 1})
