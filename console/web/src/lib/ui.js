// Shared UI pieces. Every screen renders inside <Screen>, which owns <main> and its DOM
// contract (data-screen, data-state = loading|ready|empty|error).
//
//   <${Screen} name="traces" state=${stateOf(result, isEmpty)} title="Traces" actions=${...}>
//   stateOf({ data, error, loading }, isEmpty?) -> 'loading' | 'error' | 'empty' | 'ready'
//   <${Loading} label="Loading traces" />
//   <${Empty} title="No traces in this range">what to do…<//>   sdk=${true} adds how to send data
//   <${ErrorMessage} error=${err} retry=${reload} />           role=alert, the server's message
//   <${Table} columns=${[{ key, label, sort: true, align: 'right', render: (row) => … }]}
//       rows=${rows} rowKey=${(r) => r.id} rowProps=${(r) => ({ 'data-service': r.name })}
//       sort=${{ key, dir }} onSort=${(key) => …} caption="Services" />
//     sortable headers are <th aria-sort><button data-sort=key>; useSort() keeps sort in the URL
//   useSort(defaultKey, defaultDir) -> [{ key, dir }, toggle(key)]   sortRows(rows, sort, getters?)
//   <${Tabs} label="Service sections" tabs=${[{ id, label, href, count? }]} active="ops" />
//   <${Badge} tone="error|warn|ok|info|muted">text<//>     <${Stat} label="Rate" value="1.2/s" />
//   <${Panel} title="Operations" actions=${…} flush?>…<//>   flush: no padding (a table inside)         <${KeyValues} data=${obj} />
//   fmtNumber(1234) '1,234'  fmtCompact(12345) '12.3k'  fmtRate(0.07) '0.07/s'  fmtPercent(0.031) '3.1%'
//   severityTone(number) -> tone for a log severity       uid('prefix') -> a unique id
import { html, useEffect, useMemo } from './html.js';
import { useQuery } from './url.js';

export function stateOf({ data, error, loading }, isEmpty = () => false) {
  if (error) return 'error';
  if (loading && data === undefined) return 'loading';
  if (data === undefined) return 'loading';
  return isEmpty(data) ? 'empty' : 'ready';
}

export function Screen({ name, state = 'ready', title, subtitle, actions, children }) {
  useEffect(() => {
    if (title) document.title = `${title} · Ophion`;
  }, [title]);
  return html`<main id="main" class="screen" data-screen=${name} data-state=${state} tabindex="-1"
      aria-busy=${state === 'loading' ? 'true' : 'false'}>
    ${(title || actions) && html`<div class="screen-head">
      <div class="screen-titles">
        ${title && html`<h1>${title}</h1>`}
        ${subtitle && html`<div class="screen-subtitle">${subtitle}</div>`}
      </div>
      ${actions && html`<div class="screen-actions">${actions}</div>`}
    </div>`}
    ${children}
  </main>`;
}

export function Loading({ label = 'Loading' }) {
  return html`<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${label}…</div>`;
}

export function Empty({ title = 'Nothing here yet', children, sdk = false }) {
  const host = location.hostname || '127.0.0.1';
  return html`<div class="empty" role="status">
    <h2>${title}</h2>
    ${children && html`<div class="empty-body">${children}</div>`}
    ${sdk && html`<div class="empty-body">
      <p>Point any OpenTelemetry SDK or Collector at Ophion and data appears here within seconds:</p>
      <pre class="code"><code>export OTEL_EXPORTER_OTLP_ENDPOINT=http://${host}:4318
export OTEL_SERVICE_NAME=my-service
# then start your instrumented app, e.g.
opentelemetry-instrument python app.py</code></pre>
      <p class="muted">OTLP/gRPC listens on port 4317, OTLP/HTTP on 4318. If data was sent earlier,
        widen the time range in the header.</p>
    </div>`}
  </div>`;
}

export function ErrorMessage({ error, retry, title = 'Something went wrong' }) {
  const message = error ? error.message || String(error) : 'Unknown error';
  return html`<div class="error-message" role="alert">
    <strong>${error && error.status ? `${title} (${error.status})` : title}</strong>
    <p>${message}</p>
    ${retry && html`<button type="button" class="btn" onClick=${retry}>Try again</button>`}
  </div>`;
}

export function useSort(defaultKey, defaultDir = 'desc') {
  const [query, setQuery] = useQuery();
  const sort = { key: query.sort || defaultKey, dir: query.dir || defaultDir };
  const toggle = (key) => {
    const dir = sort.key === key ? (sort.dir === 'asc' ? 'desc' : 'asc') : key === 'name' ? 'asc' : 'desc';
    setQuery({ sort: key, dir }, { replace: true });
  };
  return [sort, toggle];
}

