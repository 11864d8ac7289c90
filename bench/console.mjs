#!/usr/bin/env node
// The console's benchmark (issue 18): how long its heaviest screens take to render completely in
// Chromium over a loaded store, how big its compressed assets are, and whether the tab's memory
// stays flat through a long live tail. Not a test: figures for bench/results/, with the command,
// machine and commit. See bench/README.md ("Console").
//
//   node bench/console.mjs --url http://127.0.0.1:8080 [--trace <5,000-span trace id>] \
//     [--service checkout] [--q word] [--runs 10] [--tail-minutes 10] [--tail-rate 1000] \
//     [--otlp http://127.0.0.1:4318] [--out bench/results/<date>-console.md]
//
// "Rendered completely" is navigation start until the screen says its data is shown
// (`main[data-state=ready]`, seen by a MutationObserver in the page) and two animation frames
// later (the frame that paints it), or the last largest-contentful-paint entry, whichever is
// last. Every run opens a fresh browser
// context: no HTTP cache, the assets are fetched again. Without --trace, a 5,000-span trace
// (service bench-batch, one root, a 3-level tree) is sent over OTLP first and used.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
// playwright-core comes from the browser tests' node_modules (make test-env installs it).
const { chromium } = createRequire(join(root, 'tests', 'browser', 'package.json'))('playwright-core');

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    otlp: { type: 'string', default: 'http://127.0.0.1:4318' },
    trace: { type: 'string' },
    service: { type: 'string', default: 'checkout' },
    q: { type: 'string', default: 'error' },
    from: { type: 'string', default: 'now-1h' },
    to: { type: 'string', default: 'now' },
    runs: { type: 'string', default: '10' },
    'tail-minutes': { type: 'string', default: '10' },
    'tail-rate': { type: 'string', default: '1000' },
    key: { type: 'string', default: '' },
    out: { type: 'string' },
  },
});
const runs = Number(opt.runs);
if (!opt.trace) opt.trace = await sendBigTrace(5000);

const range = `from=${encodeURIComponent(opt.from)}&to=${encodeURIComponent(opt.to)}`;
const screens = [
  ['overview', `/ui/?${range}`],
  ['service page', `/ui/services/${encodeURIComponent(opt.service)}?${range}`],
  ...(opt.trace ? [['5,000-span trace', `/ui/traces/${opt.trace}`]] : []),
  ['log search', `/ui/logs?q=${encodeURIComponent(opt.q)}&${range}`],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  if (opt.key) {
    await context.addInitScript((key) => sessionStorage.setItem('ophion.credential', key), opt.key);
  }
  return context.newPage();
}

/** Milliseconds from navigation start until the screen is rendered with its data. */
async function renderTime(path) {
  const page = await newPage();
  // Timed in the page, not by polling from here: the moment `main` turns ready, then the
  // frame after the one that paints it.
  await page.addInitScript(() => {
    globalThis.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) globalThis.__lcp = Math.max(globalThis.__lcp, entry.startTime);
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    globalThis.__painted = new Promise((resolve) => {
      const watch = new MutationObserver(() => {
        const main = document.querySelector('main[data-screen]');
        if (!main || main.dataset.state === 'loading') return;
        watch.disconnect();
        const ready = performance.now();
        requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ready, painted: performance.now(), state: main.dataset.state })));
      });
      watch.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    });
  });
  await page.goto(`${opt.url}${path}`);
  const ms = await page.evaluate(async () => ({ ...(await globalThis.__painted), lcp: globalThis.__lcp }));
  if (ms.state !== 'ready') throw new Error(`${path}: screen is ${ms.state}, not ready`);
  await page.context().close();
  return Math.max(ms.painted, ms.lcp);
}

const quantile = (xs, q) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

const rows = [];
for (const [name, path] of screens) {
  await renderTime(path); // warm-up: the store's caches, not the browser's
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await renderTime(path));
  rows.push({ name, path, p50: quantile(times, 0.5), max: Math.max(...times), times });
  console.error(`${name}: p50 ${quantile(times, 0.5).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`);
}

