Feature: Task input modes and names
  A task is a prompt, a script or a list of command lines; it has a name that addresses it,
  and its result says at the top what it printed and how it ended.

  Background:
    Given the single-node stack is up
    And I am logged in as admin

  Scenario: Command lines run in order and stop at the first failure
    When I create a task running the commands
      | echo one         |
      | echo two >&2     |
      | exit 4           |
      | echo never       |
    Then the task is failed within 30 seconds
    And the result of "the task" says exit code 4, stdout "one\n" and stderr "two\n", run on a named node

  Scenario: A script runs with sh from a file in the workspace, quotes and all
    When I create a task running the script
      """
      set -e
      x=6
      printf '%s\n' "it's $((x * 7)) \"quoted\" \\ and 'single'"
      test -f /workspace/.cynode/script.sh && echo "from a file"
      """
    Then the task is completed within 30 seconds
    And the stdout log of "the task" is the lines
      | it's 42 "quoted" \\ and 'single' |
      | from a file                     |

  Scenario: A named task is addressed by its name
    When I create a task named "Nightly Report!" with the command "echo report"
    Then the task is called "nightly-report"
    And the task "nightly-report" is completed within 30 seconds
    And the result of "nightly-report" says exit code 0, stdout "report\n" and stderr "", run on a named node
    And the stdout log of "nightly-report" is the lines
      | report |
