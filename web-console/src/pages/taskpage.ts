import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import { readEvents } from '../sse';
import { type Artifact, duration, ENDED, type Task, type TaskResult } from '../tasks';

interface Line {
  stream: string;
  text: string;
}

/** One task: its status and output as they happen (/events), then its result and artifacts. */
export function TaskPage(props: { api: Api; id: string }) {
  const { api, id } = props;
  const [task, setTask] = useState<Task | null>(null);
  const [output, setOutput] = useState<Line[]>([]);
  const [status, setStatus] = useState<string>('');
  const [result, setResult] = useState<TaskResult | null>(null);
  const [artifacts, setArtifacts] = useState<Artifact[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const path = `/v1/tasks/${encodeURIComponent(id)}`;

  useEffect(() => {
    let live = true;
    setOutput([]);
    setResult(null);
    const finish = async () => {
      const [r, a] = await Promise.all([
        api.json<TaskResult>('GET', `${path}/result`),
        api.json<{ artifacts: Artifact[] }>('GET', `${path}/artifacts`),
      ]);
      if (!live) return;
      setResult(r);
      setStatus(r.status);
      setArtifacts(a.artifacts);
      setTask(await api.json<Task>('GET', path));
    };
    api
      .json<Task>('GET', path)
      .then(async (t) => {
        if (!live) return;
        setTask(t);
        setStatus(t.status);
        const events = await api.request('GET', `${path}/events`, undefined, 'text/event-stream');
        await readEvents(events.body!, (e) => {
          if (!live) return;
          const data = JSON.parse(e.data);
          if (e.event === 'status') setStatus(data.status);
          else if (e.event === 'output') setOutput((o) => [...o, { stream: data.stream, text: data.text }]);
          else if (e.event === 'end') setStatus(data.status);
        });
        await finish();
      })
      .catch((e) => live && setError(String(e.message)));
    return () => {
      live = false;
    };
  }, [id]);

  const cancel = async () => {
    setConfirming(false);
    try {
      await api.json('POST', `${path}/cancel`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const download = async (a: Artifact) => {
    const r = await api.request('GET', `${path}/artifacts/${encodeURIComponent(a.artifact_id)}`);
    const url = URL.createObjectURL(await r.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = a.name.split('/').pop() || 'artifact';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const job = result?.jobs[result.jobs.length - 1];
  return html`
    <h1>${task ? task.task_name : 'Task'}</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <dl class="facts">
      <dt>Status</dt><dd><span class=${`status ${status}`} aria-live="polite" data-testid="task-status">${status || '…'}</span></dd>
      ${result?.exit_code != null && html`<dt>Exit code</dt><dd data-testid="exit-code">${result.exit_code}</dd>`}
      ${job?.node_slug && html`<dt>Node</dt><dd>${job.node_slug}</dd>`}
      ${job?.started_at && job?.ended_at && html`<dt>Duration</dt><dd>${duration(Date.parse(job.ended_at) - Date.parse(job.started_at))}</dd>`}
    </dl>
    <div class="toolbar">
      ${!ENDED.has(status) && !confirming && html`<button type="button" onClick=${() => setConfirming(true)}>Cancel task</button>`}
      ${confirming && html`<span role="group" aria-label="Confirm cancel">Cancel this task?
        <button type="button" onClick=${cancel}>Yes, cancel it</button>
        <button type="button" onClick=${() => setConfirming(false)}>No, keep it running</button></span>`}
      ${task && html`<a class="button" href=${`#/new/${encodeURIComponent(task.task_id)}`}>Run again</a>`}
    </div>
    <h2>Output</h2>
    <pre class="output" role="log" aria-label="Output" data-testid="output">${output.map((l) => html`<span class=${l.stream}>${l.text}</span>`)}</pre>
    ${artifacts.length > 0 && html`
      <h2>Artifacts</h2>
      <ul>${artifacts.map((a) => html`<li><button type="button" class="link" onClick=${() => download(a)}>Download ${a.name}</button> (${a.size_bytes} bytes)</li>`)}</ul>`}
  `;
}
