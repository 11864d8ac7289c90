// Logs (/ui/logs): search records over the time range with a severity histogram, follow them
// live, or see the patterns they follow. The URL holds it all: q, service, min_severity,
// trace_id, attr (k=v, repeatable), tab=patterns, live=1, change (patterns' trend filter).
import { html, useEffect, useState } from '../lib/html.js';
import { useApi } from '../lib/api.js';
import { all, href, useQuery } from '../lib/url.js';
import { useTimeRange, withRange } from '../lib/time.js';
import { Empty, ErrorMessage, Loading, Screen, Tabs, stateOf } from '../lib/ui.js';
import { LogList, SEVERITIES } from './log-list.js';
import { SeverityHistogram } from './log-histogram.js';
import { LiveTail, useLiveTail } from './log-live.js';
import { PatternSummary, PatternTable } from './log-patterns.js';
import { usePaged } from './paged.js';
import './logs.css';

const PAGE = 100;

export function Logs() {
  const [query] = useQuery();
  if (query.tab === 'patterns') return html`<${PatternsView} />`;
  if (query.live === '1') return html`<${LiveView} />`;
  return html`<${RecordsView} />`;
}

// The filters as the API takes them (attr=k=v in the URL becomes attr.k=v).
function useFilters() {
  const [query, setQuery] = useQuery();
  const filters = { q: query.q, service: query.service, min_severity: query.min_severity, trace_id: query.trace_id };
  for (const pair of all(query.attr)) {
    const at = pair.indexOf('=');
    if (at > 0) filters[`attr.${pair.slice(0, at)}`] = pair.slice(at + 1);
  }
  const addAttr = (k, v) => {
    const pairs = all(query.attr).filter((p) => !p.startsWith(`${k}=`));
    setQuery({ attr: [...pairs, `${k}=${v}`], live: null });
  };
  return { query, setQuery, filters, addAttr };
}

function RecordsView() {
  const { query, setQuery, filters, addAttr } = useFilters();
  const range = useTimeRange();
  const logs = usePaged('/api/v1/logs', { ...filters, ...range.params, limit: PAGE }, 'logs');
  const histogram = useApi('/api/v1/logs/histogram', { ...filters, ...range.params, step: range.step });
  const state = stateOf(logs, (d) => d.logs.length === 0);
  const zoom = (a, b) => range.setRange({ from: String(a), to: String(b) });
  const filtered = !!(query.q || query.service || query.min_severity || query.trace_id || query.attr);

  return html`<${LogsFrame} state=${state} active="records">
    <div class="panel log-histogram-panel">
      ${histogram.error ? html`<${ErrorMessage} error=${histogram.error} title="The histogram failed" retry=${histogram.reload} />`
        : histogram.data ? html`<${SeverityHistogram} buckets=${histogram.data.buckets} onSelectRange=${zoom} />`
        : html`<${Loading} label="Counting records" />`}
    </div>
    ${state === 'loading' && html`<${Loading} label="Searching logs" />`}
    ${state === 'error' && html`<${ErrorMessage} error=${logs.error} retry=${logs.reload} />`}
    ${state === 'empty' && (filtered
      ? html`<${Empty} title="No log records match">
          <p>Nothing in this time range matches the filters. Widen the time range in the header,
            or <a href=${withRange('/ui/logs')}>clear the filters</a>.</p><//>`
      : html`<${Empty} title="No log records in this time range" sdk=${true} />`)}
    ${state === 'ready' && html`
      <p class="muted small log-count" role="status">${logs.items.length}${logs.hasMore ? '+' : ''} records, newest first${query.q && html` · matches of “${query.q}” marked`}</p>
      <${LogList} logs=${logs.items.map((log, i) => ({ key: `${i}:${log.time_unix_nano}`, log }))} q=${query.q} onFilter=${addAttr} />
      <div class="load-more">
        ${logs.moreError && html`<${ErrorMessage} error=${logs.moreError} title="Loading more failed" />`}
        ${logs.hasMore ? html`<button type="button" class="btn" data-action="load-more" disabled=${logs.loadingMore}
            onClick=${logs.loadMore}>${logs.loadingMore ? 'Loading…' : `Load ${PAGE} more`}</button>`
          : html`<p class="muted small">End of the results for this range.</p>`}
      </div>`}
  <//>`;
}

function LiveView() {
  const { query } = useFilters();
  const [paused, setPaused] = useState(false);
  // The tail takes service, q and min_severity; the other filters apply to searches only.
  const tail = useLiveTail({ service: query.service, q: query.q, min_severity: query.min_severity }, paused);
  const state = tail.status === 'connecting' ? 'loading' : tail.status === 'error' && !tail.rows.length ? 'error' : 'ready';
  return html`<${LogsFrame} state=${state} active="records" live=${true}>
    <${LiveTail} tail=${tail} paused=${paused} setPaused=${setPaused} q=${query.q} />
  <//>`;
}

