import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';

interface Key {
  id: string;
  name: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

/** My API tokens (for programs: the OpenAI-compatible base URL and a key): create, list, revoke. */
export function Keys(props: { api: Api }) {
  const { api } = props;
  const [keys, setKeys] = useState<Key[]>([]);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = () => api.json<{ tokens: Key[] }>('GET', '/v1/users/me/api_tokens').then((k) => setKeys(k.tokens),
    (e) => setError(String(e.message)));
  useEffect(() => {
    load();
  }, []);

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const k = await api.json<{ name: string; token: string }>('POST', '/v1/users/me/api_tokens', { name });
      setCreated(k);
      setCopied(false);
      setName('');
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const revoke = async (id: string) => {
    setRevoking(null);
    try {
      await api.request('DELETE', `/v1/users/me/api_tokens/${id}`);
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return html`
    <h1>API keys</h1>
    <form onSubmit=${create}>
      <label for="key-name">Name of a new key</label>
      <input id="key-name" required maxlength="100" value=${name} onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)} />
      <button type="submit">Create key</button>
    </form>
    ${created && html`
      <div class="notice" role="status">
        <p>The key <strong>${created.name}</strong>, shown this once:</p>
        <p><code data-testid="new-key">${created.token}</code></p>
        <button type="button" onClick=${() => navigator.clipboard?.writeText(created.token).then(() => setCopied(true))}>
          ${copied ? 'Copied' : 'Copy key'}</button>
      </div>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${keys.length === 0 ? html`<p>No keys.</p>` : html`
      <table>
        <thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>${keys.map((k) => html`
          <tr>
            <td>${k.name}</td>
            <td>${new Date(k.created_at).toLocaleString()}</td>
            <td>${k.last_used_at ? new Date(k.last_used_at).toLocaleString() : 'never'}</td>
            <td>${revoking === k.id
              ? html`<span role="group" aria-label=${`Confirm revoking ${k.name}`}>Revoke?
                  <button type="button" onClick=${() => revoke(k.id)}>Yes, revoke ${k.name}</button>
                  <button type="button" onClick=${() => setRevoking(null)}>No</button></span>`
              : html`<button type="button" onClick=${() => setRevoking(k.id)}>Revoke ${k.name}</button>`}</td>
          </tr>`)}</tbody>
      </table>`}
  `;
}
