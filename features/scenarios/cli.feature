Feature: cynork, the command-line client
  A person at a terminal uses the real cynork binary against the real stack: logging in,
  tasks in every input mode, names, paging, results, logs, cancel, watch, models, chat and
  tokens; every mistake is an exit code and one line, and no token is ever printed.

  Background:
    Given the single-node stack is up
    And I have logged in with cynork as admin

  Scenario: Logging in keeps the tokens in a file of mine alone, and logging out forgets them
    Then my config file is mine alone
    When I run "auth whoami"
    Then it prints a line containing "user=admin"
    When I run "version -o json"
    Then its JSON has "version" containing "0."
    When I run "status"
    Then it prints "ok"
    When I run "auth refresh"
    Then it prints "refreshed=true"
    When I run "auth logout"
    Then it prints "logged_out=true"
    And my config file holds no token
    When I run "task list"
    Then cynork exits with 3 saying "not logged in: run 'cynork auth login' or set CYNORK_TOKEN"

  Scenario: Tasks in every input mode, named and read by name
    When I run "task create --command 'echo one' --command 'echo two >&2' --name 'CLI Modes!' -o json"
    Then its JSON has "task_name" = "cli-modes"
    When I run "task result cli-modes --wait -o json"
    Then its JSON has "status" = "completed"
    And its JSON has "stdout" = "one\n"
    And its JSON has "stderr" = "two\n"
    When I write the file "job.sh" with
      """
      x=21
      echo "$((x * 2)) from a script"
      exit 5
      """
    And I run "task create -s <job.sh> --result"
    Then it prints a line containing 'status=failed exit_code=5 stdout="42 from a script\n"'
    When I write the file "steps.txt" with
      """
      echo first

      echo second
      """
    And I run "task create --commands-file <steps.txt> --name steps"
    Then it prints a line containing "task_name=steps"
    When I run "task logs steps --follow --stream stdout"
    Then it prints "first\nsecond"
    When I run "task create -p 'What is 2+2?' --result -o json"
    Then its JSON has "stdout" containing "Stand-in answer: What is 2+2?"
    When I run "task create --command 'echo again' --name steps -o json"
    Then its JSON has "task_name" = "steps-2"

  Scenario: The task list pages by cursor and filters by status
    When I run "task create --command 'sleep 60' --name page-a"
    And I run "task create --command 'sleep 60' --name page-b"
    And I run "task create --command 'sleep 60' --name page-c"
    And I run "task cancel page-a -y"
    And I run "task cancel page-b -y"
    And I run "task cancel page-c -y"
    And I run "task result page-a --wait"
    Then it prints a line containing "status=canceled"
    When I run "task result page-b --wait"
    Then it prints a line containing "status=canceled"
    When I run "task result page-c --wait"
    Then it prints a line containing "status=canceled"
    When I run "task list --status canceled -l 2 -o json"
    Then the tasks listed are "page-c,page-b"
    And I remember its JSON "next_cursor" as "cursor"
    When I run "task list --status canceled -l 2 --cursor <cursor> -o json"
    Then the tasks listed begin with "page-a"
    When I run "task list -l 201"
    Then cynork exits with 2 saying "--limit must be 1 to 200"

  Scenario: Following a task's logs shows its output as it is printed
    When I run "task create --command 'echo early; sleep 4; echo late >&2; sleep 1; echo last' --name live-logs"
    And I follow "task logs live-logs --follow", noting when each line arrives
    Then the line "early" arrived at least 3 seconds before the line "last"
    And the lines were "early,late,last"

  Scenario: Canceling asks first
    When I run "task create --command 'sleep 60' --name long-one"
    And I run "task cancel long-one" answering "n"
    Then cynork exits with 0
    When I run "task get long-one -o json"
    Then its JSON has "task_name" = "long-one"
    When I run "task cancel long-one" answering "y"
    Then it prints a line containing "canceled=true"
    When I run "task watch long-one --no-clear -n 1s"
    Then it prints a line containing "status=canceled"

  Scenario: Mistakes are exit codes with the reason, before any request where they can be
    When I run "task create"
    Then cynork exits with 2 saying "no input"
    When I run "task create -p a --command b"
    Then cynork exits with 2 saying "more than one input"
    When I run "auth login --password-stdin"
    Then cynork exits with 2 saying "--password-stdin needs -u USER"
    When I run "task get no-such-task"
    Then cynork exits with 4 saying "no task of yours is 'no-such-task'"
    When I run "task create --command ' ' --command x"
    Then cynork exits with 6 saying "commands[0]"

  Scenario: Models, a one-shot chat and personal API tokens
    When I run "models list"
    Then it prints a line containing "standin-echo"
    When I run "chat -m 'hello there'"
    Then it prints "Stand-in answer: hello there"
    When I run "tokens create ci-key -o json"
    Then I remember its JSON "token" as "token"
    When I run "tokens list"
    Then the token "ci-key" was printed once and is not listed

  Scenario: An administrator manages users, and nobody else may
    When I run "users create carol --email carol@example.org --password-stdin" answering "password-of-carol-1"
    Then it prints a line containing "handle=carol"
    When I run "users list"
    Then it prints a line containing "handle=carol email=carol@example.org is_active=true"
    When I run "users disable carol"
    Then it prints a line containing "disabled=true"
    When I run "users enable carol"
    Then it prints a line containing "enabled=true"
    When I run "nodes list"
    Then it prints a line containing "node_slug=e2e-node status=active"
    When I run "nodes get e2e-node -o json"
    Then its JSON has "worker_api_url" containing "://127.0.0.1:"
    When I log in with cynork as "carol" with the password "password-of-carol-1"
    And I run "users list"
    Then cynork exits with 3 saying "cynork:"

  Scenario: The interactive chat at a terminal
    When I start a chat at a terminal
    And I type "/version"
    Then the terminal shows "version="
    When I type "/nonsense"
    Then the terminal shows "unknown command /nonsense"
    When I type "hello from a terminal"
    Then the terminal shows "Stand-in answer: hello from a terminal"
    When I type "[standin:hang] this answer never comes"
    And a second later I press C-c
    Then the terminal shows "(stopped)"
    When I type "still there?"
    Then the terminal shows "Stand-in answer: still there?"
    When I type "!echo shell-escape-$((6 * 7))"
    Then the terminal shows "shell-escape-42"
    When I press C-d
    Then the terminal shows "exited=0"
