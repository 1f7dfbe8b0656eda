/** The User API's task shapes, as the console reads them (tasks.md). */
export interface Task {
  task_id: string;
  task_name: string;
  status: string;
  input_mode: string;
  prompt: string | null;
  summary: string | null;
  exit_code: number | null;
  created_at: string;
  ended_at: string | null;
  attachments: string[];
}

export interface TaskPage {
  tasks: Task[];
  next_cursor: string | null;
}

export interface Job {
  id: string;
  status: string;
  node_slug: string | null;
  started_at: string | null;
  ended_at: string | null;
}

export interface TaskResult {
  task_id: string;
  status: string;
  stdout: string | null;
  stderr: string | null;
  exit_code: number | null;
  jobs: Job[];
}

export interface Artifact {
  artifact_id: string;
  name: string;
  content_type: string;
  size_bytes: number;
}

export const ENDED = new Set(['completed', 'failed', 'canceled']);

/** "3 s", "4 min", "2 h", "5 d": how long ago (or how long), for people. */
export function age(fromIso: string, now: number = Date.now()): string {
  return duration(now - Date.parse(fromIso));
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}
