// Trace search. Filters live in the URL (service, operation, min_duration / max_duration in ms,
// status, attr=k=v repeatable, sort, from/to); results are a duration scatter (click a point to
// open its trace) and a table, with "Load more" following the API's next_cursor.
import { html, useEffect, useMemo, useState } from '../lib/html.js';
import { api, useApi, useAsync } from '../lib/api.js';
import { all, navigate, useQuery } from '../lib/url.js';
import { fmtDuration, nanosToMs, useTimeRange } from '../lib/time.js';
import { Chart } from '../lib/chart.js';
import { Empty, ErrorMessage, Loading, Screen, fmtNumber, stateOf } from '../lib/ui.js';
import { TraceTable } from '../apm/trace-table.js';
import { loadOperations } from '../data/operations.js';

const PAGE = 100;
const SORTS = [['newest', 'Newest first'], ['oldest', 'Oldest first'], ['longest', 'Longest first'], ['shortest', 'Shortest first']];
const FILTER_KEYS = ['service', 'operation', 'min_duration', 'max_duration', 'status', 'attr', 'sort'];

// The API's query for the URL's filters: attr=k=v becomes attr.k=v.
export function traceQuery(query, range) {
  const params = { ...range.params, limit: PAGE };
  for (const k of ['service', 'operation', 'min_duration', 'max_duration', 'status', 'sort']) {
    if (query[k]) params[k] = query[k];
  }
  for (const a of all(query.attr)) {
    const i = a.indexOf('=');
    if (i > 0) params[`attr.${a.slice(0, i).trim()}`] = a.slice(i + 1).trim();
  }
  return params;
}

export function Traces() {
  const [query, setQuery] = useQuery();
  const range = useTimeRange();
  const params = traceQuery(query, range);
  const key = JSON.stringify(params);
  const first = useAsync((signal) => api.get('/api/v1/traces', params, { signal }), [key]);
  // Pages after the first, for the current filters only (new filters start over).
  const [pagesFor, setMore] = useState({ key, pages: [], cursor: undefined, loading: false, error: null });
  const more = pagesFor.key === key ? pagesFor : { key, pages: [], cursor: undefined, loading: false, error: null };

  const traces = useMemo(() => (first.data ? [first.data.traces, ...more.pages].flat() : []), [first.data, more.pages]);
  const cursor = more.cursor !== undefined ? more.cursor : first.data && first.data.next_cursor;
  const loadMore = async () => {
    setMore({ ...more, loading: true, error: null });
    try {
      const page = await api.get('/api/v1/traces', { ...params, cursor });
      setMore((m) => (m.key === key ? { key, pages: [...m.pages, page.traces], cursor: page.next_cursor, loading: false, error: null } : m));
    } catch (error) {
      setMore((m) => (m.key === key ? { ...m, loading: false, error } : m));
    }
  };
  const filtered = FILTER_KEYS.some((k) => query[k] && k !== 'sort');
  const state = stateOf(first, (d) => d.traces.length === 0);

  return html`<${Screen} name="traces" state=${state} title="Traces"
      subtitle="Find traces by service, operation, duration, status and attributes">
    <${Filters} query=${query} range=${range} onApply=${(f) => setQuery(f)} />
    ${first.error && html`<${ErrorMessage} error=${first.error} retry=${first.reload} />`}
    ${state === 'loading' && html`<${Loading} label="Searching traces" />`}
    ${state === 'empty' && (filtered
      ? html`<${Empty} title="No traces match these filters">
          <p>Loosen a filter or widen the time range. Durations are in milliseconds; attributes are
            written <code>key=value</code> (e.g. <code>http.route=/cart</code>).</p>
          <p><a href="/ui/traces">Clear all filters</a></p><//>`
      : html`<${Empty} title="No traces in this range" sdk=${true} />`)}
    ${traces.length > 0 && html`
      <div class="panel section">
        <div class="panel-body">
          <${DurationScatter} traces=${traces} />
        </div>
      </div>
      <div class="panel section">
        <div class="panel-head">
          <h2>${fmtNumber(traces.length)}${cursor ? '+' : ''} traces</h2>
          <div class="panel-actions">
            <label for="trace-sort">Sort</label>
            <select id="trace-sort" name="sort" value=${query.sort || 'newest'}
              onChange=${(e) => setQuery({ sort: e.currentTarget.value })}>
              ${SORTS.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
            </select>
          </div>
        </div>
        <${TraceTable} traces=${traces} caption="Trace search results" />
        <div class="load-more">
          ${more.error && html`<${ErrorMessage} error=${more.error} retry=${loadMore} />`}
          ${cursor
            ? html`<button type="button" class="btn" data-action="load-more" disabled=${more.loading} onClick=${loadMore}>
                ${more.loading ? 'Loading…' : `Load ${PAGE} more`}</button>`
            : html`<span class="muted">All ${fmtNumber(traces.length)} matching traces shown.</span>`}
        </div>
      </div>`}
  <//>`;
}

