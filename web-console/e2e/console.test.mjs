// The web console in a real headless Chromium (Debian's, driven by playwright-core), against the
// real stack the features started (features/scenarios/web_console.feature runs each flow by name).
// Environment: CONSOLE_URL, CONSOLE_ADMIN_PASSWORD, CONSOLE_SCREENSHOTS (a directory).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const URL = process.env.CONSOLE_URL;
const PASSWORD = process.env.CONSOLE_ADMIN_PASSWORD;
const SHOTS = process.env.CONSOLE_SCREENSHOTS ?? 'target/console-screenshots';
mkdirSync(SHOTS, { recursive: true });

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // this machine has no network: Chromium must not try to reach Google's hosts
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});
after(() => browser?.close());

/** A fresh browser profile on the console, its CSP violations and page errors collected. */
async function open(viewport = { width: 1024, height: 768 }) {
  const context = await browser.newContext({ viewport, ignoreHTTPSErrors: true, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(URL + '/');
  return { context, page, problems };
}

async function signIn(page, password = PASSWORD) {
  await page.getByLabel('Handle').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const shot = (page, name) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const noCspViolation = (problems) =>
  assert.deepEqual(problems.filter((p) => /Content Security Policy|Refused to/.test(p)), []);

test('sign in', async () => {
  const { context, page, problems } = await open();
  await page.getByRole('heading', { name: 'Sign in to CyNodeAI' }).waitFor();
  await shot(page, 'sign-in');
  await signIn(page, 'not-the-password');
  await page.getByRole('alert').filter({ hasText: 'The handle or password is wrong.' }).waitFor();
  await signIn(page);
  await page.getByRole('heading', { name: 'Tasks' }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).waitFor();
  await shot(page, 'tasks');
  noCspViolation(problems);
  await context.close();
});

test('the session is in memory and an HttpOnly cookie, never in web storage, and survives a reload', async () => {
  const { context, page } = await open();
  await signIn(page);
  await page.getByRole('heading', { name: 'Tasks' }).waitFor();
  const storage = await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]);
  assert.equal(storage[0], 0, 'localStorage');
  assert.equal(storage[1], 0, 'sessionStorage');
  assert.doesNotMatch(storage[2], /cynode_refresh/, 'the refresh cookie is not readable by script');
  const refresh = (await context.cookies()).find((c) => c.name === 'cynode_refresh');
  assert.ok(refresh?.httpOnly, 'HttpOnly refresh cookie');
  assert.equal(refresh.sameSite, 'Strict');
  assert.equal(refresh.path, '/v1/auth');
  await page.reload();
  await page.getByRole('heading', { name: 'Tasks' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to CyNodeAI' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in to CyNodeAI' }).waitFor();
  await context.close();
});

test('a commands task: its output arrives before it ends', async () => {
  const { context, page, problems } = await open();
  await signIn(page);
  await page.getByRole('link', { name: 'New task' }).first().click();
  await page.getByRole('heading', { name: 'New task' }).waitFor();
  await page.getByLabel('Commands (one per line)').fill('echo first-line\nsleep 3\necho second-line');
  await page.getByLabel('Name (optional)').fill(`console-${Date.now()}`);
  await shot(page, 'new-task');
  await page.getByRole('button', { name: 'Create task' }).click();
  const output = page.getByTestId('output');
  await output.filter({ hasText: 'first-line' }).waitFor({ timeout: 30_000 });
  const status = await page.getByTestId('task-status').textContent();
  assert.notEqual(status, 'completed', 'the first line was shown while the task still ran');
  assert.doesNotMatch(await output.textContent(), /second-line/);
  await page.getByTestId('task-status').filter({ hasText: 'completed' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('exit-code').filter({ hasText: '0' }).waitFor();
  assert.match(await output.textContent(), /first-line\s+second-line/);
  await shot(page, 'task');
  await page.getByRole('link', { name: 'Run again' }).click();
  await page.waitForFunction(() => document.querySelector('#task-input')?.value !== '');
  assert.equal(await page.getByLabel('Commands (one per line)').inputValue(), 'echo first-line\nsleep 3\necho second-line');
  noCspViolation(problems);
  await context.close();
});

test('download an artifact', async () => {
  const { context, page } = await open();
  await signIn(page);
  await page.getByRole('link', { name: 'New task' }).first().click();
  await page.getByLabel('Commands (one per line)').fill('echo made-by-the-task > /workspace/out/report.txt');
  await page.getByRole('button', { name: 'Create task' }).click();
  const button = page.getByRole('button', { name: 'Download report.txt' });
  await button.waitFor({ timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.equal(download.suggestedFilename(), 'report.txt');
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  assert.equal(Buffer.concat(chunks).toString(), 'made-by-the-task\n');
  await context.close();
});

test('the sign-in page fits 375 px and loads at most 150 KiB of JavaScript, gzipped', async () => {
  const { context, page } = await open({ width: 375, height: 700 });
  const scripts = [];
  page.on('response', (r) => r.request().resourceType() === 'script' && scripts.push(r));
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in to CyNodeAI' }).waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `page is ${width} px wide`);
  let gzipped = 0;
  for (const r of scripts) gzipped += gzipSync(await r.body()).length;
  assert.ok(scripts.length > 0);
  assert.ok(gzipped <= 150 * 1024, `${gzipped} bytes of JavaScript, gzipped`);
  await shot(page, 'sign-in-375px');
  await context.close();
});

/** The User API straight, for what a test sets up or forces (not what the page does). */
async function apiAs(handle, password) {
  const { request } = await import('playwright-core');
  const ctx = await request.newContext({ baseURL: URL, ignoreHTTPSErrors: true });
  const login = await ctx.post('/v1/auth/login', { data: { handle, password } });
  assert.equal(login.status(), 200, await login.text());
  const token = (await login.json()).access_token;
  return { ctx, headers: { Authorization: `Bearer ${token}` } };
}

test('chat with streaming', async () => {
  const { context, page, problems } = await open();
  await signIn(page);
  await page.getByRole('link', { name: 'Chat' }).click();
  const model = page.getByLabel('Model');
  await page.locator('#model option').first().waitFor({ state: 'attached' });
  assert.ok((await model.inputValue()).length > 0, 'a model to pick');
  await page.getByLabel('Message').fill('Say hello to **the console**');
  await page.getByRole('button', { name: 'Send' }).click();
  const answer = page.locator('.messages li.assistant').last();
  await answer.filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Send' }).and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
  // the stand-in model answers with the prompt: its Markdown shown as elements, not as stars
  assert.equal(await answer.locator('strong').textContent(), 'the console');
  assert.doesNotMatch(await answer.textContent(), /\*\*/);
  await page.getByRole('complementary', { name: 'Threads' }).getByRole('listitem').first().waitFor();
  await shot(page, 'chat');
  noCspViolation(problems);
  await context.close();
});

test('create and revoke an API token', async () => {
  const { context, page } = await open();
  await signIn(page);
  await page.getByRole('link', { name: 'API keys' }).click();
  const name = `e2e-key-${Date.now()}`;
  await page.getByLabel('Name of a new key').fill(name);
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByTestId('new-key').textContent()).trim();
  assert.match(key, /^cyn_/);
  await page.getByRole('button', { name: 'Copy key' }).waitFor();
  const { request } = await import('playwright-core');
  const program = await request.newContext({ baseURL: URL, ignoreHTTPSErrors: true });
  const works = await program.get('/v1/models', { headers: { Authorization: `Bearer ${key}` } });
  assert.equal(works.status(), 200);
  await shot(page, 'keys');
  await page.getByRole('button', { name: `Revoke ${name}` }).click();
  await page.getByRole('button', { name: `Yes, revoke ${name}` }).click();
  await page.getByRole('button', { name: `Revoke ${name}` }).waitFor({ state: 'detached' });
  const refused = await program.get('/v1/models', { headers: { Authorization: `Bearer ${key}` } });
  assert.equal(refused.status(), 401);
  await program.dispose();
  await context.close();
});

test('as admin, drain and resume a node', async () => {
  const { context, page } = await open();
  await signIn(page);
  await page.getByRole('link', { name: 'Nodes' }).click();
  const slug = process.env.CONSOLE_NODE ?? 'e2e-node';
  const status = page.getByTestId(`node-status-${slug}`);
  await status.filter({ hasText: 'active' }).waitFor();
  await page.getByRole('button', { name: `Drain ${slug}` }).click();
  await page.getByRole('button', { name: `Yes, drain ${slug}` }).click();
  await status.filter({ hasText: 'draining' }).waitFor();
  await shot(page, 'nodes');
  await page.getByRole('button', { name: `Resume ${slug}` }).click();
  await page.getByRole('button', { name: `Yes, resume ${slug}` }).click();
  await status.filter({ hasText: 'active' }).waitFor();
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('cell', { name: 'admin (administrator)' }).waitFor();
  await shot(page, 'users');
  await context.close();
});

test('a plain user sees no admin pages and gets 403 from the API if forced', async () => {
  const admin = await apiAs('admin', PASSWORD);
  const handle = `plain-${Date.now()}`;
  const password = `pw-${Date.now()}-long-enough`;
  const made = await admin.ctx.post('/v1/users', { headers: admin.headers, data: { handle, password } });
  assert.equal(made.status(), 201, await made.text());
  const { context, page } = await open();
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Tasks' }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'API keys' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Nodes' }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Users' }).count(), 0);
  await page.goto(URL + '/#/nodes');
  await page.getByRole('heading', { name: 'Administrators only' }).waitFor();
  const plain = await apiAs(handle, password);
  const forced = await plain.ctx.get('/v1/nodes', { headers: plain.headers });
  assert.equal(forced.status(), 403);
  assert.match(forced.headers()['content-type'], /application\/problem\+json/);
  await admin.ctx.dispose();
  await plain.ctx.dispose();
  await context.close();
});

test('every page passes the WCAG 2 A and AA rules of axe-core', async () => {
  // axe is put into the page by the test, so this profile alone lets an injected script run
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, ignoreHTTPSErrors: true, bypassCSP: true });
  const page = await context.newPage();
  const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  const check = async (name) => {
    await page.addScriptTag({ path: axe });
    const result = await page.evaluate(() => globalThis.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
    const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(found, [], `the ${name} page`);
  };
  await page.goto(URL + '/');
  await page.getByRole('heading', { name: 'Sign in to CyNodeAI' }).waitFor();
  await check('sign-in');
  await signIn(page);
  await page.getByRole('heading', { name: 'Tasks' }).waitFor();
  await page.locator('table, p:text("No tasks yet.")').first().waitFor();
  await check('tasks');
  for (const [link, heading] of [['New task', 'New task'], ['Chat', 'Chat'], ['API keys', 'API keys'], ['Nodes', 'Nodes'],
    ['Users', 'Users']]) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
    await page.waitForTimeout(300); // its first answer from the API
    await check(heading);
  }
  // a task page with output on it: a task of the test's own
  const admin = await apiAs('admin', PASSWORD);
  const made = await admin.ctx.post('/v1/tasks', { headers: admin.headers,
    data: { input_mode: 'commands', commands: ['echo checked-by-axe'] } });
  assert.equal(made.status(), 201, await made.text());
  await page.goto(URL + `/#/tasks/${(await made.json()).task_id}`);
  await page.getByTestId('output').filter({ hasText: 'checked-by-axe' }).waitFor({ timeout: 30_000 });
  await check('task');
  await admin.ctx.dispose();
  await context.close();
});

test('a session ended elsewhere sends the console back to sign-in, saying so', async () => {
  const { context, page } = await open();
  await signIn(page);
  await page.getByRole('heading', { name: 'Tasks' }).waitFor();
  const admin = await apiAs('admin', PASSWORD);
  const me = await (await admin.ctx.get('/v1/users/me', { headers: admin.headers })).json();
  const ended = await admin.ctx.post(`/v1/users/${me.id}/revoke_sessions`, { headers: admin.headers, data: {} });
  assert.ok(ended.ok(), await ended.text());
  // the list's next refresh is refused, the refresh cookie too: the sign-in page, with a word why
  await page.getByRole('status').filter({ hasText: 'Your session has ended. Please sign in again.' })
    .waitFor({ timeout: 15_000 });
  await page.getByRole('heading', { name: 'Sign in to CyNodeAI' }).waitFor();
  await admin.ctx.dispose();
  await context.close();
});
