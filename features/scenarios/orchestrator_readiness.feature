Feature: Orchestrator readiness
  The control plane is ready only with a dispatchable node and an inference path. Here the
  node's inference path is the Ollama stand-in image (no Ollama image exists on this machine);
  the not-ready answers, with their reasons, are covered by the control plane's tests.

  Background:
    Given the single-node stack is up

  Scenario: Every service is alive
    Then gateway answers "ok" on "/healthz"
    And control-plane answers "ok" on "/healthz"
    And worker-api answers "ok" on "/healthz"
    And gateway answers "ready" on "/readyz"
    And worker-api answers "ready" on "/readyz"

  Scenario: The node runs one inference container and the control plane is ready
    Then exactly one inference container runs and answers its health endpoint
    And control-plane answers "ready" on "/readyz"