// Compressed JS + CSS, as served (gzip) and at gzip -9.
const assets = join(root, 'console', 'dist', 'assets');
let raw = 0;
let gz = 0;
for (const file of readdirSync(assets).filter((f) => /\.(js|css)$/.test(f))) {
  const bytes = readFileSync(join(assets, file));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
}
const served = await fetch(`${opt.url}/ui/`).then((r) => r.text());
let wire = 0;
for (const [, asset] of served.matchAll(/(?:src|href)="(\/ui\/assets\/[^"]+\.(?:js|css))"/g)) {
  const response = await fetch(`${opt.url}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
  wire += Number(response.headers.get('content-length') ?? (await response.arrayBuffer()).byteLength);
}

// Live tail: the tab's memory while `tail-rate` logs/s arrive for `tail-minutes`.
const tail = [];
const minutes = Number(opt['tail-minutes']);
if (minutes > 0) {
  const page = await newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${opt.url}/ui/logs?service=bench-tail&live=1`);
  await page.locator('main[data-screen=logs][data-state]:not([data-state="loading"])').waitFor();
  const live = page.locator('button[data-action=live]');
  if ((await live.getAttribute('aria-pressed')) !== 'true') await live.click();
  const rate = Number(opt['tail-rate']);
  const started = Date.now();
  let sent = 0;
  let nextSample = started;
  const headers = { 'content-type': 'application/json', ...(opt.key ? { authorization: `Bearer ${opt.key}` } : {}) };
  while (Date.now() - started < minutes * 60_000) {
    // 100 ms worth of records per request, paced by the clock (a load generator, not a test).
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    if (due > sent) {
      const batch = Math.min(due - sent, rate);
      const now = BigInt(Date.now()) * 1_000_000n;
      const logRecords = Array.from({ length: batch }, (_, i) => ({
        timeUnixNano: `${now + BigInt(i)}`,
        severityNumber: 9,
        body: { stringValue: `tail record ${sent + i} user=${(sent + i) % 977} took ${(sent + i) % 83} ms` },
      }));
      const body = JSON.stringify({
        resourceLogs: [{
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench-tail' } }] },
          scopeLogs: [{ logRecords }],
        }],
      });
      const response = await fetch(`${opt.otlp}/v1/logs`, { method: 'POST', headers, body });
      if (!response.ok) throw new Error(`POST /v1/logs: ${response.status}`);
      sent += batch;
    }
    if (Date.now() >= nextSample) {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
      const rows = await page.locator('[data-log-row]').count();
      tail.push({ s: Math.round((Date.now() - started) / 1000), heapMiB: m.JSHeapUsedSize / 2 ** 20, nodes: m.Nodes, rows, sent });
      console.error(`tail ${tail.at(-1).s} s: heap ${tail.at(-1).heapMiB.toFixed(1)} MiB, ${m.Nodes} DOM nodes, ${rows} rows, ${sent} sent`);
      nextSample += 60_000;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await page.context().close();
}
await browser.close();

const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const fmt = (x) => `${x.toFixed(0)} ms`;
const lines = [
  `# Console benchmark, ${new Date().toISOString().slice(0, 10)}`,
  '',
  `- Command: \`node bench/console.mjs ${process.argv.slice(2).join(' ')}\``,
  `- Commit: \`${git('rev-parse', '--short', 'HEAD')}\`${git('status', '--porcelain') ? ' (with uncommitted changes)' : ''}`,
  `- Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Chromium ${browser.version()} headless`,
  `- Store: ${JSON.stringify(await fetch(`${opt.url}/api/v1/stats`, { headers: opt.key ? { authorization: `Bearer ${opt.key}` } : {} }).then((r) => r.json()))}`,
  '',
  `## Render time (target ≤ 1,000 ms p50; ${runs} runs after a warm-up, fresh browser context each)`,
  '',
  '| Screen | Deep link | p50 | max | PASS |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | \`${r.path}\` | ${fmt(r.p50)} | ${fmt(r.max)} | ${r.p50 <= 1000 ? 'PASS' : 'FAIL'} |`),
  '',
  `## Assets (target ≤ 250 KB compressed JS + CSS)`,
  '',
  `- JS + CSS: ${(raw / 1024).toFixed(1)} KiB raw, ${(gz / 1024).toFixed(1)} KiB gzip -9, ${(wire / 1024).toFixed(1)} KiB as served (Content-Length with Accept-Encoding: gzip) — ${gz <= 250_000 ? 'PASS' : 'FAIL'}`,
  '',
];
if (tail.length) {
  const first = tail[0];
  const last = tail.at(-1);
  lines.push(
    `## Live tail (${minutes} min at ${opt['tail-rate']} logs/s; heap after a forced GC, sampled each minute)`,
    '',
    '| s | JS heap MiB | DOM nodes | rows shown | records sent |',
    '|---|---|---|---|---|',
    ...tail.map((t) => `| ${t.s} | ${t.heapMiB.toFixed(1)} | ${t.nodes} | ${t.rows} | ${t.sent} |`),
    '',
    `Heap ${first.heapMiB.toFixed(1)} → ${last.heapMiB.toFixed(1)} MiB; DOM nodes ${first.nodes} → ${last.nodes}.`,
    '',
  );
}
const report = lines.join('\n');
console.log(report);
if (opt.out) writeFileSync(opt.out, report);

/** Sends one trace of `n` spans over OTLP/HTTP JSON and waits until the API returns all of it. */
async function sendBigTrace(n) {
  const hex = (bytes) => Array.from({ length: bytes }, () => Math.floor(Math.random() * 256).toString(16).padStart(2, '0')).join('');
  const traceId = hex(16);
  const ids = Array.from({ length: n }, () => hex(8));
  const start = BigInt(Date.now() - 60_000) * 1_000_000n;
  const spans = ids.map((spanId, i) => {
    // A tree: the root, 50 children, each with ~100 leaves, in start order.
    const parent = i === 0 ? '' : i <= 50 ? ids[0] : ids[1 + ((i - 51) % 50)];
    const at = start + BigInt(i) * 10_000_000n;
    return {
      traceId, spanId, parentSpanId: parent, name: i === 0 ? 'nightly reindex' : i <= 50 ? 'reindex shard' : 'index doc',
      kind: 1, startTimeUnixNano: `${at}`, endTimeUnixNano: `${at + (i === 0 ? BigInt(n) * 10_000_000n : 8_000_000n)}`,
      attributes: [{ key: 'doc.n', value: { intValue: `${i}` } }],
    };
  });
  const headers = { 'content-type': 'application/json', ...(opt.key ? { authorization: `Bearer ${opt.key}` } : {}) };
  const body = JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench-batch' } }] },
      scopeSpans: [{ spans }],
    }],
  });
  const response = await fetch(`${opt.otlp}/v1/traces`, { method: 'POST', headers, body });
  if (!response.ok) throw new Error(`POST /v1/traces: ${response.status} ${await response.text()}`);
  for (;;) {
    const r = await fetch(`${opt.url}/api/v1/traces/${traceId}`, { headers });
    if (r.ok && ((await r.json()).spans || []).length === n) return traceId;
    await new Promise((resolve) => setTimeout(resolve, 200)); // a load generator waiting for its write
  }
}
