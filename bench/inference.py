"""`just bench-inference`: the model paths through the gateway against the same backend called
directly (inference.md §8), measured in one run, alternating the two sides. The backend is the
node's inference container (the stand-in here, a test double), reached directly on its loopback
port and through gateway → node Worker API relay → container."""
import concurrent.futures as cf
import datetime
import http.client
import json
import os
import sys
import time

from agent import agent_steps
from bench import pct, RESULTS

N = int(os.environ.get("BENCH_N", "200"))
# Both sides warm (C2 has compiled the gateway's path) before anything is measured.
WARMUP = int(os.environ.get("BENCH_WARMUP", "600"))
STREAMS = 64
MEMORY_CHATS = int(os.environ.get("BENCH_MEMORY_CHATS", "10000"))
MODEL = os.environ.get("BENCH_MODEL", "standin-echo")


def body(text, stream):
    return json.dumps({"model": MODEL, "stream": stream, "messages": [{"role": "user", "content": text}]})


class Side:
    """One way to reach the model: a keep-alive connection per thread, like an SDK's pool."""

    def __init__(self, port, path, key):
        self.port, self.path, self.key = port, path, key

    def conn(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def chat(self, c, text):
        t = time.perf_counter()
        c.request("POST", self.path, body(text, False),
                  {"Content-Type": "application/json", "Authorization": "Bearer " + self.key})
        r = c.getresponse()
        data = r.read()
        assert r.status == 200, (r.status, data[:200])
        return time.perf_counter() - t

    def stream(self, c, text):
        """(time to the first content delta, content deltas, total time)"""
        t = time.perf_counter()
        c.request("POST", self.path, body(text, True),
                  {"Content-Type": "application/json", "Authorization": "Bearer " + self.key})
        r = c.getresponse()
        assert r.status == 200, r.status
        first, deltas = None, 0
        while True:
            line = r.readline()
            if not line:
                break
            line = line.strip()
            if not line.startswith(b"data: "):
                continue
            if line == b"data: [DONE]":
                break
            for ch in json.loads(line[6:]).get("choices", []):
                if ch.get("delta", {}).get("content"):
                    deltas += 1
                    if first is None:
                        first = time.perf_counter() - t
        r.read()
        return first, deltas, time.perf_counter() - t


def alternate(direct, gateway, f, n):
    d, g = [], []
    cd, cg = direct.conn(), gateway.conn()
    for i in range(n):
        d.append(f(direct, cd, i))
        g.append(f(gateway, cg, i))
    return d, g


def added(d, g):
    return {"direct_p50_ms": ms(pct(d, 50)), "gateway_p50_ms": ms(pct(g, 50)),
            "added_p50_ms": ms(pct(g, 50) - pct(d, 50)), "direct_p99_ms": ms(pct(d, 99)),
            "gateway_p99_ms": ms(pct(g, 99)), "added_p99_ms": ms(pct(g, 99) - pct(d, 99))}


def ms(s):
    return round(s * 1000, 2)


def concurrent_tokens(side, words):
    text = " ".join(f"w{i}" for i in range(words))

    def one(_):
        c = side.conn()
        _, deltas, _ = side.stream(c, text)
        return deltas

    t = time.perf_counter()
    with cf.ThreadPoolExecutor(STREAMS) as pool:
        total = sum(pool.map(one, range(STREAMS)))
    return total / (time.perf_counter() - t)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    direct_port, gateway_port, key, gateway_pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    direct = Side(direct_port, "/v1/chat/completions", "unused")
    gateway = Side(gateway_port, "/v1/chat/completions", key)
    out = {"when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), "model": MODEL,
           "backend": "node inference container (cynode-inference-standin, a test double), 5 ms per word"}
    alternate(direct, gateway, lambda s, c, i: s.chat(c, f"warm {i}"), WARMUP)
    d, g = alternate(direct, gateway, lambda s, c, i: s.chat(c, f"question {i}"), N)
    out["chat"] = added(d, g)
    d, g = alternate(direct, gateway, lambda s, c, i: s.stream(c, f"stream {i} a b c")[0], N)
    out["time_to_first_token"] = added(d, g)
    rounds = []
    for _ in range(3):
        rounds.append((concurrent_tokens(direct, 40), concurrent_tokens(gateway, 40)))
    dt, gt = sum(r[0] for r in rounds) / 3, sum(r[1] for r in rounds) / 3
    out["streams_64"] = {"direct_tokens_per_s": round(dt), "gateway_tokens_per_s": round(gt), "ratio": round(gt / dt, 3)}
    out["prompt_task"] = prompt_tasks(gateway_port, key, direct)
    out["agent"] = agent_steps(gateway_port, key, os.path.join(os.environ["CYNODE_STATE_DIR"], "logs",
                                                               "orchestrator-user-gateway.log"))
    out["memory"] = memory(gateway, gateway_pid)
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "inference.json"), "w") as f:
        json.dump(out, f, indent=2)
    md = markdown(out)
    with open(os.path.join(RESULTS, "inference.md"), "w") as f:
        f.write(md)
    print(md)


