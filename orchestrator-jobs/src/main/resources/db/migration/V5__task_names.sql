-- Tasks, version 2 (tasks.md §2): every task has a name, unique per user. A task created without
-- one is named task-<n> from this sequence; tasks stored before this version get one the same way.
create sequence task_numbers;
update tasks set task_name = 'task-' || nextval('task_numbers') where task_name is null;
alter table tasks alter column task_name set not null,
    alter column task_name set default 'task-' || nextval('task_numbers');

-- Paging by status (filtered before paging) reads only that status's rows, newest first.
create index tasks_owner_status_created on tasks (owner_id, status, created_at desc, id);
