// Metrics (/ui/metrics): pick metrics, an aggregation, a step and attribute filters, and see
// them as series on one chart. The URL holds the choice: name (repeatable), agg, step, service,
// attr (k=v, repeatable). Without a name the screen lists the metrics there are.
import { html, useEffect, useState } from '../lib/html.js';
import { api, useApi } from '../lib/api.js';
import { all, useQuery } from '../lib/url.js';
import { useTimeRange, fmtAgo, nanosToMs } from '../lib/time.js';
import { Chart } from '../lib/chart.js';
import { Badge, Empty, ErrorMessage, Loading, Panel, Screen, fmtNumber, stateOf } from '../lib/ui.js';
import { autoFunction, formatFor, mergeSeries } from './series.js';
import './metrics.css';

// `auto` picks per metric what its kind means: a rate for counters, p95 for histograms, else avg.
const AGGREGATIONS = ['auto', 'avg', 'sum', 'min', 'max', 'count', 'rate', 'p50', 'p90', 'p95', 'p99'];
const STEPS = ['auto', '10s', '30s', '1m', '5m', '15m', '1h', '6h', '1d'];

export function Metrics() {
  const [query, setQuery] = useQuery();
  const range = useTimeRange();
  const catalogue = useApi('/api/v1/metrics/names', range.params);
  const names = all(query.name);
  const [filter, setFilter] = useState('');
  const metrics = catalogue.data ? catalogue.data.metrics : [];
  const state = names.length ? (catalogue.error ? 'error' : 'ready')
    : stateOf(catalogue, (d) => d.metrics.length === 0);

  const setNames = (list) => setQuery({ name: [...new Set(list)] });
  const shown = metrics.filter((m) => !filter || m.name.toLowerCase().includes(filter.toLowerCase()));

  return html`<${Screen} name="metrics" state=${state} title="Metrics"
      subtitle="Chart any metric Ophion stores, several on one chart">
    <div class="toolbar metric-picker">
      <div class="field grow">
        <label for="metric-filter">Find a metric</label>
        <input id="metric-filter" type="search" data-search placeholder="Filter by name  ( / )"
          value=${filter} onInput=${(e) => setFilter(e.currentTarget.value)} />
      </div>
      <div class="field grow">
        <label for="metric-add">Add a metric to the chart</label>
        <select id="metric-add" name="metric" value="" onChange=${(e) => {
          if (e.currentTarget.value) setNames([...names, e.currentTarget.value]);
          e.currentTarget.value = '';
        }}>
          <option value="">${shown.length ? `Choose one of ${shown.length} metrics…` : 'No metric matches'}</option>
          ${shown.filter((m) => !names.includes(m.name)).map((m) => html`<option value=${m.name}>${m.name} (${m.kind}${m.unit ? `, ${m.unit}` : ''})</option>`)}
        </select>
      </div>
    </div>
    ${state === 'loading' && html`<${Loading} label="Reading metric names" />`}
    ${catalogue.error && html`<${ErrorMessage} error=${catalogue.error} retry=${catalogue.reload} />`}
    ${state === 'empty' && html`<${NoMetrics} />`}
    ${names.length > 0 && html`<${MetricChart} names=${names} metrics=${metrics} query=${query}
      setQuery=${setQuery} setNames=${setNames} range=${range} />`}
    ${!names.length && state === 'ready' && html`<${Catalogue} metrics=${shown} total=${metrics.length}
      onChart=${(n) => setNames([n])} />`}
  <//>`;
}

function NoMetrics() {
  const origin = location.origin;
  return html`<${Empty} title="No metrics in this time range" sdk=${true}>
    <p>Metrics arrive over OTLP like traces and logs, or as JSON:</p>
    <pre class="code"><code>curl -X POST ${origin}/api/v1/metrics/ingest -H 'content-type: application/json' \\
  -d '{"name": "queue.depth", "value": 42, "service": "checkout", "labels": {"queue": "orders"}}'</code></pre>
  <//>`;
}

