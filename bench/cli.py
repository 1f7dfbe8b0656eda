"""`just bench-cli`: cynork's start-up and one request against the JVM floor (a one-file Java
program making the same request with java.net.http) and curl, alternated in one run (cli.md §6).
Writes bench/results/cli.{json,md}."""
import datetime
import json
import os
import subprocess
import sys
import time

from bench import pct, RESULTS

N = int(os.environ.get("BENCH_N", "40"))


def timed(cmd, env):
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    took = time.perf_counter() - t
    assert r.returncode == 0, (cmd[0], r.returncode, r.stderr[-300:])
    return took, r.stdout


def main():
    repo, gateway, java, floor_dir, task_id, header_file = sys.argv[1:7]
    cynork = os.path.join(repo, "cynork/bin/cynork")
    env = dict(os.environ)
    token = json_token(header_file)
    floor_env = dict(env, CLI_FLOOR_TOKEN=token)
    sides = {
        "cynork version": ([cynork, "version"], env),
        "cynork task get -o json": ([cynork, "task", "get", task_id, "-o", "json"], env),
        "JVM floor (java.net.http, one file)": (
            [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", floor_dir, "CliFloor", gateway, task_id],
            floor_env),
        "JVM floor (HttpURLConnection, one file)": (
            [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", floor_dir, "CliFloor", gateway, task_id,
             "urlconnection"],
            floor_env),
        "curl": (["curl", "-sf", "-H", "@" + header_file, gateway + "/v1/tasks/" + task_id], env),
    }
    outputs = {}
    for name, (cmd, e) in sides.items():  # warm the page cache and the gateway's path
        for _ in range(3):
            outputs[name] = timed(cmd, e)[1]
    same = [json.loads(outputs[k])["task_id"] for k in
            ("cynork task get -o json", "JVM floor (java.net.http, one file)",
             "JVM floor (HttpURLConnection, one file)", "curl")]
    assert len(set(same)) == 1 and same[0] == task_id, same
    times = {name: [] for name in sides}
    for _ in range(N):
        for name, (cmd, e) in sides.items():
            times[name].append(timed(cmd, e)[0])
    p50 = {k: round(pct(v, 50) * 1000, 1) for k, v in times.items()}
    p90 = {k: round(pct(v, 90) * 1000, 1) for k, v in times.items()}
    result = {
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "n": N, "p50_ms": p50, "p90_ms": p90,
        "task_get_over_floor": round(p50["cynork task get -o json"] / p50["JVM floor (java.net.http, one file)"], 2),
        "task_get_over_urlconnection_floor": round(
            p50["cynork task get -o json"] / p50["JVM floor (HttpURLConnection, one file)"], 2),
        "live_output": live_delay(cynork, env),
    }
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "cli.json"), "w") as f:
        json.dump(result, f, indent=2)
    with open(os.path.join(RESULTS, "cli.md"), "w") as f:
        f.write(markdown(result))
    print(markdown(result))


LIVE_LINES = int(os.environ.get("BENCH_LIVE_LINES", "40"))


def live_delay(cynork, env):
    """A job prints the clock (the kernel's boot-time clock, /proc/uptime, which the sandbox shares
    with this process) every 200 ms; `cynork task logs --follow` prints each line as it arrives;
    the delay is its arrival time minus the time it carries. /proc/uptime has 10 ms steps, so
    each delay reads up to 10 ms long."""
    script = ("i=0; while [ $i -lt %d ]; do cut -d' ' -f1 /proc/uptime; usleep 200000; i=$((i+1)); done"
              % LIVE_LINES)
    name = "cli-live-%d" % time.time_ns()
    r = subprocess.run([cynork, "task", "create", "--command", script, "--name", name],
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert r.returncode == 0, r.stderr
    p = subprocess.Popen([cynork, "task", "logs", name, "--follow", "--stream", "stdout"], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
    delays = []
    for line in p.stdout:
        now = time.clock_gettime(time.CLOCK_BOOTTIME)
        try:
            delays.append(now - float(line.strip()))
        except ValueError:
            pass
    assert p.wait() == 0
    steady = delays[3:]  # the first lines may come from the replay while the follower connects
    assert len(steady) >= LIVE_LINES // 2, delays
    return {"lines": len(steady), "p50_ms": round(pct(steady, 50) * 1000, 1),
            "p90_ms": round(pct(steady, 90) * 1000, 1), "max_ms": round(max(steady) * 1000, 1)}


def json_token(header_file):
    with open(header_file) as f:
        return f.read().strip().split("Bearer ", 1)[1]


def markdown(o):
    p50, p90 = o["p50_ms"], o["p90_ms"]
    rows = "\n".join(f"| {k} | {p50[k]} ms | {p90[k]} ms |" for k in p50)
    return f"""# cynork figures ({o['when']})

Each command run {o['n']} times, all alternated, on this machine (wall time of the process).

| command | p50 | p90 |
|---|---|---|
{rows}

- `cynork version` p50 {p50['cynork version']} ms (goal ≤ 250 ms)
- `cynork task get ID -o json` p50 {p50['cynork task get -o json']} ms (goal ≤ 350 ms), {o['task_get_over_floor']}× the JVM floor (goal ≤ 2.5×);
  {o['task_get_over_urlconnection_floor']}× the same program on HttpURLConnection, the client cynork uses
- live output: a line printed in the sandbox reaches `cynork task logs --follow` in p50
  {o['live_output']['p50_ms']} ms, p90 {o['live_output']['p90_ms']} ms, max {o['live_output']['max_ms']} ms
  over {o['live_output']['lines']} lines (goal p50 ≤ 100 ms; clock steps of 10 ms included)
"""


if __name__ == "__main__":
    main()
