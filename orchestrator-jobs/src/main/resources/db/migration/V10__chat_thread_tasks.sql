-- The tasks cynodeai.pm ran for a chat (inference.md §6), linked to the chat's thread: a user
-- sees which of their tasks a conversation made. Gone with either.
create table chat_thread_tasks (
    thread_id uuid not null references chat_threads (id) on delete cascade,
    task_id   uuid not null references tasks (id) on delete cascade,
    primary key (thread_id, task_id)
);
create index chat_thread_tasks_by_task on chat_thread_tasks (task_id);