function Catalogue({ metrics, total, onChart }) {
  return html`<${Panel} flush=${true} title=${`${fmtNumber(total)} metrics in this time range`}>
    ${metrics.length === 0 ? html`<p class="muted">No metric name matches the filter.</p>` : html`<div class="table-wrap">
    <table class="table metric-catalogue">
      <caption class="sr-only">Metrics</caption>
      <thead><tr><th scope="col">Metric</th><th scope="col">Kind</th><th scope="col">Unit</th>
        <th scope="col">Description</th><th scope="col" class="num">Points</th><th scope="col">Last seen</th></tr></thead>
      <tbody>${metrics.map((m) => html`<tr data-metric=${m.name}>
        <td><button type="button" class="btn-link mono" onClick=${() => onChart(m.name)}
          aria-label=${`Chart ${m.name}`}>${m.name}</button></td>
        <td><${Badge} tone="muted">${m.kind}<//></td>
        <td class="mono">${m.unit || '–'}</td>
        <td class="muted">${m.description}</td>
        <td class="num">${fmtNumber(m.point_count)}</td>
        <td class="nowrap">${fmtAgo(nanosToMs(m.last_seen_unix_nano))}</td>
      </tr>`)}</tbody>
    </table></div>`}
  <//>`;
}

function MetricChart({ names, metrics, query, setQuery, setNames, range }) {
  const agg = query.agg || 'auto';
  const step = query.step && query.step !== 'auto' ? query.step : range.step;
  const filters = { service: query.service };
  for (const pair of all(query.attr)) {
    const at = pair.indexOf('=');
    if (at > 0) filters[`attr.${pair.slice(0, at)}`] = pair.slice(at + 1);
  }
  const kinds = Object.fromEntries(metrics.map((m) => [m.name, m]));
  const result = useSeries(names, agg, { ...filters, ...range.params, step });
  const zoom = (a, b) => range.setRange({ from: String(a), to: String(b) });
  const loaded = result.series.filter((s) => s.points);
  const { x, series } = mergeSeries(loaded.map((s) => ({ label: `${s.name} · ${s.fn}`, points: s.points })));
  const unit = (kinds[names[0]] || {}).unit || '';
  const yFormat = formatFor(unit, loaded[0] && loaded[0].fn);

  return html`<div class="stack">
    <div class="series-chips" aria-label="Charted metrics">
      ${names.map((n) => html`<span class="chip">${n}
        <button type="button" class="chip-x" aria-label=${`Remove ${n}`} onClick=${() => setNames(names.filter((m) => m !== n))}>×</button>
      </span>`)}
    </div>
    <${QueryControls} query=${query} setQuery=${setQuery} agg=${agg} />
    <${Panel} title=${names.length === 1 ? names[0] : `${names.length} metrics`}
        actions=${html`<span class="muted">step ${step}${unit && unit !== '1' ? ` · ${unit}` : ''}</span>`}>
      ${result.series.map((s) => s.error && html`<${ErrorMessage} error=${s.error} title=${`${s.name} failed`} />`)}
      ${result.loading && !loaded.length ? html`<${Loading} label="Reading series" />`
        : !x.length ? html`<p class="muted empty-chart">No data points in this time range for these filters. Widen the time range or remove filters.</p>`
        : html`<${Chart} title="Drag across the chart to zoom" x=${x} series=${series} height=${320}
            yFormat=${yFormat} onSelectRange=${zoom} />`}
    <//>
    ${loaded.length > 0 && html`<${SeriesSummary} series=${series} yFormat=${yFormat} />`}
  </div>`;
}

