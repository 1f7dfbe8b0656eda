Feature: Worker sandbox execution
  Each job runs in a fresh, locked-down container with the task's context.

  Background:
    Given the single-node stack is up
    And I am logged in as admin

  Scenario: The sandbox has no network but loopback and runs as a non-root user
    When I create a task with the command "ip -o link | cut -d: -f2 | tr -d ' '; id -u"
    Then the task is completed within 30 seconds
    And its stdout is "lo\n65534\n"

  Scenario: The sandbox knows its task and works in /workspace
    When I create a task with the command "echo $CYNODE_TASK_ID; pwd"
    Then the task is completed within 30 seconds
    And its stdout contains the task id

  Scenario: The root filesystem is read-only
    When I create a task with the command "touch /should-fail 2>/dev/null && echo writable || echo read-only"
    Then the task is completed within 30 seconds
    And its stdout is "read-only\n"
