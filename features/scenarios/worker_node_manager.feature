Feature: Node manager
  The node manager supervises worker-api, applies new configuration versions without a
  restart, and refuses to run when a required inference path cannot exist.

  Background:
    Given the single-node stack is up

  Scenario: A killed worker-api is restarted and the node keeps working
    When worker-api is killed
    Then the node manager restarts it and it is ready within 30 seconds
    Given I am logged in as admin
    When I create a task with the command "echo after-restart"
    Then the task is completed within 30 seconds
    And its stdout is "after-restart\n"

  Scenario: A job survives a worker-api crash and runs once
    Given I am logged in as admin
    When I create a task with the command "echo run >> /workspace/runs; sleep 5; wc -l < /workspace/runs"
    Then the task is running within 30 seconds
    When I wait 2 seconds
    And worker-api is killed
    Then the task is completed within 60 seconds
    And its stdout is "1\n"

  Scenario: A rotated Worker API token is applied without a restart
    When I note the node's configuration version and token
    Then within 40 seconds the node applies a new configuration version with a new token
    And worker-api was not restarted for it
    And the old token is refused once its grace period is over
    Given I am logged in as admin
    When I create a task with the command "echo after-rotation"
    Then the task is completed within 30 seconds

  Scenario: A node that requires inference fails fast without a container runtime
    When a second node that requires inference starts on a machine without a container runtime
    Then it exits non-zero saying "inference.mode is 'require'"
