import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { Api } from './api';
import { parse, type Route } from './route';
import { SignIn } from './pages/signin';
import { TaskList } from './pages/tasklist';
import { NewTask } from './pages/newtask';
import { TaskPage } from './pages/taskpage';
import { Chat } from './pages/chat';
import { Keys } from './pages/keys';
import { Nodes } from './pages/nodes';
import { Users } from './pages/users';

export const api = new Api();

type Session = 'checking' | 'out' | 'in';

/** The shell: sign-in until there is a session (a refresh cookie may still hold one), then the pages. */
export function App() {
  const [session, setSession] = useState<Session>('checking');
  const [route, setRoute] = useState<Route>(parse(location.hash));
  const [expired, setExpired] = useState(false);
  const [admin, setAdmin] = useState(false);

  useEffect(() => {
    const onHash = () => setRoute(parse(location.hash));
    addEventListener('hashchange', onHash);
    api.onSignedOut = () => {
      setExpired(true);
      setSession('out');
    };
    api.refresh().then((ok) => setSession(ok ? 'in' : 'out'));
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (session !== 'in') return;
    // whether to show the administrators' pages; the API decides what they may do either way
    api.json<{ is_admin?: boolean }>('GET', '/v1/users/me').then((me) => setAdmin(me.is_admin === true), () => setAdmin(false));
  }, [session]);

  if (session === 'checking') return html`<main class="narrow"><p>Loading…</p></main>`;
  if (session === 'out') {
    return html`<${SignIn}
      api=${api}
      expired=${expired}
      onSignedIn=${() => {
        setExpired(false);
        setSession('in');
      }}
    />`;
  }
  const signOut = async () => {
    await api.logout();
    setSession('out');
  };
  return html`
    <header>
      <nav aria-label="Main">
        <span class="brand">CyNodeAI</span>
        <a href="#/tasks" aria-current=${route.page === 'tasks' ? 'page' : undefined}>Tasks</a>
        <a href="#/new" aria-current=${route.page === 'new' ? 'page' : undefined}>New task</a>
        <a href="#/chat" aria-current=${route.page === 'chat' ? 'page' : undefined}>Chat</a>
        <a href="#/keys" aria-current=${route.page === 'keys' ? 'page' : undefined}>API keys</a>
        ${admin && html`<a href="#/nodes" aria-current=${route.page === 'nodes' ? 'page' : undefined}>Nodes</a>
          <a href="#/users" aria-current=${route.page === 'users' ? 'page' : undefined}>Users</a>`}
        <button type="button" class="link" onClick=${signOut}>Sign out</button>
      </nav>
    </header>
    <main>
      ${route.page === 'tasks' && html`<${TaskList} api=${api} />`}
      ${route.page === 'new' && html`<${NewTask} api=${api} rerun=${route.rerun} />`}
      ${route.page === 'task' && html`<${TaskPage} api=${api} id=${route.id} />`}
      ${route.page === 'chat' && html`<${Chat} api=${api} />`}
      ${route.page === 'keys' && html`<${Keys} api=${api} />`}
      ${route.page === 'nodes' && (admin ? html`<${Nodes} api=${api} />` : html`<${AdminOnly} />`)}
      ${route.page === 'users' && (admin ? html`<${Users} api=${api} />` : html`<${AdminOnly} />`)}
    </main>
  `;
}

function AdminOnly() {
  return html`<h1>Administrators only</h1><p>This page is for administrators.</p>`;
}
