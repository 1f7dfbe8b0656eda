import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';
import { age } from '../tasks';

interface Node {
  node_slug: string;
  status: string;
  labels: string[];
  max_concurrency: number | null;
  running_jobs: number | null;
  models: string[] | null;
  last_seen_at: string | null;
}

const ACTIONS: Record<string, string[]> = {
  active: ['drain', 'revoke'],
  draining: ['resume', 'revoke'],
  unreachable: ['drain', 'revoke'],
  revoked: ['reset'],
  pending: ['revoke'],
};

/** The administrators' node view (nodes.md §2): status, capacity, running jobs; drain, resume, revoke, reset. */
export function Nodes(props: { api: Api }) {
  const { api } = props;
  const [nodes, setNodes] = useState<Node[]>([]);
  const [confirm, setConfirm] = useState<{ slug: string; action: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => api.json<{ nodes: Node[] }>('GET', '/v1/nodes').then((n) => setNodes(n.nodes), (e) => setError(String(e.message)));
  useEffect(() => {
    load();
    const timer = setInterval(load, 3000);
    return () => clearInterval(timer);
  }, []);

  const act = async (slug: string, action: string) => {
    setConfirm(null);
    try {
      await api.json('POST', `/v1/nodes/${encodeURIComponent(slug)}/${action}`, {});
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return html`
    <h1>Nodes</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <table>
      <thead><tr><th scope="col">Node</th><th scope="col">Status</th><th scope="col">Running / slots</th>
        <th scope="col">Labels</th><th scope="col">Models</th><th scope="col">Last seen</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>${nodes.map((n) => html`
        <tr>
          <td>${n.node_slug}</td>
          <td><span class=${`status ${n.status}`} data-testid=${`node-status-${n.node_slug}`}>${n.status}</span></td>
          <td>${n.running_jobs ?? 0} / ${n.max_concurrency ?? '?'}</td>
          <td>${(n.labels ?? []).join(', ')}</td>
          <td>${(n.models ?? []).join(', ')}</td>
          <td>${n.last_seen_at ? `${age(n.last_seen_at)} ago` : 'never'}</td>
          <td>${confirm?.slug === n.node_slug
            ? html`<span role="group" aria-label=${`Confirm ${confirm.action}`}>${confirm.action} ${n.node_slug}?
                <button type="button" onClick=${() => act(n.node_slug, confirm.action)}>Yes, ${confirm.action} ${n.node_slug}</button>
                <button type="button" onClick=${() => setConfirm(null)}>No</button></span>`
            : (ACTIONS[n.status] ?? []).map((a) => html`<button type="button" onClick=${() => setConfirm({ slug: n.node_slug, action: a })}>
                ${a[0].toUpperCase() + a.slice(1)} ${n.node_slug}</button> `)}</td>
        </tr>`)}</tbody>
    </table>
  `;
}
