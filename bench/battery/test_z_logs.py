"""Last of every run: no secret used in the run appears in any service log."""
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

pytestmark = [pytest.mark.fast, pytest.mark.slow]


def test_logs(run, ctx, group):
    g = group
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
