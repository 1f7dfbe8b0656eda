import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from '../api';
import { Markdown } from '../markdown';
import { readEvents } from '../sse';

interface Message {
  role: 'user' | 'assistant';
  content: string;
}

interface Thread {
  id: string;
  last_active_at: string;
}

/** Chat with a model through the OpenAI-compatible endpoint, streamed; answers as Markdown. */
export function Chat(props: { api: Api }) {
  const { api } = props;
  const [models, setModels] = useState<string[]>([]);
  const [model, setModel] = useState('');
  const [messages, setMessages] = useState<Message[]>([]);
  const [draft, setDraft] = useState('');
  const [threads, setThreads] = useState<Thread[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stop = useRef<AbortController | null>(null);

  const loadThreads = () =>
    api.json<{ threads: Thread[] }>('GET', '/v1/chat/threads?limit=20').then((t) => setThreads(t.threads), () => undefined);

  useEffect(() => {
    api.json<{ data: { id: string }[] }>('GET', '/v1/models').then((m) => {
      const ids = m.data.map((x) => x.id);
      setModels(ids);
      setModel(ids[0] ?? '');
    }, (e) => setError(String(e.message)));
    loadThreads();
    const timer = setInterval(loadThreads, 10_000);
    return () => clearInterval(timer);
  }, []);

  const send = async (e: Event) => {
    e.preventDefault();
    if (!draft.trim() || busy) return;
    const history: Message[] = [...messages, { role: 'user', content: draft }];
    setMessages([...history, { role: 'assistant', content: '' }]);
    setDraft('');
    setBusy(true);
    setError(null);
    const abort = new AbortController();
    stop.current = abort;
    try {
      const r = await api.request('POST', '/v1/chat/completions', { model, messages: history, stream: true },
        'text/event-stream', abort.signal);
      let answer = '';
      await readEvents(r.body!, (ev) => {
        if (ev.data === '[DONE]') return;
        const delta = JSON.parse(ev.data).choices?.[0]?.delta?.content;
        if (typeof delta === 'string') {
          answer += delta;
          setMessages([...history, { role: 'assistant', content: answer }]);
        }
      });
    } catch (err) {
      if ((err as Error).name !== 'AbortError') setError((err as Error).message);
    } finally {
      stop.current = null;
      setBusy(false);
      // the gateway records the exchange just after the answer ends: look again shortly too
      loadThreads();
      setTimeout(loadThreads, 1500);
    }
  };

  const open = async (id: string) => {
    const t = await api.json<{ messages: { role: string; content: string }[] }>('GET', `/v1/chat/threads/${id}/messages`);
    setMessages(t.messages.filter((m) => m.role === 'user' || m.role === 'assistant') as Message[]);
  };

  return html`
    <h1>Chat</h1>
    <div class="chat">
      <aside aria-label="Threads">
        <h2>History</h2>
        <button type="button" class="link" onClick=${() => setMessages([])}>New conversation</button>
        <ul>${threads.map((t) => html`<li><button type="button" class="link" onClick=${() => open(t.id)}>
          ${new Date(t.last_active_at).toLocaleString()}</button></li>`)}</ul>
      </aside>
      <section aria-label="Conversation">
        <label for="model">Model</label>
        <select id="model" value=${model} onChange=${(e: Event) => setModel((e.target as HTMLSelectElement).value)}>
          ${models.map((m) => html`<option value=${m}>${m}</option>`)}
        </select>
        <ol class="messages" aria-live="polite">
          ${messages.map((m) => html`<li class=${m.role}><span class="who">${m.role === 'user' ? 'You' : model}</span>
            ${m.role === 'assistant' ? html`<${Markdown} text=${m.content} />` : html`<p>${m.content}</p>`}</li>`)}
        </ol>
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <form onSubmit=${send}>
          <label for="chat-input">Message</label>
          <textarea id="chat-input" rows="3" value=${draft} onInput=${(e: Event) => setDraft((e.target as HTMLTextAreaElement).value)}
            onKeyDown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && send(e)}></textarea>
          <button type="submit" disabled=${busy || !model}>Send</button>
          ${busy && html`<button type="button" onClick=${() => stop.current?.abort()}>Stop</button>`}
        </form>
      </section>
    </div>
  `;
}
