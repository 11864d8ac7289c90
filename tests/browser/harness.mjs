// What the console's browser tests share: a real `ophion serve` over a temporary data dir, the
// real OpenTelemetry SDK app that seeds it (seed.py, in the end-to-end tests' Python venv),
// Debian's Chromium driven by playwright-core, and per-page watchers for console errors, failed
// requests and accessibility violations (axe-core). Screenshots go to $OPHION_BROWSER_RESULTS
// (default tests/browser/results).

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const cache = process.env.OPHION_CACHE_DIR || join(homedir(), '.cache', 'ophion');
export const BIN =
  process.env.OPHION_BIN ||
  join(process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'ophion-target'), 'release', 'ophion');
export const PYTHON = process.env.OPHION_E2E_PYTHON || join(cache, 'e2e-venv', 'bin', 'python');
export const CHROMIUM = process.env.CHROME_BIN || '/usr/bin/chromium';
export const RESULTS = process.env.OPHION_BROWSER_RESULTS || join(here, 'results');

/** Polls `check` (which throws or returns a falsy value while not done) until it succeeds. */
export async function eventually(check, { timeout = 60_000, every = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = new Error(`${what}: not yet`);
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}: ${last?.message ?? last}`);
    await delay(every);
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One `ophion serve` at a time over a data dir that survives restarts. */
export class Ophion {
  constructor({ args = [], env = {} } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'ophion-browser-'));
    this.dataDir = join(this.dir, 'data');
    this.args = args;
    this.env = env;
    this.logPath = join(this.dir, 'server.log');
  }

  async start(extraEnv = {}) {
    const [grpc, http, api] = [await freePort(), await freePort(), await freePort()];
    this.otlpHttp = `http://127.0.0.1:${http}`;
    this.otlpGrpc = `http://127.0.0.1:${grpc}`;
    this.url = `http://127.0.0.1:${api}`;
    // The tests' own OPHION_* variables would configure the server: keep it hermetic.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPHION_')));
    const log = openSync(this.logPath, 'a');
    this.process = spawn(
      BIN,
      ['serve', '--data-dir', this.dataDir, '--otlp-grpc-addr', `127.0.0.1:${grpc}`,
        '--otlp-http-addr', `127.0.0.1:${http}`, '--api-addr', `127.0.0.1:${api}`, ...this.args],
      { env: { ...env, ...this.env, ...extraEnv }, stdio: ['ignore', log, log] },
    );
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.exited = exited;
    await eventually(
      async () => {
        if (this.process.exitCode !== null) throw new Error(`ophion exited:\n${this.tail()}`);
        return (await fetch(`${this.url}/health/ready`)).ok;
      },
      { timeout: 60_000, what: 'ophion to be ready' },
    );
  }

  async stop() {
    if (!this.process) return;
    this.process.kill('SIGTERM');
    const code = await this.exited;
    this.process = null;
    if (code !== 0) throw new Error(`ophion exited with ${code} on SIGTERM\n${this.tail()}`);
  }

  async cleanup() {
    if (this.process) {
      this.process.kill('SIGKILL');
      await this.exited;
      this.process = null;
    }
    if (!process.env.OPHION_BROWSER_KEEP) rmSync(this.dir, { recursive: true, force: true });
  }

  tail(lines = 40) {
    try {
      return readFileSync(this.logPath, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no server log)';
    }
  }

  /** An API key made with the CLI, as an operator would. */
  createKey(tenant, scopes) {
    const args = ['keys', 'create', '--tenant', tenant, '--scope', scopes.join(','), '--data-dir', this.dataDir];
    const out = execFileSync(BIN, args, { encoding: 'utf8' });
    const key = out.trim().split(/\s+/).pop();
    if (!key) throw new Error(`no key in: ${out}`);
    return key;
  }

  /** GET a JSON API path, failing loudly on a non-2xx answer. */
  async get(path, key) {
    const headers = key ? { authorization: `Bearer ${key}` } : {};
    const response = await fetch(`${this.url}${path}`, { headers });
    const body = await response.text();
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${body}`);
    return JSON.parse(body);
  }

  /** The seed app (a real OpenTelemetry SDK app) over OTLP/HTTP; returns its manifest. */
  seed({ key = '', prefix = '' } = {}) {
    const manifest = join(this.dir, `manifest-${prefix || 'default'}.json`);
    const env = {
      ...process.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: this.otlpHttp,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      ...(key ? { OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${key}` } : {}),
    };
    execFileSync(
      PYTHON,
      [join(here, 'seed.py'), '--api', this.url, '--api-key', key, '--prefix', prefix, '--manifest', manifest],
      { env, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    return JSON.parse(readFileSync(manifest, 'utf8'));
  }

  /** Waits until the store holds at least `count` spans for this credential's tenant. */
  async storedSpans(count, key) {
    return eventually(async () => (await this.get('/api/v1/stats', key)).spans >= count, {
      what: `${count} spans stored`,
    });
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/**
 * A fresh page whose problems are collected: console errors, page errors, failed requests and
 * HTTP errors. `page.problems` lists them; `allow(pred)` exempts expected ones (a 401 probe).
 */
export async function watchedPage(browser, { viewport = { width: 1440, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  let allowed = () => false;
  page.on('pageerror', (err) => problems.push(`page error: ${err}`));
  page.on('console', (msg) => {
    // Chromium echoes every HTTP error response here; those are judged below, where `allow`
    // can exempt the expected ones.
    if (msg.type() !== 'error' || msg.text().startsWith('Failed to load resource: the server responded')) return;
    problems.push(`console error: ${msg.text()} (${page.url()})`);
  });
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText ?? '';
    // A navigation away or a closed live tail aborts its requests: not a failure of the page.
    if (failure.includes('ERR_ABORTED')) return;
    problems.push(`request failed: ${req.method()} ${req.url()} ${failure}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !allowed(res)) problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  page.problems = problems;
  page.allow = (pred) => {
    allowed = pred;
  };
  return page;
}

/** Opens a deep link and waits until its screen says it has loaded; returns the screen's state. */
export async function openScreen(page, url, { screen, state = 'ready' } = {}) {
  await page.goto(url);
  return settled(page, { screen, state });
}

/** Waits for `main[data-screen]` to leave `loading`, and checks the screen and its state. */
export async function settled(page, { screen, state = 'ready' } = {}) {
  // With a screen named, wait for that one: right after a click the previous screen may still
  // be the one shown (sign-in until the key is checked).
  const which = screen ? `main[data-screen="${screen}"]` : 'main[data-screen]';
  const main = page.locator(`${which}[data-state]:not([data-state="loading"])`);
  try {
    await main.waitFor({ timeout: 30_000 });
  } catch (e) {
    const shown = await page.locator('main[data-screen]').first().getAttribute('data-screen').catch(() => null);
    throw new Error(`expected screen ${screen}, got ${shown} at ${page.url()}: ${e.message.split('\n')[0]}`);
  }
  const [got, gotState] = await Promise.all([main.getAttribute('data-screen'), main.getAttribute('data-state')]);
  if (state && gotState !== state) {
    const text = await main.innerText();
    throw new Error(`screen ${got} is ${gotState}, expected ${state} at ${page.url()}: ${text.slice(0, 500)}`);
  }
  return gotState;
}

const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** axe-core over the page; returns the serious and critical violations, described. */
export async function accessibilityViolations(page) {
  // Evaluated through the DevTools protocol: the console's CSP (script-src 'self') stays on.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A screenshot of the page in each theme, under RESULTS/<name>-<theme>.png. */
export async function screenshotBothThemes(page, name) {
  mkdirSync(RESULTS, { recursive: true });
  const shots = {};
  for (let i = 0; i < 2; i++) {
    const theme = await page.locator('html').getAttribute('data-theme');
    const path = join(RESULTS, `${name}-${theme}.png`);
    await page.screenshot({ path, fullPage: false });
    shots[theme] = path;
    await page.locator('button[data-action=theme]').click();
    await page.waitForFunction((t) => document.documentElement.dataset.theme !== t, theme);
  }
  return shots;
}

/** OTLP/HTTP JSON: one log record, as any SDK's exporter would send it. */
export async function sendLog(server, { service, body, severity = 9, key = '' }) {
  const now = `${BigInt(Date.now()) * 1_000_000n}`;
  const payload = {
    resourceLogs: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeLogs: [{ logRecords: [{ timeUnixNano: now, severityNumber: severity, body: { stringValue: body } }] }],
    }],
  };
  const headers = { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) };
  const response = await fetch(`${server.otlpHttp}/v1/logs`, { method: 'POST', headers, body: JSON.stringify(payload) });
  if (!response.ok) throw new Error(`POST /v1/logs: ${response.status} ${await response.text()}`);
}

export function writeResult(name, value) {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, name), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}

export { root };
