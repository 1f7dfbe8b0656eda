"""`cynodeai.pm`'s own overhead per tool step in `just bench-inference` (issue #19). A chat whose
message holds one fenced command (`true`) costs two model calls and one sandboxed task; the agent
times its chat, its model calls and its task (made to ended) and, with its logger at DEBUG (the
bench's stack turns that on), writes them on one line a chat. What is left is the agent's own
work for the step: requests built and read, the task made and awaited, audit, events written.
The chat's time seen by the client is reported beside it, and what a task alone costs."""
import http.client
import json
import os
import time

from bench import pct

N = int(os.environ.get("BENCH_AGENT_N", "40"))
ASK = "Run:\n```\ntrue\n```"


def _chat(c, key):
    t = time.perf_counter()
    c.request("POST", "/v1/chat/completions",
              json.dumps({"model": "cynodeai.pm", "messages": [{"role": "user", "content": ASK}]}),
              {"Content-Type": "application/json", "Authorization": "Bearer " + key})
    r = c.getresponse()
    answer = json.loads(r.read())
    assert r.status == 200 and "> ran: true (exit 0)" in answer["choices"][0]["message"]["content"], answer
    return time.perf_counter() - t


def _traces(log_file, since):
    """The agent's trace lines (ECS JSON) written after byte offset `since`."""
    out = []
    with open(log_file, "rb") as f:
        f.seek(since)
        for raw in f:
            try:
                message = json.loads(raw).get("message", "")
            except ValueError:
                continue
            if message.startswith("agent chat: "):
                out.append(dict(kv.split("=") for kv in message[len("agent chat: "):].split()))
    return out


def agent_steps(gateway_port, key, log_file):
    c = http.client.HTTPConnection("127.0.0.1", gateway_port, timeout=120)
    for _ in range(10):
        _chat(c, key)
    since = os.path.getsize(log_file)
    chats = [_chat(c, key) for _ in range(N)]
    time.sleep(0.5)
    traces = [t for t in _traces(log_file, since) if t["tool_steps"] == "1"]
    if not traces:
        return {"n": N, "agent_chat_p50_ms": round(pct(chats, 50) * 1000, 1),
                "own_overhead_per_step": "not measured: no trace lines (the agent's logger is not at DEBUG)"}
    own = [int(t["own_us"]) / 1000 for t in traces]
    model = [int(t["model_us"]) / 1000 for t in traces]
    tasks = [int(t["tasks_us"]) / 1000 for t in traces]
    return {"n": len(traces), "agent_chat_p50_ms": round(pct(chats, 50) * 1000, 1),
            "model_calls_p50_ms": round(pct(model, 50), 1), "task_p50_ms": round(pct(tasks, 50), 1),
            "own_overhead_per_step_p50_ms": round(pct(own, 50), 2),
            "own_overhead_per_step_p90_ms": round(pct(own, 90), 2), "goal_p50_ms": 10}
