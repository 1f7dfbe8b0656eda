Feature: Orchestrator readiness
  The control plane is ready only with a dispatchable node and an inference path.

  Background:
    Given the single-node stack is up

  Scenario: Every service is alive
    Then gateway answers "ok" on "/healthz"
    And control-plane answers "ok" on "/healthz"
    And worker-api answers "ok" on "/healthz"
    And gateway answers "ready" on "/readyz"
    And worker-api answers "ready" on "/readyz"

  Scenario: Without an inference path the control plane says what is missing
    When I ask the control plane whether it is ready
    Then it answers 503 with a problem saying "no inference path"
    And the reason does not mention "no dispatchable node"
