Feature: Node trust
  The registration PSK enrolls a node; it does not hand over one that is running. A node
  proves itself with the credential it was given at enrollment, and an administrator can
  revoke it, at once.

  Background:
    Given the single-node stack is up

  Scenario: The PSK does not hand over a running node
    When a stranger registers the slug "e2e-node" with the PSK and the Worker API URL "http://127.0.0.1:9"
    Then the stranger is refused with 409 "node-identity-conflict"
    When a stranger registers the slug "e2e-node" with the PSK and its real Worker API URL
    Then the stranger is refused with 409 "node-identity-conflict"
    And the node "e2e-node" kept its Worker API URL and configuration
    Given I am logged in as admin
    When I create a task with the command "echo still-mine"
    Then the task is completed within 30 seconds
    And its stdout is "still-mine\n"

  Scenario: An administrator revokes a node and it stops at once
    When a second node "e2e-second-node" joins the stack
    Then the administrators' node list shows "e2e-second-node" as "active"
    When an administrator revokes the node "e2e-second-node"
    Then within 30 seconds the second node exits with code 3 saying "refused this node's identity"
    And the administrators' node list shows "e2e-second-node" as "revoked"
    And the administrators' node list shows "e2e-node" as "active"

  Scenario: The node verifies the orchestrator with the CA its bootstrap named
    # Over TLS (CYNODE_TLS=1, as CI runs the features once): the CA is kept in the node's secure
    # store and a client that does not trust it gets no answer. Over plain HTTP: no CA at all.
    Then the node trusts the orchestrator as the bootstrap said
