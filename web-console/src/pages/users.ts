import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api';

interface User {
  id: string;
  handle: string;
  email: string | null;
  is_active: boolean;
  is_admin: boolean;
}

/** The administrators' user view: create, disable, enable, reset a password, end sessions. */
export function Users(props: { api: Api }) {
  const { api } = props;
  const [users, setUsers] = useState<User[]>([]);
  const [handle, setHandle] = useState('');
  const [password, setPassword] = useState('');
  const [resetting, setResetting] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => api.json<{ users: User[] }>('GET', '/v1/users').then((u) => setUsers(u.users), (e) => setError(String(e.message)));
  useEffect(() => {
    load();
  }, []);

  const run = async (what: () => Promise<unknown>, done: string) => {
    setError(null);
    setNotice(null);
    try {
      await what();
      setNotice(done);
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const create = (e: Event) => {
    e.preventDefault();
    run(() => api.json('POST', '/v1/users', { handle, password }), `User ${handle} created.`).then(() => {
      setHandle('');
      setPassword('');
    });
  };

  const reset = (e: Event, u: User) => {
    e.preventDefault();
    run(() => api.request('POST', `/v1/users/${u.id}/reset_password`, { password: newPassword }),
      `${u.handle}'s password is set; their sessions have ended.`).then(() => {
      setResetting(null);
      setNewPassword('');
    });
  };

  return html`
    <h1>Users</h1>
    <form onSubmit=${create}>
      <label for="new-handle">Handle</label>
      <input id="new-handle" required value=${handle} onInput=${(e: Event) => setHandle((e.target as HTMLInputElement).value)} />
      <label for="new-password">Password (12 characters or more)</label>
      <input id="new-password" type="password" autocomplete="new-password" required value=${password}
        onInput=${(e: Event) => setPassword((e.target as HTMLInputElement).value)} />
      <button type="submit">Create user</button>
    </form>
    ${notice && html`<p class="notice" role="status">${notice}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <table>
      <thead><tr><th scope="col">Handle</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>${users.map((u) => html`
        <tr>
          <td>${u.handle}${u.is_admin ? ' (administrator)' : ''}</td>
          <td>${u.is_active ? 'active' : 'disabled'}</td>
          <td>
            ${u.is_active
              ? html`<button type="button" onClick=${() => run(() => api.json('POST', `/v1/users/${u.id}/disable`, {}), `${u.handle} is disabled.`)}>Disable ${u.handle}</button> `
              : html`<button type="button" onClick=${() => run(() => api.json('POST', `/v1/users/${u.id}/enable`, {}), `${u.handle} is enabled.`)}>Enable ${u.handle}</button> `}
            <button type="button" onClick=${() => run(() => api.request('POST', `/v1/users/${u.id}/revoke_sessions`, {}), `${u.handle}'s sessions have ended.`)}>End ${u.handle}'s sessions</button>
            ${resetting === u.id
              ? html`<form class="inline" onSubmit=${(e: Event) => reset(e, u)}>
                  <label for=${`reset-${u.id}`}>New password for ${u.handle}</label>
                  <input id=${`reset-${u.id}`} type="password" autocomplete="new-password" required value=${newPassword}
                    onInput=${(e: Event) => setNewPassword((e.target as HTMLInputElement).value)} />
                  <button type="submit">Set password</button></form>`
              : html` <button type="button" onClick=${() => setResetting(u.id)}>Reset ${u.handle}'s password</button>`}
          </td>
        </tr>`)}</tbody>
    </table>
  `;
}