export function sortRows(rows, { key, dir }, getters = {}) {
  const get = getters[key] || ((r) => r[key]);
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = get(a);
    const y = get(b);
    if (x == null && y == null) return 0;
    if (x == null) return 1;
    if (y == null) return -1;
    return (typeof x === 'string' ? x.localeCompare(y) : x - y) * sign;
  });
}

export function Table({ columns, rows, rowKey, rowProps, sort, onSort, caption, dense = false, empty }) {
  return html`<div class="table-wrap">
    <table class=${dense ? 'table dense' : 'table'}>
      ${caption && html`<caption class="sr-only">${caption}</caption>`}
      <thead><tr>${columns.map((c) => {
        const active = sort && sort.key === c.key;
        const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
        return html`<th scope="col" class=${c.align === 'right' ? 'num' : ''} aria-sort=${ariaSort}>
          ${c.sort && onSort
            ? html`<button type="button" class="sort" data-sort=${c.key} onClick=${() => onSort(c.key)}>
                ${c.label}<span class="sort-mark" aria-hidden="true">${active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}</span>
              </button>`
            : c.label}
        </th>`;
      })}</tr></thead>
      <tbody>
        ${rows.length === 0 && empty && html`<tr><td colspan=${columns.length} class="muted">${empty}</td></tr>`}
        ${rows.map((r, i) => html`<tr key=${rowKey ? rowKey(r) : i} ...${rowProps ? rowProps(r) : {}}>
          ${columns.map((c) => html`<td class=${c.align === 'right' ? 'num' : c.className || ''}>
            ${c.render ? c.render(r) : r[c.key]}</td>`)}
        </tr>`)}
      </tbody>
    </table>
  </div>`;
}

export function Tabs({ tabs, active, label = 'Sections' }) {
  return html`<nav class="tabs" aria-label=${label}>
    ${tabs.map((t) => html`<a href=${t.href} data-tab=${t.id} class=${t.id === active ? 'tab active' : 'tab'}
        aria-current=${t.id === active ? 'page' : undefined}>
      ${t.label}${t.count != null && html` <span class="tab-count">${t.count}</span>`}
    </a>`)}
  </nav>`;
}

export function Badge({ tone = 'muted', children, title }) {
  return html`<span class=${`badge badge-${tone}`} title=${title}>${children}</span>`;
}

export function Stat({ label, value, tone, hint }) {
  return html`<div class="stat">
    <div class="stat-label">${label}</div>
    <div class=${tone ? `stat-value tone-${tone}` : 'stat-value'}>${value}</div>
    ${hint && html`<div class="stat-hint">${hint}</div>`}
  </div>`;
}

export function Panel({ title, actions, children, className = '', id, flush = false }) {
  const headingId = useMemo(() => id || uid('panel'), [id]);
  return html`<section class=${`panel ${className}`} aria-labelledby=${title ? headingId : undefined}>
    ${(title || actions) && html`<div class="panel-head">
      ${title && html`<h2 id=${headingId}>${title}</h2>`}
      ${actions && html`<div class="panel-actions">${actions}</div>`}
    </div>`}
    <div class=${flush ? 'panel-body flush' : 'panel-body'}>${children}</div>
  </section>`;
}

export function KeyValues({ data, empty = 'none' }) {
  const entries = Object.entries(data || {}).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return html`<p class="muted">${empty}</p>`;
  return html`<dl class="kv">${entries.map(([k, v]) => html`<div class="kv-row">
    <dt>${k}</dt><dd>${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}</dd>
  </div>`)}</dl>`;
}

let counter = 0;
// Unique in the page; call it once per component instance (useMemo) so it stays stable.
export const uid = (prefix = 'id') => `${prefix}-${++counter}`;

const nf = new Intl.NumberFormat('en-US');
export const fmtNumber = (n) => (n == null || !Number.isFinite(Number(n)) ? '–' : nf.format(n));
export function fmtCompact(n) {
  if (n == null || !Number.isFinite(Number(n))) return '–';
  const a = Math.abs(n);
  if (a >= 1e9) return `${+(n / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${+(n / 1e3).toFixed(1)}k`;
  return nf.format(Math.round(n * 100) / 100);
}
export function fmtRate(perSec) {
  if (perSec == null || !Number.isFinite(Number(perSec))) return '–';
  const v = Number(perSec);
  if (v === 0) return '0/s';
  if (v < 0.01) return `${+(v * 60).toPrecision(2)}/min`;
  return `${v >= 100 ? fmtCompact(Math.round(v)) : +v.toPrecision(3)}/s`;
}
export function fmtPercent(ratio) {
  if (ratio == null || !Number.isFinite(Number(ratio))) return '–';
  const p = Number(ratio) * 100;
  if (p === 0) return '0%';
  if (p < 0.1) return '<0.1%';
  return `${p >= 10 ? Math.round(p) : +p.toFixed(1)}%`;
}
export function severityTone(n) {
  if (n >= 17) return 'error';
  if (n >= 13) return 'warn';
  if (n >= 9) return 'info';
  return 'muted';
}
