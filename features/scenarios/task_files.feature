Feature: Files in and out of a task
  A person hands a job files and gets the files it made back, with the real cynork binary
  against the real stack: attachments are read-only in the sandbox, artifacts are what the job
  left in /workspace/out/ (links not followed), and each download is checked against its SHA-256.

  Background:
    Given the single-node stack is up
    And I have logged in with cynork as admin

  Scenario: A file goes in, a command transforms it, and the result comes back through the CLI
    When I write the file "in.txt" with
      """
      hello files
      """
    And I run "task create --command 'tr a-z A-Z < /workspace/attachments/in.txt > /workspace/out/upper.txt' -a <in.txt> --name upper -o json"
    Then its JSON has "attachments.0" containing "in.txt"
    When I run "task result upper --wait -o json"
    Then its JSON has "status" = "completed"
    When I run "task artifacts list upper"
    Then it prints a line containing "upper.txt	text/plain	11"
    When I run "task artifacts list upper -o json"
    Then its JSON has "artifacts.0.name" = "upper.txt"
    And I remember its JSON "artifacts.0.artifact_id" as "artifact"
    When I run "task artifacts get upper <artifact> --out <home>/results/upper.txt"
    Then it prints a line containing "saved=true"
    And the file "results/upper.txt" holds "HELLO FILES"
    When I run "task artifacts get upper <artifact> --out <home>/results/upper.txt"
    Then cynork exits with 5 saying "exists; add --force to overwrite it"
    When I run "task artifacts get upper <artifact> --out <home>/results/upper.txt --force"
    Then it prints a line containing "saved=true"

  Scenario: Ten MiB in and ten MiB out arrive whole
    When I write 10 MiB of random bytes to the file "big.bin"
    And I run "task create --command 'cp /workspace/attachments/big.bin /workspace/out/copy.bin' -a <big.bin> --name big --result"
    Then it prints a line containing "status=completed"
    When I run "task artifacts list big -o json"
    Then its JSON has "artifacts.0.size_bytes" = "10485760"
    And I remember its JSON "artifacts.0.artifact_id" as "artifact"
    When I run "task artifacts get big <artifact> --out <home>/copy.bin"
    Then it prints a line containing "saved=true"
    And the files "big.bin" and "copy.bin" are the same

  Scenario: Attachments cannot be changed, and a link the job leaves is not followed
    When I write the file "keep.txt" with
      """
      original
      """
    And I run "task create --command 'echo changed > /workspace/attachments/keep.txt; echo write=$?; ln -s /etc/passwd /workspace/out/pw; echo ok > /workspace/out/ok.txt' -a <keep.txt> --name guarded --result -o json"
    Then its JSON has "stdout" containing "write=1"
    And its JSON has "stderr" containing "pw (a symbolic link; not followed)"
    When I run "task artifacts list guarded -o json"
    Then its JSON has "artifacts.0.name" = "ok.txt"
    And its JSON lists 1 artifacts

  Scenario: Files that cannot be sent are refused before any request
    When I run "task create --command true -a <home>/no-such-file"
    Then cynork exits with 2 saying "no-such-file"
    When I run "task create --command true -a <home>"
    Then cynork exits with 2 saying "is a directory"
