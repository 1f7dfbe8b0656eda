Feature: Node registration and configuration
  The node registers with the pre-shared key, takes its configuration from the URL the
  bootstrap payload names, and receives its Worker API token only in that configuration.

  Background:
    Given the single-node stack is up

  Scenario: The node is configured without manual wiring
    Then the node "e2e-node" registered, fetched its configuration and acknowledged it as applied
    And the node's Worker API refuses a job without the node's token
    And the control plane refuses the node endpoints without a node token

  Scenario: A wrong registration key is refused
    Then a registration with a wrong key is refused with 401

  Scenario: Secrets stay out of the logs
    Given I am logged in as admin
    When I create a task with the command "echo secret-check"
    Then the task is completed within 30 seconds
    And no log of the stack holds a secret
    And no process command line or worker-api environment holds a secret
