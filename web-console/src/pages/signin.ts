import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { type Api, ApiError } from '../api';

/** Sign in with a handle and password; says plainly why it did not work. */
export function SignIn(props: { api: Api; expired: boolean; onSignedIn: () => void }) {
  const [handle, setHandle] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.api.login(handle, password);
      props.onSignedIn();
    } catch (err) {
      setError(signInError(err));
    } finally {
      setBusy(false);
    }
  };

  return html`
    <main class="narrow">
      <h1>Sign in to CyNodeAI</h1>
      ${props.expired && html`<p class="notice" role="status">Your session has ended. Please sign in again.</p>`}
      <form onSubmit=${submit}>
        <label for="handle">Handle</label>
        <input id="handle" name="handle" autocomplete="username" required value=${handle}
          onInput=${(e: Event) => setHandle((e.target as HTMLInputElement).value)} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required value=${password}
          onInput=${(e: Event) => setPassword((e.target as HTMLInputElement).value)} />
        ${error && html`<p class="error" role="alert">${error}</p>`}
        <button type="submit" disabled=${busy}>Sign in</button>
      </form>
    </main>
  `;
}

export function signInError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return 'The handle or password is wrong.';
    if (err.status === 429) {
      const wait = err.retryAfterSeconds;
      return `Too many failed sign-ins. Try again ${wait ? `in ${wait} seconds` : 'later'}.`;
    }
    return `Sign-in failed: ${err.message}`;
  }
  return 'The gateway could not be reached.';
}
