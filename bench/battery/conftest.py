"""The battery's fixtures: one login context for the whole run, a fresh token before each group,
and a record per group (what it injected, checked and measured) that must hold when the group
ends. The records go to $BATTERY_RESULTS (bench/results/, not tracked) as battery.json and battery.md
(or as $BATTERY_REPORT names them: multinode for `just bench-multinode`)."""
import datetime
import json
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from harness import RESULTS, Run, context, fresh_tokens  # noqa: E402

_RUN = Run()
_STARTED = time.perf_counter()


def pytest_configure(config):
    config.addinivalue_line("markers", "fast: a group CI runs (`just battery`)")
    config.addinivalue_line("markers", "slow: a group of `just battery slow`")
    config.addinivalue_line("markers", "nodes: a group of `just bench-multinode` (three nodes, two control planes)")


@pytest.fixture(scope="session")
def run():
    return _RUN


@pytest.fixture(scope="session")
def ctx(run):
    return context(run)


@pytest.fixture
def group(request, run, ctx):
    """The group's record; every check it made must have held."""
    name = request.node.name.removeprefix("test_")
    fresh_tokens(run, ctx)
    g = run.group(name)
    t = time.perf_counter()
    yield g
    g["seconds"] = round(time.perf_counter() - t, 1)
    failed = [f"{c['check']} ({c['detail']})" for c in g["checks"] if not c["held"]]
    assert not failed, "did not hold: " + "; ".join(failed)


def pytest_sessionfinish(session, exitstatus):
    groups = _RUN.groups
    if not groups:
        return
    checks = [c for g in groups.values() for c in g["checks"]]
    held = sum(c["held"] for c in checks)
    record = {"at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), "groups": groups,
              "held": held == len(checks), "seconds": round(time.perf_counter() - _STARTED, 1),
              "machine": {"cpus": os.cpu_count()}}
    os.makedirs(RESULTS, exist_ok=True)
    report = os.environ.get("BATTERY_REPORT", "battery")
    with open(os.path.join(RESULTS, report + ".json"), "w") as f:
        json.dump(record, f, indent=2)
    lines = [f"# CyNodeAI {report}, {record['at']}", "", f"{held} of {len(checks)} checks held ({record['seconds']} s).", ""]
    for name, g in groups.items():
        lines += [f"## {name} ({g.get('seconds', '?')} s)", "", "Injected: " + "; ".join(g["injected"]), ""]
        lines += [f"- {'held' if c['held'] else '**did not hold**'}: {c['check']}" + ("" if c["held"] else f" ({c['detail']})")
                  for c in g["checks"]]
        if g["figures"]:
            lines += ["", "Figures: `" + json.dumps(g["figures"]) + "`"]
        lines.append("")
    with open(os.path.join(RESULTS, report + ".md"), "w") as f:
        f.write("\n".join(lines))
    print(f"\nbattery: {held} of {len(checks)} checks held; results in {RESULTS}/{report}.md")
