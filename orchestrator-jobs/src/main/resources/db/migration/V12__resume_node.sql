-- A control plane that dies holding jobs leaves them running on their nodes. When such a lease
-- runs out and its node is still live (active, heard from), the job goes back to that node: its
-- Worker API knows the attempt by job id and waits for it or hands back its kept result, so the
-- job runs once (nodes.md §4: a replica killed under load, none run twice). Only a job whose node
-- is gone goes to any node (and may then run twice: docs/nodes.md).
alter table jobs add column resume_node_id uuid references nodes (id) on delete set null;
-- A claim asks whether any queued job is held for another node (Claimed.heldElsewhere): rare, cheap.
create index jobs_resume_node on jobs (resume_node_id) where status = 'queued' and resume_node_id is not null;
