import { describe, expect, it } from 'vitest';
import { Api, ApiError } from '../src/api';
import { signInError } from '../src/pages/signin';

type Call = { url: string; init: RequestInit };

/** A stand-in for the gateway: answers each call with the next of `answers`, and records the calls. */
function gateway(...answers: Response[]) {
  const calls: Call[] = [];
  const send = async (url: string, init: RequestInit = {}) => {
    calls.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected call ${url}`);
    return next;
  };
  return { calls, send };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const header = (c: Call, name: string) => new Headers(c.init.headers).get(name);

describe('Api', () => {
  it('keeps the access token in memory and sends it as a bearer token', async () => {
    const g = gateway(json(200, { access_token: 'A1' }), json(200, { handle: 'admin' }));
    const api = new Api(g.send, () => '');
    await api.login('admin', 'pw');
    expect(JSON.parse(String(g.calls[0].init.body))).toEqual({ handle: 'admin', password: 'pw', refresh_in_cookie: true });
    await api.json('GET', '/v1/users/me');
    expect(header(g.calls[1], 'Authorization')).toBe('Bearer A1');
  });

  it('on a 401 trades the refresh cookie once, with the CSRF token, and tries again', async () => {
    const g = gateway(
      json(200, { access_token: 'old' }),
      json(401, { title: 'Unauthorized' }),
      json(200, { access_token: 'new' }),
      json(200, { ok: true }),
    );
    const api = new Api(g.send, () => 'other=1; XSRF-TOKEN=abc%3D');
    await api.login('u', 'p');
    expect(await api.json('GET', '/v1/tasks')).toEqual({ ok: true });
    expect(g.calls[2].url).toBe('/v1/auth/refresh');
    expect(header(g.calls[2], 'X-XSRF-TOKEN')).toBe('abc=');
    expect(header(g.calls[3], 'Authorization')).toBe('Bearer new');
  });

  it('asks for one refresh however many calls are refused at once', async () => {
    let refreshes = 0;
    const send = async (url: string, init: RequestInit = {}) => {
      if (url === '/v1/auth/refresh') {
        refreshes++;
        await new Promise((r) => setTimeout(r, 10));
        return json(200, { access_token: 'fresh' });
      }
      return new Headers(init.headers).get('Authorization') === 'Bearer fresh' ? json(200, {}) : json(401, {});
    };
    const api = new Api(send, () => '');
    await Promise.all([api.json('GET', '/a'), api.json('GET', '/b'), api.json('GET', '/c')]);
    expect(refreshes).toBe(1);
  });

  it('ends the session when the refresh is refused too', async () => {
    const g = gateway(json(401, {}), json(401, { title: 'Unauthorized' }), json(401, { title: 'Unauthorized' }));
    const api = new Api(g.send, () => '');
    let ended = false;
    api.onSignedOut = () => (ended = true);
    await expect(api.json('GET', '/v1/tasks')).rejects.toBeInstanceOf(ApiError);
    expect(ended).toBe(true);
    expect(api.signedIn).toBe(false);
  });

  it('reads problem details, and Retry-After in seconds', async () => {
    const g = gateway(json(429, { title: 'Too Many Requests', detail: 'slow down', type: 'x/rate-limited' }, { 'Retry-After': '30' }));
    const err = await new Api(g.send, () => '').login('u', 'p').catch((e) => e);
    expect(err).toMatchObject({ status: 429, detail: 'slow down', retryAfterSeconds: 30 });
    expect(signInError(err)).toBe('Too many failed sign-ins. Try again in 30 seconds.');
  });

  it('says a wrong password plainly', async () => {
    const g = gateway(json(401, { title: 'Unauthorized', detail: 'invalid handle or password' }));
    const err = await new Api(g.send, () => '').login('u', 'bad').catch((e) => e);
    expect(signInError(err)).toBe('The handle or password is wrong.');
  });
});
