// One dashboard panel: its query run over the dashboard's time range, drawn as its type says —
// a uPlot time series or bars, stat figures, a table, log records or a trace list.
import { html, useEffect, useState } from '../lib/html.js';
import { api, useApi } from '../lib/api.js';
import { fmtDateTime, fmtDurationNs, nanosToMs, withRange } from '../lib/time.js';
import { Chart } from '../lib/chart.js';
import { Badge, ErrorMessage, Loading, Table, fmtNumber } from '../lib/ui.js';
import { LogList } from './log-list.js';
import { SeverityHistogram } from './log-histogram.js';
import { cellText, firstList, toSeries, toStats, toTable } from './panel-data.js';
import { safePath, takesRange } from './panel-queries.js';

const ROW_PX = 72; // one unit of a panel's layout height, as dashboards.css lays the grid
const GAP_PX = 12;
const CHROME_PX = 90; // the panel's title and the chart's legend

export function PanelBody({ panel, range }) {
  const { path, params = {} } = panel.query || {};
  const ok = safePath(path);
  const result = useApi(ok ? path : null, { ...params, ...(takesRange(path) ? range.params : {}) });
  const rows = Math.max(2, Math.min(panel.layout?.h || 4, 12));
  const height = rows * ROW_PX + (rows - 1) * GAP_PX - CHROME_PX;
  const units = useMetricUnits(ok && /^\/api\/v1\/metrics\/(series|aggregate)\//.test(path) ? range : null);
  if (!ok) return html`<p class="muted">This panel's query path is not one of the read API's.</p>`;
  if (result.error) return html`<${ErrorMessage} error=${result.error} retry=${result.reload} title="The panel's query failed" />`;
  if (result.data === undefined) return html`<${Loading} label="Loading" />`;
  return html`<${Render} type=${panel.type} data=${result.data} title=${panel.title} height=${height}
    context=${{ range, units }} />`;
}

// Metric units (name -> unit) for the range, read once for all the panels that chart metrics.
const unitCache = new Map();
function useMetricUnits(range) {
  const key = range ? `${range.start}-${range.end}` : '';
  const [units, setUnits] = useState({});
  useEffect(() => {
    if (!key) return;
    if (!unitCache.has(key)) {
      unitCache.clear();
      unitCache.set(key, api.get('/api/v1/metrics/names', range.params)
        .then((d) => Object.fromEntries(d.metrics.map((m) => [m.name, m.unit])), () => ({})));
    }
    let live = true;
    unitCache.get(key).then((u) => { if (live) setUnits(u); });
    return () => { live = false; };
  }, [key]);
  return units;
}

function Render({ type, data, title, height, context }) {
  if (type === 'timeseries' || type === 'bar') {
    if (Array.isArray(data.buckets)) return html`<${SeverityHistogram} buckets=${data.buckets} height=${height - 20} />`;
    const chart = toSeries(data, title, context);
    if (!chart) return html`<p class="muted">This query's answer has no time series; try the table type.</p>`;
    if (!chart.x.length) return html`<p class="muted panel-none">No data in this time range.</p>`;
    return html`<${Chart} x=${chart.x} series=${chart.series} kind=${type === 'bar' ? 'bars' : 'line'}
      bands=${chart.bands} yFormat=${chart.yFormat} height=${height} />`;
  }
  if (type === 'stat') {
    const stats = toStats(data, title, context);
    if (!stats.length) return html`<p class="muted panel-none">No figure in this answer.</p>`;
    return html`<div class="panel-stats">${stats.map((s) => html`<div class="panel-stat">
      <div class=${s.tone ? `panel-stat-value tone-${s.tone}` : 'panel-stat-value'}>${s.value}</div>
      <div class="panel-stat-label">${s.label}</div></div>`)}</div>`;
  }
  if (type === 'logs') {
    const logs = data.logs || [];
    if (!logs.length) return html`<p class="muted panel-none">No log records in this time range.</p>`;
    return html`<div class="panel-scroll"><${LogList} logs=${logs.map((log, i) => ({ key: i, log }))} label=${title || 'Log records'} /></div>`;
  }
  if (type === 'traces') return html`<${TraceList} traces=${data.traces || firstList(data) || []} />`;
  const { columns, rows } = toTable(data);
  if (!rows.length) return html`<p class="muted panel-none">No rows in this time range.</p>`;
  return html`<div class="panel-scroll"><${Table} dense=${true} caption=${title} rows=${rows.slice(0, 200)}
    columns=${columns.map((c) => ({ ...c, render: (r) => cellOf(c.key, r) }))} /></div>`;
}

// Names that lead somewhere become links: services, traces.
function cellOf(key, row) {
  const v = row[key];
  if ((key === 'name' && 'span_count' in row) || key === 'service' || key === 'service_name' || key === 'caller' || key === 'callee') {
    return v ? html`<a href=${withRange(`/ui/services/${encodeURIComponent(v)}`)}>${v}</a>` : '–';
  }
  if (key === 'trace_id' && v) return html`<a class="mono" href=${withRange(`/ui/traces/${v}`)}>${v.slice(0, 16)}…</a>`;
  if (key === 'id' && 'kind' in row && 'evidence' in row) return html`<a href=${withRange(`/ui/insights/${v}`)}>${v.slice(0, 8)}…</a>`;
  return cellText(key, v);
}

function TraceList({ traces }) {
  if (!traces.length) return html`<p class="muted panel-none">No traces in this time range.</p>`;
  return html`<ul class="panel-traces panel-scroll" aria-label="Traces">${traces.map((t) => html`<li data-trace-id=${t.trace_id}>
    <a href=${withRange(`/ui/traces/${t.trace_id}`)}>
      <span class="trace-root">${t.root_service} <code>${t.root_name}</code></span>
      <span class="trace-figures">
        ${t.has_error && html`<${Badge} tone="error">error<//>`}
        <span>${fmtDurationNs(t.duration_ns)}</span>
        <span class="muted">${fmtNumber(t.span_count)} spans</span>
        <span class="muted">${fmtDateTime(nanosToMs(t.start_time_unix_nano))}</span>
      </span>
    </a>
  </li>`)}</ul>`;
}
