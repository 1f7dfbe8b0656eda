# CyNodeAI: the operator's and developer's commands. `just --list` shows them all.

# The build targets Java 21; Temurin 25 (beside the default Java 17 here) builds it.
export JAVA_HOME := if path_exists("/usr/lib/jvm/temurin-25-jdk-amd64") == "true" { "/usr/lib/jvm/temurin-25-jdk-amd64" } else { env_var_or_default("JAVA_HOME", "") }
export PATH := JAVA_HOME + "/bin:" + env_var("PATH")
export CONTAINERS_CONF := env_var_or_default("CONTAINERS_CONF", justfile_directory() + "/dev/containers.conf")
mvn := "mvn -B -ntp"

default:
    @just --list

# Install what the stack needs (podman, runc, busybox-static; psql, pytest and Hypothesis for the battery; tmux for the terminal features; npm and Chromium for the web console) when root on Debian; else print how.
setup:
    #!/usr/bin/env bash
    set -euo pipefail
    need=()
    for cmd in podman runc busybox curl psql tmux; do command -v $cmd >/dev/null || need+=($cmd); done
    [ -e /usr/bin/newuidmap ] || need+=(uidmap)
    /usr/bin/python3 -c 'import pytest, hypothesis' 2>/dev/null || need+=(pytest)
    # the web console: npm builds it, Chromium runs its browser tests (Debian's, driven by playwright-core)
    command -v chromium >/dev/null || need+=(chromium)
    web=""; command -v npm >/dev/null || { need+=(npm); web="nodejs npm"; }
    [ ${#need[@]} -eq 0 ] && { echo "setup: nothing to install"; exit 0; }
    pkgs="podman runc busybox-static uidmap ca-certificates curl python3 python3-pytest python3-hypothesis postgresql-client tmux chromium $web"
    if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
        echo "setup: installed $pkgs"
    else
        echo "setup: run: sudo apt-get install -y $pkgs"; exit 1
    fi

# Build every module (runnable jars are <module>/target/*-exec.jar).
build:
    {{mvn}} -q install -DskipTests

# Build cynork alone (and what it needs): cynork/bin/cynork runs it.
build-cynork:
    {{mvn}} -q install -DskipTests -pl cynork -am

# Run cynork, the command-line client: `just cynork task list`.
cynork *ARGS:
    cynork/bin/cynork {{ARGS}}

# Unit and integration tests (real PostgreSQL, real container engine).
test: setup sandbox-image inference-image
    #!/usr/bin/env bash
    set -euo pipefail
    # The tests start a podman service when none answers; stop it afterwards if they did.
    pidfile=.cynode/run/podman-service.pid
    running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
    if running; then had=yes; else had=; fi
    trap 'if [ -z "$had" ] && running; then kill "$(cat "$pidfile")"; rm -f "$pidfile"; fi' EXIT
    {{mvn}} install

# Formatting and static checks; fails on violations (`just fmt` fixes formatting).
lint:
    {{mvn}} -q spotless:check

# Rewrite sources in the house format.
fmt:
    {{mvn}} -q spotless:apply

# End-to-end Gherkin features (features/scenarios) against the real processes.
e2e: setup sandbox-image inference-image
    {{mvn}} -q install -DskipTests
    {{mvn}} -pl features test -De2e

# The same features with the whole stack over TLS (CYNODE_TLS=1: a CA made for the run; nodes.md §1).
e2e-tls: setup sandbox-image inference-image
    {{mvn}} -q install -DskipTests
    CYNODE_TLS=1 {{mvn}} -pl features test -De2e

# What CI runs: lint, tests, end-to-end features (plain, then over TLS), the fast groups of the battery.
ci: lint test e2e e2e-tls battery

# Build the default sandbox image locally, without a registry.
sandbox-image: setup
    dev/sandbox-image.sh

# Build the inference stand-in image (a test double for a model server; inference.md §7) locally.
inference-image: setup
    dev/inference-standin-image.sh

# Start the whole stack in the background; returns once every node has acknowledged its configuration.
# CYNODE_NODES=3 starts three nodes (each beyond the first in a network namespace of its own, as root),
# CYNODE_CONTROL_PLANES=2 two control-plane replicas.
up: setup
    dev/up.sh

# Stop everything `just up` started (nodes drain first), remove its namespaces, bridge and leftover sandboxes.
down:
    dev/down.sh

# Do something to one node of `just up`: kill|pause|resume|cut|mend|stop|start I, or list.
node *ARGS:
    dev/node.sh {{ARGS}}

# Bring the stack up, log in, run a sample task and print its result.
demo: setup
    dev/demo.sh

# Figures: whole-stack latency and throughput against bare `podman run` (bench/results/latest.json).
bench: setup sandbox-image build
    bench/bench.sh

# Fault and abuse battery against the real stack: `just battery` (fast groups), `just battery faults`, `just battery all`.
battery *groups: setup sandbox-image build
    bench/battery.sh {{groups}}

# Figures: many nodes (nodes.md §4): placement with 1,000 simulated nodes, the ceiling with 10 nodes and 2 control planes, node and replica loss (bench/results/multinode.{json,md}).
bench-multinode: setup sandbox-image build
    bench/battery.sh nodes

# Figures: chat and prompt tasks through the gateway against the same model backend called directly (bench/results/inference.{json,md}).
bench-inference: setup sandbox-image inference-image build
    bench/bench.sh inference

# Figures: cynork's start-up and a request against the JVM floor and curl (bench/results/cli.{json,md}).
bench-cli: setup sandbox-image inference-image build
    bench/bench.sh cli

# Figures: Worker API jobs against bare `podman run` of the same image, command and limits.
bench-worker: setup sandbox-image build
    bench/bench.sh worker
