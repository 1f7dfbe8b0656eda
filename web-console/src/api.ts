/**
 * The console's one door to the User API (the same endpoints cynork uses). The access token
 * lives in this object's memory only, never in web storage; the refresh credential is an
 * HttpOnly cookie the gateway sets (scoped to /v1/auth, SameSite=Strict), traded for a new
 * access token with the CSRF token the gateway gave in the readable XSRF-TOKEN cookie. A call
 * answered 401 is refreshed once and tried again; if that fails the session is over.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly retryAfterSeconds: number | null,
    readonly type: string,
  ) {
    super(detail || title);
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

const JSON_TYPE = { 'Content-Type': 'application/json' };

export class Api {
  private access: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  /** Called when the session ended (refresh refused): the console goes back to sign-in. */
  onSignedOut: () => void = () => {};

  constructor(
    private readonly send: Fetch = (input, init) => fetch(input, init),
    private readonly cookies: () => string = () => document.cookie,
  ) {}

  get signedIn(): boolean {
    return this.access !== null;
  }

  async login(handle: string, password: string): Promise<void> {
    const r = await this.send('/v1/auth/login', {
      method: 'POST',
      headers: JSON_TYPE,
      credentials: 'same-origin',
      body: JSON.stringify({ handle, password, refresh_in_cookie: true }),
    });
    if (!r.ok) throw await problem(r);
    this.access = (await r.json()).access_token;
  }

  /** A new access token from the refresh cookie; one request at a time however many ask. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.trade().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async trade(): Promise<boolean> {
    const r = await this.send('/v1/auth/refresh', {
      method: 'POST',
      headers: { ...JSON_TYPE, ...this.csrf() },
      credentials: 'same-origin',
      body: '{}',
    });
    if (!r.ok) {
      this.access = null;
      return false;
    }
    this.access = (await r.json()).access_token;
    return true;
  }

  async logout(): Promise<void> {
    if (this.access !== null) {
      await this.send('/v1/auth/logout', {
        method: 'POST',
        headers: { ...JSON_TYPE, ...this.csrf(), Authorization: `Bearer ${this.access}` },
        credentials: 'same-origin',
        body: '{}',
      }).catch(() => undefined);
    }
    this.access = null;
  }

  /** A call of the API; a problem answer is thrown as an {@link ApiError}. */
  async request(method: string, path: string, body?: unknown, accept?: string, signal?: AbortSignal): Promise<Response> {
    const call = () =>
      this.send(path, {
        method,
        signal,
        headers: {
          ...(body === undefined ? {} : JSON_TYPE),
          ...(accept ? { Accept: accept } : {}),
          ...(this.access ? { Authorization: `Bearer ${this.access}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    let r = await call();
    if (r.status === 401 && (await this.refresh())) r = await call();
    if (r.status === 401) {
      this.access = null;
      this.onSignedOut();
    }
    if (!r.ok) throw await problem(r);
    return r;
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await this.request(method, path, body)).json() as Promise<T>;
  }

  private csrf(): Record<string, string> {
    const m = /(?:^|;\s*)XSRF-TOKEN=([^;]*)/.exec(this.cookies());
    return m ? { 'X-XSRF-TOKEN': decodeURIComponent(m[1]) } : {};
  }
}

/** An answer that is not 2xx, as problem details say it (RFC 9457), or as its status says. */
export async function problem(r: Response): Promise<ApiError> {
  const retry = r.headers.get('Retry-After');
  const seconds = retry !== null && /^\d+$/.test(retry) ? Number(retry) : null;
  let body: { title?: string; detail?: string; type?: string; error?: { message?: string; type?: string } } = {};
  try {
    body = await r.json();
  } catch {
    // not JSON: the status says enough
  }
  if (body.error) {
    // the OpenAI-compatible endpoints answer errors the OpenAI way
    return new ApiError(r.status, body.error.type ?? r.statusText, body.error.message ?? '', seconds, body.error.type ?? '');
  }
  return new ApiError(r.status, body.title ?? r.statusText, body.detail ?? '', seconds, body.type ?? '');
}
