Feature: Task lifecycle
  Tasks run to an end state; a running task can be canceled; users see only their own tasks.

  Background:
    Given the single-node stack is up
    And I am logged in as admin

  Scenario: A failing command ends the task as failed with its exit code
    When I create a task with the command "echo oops >&2; exit 3"
    Then the task is failed within 30 seconds
    And its result has exit code 3 and stdout ""

  Scenario: A client waits for the result without polling
    When I create a task with the command "sleep 1; echo waited"
    And I wait up to 30 seconds for the task's result in one request
    Then the answer came when the task ended, as completed
    And its result has exit code 0 and stdout "waited\n"
    And the job shows when it was queued and when it was picked up

  Scenario: Canceling a running task stops its container
    When I create a task with the command "sleep 60"
    Then the task is running within 30 seconds
    When I cancel the task
    Then the task is canceled within 10 seconds
    And no sandbox container is left within 10 seconds

  Scenario: Another user cannot see my task
    When I create a task with the command "echo mine"
    And I remember the task as "mine"
    And another user "mallory" is created and logs in
    Then the task "mine" is not found for me
