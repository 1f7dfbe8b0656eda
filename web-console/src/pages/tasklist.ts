import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import { age, type Task, type TaskPage } from '../tasks';

const STATUSES = ['', 'queued', 'running', 'completed', 'failed', 'canceled'];
const PAGE = 20;

/** My tasks, newest first, a page at a time, their statuses kept current every few seconds. */
export function TaskList(props: { api: Api }) {
  const [status, setStatus] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]); // the cursor of each page seen
  const [page, setPage] = useState<TaskPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    let live = true;
    const load = () => {
      const q = new URLSearchParams({ limit: String(PAGE) });
      if (status) q.set('status', status);
      if (cursor) q.set('cursor', cursor);
      props.api
        .json<TaskPage>('GET', `/v1/tasks?${q}`)
        .then((p) => live && (setPage(p), setError(null)))
        .catch((e) => live && setError(String(e.message)));
    };
    load();
    const timer = setInterval(load, 3000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [status, cursor]);

  return html`
    <h1>Tasks</h1>
    <div class="toolbar">
      <label for="status-filter">Status</label>
      <select id="status-filter" value=${status}
        onChange=${(e: Event) => {
          setStatus((e.target as HTMLSelectElement).value);
          setCursors([null]);
        }}>
        ${STATUSES.map((s) => html`<option value=${s}>${s || 'any'}</option>`)}
      </select>
      <a class="button" href="#/new">New task</a>
    </div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${page && page.tasks.length === 0 && html`<p>No tasks yet.</p>`}
    ${page && page.tasks.length > 0 && html`
      <table>
        <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Created</th></tr></thead>
        <tbody>
          ${page.tasks.map((t: Task) => html`
            <tr>
              <td><a href=${`#/tasks/${encodeURIComponent(t.task_id)}`}>${t.task_name}</a></td>
              <td><span class=${`status ${t.status}`}>${t.status}</span></td>
              <td>${age(t.created_at)} ago</td>
            </tr>`)}
        </tbody>
      </table>`}
    <div class="toolbar">
      <button type="button" disabled=${cursors.length === 1} onClick=${() => setCursors(cursors.slice(0, -1))}>Newer</button>
      <button type="button" disabled=${!page?.next_cursor} onClick=${() => setCursors([...cursors, page!.next_cursor])}>Older</button>
    </div>
  `;
}
