// Dev server: builds, serves ../dist under /ui/ like the Rust crate does (SPA fallback, the same
// CSP), proxies every other path to the API (streaming, so server-sent events pass through),
// and rebuilds when src/ changes (reload the page to see it).
//
//   OPHION_API=http://127.0.0.1:8080 PORT=5173 node dev.mjs
import http from 'node:http';
import { existsSync, readFileSync, statSync, watch } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const api = new URL(process.env.OPHION_API || 'http://127.0.0.1:8080');
const port = Number(process.env.PORT || 5173);
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; " +
  "form-action 'self'; frame-ancestors 'none'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8' };

await build();
let pending;
watch(new URL('./src/', import.meta.url), { recursive: true }, () => {
  clearTimeout(pending);
  pending = setTimeout(() => build().then(
    (r) => console.log(`rebuilt ${r.js}`),
    (e) => console.error(e.message)), 100);
});

http.createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path === '/') return void res.writeHead(308, { location: '/ui/' }).end();
  if (path === '/ui' || path.startsWith('/ui/')) return serveUi(path, res);
  proxy(req, res);
}).listen(port, '127.0.0.1', () =>
  console.log(`console on http://127.0.0.1:${port}/ui/ , API ${api.origin}`));

function serveUi(path, res) {
  const rel = normalize(path.slice('/ui'.length)).replace(/^\/+/, '');
  let file = join(dist, rel);
  const isFile = rel && !rel.includes('..') && existsSync(file) && statSync(file).isFile();
  if (!isFile) {
    if (rel.startsWith('assets/')) return void res.writeHead(404).end('not found');
    file = join(dist, 'index.html');
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream',
    'cache-control': 'no-cache', 'content-security-policy': CSP });
  res.end(readFileSync(file));
}

function proxy(req, res) {
  const upstream = http.request({
    host: api.hostname, port: api.port || 80, method: req.method, path: req.url,
    headers: { ...req.headers, host: api.host },
  }, (up) => {
    res.writeHead(up.statusCode, up.headers);
    up.pipe(res);
  });
  upstream.on('error', (e) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `dev proxy: ${e.message}` }));
  });
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}
