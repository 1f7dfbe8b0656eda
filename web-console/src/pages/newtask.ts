import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import type { Task } from '../tasks';

type Mode = 'commands' | 'script' | 'prompt';

interface Picked {
  name: string;
  content_base64: string;
}

/** A new task: commands, a script or a prompt, a name, attachments; or a task run again. */
export function NewTask(props: { api: Api; rerun?: string }) {
  const [mode, setMode] = useState<Mode>('commands');
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [files, setFiles] = useState<Picked[]>([]);
  const [models, setModels] = useState<string[]>([]);
  const [model, setModel] = useState('');
  const [useInference, setUseInference] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    props.api.json<{ data: { id: string }[] }>('GET', '/v1/models').then((m) => setModels(m.data.map((x) => x.id)),
      () => setModels([]));
  }, []);

  useEffect(() => {
    if (!props.rerun) return;
    props.api.json<Task>('GET', `/v1/tasks/${encodeURIComponent(props.rerun)}`).then((t) => {
      setMode((t.input_mode as Mode) ?? 'prompt');
      setText(t.prompt ?? '');
    }, (e) => setError(String(e.message)));
  }, [props.rerun]);

  const addFiles = async (list: FileList | null) => {
    if (!list) return;
    const picked = await Promise.all([...list].map(async (f) => ({ name: f.name, content_base64: await base64(f) })));
    setFiles([...files, ...picked]);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = { input_mode: mode };
    if (mode === 'commands') body.commands = text.split('\n').filter((l) => l.trim() !== '');
    else if (mode === 'script') body.script = text;
    else body.prompt = text;
    if (name.trim()) body.task_name = name.trim();
    if (mode === 'prompt' && model) body.model = model;
    if (mode !== 'prompt' && useInference) body.use_inference = true;
    if (files.length) body.attachments = files;
    try {
      const task = await props.api.json<Task>('POST', '/v1/tasks', body);
      location.hash = `#/tasks/${encodeURIComponent(task.task_id)}`;
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return html`
    <h1>New task</h1>
    <form onSubmit=${submit}
      onDragOver=${(e: DragEvent) => e.preventDefault()}
      onDrop=${(e: DragEvent) => {
        e.preventDefault();
        addFiles(e.dataTransfer?.files ?? null);
      }}>
      <fieldset>
        <legend>Input</legend>
        ${(['commands', 'script', 'prompt'] as Mode[]).map((m) => html`
          <input type="radio" id=${`mode-${m}`} name="mode" value=${m} checked=${mode === m}
            onChange=${() => setMode(m)} />
          <label for=${`mode-${m}`} class="inline">${m}</label>`)}
      </fieldset>
      <label for="task-input">${mode === 'commands' ? 'Commands (one per line)' : mode === 'script' ? 'Script' : 'Prompt'}</label>
      <textarea id="task-input" rows="8" required value=${text}
        onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)}></textarea>
      ${mode === 'prompt'
        ? html`<label for="task-model">Model</label>
            <select id="task-model" value=${model} onChange=${(e: Event) => setModel((e.target as HTMLSelectElement).value)}>
              <option value="">the default</option>
              ${models.map((m) => html`<option value=${m}>${m}</option>`)}
            </select>`
        : html`<p><input type="checkbox" id="use-inference" checked=${useInference}
              onChange=${(e: Event) => setUseInference((e.target as HTMLInputElement).checked)} />
            <label for="use-inference" class="inline">The sandbox may call a model (use_inference)</label></p>`}
      <label for="task-name">Name (optional)</label>
      <input id="task-name" value=${name} onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)} />
      <label for="attachments">Attachments (or drop files here)</label>
      <input id="attachments" type="file" multiple onChange=${(e: Event) => addFiles((e.target as HTMLInputElement).files)} />
      ${files.length > 0 && html`<ul>${files.map((f) => html`<li>${f.name}</li>`)}</ul>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button type="submit" disabled=${busy}>Create task</button>
    </form>
  `;
}

function base64(file: File): Promise<string> {
  return file.arrayBuffer().then((buf) => {
    let s = '';
    const bytes = new Uint8Array(buf);
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  });
}