function PatternsView() {
  const { query, setQuery } = useFilters();
  const range = useTimeRange();
  const patterns = useApi('/api/v1/logs/patterns', {
    service: query.service, min_severity: query.min_severity, ...range.params, limit: 200,
  });
  const state = stateOf(patterns, (d) => d.patterns.length === 0);
  const shown = patterns.data ? patterns.data.patterns.filter((p) => !query.change || p.change === query.change) : [];
  return html`<${LogsFrame} state=${state} active="patterns">
    ${state === 'loading' && html`<${Loading} label="Mining log patterns" />`}
    ${state === 'error' && html`<${ErrorMessage} error=${patterns.error} retry=${patterns.reload} />`}
    ${state === 'empty' && html`<${Empty} title="No log lines to find patterns in">
      <p>Patterns are mined from the log lines of the time range (and the window before it, to
        tell what is new). Widen the time range, or clear the service and severity filters.</p><//>`}
    ${state === 'ready' && html`
      <${PatternSummary} data=${patterns.data} change=${query.change} setChange=${(v) => setQuery({ change: v }, { replace: true })} />
      ${shown.length ? html`<${PatternTable} patterns=${shown} />`
        : html`<p class="muted">No pattern with that trend in this range.</p>`}`}
  <//>`;
}

// What every view shares: the screen, the filters, the tabs and the live toggle.
function LogsFrame({ state, active, live = false, children }) {
  const { query, setQuery } = useFilters();
  const toggleLive = html`<button type="button" class=${live ? 'btn btn-primary' : 'btn'} data-action="live"
      aria-pressed=${live ? 'true' : 'false'} onClick=${() => setQuery({ live: live ? null : '1', tab: null })}>
    <span class=${live ? 'live-dot live-open' : 'live-dot'} aria-hidden="true"></span>${live ? 'Stop live tail' : 'Live tail'}
  </button>`;
  const base = { ...query, tab: undefined, live: undefined, change: undefined };
  return html`<${Screen} name="logs" state=${state} title="Logs" actions=${toggleLive}
      subtitle=${live ? 'Following new records as they arrive' : 'Search log records in the time range'}>
    <${LogFilters} query=${query} setQuery=${setQuery} live=${live} />
    <${Tabs} label="Log views" active=${active} tabs=${[
      { id: 'records', label: live ? 'Live records' : 'Records', href: href('/ui/logs', base) },
      { id: 'patterns', label: 'Patterns', href: href('/ui/logs', { ...base, tab: 'patterns' }) },
    ]} />
    ${children}
  <//>`;
}

function LogFilters({ query, setQuery, live }) {
  const range = useTimeRange();
  const [text, setText] = useState(query.q || '');
  useEffect(() => setText(query.q || ''), [query.q]);
  const services = useApi('/api/v1/services', range.params);
  const names = (services.data ? services.data.services.map((s) => s.name) : []).sort();
  if (query.service && !names.includes(query.service)) names.unshift(query.service);
  const submit = (e) => { e.preventDefault(); setQuery({ q: text.trim() || null }); };
  const chips = [
    ...(query.trace_id ? [{ label: `trace ${query.trace_id.slice(0, 12)}…`, clear: { trace_id: null } }] : []),
    ...all(query.attr).map((pair) => ({ label: pair,
      clear: { attr: all(query.attr).filter((p) => p !== pair) } })),
  ];
  return html`<form class="toolbar log-filters" role="search" aria-label="Log filters" onSubmit=${submit}>
    <div class="field grow">
      <label for="logs-q">Search the log body</label>
      <input id="logs-q" type="search" name="q" data-search placeholder="Text in the body, any case  ( / )"
        value=${text} onInput=${(e) => setText(e.currentTarget.value)} />
    </div>
    <div class="field">
      <label for="logs-service">Service</label>
      <select id="logs-service" name="service" value=${query.service || ''}
          onChange=${(e) => setQuery({ service: e.currentTarget.value || null })}>
        <option value="">All services</option>
        ${names.map((n) => html`<option value=${n}>${n}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="logs-severity">Minimum severity</label>
      <select id="logs-severity" name="min_severity" value=${query.min_severity || ''}
          onChange=${(e) => setQuery({ min_severity: e.currentTarget.value || null })}>
        <option value="">Any severity</option>
        ${SEVERITIES.map((s) => html`<option value=${s.name}>${s.name} and above</option>`)}
        ${query.min_severity && !SEVERITIES.some((s) => s.name === query.min_severity)
          && html`<option value=${query.min_severity}>${query.min_severity} and above</option>`}
      </select>
    </div>
    <button type="submit" class="btn btn-primary">Search</button>
    ${chips.length > 0 && html`<div class="filter-chips" aria-label="Other filters">
      ${chips.map((c) => html`<span class="chip">${c.label}
        <button type="button" class="chip-x" aria-label=${`Remove filter ${c.label}`} onClick=${() => setQuery(c.clear)}>×</button>
      </span>`)}
      ${live && html`<span class="muted small">(live tail filters by text, service and severity only)</span>`}
    </div>`}
  </form>`;
}
