Feature: Many nodes and two control planes
  Work spreads over the nodes there are and goes where its labels say; a node drained or
  stopped finishes what it runs and gets nothing new; and when a node or a control plane dies,
  or a node is cut off, every task still ends with one result (nodes.md §2–4). Nodes 2 and 3
  run in network namespaces of their own (as root), labelled "zone:a" and "zone:b".

  Background:
    Given the stack of 3 nodes and 2 control planes is up

  Scenario: Work spreads over all three nodes
    When I create 9 tasks "spread" running "sleep 2"
    Then the tasks "spread" are completed within 60 seconds, each with one result
    And the tasks "spread" ran on every one of "e2e-node, e2e-node-2, e2e-node-3"

  Scenario: Labels steer the work, and a label no node carries is refused
    When I create 4 tasks "zoned" running "true" on nodes labelled "zone:b"
    Then the tasks "zoned" are completed within 60 seconds, each with one result
    And the tasks "zoned" ran only on "e2e-node-3"
    And a task for nodes labelled "gpu:h100" is refused with 422 "no-node-matches"

  Scenario: A drained node gets nothing new while its running job finishes
    When I create 1 task "first" running "sleep 6" on nodes labelled "zone:a"
    And within 30 seconds "e2e-node-2" holds a running job
    And an administrator asks to drain the node "e2e-node-2"
    Then within 5 seconds the administrators' view shows "e2e-node-2" as "draining"
    When I create 6 tasks "later" running "true"
    Then the tasks "later" are completed within 60 seconds, each with one result
    And none of the tasks "later" ran on "e2e-node-2"
    And the tasks "first" are completed within 30 seconds, each with one result
    And the tasks "first" ran only on "e2e-node-2"
    When an administrator asks to resume the node "e2e-node-2"
    Then within 5 seconds the administrators' view shows "e2e-node-2" as "active"

  Scenario: A node manager stopped with SIGTERM drains first
    When I create 1 task "long" running "sleep 6" on nodes labelled "zone:a"
    And within 30 seconds "e2e-node-2" holds a running job
    And the operator stops node 2
    Then within 10 seconds the administrators' view shows "e2e-node-2" as "draining"
    And the tasks "long" are completed within 30 seconds, each with one result
    And the tasks "long" ran only on "e2e-node-2"
    And within 30 seconds node 2's node manager has exited
    When the operator starts node 2 again
    Then within 30 seconds the administrators' view shows "e2e-node-2" as "active"

  Scenario: A node killed with SIGKILL while it holds jobs: every task ends with one result
    When I create 6 tasks "held" running "sleep 3"
    And within 30 seconds "e2e-node-3" holds a running job
    And the operator kills node 3
    Then within 30 seconds the administrators' view shows "e2e-node-3" as "unreachable"
    And the tasks "held" are completed within 45 seconds, each with one result
    And none of the tasks "held" ran on "e2e-node-3"
    When the operator starts node 3 again
    Then within 30 seconds the administrators' view shows "e2e-node-3" as "active"

  Scenario: A node cut off and brought back: its late results are recorded and ignored
    When I create 6 tasks "cut" running "sleep 8"
    And within 30 seconds "e2e-node-2" holds a running job
    And the operator cuts node 2
    Then the tasks "cut" are completed within 60 seconds, each with one result
    And none of the tasks "cut" ran on "e2e-node-2"
    When the operator mends node 2
    Then within 120 seconds a late result from "e2e-node-2" is on the history of one of the tasks "cut"
    And the tasks "cut" are completed within 1 seconds, each with one result
    And none of the tasks "cut" ran on "e2e-node-2"
    And within 30 seconds the administrators' view shows "e2e-node-2" as "active"

  Scenario: A control-plane replica killed with SIGKILL under load: 100 complete, none twice
    When I create 100 tasks "load" running "true"
    And 10 of the tasks "load" have ended
    And the operator kills control-plane replica 2 with SIGKILL
    Then the tasks "load" are completed within 180 seconds, each with one result
    And no job of the tasks "load" ran twice