function Filters({ query, onApply }) {
  const range = useTimeRange();
  const services = useApi('/api/v1/services', range.params);
  const initial = () => ({
    service: query.service || '', operation: query.operation || '', min_duration: query.min_duration || '',
    max_duration: query.max_duration || '', status: query.status || '', attr: all(query.attr).join('\n'),
  });
  const [f, setF] = useState(initial);
  const urlKey = FILTER_KEYS.map((k) => all(query[k]).join(',')).join('|');
  useEffect(() => setF(initial()), [urlKey]); // back/forward and links change the URL: follow it
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = (e) => {
    e.preventDefault();
    onApply({ ...f, attr: f.attr.split(/\n|,(?=[^=,]+=)/).map((s) => s.trim()).filter(Boolean) });
  };
  const operations = useAsync(f.service && ((signal) => loadOperations(f.service, range, signal)), [f.service, range.start]);
  const names = services.data ? services.data.services.map((s) => s.name).sort() : [];
  if (f.service && !names.includes(f.service)) names.unshift(f.service);
  return html`<form class="panel filters" onSubmit=${submit} aria-label="Trace filters">
    <div class="filters-row">
      <div class="field">
        <label for="f-service">Service</label>
        <select id="f-service" name="service" value=${f.service} onChange=${(e) => setF({ ...f, service: e.currentTarget.value })}>
          <option value="">All services</option>
          ${names.map((n) => html`<option value=${n}>${n}</option>`)}
        </select>
      </div>
      <div class="field grow">
        <label for="f-operation">Operation</label>
        <input id="f-operation" name="operation" type="search" data-search placeholder="e.g. GET /cart   ( / )"
          list="f-operation-names" autocomplete="off" value=${f.operation} onInput=${set('operation')} />
        <datalist id="f-operation-names">
          ${operations.data && operations.data.operations.map((o) => html`<option value=${o.name}></option>`)}
        </datalist>
      </div>
      <div class="field narrow">
        <label for="f-min">Min duration (ms)</label>
        <input id="f-min" name="min_duration" inputmode="decimal" placeholder="0" value=${f.min_duration} onInput=${set('min_duration')} />
      </div>
      <div class="field narrow">
        <label for="f-max">Max duration (ms)</label>
        <input id="f-max" name="max_duration" inputmode="decimal" placeholder="∞" value=${f.max_duration} onInput=${set('max_duration')} />
      </div>
      <div class="field">
        <label for="f-status">Status</label>
        <select id="f-status" name="status" value=${f.status} onChange=${(e) => setF({ ...f, status: e.currentTarget.value })}>
          <option value="">Any</option><option value="error">Error</option><option value="ok">OK</option><option value="unset">Unset</option>
        </select>
      </div>
      <div class="field grow">
        <label for="f-attr">Attributes (key=value, one per line)</label>
        <textarea id="f-attr" name="attr" rows="1" placeholder="http.route=/cart" value=${f.attr} onInput=${set('attr')}
          onKeyDown=${(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); submit(e); } }}></textarea>
      </div>
      <div class="filters-actions">
        <button type="submit" class="btn btn-primary">Search</button>
        <a class="btn btn-ghost" href="/ui/traces">Clear</a>
      </div>
    </div>
  </form>`;
}

function DurationScatter({ traces }) {
  const sorted = useMemo(() => [...traces].sort((a, b) => a.start_time_unix_nano - b.start_time_unix_nano), [traces]);
  const x = sorted.map((t) => nanosToMs(t.start_time_unix_nano));
  const ok = sorted.map((t) => (t.has_error ? null : nanosToMs(t.duration_ns)));
  const errors = sorted.map((t) => (t.has_error ? nanosToMs(t.duration_ns) : null));
  return html`<${Chart} title="Duration of the traces found (click a point to open it)" kind="points" height=${180} x=${x}
    series=${[{ label: 'ok', values: ok, color: '--chart-1' }, { label: 'error', values: errors, color: '--error' }]}
    yFormat=${fmtDuration} onClickPoint=${(i) => navigate(`/ui/traces/${sorted[i].trace_id}`)} />`;
}
