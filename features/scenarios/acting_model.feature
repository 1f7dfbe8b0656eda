Feature: cynodeai.pm, the model that acts
  Chatting with cynodeai.pm reaches an agent that runs what the model asks for as sandboxed tasks
  of the chatting user, and answers with what they printed. The agent thinks with the stand-in
  model here (a test double: a fenced code block in the message becomes a run_commands call, the
  tool's result its answer); a real tool-calling model in Ollama needs no code change.

  Background:
    Given the single-node stack is up
    And I have logged in with cynork as admin

  Scenario: A chat runs a command in a sandbox and reports its output
    When I run "models list"
    Then it prints a line containing "cynodeai.pm"
    When I chat with cynork
      """
      Please run this:
      ```
      echo hello-from-the-agent
      ```
      """
    Then it prints a line containing "> ran: echo hello-from-the-agent (exit 0)"
    And it prints a line containing "hello-from-the-agent"
    When I run "task list -l 1 -o json"
    Then the tasks listed begin with "pm"

  Scenario: A command that fails is reported with its exit code
    When I chat with cynork
      """
      Try this:
      ```
      ls /no/such/dir
      ```
      """
    Then it prints a line containing "> ran: ls /no/such/dir (exit "
    And it prints a line containing "failed, exit code"
    And it prints a line containing "No such file or directory"

  Scenario: A user whose task queue is full is told so, not kept waiting
    When I run "users create dora --email dora@example.org --password-stdin" answering "password-of-dora-1"
    And the user "dora" has 1000 tasks waiting
    And I log in with cynork as "dora" with the password "password-of-dora-1"
    And I chat with cynork
      """
      Run this:
      ```
      echo never-runs
      ```
      """
    Then it prints a line containing "> run_commands refused: you have 1000 tasks waiting already"
