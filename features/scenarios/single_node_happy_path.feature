Feature: Single-node happy path
  A user asks for work; the orchestrator dispatches it to the node, which runs it in a
  fresh sandbox container, and the user reads the result.

  Background:
    Given the single-node stack is up

  Scenario: A command runs in a sandbox and its result comes back
    Given I am logged in as admin
    Then the node "e2e-node" registered, fetched its configuration and acknowledged it as applied
    When I create a task with the command "echo hello"
    Then the task is completed within 30 seconds
    And its result has exit code 0 and stdout "hello\n"
    And the task logs show stdout "hello\n"
    And no sandbox container is left within 10 seconds