function QueryControls({ query, setQuery, agg }) {
  const [attr, setAttr] = useState('');
  const [attrError, setAttrError] = useState('');
  const addAttr = (e) => {
    e.preventDefault();
    if (!/^[^=\s]+=.+$/.test(attr.trim())) { setAttrError('Write key=value, e.g. host=web-1'); return; }
    setAttrError('');
    setQuery({ attr: [...all(query.attr), attr.trim()] });
    setAttr('');
  };
  return html`<form class="toolbar metric-controls" onSubmit=${addAttr} aria-label="Series options">
    <div class="field">
      <label for="metric-agg">Aggregation</label>
      <select id="metric-agg" name="agg" value=${agg} onChange=${(e) => setQuery({ agg: e.currentTarget.value === 'auto' ? null : e.currentTarget.value })}>
        ${AGGREGATIONS.map((a) => html`<option value=${a}>${a === 'auto' ? 'auto (by kind)' : a}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="metric-step">Step</label>
      <select id="metric-step" name="step" value=${query.step || 'auto'} onChange=${(e) => setQuery({ step: e.currentTarget.value === 'auto' ? null : e.currentTarget.value })}>
        ${STEPS.map((s) => html`<option value=${s}>${s}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="metric-service">Service</label>
      <input id="metric-service" name="service" placeholder="any" value=${query.service || ''}
        onChange=${(e) => setQuery({ service: e.currentTarget.value.trim() || null })} />
    </div>
    <div class="field grow">
      <label for="metric-attr">Attribute filter</label>
      <input id="metric-attr" name="attr" placeholder="key=value, then Enter" value=${attr}
        aria-invalid=${attrError ? 'true' : undefined} aria-describedby=${attrError ? 'metric-attr-error' : undefined}
        onInput=${(e) => setAttr(e.currentTarget.value)} />
      ${attrError && html`<p class="field-error" id="metric-attr-error">${attrError}</p>`}
    </div>
    <button type="submit" class="btn">Add filter</button>
    ${all(query.attr).length > 0 && html`<div class="filter-chips" aria-label="Attribute filters">
      ${all(query.attr).map((pair) => html`<span class="chip">${pair}
        <button type="button" class="chip-x" aria-label=${`Remove filter ${pair}`}
          onClick=${() => setQuery({ attr: all(query.attr).filter((p) => p !== pair) })}>×</button></span>`)}
    </div>`}
  </form>`;
}

// min / avg / max / last of each series over the range.
function SeriesSummary({ series, yFormat }) {
  const rows = series.map((s) => {
    const v = s.values.filter((n) => n != null);
    return { label: s.label, min: Math.min(...v), max: Math.max(...v),
      avg: v.reduce((a, b) => a + b, 0) / (v.length || 1), last: v[v.length - 1], n: v.length };
  });
  const f = (n) => (Number.isFinite(n) ? yFormat(n) : '–');
  return html`<div class="table-wrap panel"><table class="table dense">
    <caption class="sr-only">Series summary</caption>
    <thead><tr><th scope="col">Series</th><th scope="col" class="num">Min</th><th scope="col" class="num">Avg</th>
      <th scope="col" class="num">Max</th><th scope="col" class="num">Last</th><th scope="col" class="num">Points</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr><td class="mono">${r.label}</td><td class="num">${f(r.min)}</td>
      <td class="num">${f(r.avg)}</td><td class="num">${f(r.max)}</td><td class="num">${f(r.last)}</td>
      <td class="num">${fmtNumber(r.n)}</td></tr>`)}</tbody>
  </table></div>`;
}

// Each metric's series, read in parallel.
function useSeries(names, agg, params) {
  const key = JSON.stringify([names, agg, params]);
  const [state, setState] = useState({ key: null, series: [] });
  useEffect(() => {
    const ctl = new AbortController();
    const signal = ctl.signal;
    setState((s) => ({ key, loading: true, series: s.series.filter((x) => names.includes(x.name)) }));
    Promise.all(names.map(async (name) => {
      const path = encodeURIComponent(name);
      try {
        const fn = agg === 'auto' ? await autoFunction(name, params, signal) : agg;
        const data = await api.get(`/api/v1/metrics/series/${path}`, { ...params, fn }, { signal });
        return { name, fn, points: data.points };
      } catch (error) {
        if (error.name === 'AbortError') throw error;
        return { name, fn: agg, error };
      }
    })).then((series) => setState({ key, loading: false, series }), () => {});
    return () => ctl.abort();
  }, [key]);
  return state;
}