def prompt_tasks(port, key, direct):
    n = max(20, N // 4)
    d, g = [], []
    cd = direct.conn()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Content-Type": "application/json", "Authorization": "Bearer " + key}
    for i in range(n):
        d.append(direct.chat(cd, f"prompt {i}"))
        t = time.perf_counter()
        c.request("POST", "/v1/tasks", json.dumps({"prompt": f"prompt {i}", "model": MODEL}), headers)
        r = c.getresponse()
        created = json.loads(r.read())
        assert r.status == 201, created
        c.request("GET", f"/v1/tasks/{created['task_id']}/result?wait_seconds=60", headers=headers)
        r = c.getresponse()
        result = json.loads(r.read())
        assert result["status"] == "completed", result
        g.append(time.perf_counter() - t)
    return added(d, g)


def memory(gateway, pid):
    def chats(k):
        def one(i):
            c = gateway.conn()
            for j in range(i, k, 8):
                gateway.chat(c, f"memory {j}")
        with cf.ThreadPoolExecutor(8) as pool:
            list(pool.map(one, range(8)))
    chats(1000)
    before = rss_mib(pid)
    t = time.perf_counter()
    chats(MEMORY_CHATS)
    after = rss_mib(pid)
    return {"chats": MEMORY_CHATS, "rss_before_mib": round(before), "rss_after_mib": round(after),
            "growth_mib": round(after - before), "seconds": round(time.perf_counter() - t, 1)}


def markdown(o):
    c, t, s, p, m, a = o["chat"], o["time_to_first_token"], o["streams_64"], o["prompt_task"], o["memory"], o["agent"]
    return f"""# Inference figures ({o['when']})

Backend: {o['backend']}; model `{o['model']}`. "direct" = the container's OpenAI-compatible port on
loopback; "gateway" = the same request through the gateway, the node's Worker API relay and the
container. Same run, alternated.

| figure | direct | gateway | added / ratio | goal |
|---|---|---|---|---|
| chat, non-streaming p50 | {c['direct_p50_ms']} ms | {c['gateway_p50_ms']} ms | +{c['added_p50_ms']} ms | ≤ +5 ms |
| chat, non-streaming p99 | {c['direct_p99_ms']} ms | {c['gateway_p99_ms']} ms | +{c['added_p99_ms']} ms | ≤ +20 ms |
| time to first token p50 | {t['direct_p50_ms']} ms | {t['gateway_p50_ms']} ms | +{t['added_p50_ms']} ms | ≤ +5 ms |
| 64 concurrent streams | {s['direct_tokens_per_s']} tokens/s | {s['gateway_tokens_per_s']} tokens/s | {s['ratio']}× | ≥ 0.95× |
| prompt task POST → result p50 | {p['direct_p50_ms']} ms | {p['gateway_p50_ms']} ms | +{p['added_p50_ms']} ms | ≤ +25 ms |
| `cynodeai.pm` own work per tool step p50 (its trace: chat − model calls − task; a chat {a['agent_chat_p50_ms']} ms, its model calls {a.get('model_calls_p50_ms')} ms, its task {a.get('task_p50_ms')} ms) | — | — | {a.get('own_overhead_per_step_p50_ms')} ms (p90 {a.get('own_overhead_per_step_p90_ms')}) | ≤ 10 ms |
| gateway RSS over {m['chats']} chats | {m['rss_before_mib']} MiB | {m['rss_after_mib']} MiB | +{m['growth_mib']} MiB | ≤ +64 MiB |
"""


if __name__ == "__main__":
    main()
