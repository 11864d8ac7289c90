// What a dashboard panel may query: the read API, route by route, with the parameters each
// declares (the server checks the same when a dashboard is saved) and the panel types its
// answer suits. A path the catalogue lacks (a copilot's, a newer route) is kept as it is.
const FN = ['avg', 'sum', 'min', 'max', 'count', 'rate', 'p50', 'p90', 'p95', 'p99'];
const SEVERITY = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
const p = (name, label, extra = {}) => ({ name, label, ...extra });
const STEP = p('step', 'Step', { placeholder: '1m (default: a 60th of the range)' });
const SERVICE = p('service', 'Service', { placeholder: 'any', suggest: 'services' });
const LIMIT = p('limit', 'Rows', { placeholder: '100' });

export const QUERIES = [
  { path: '/api/v1/services/{service}/series', label: 'Service: rate, errors, latency over time',
    segment: { label: 'Service', suggest: 'services' }, params: [STEP], types: ['timeseries', 'bar', 'stat'] },
  { path: '/api/v1/metrics/series/{name}', label: 'Metric over time',
    segment: { label: 'Metric', suggest: 'metrics' }, attrs: true, types: ['timeseries', 'bar', 'stat'],
    params: [p('fn', 'Aggregation', { options: FN }), STEP, SERVICE] },
  { path: '/api/v1/metrics/aggregate/{name}', label: 'Metric summary (count, avg, p95…)',
    segment: { label: 'Metric', suggest: 'metrics' }, attrs: true, params: [SERVICE], types: ['stat', 'table'] },
  { path: '/api/v1/metrics/latest/{name}', label: 'Metric: latest value',
    segment: { label: 'Metric', suggest: 'metrics' }, attrs: true, params: [SERVICE], types: ['stat'] },
  { path: '/api/v1/logs/histogram', label: 'Log volume by severity', attrs: true, types: ['bar', 'timeseries'],
    params: [STEP, SERVICE, p('q', 'Text in body'), p('min_severity', 'Minimum severity', { options: SEVERITY })] },
  { path: '/api/v1/logs', label: 'Log records', attrs: true, types: ['logs', 'table'],
    params: [SERVICE, p('q', 'Text in body'), p('min_severity', 'Minimum severity', { options: SEVERITY }), LIMIT] },
  { path: '/api/v1/traces', label: 'Traces', attrs: true, types: ['traces', 'table'],
    params: [SERVICE, p('operation', 'Operation'), p('min_duration', 'Min duration', { placeholder: '250ms' }),
      p('status', 'Status', { options: ['error', 'ok', 'unset'] }),
      p('sort', 'Sort', { options: ['newest', 'oldest', 'longest', 'shortest'] }), LIMIT] },
  { path: '/api/v1/spans', label: 'Spans', attrs: true, types: ['table'],
    params: [SERVICE, p('operation', 'Operation'), p('status', 'Status', { options: ['error', 'ok', 'unset'] }),
      p('sort', 'Sort', { options: ['newest', 'oldest', 'longest', 'shortest'] }), LIMIT] },
  { path: '/api/v1/services', label: 'Services with their RED figures', params: [], types: ['table', 'stat'] },
  { path: '/api/v1/dashboard/stats', label: 'Totals: services, spans, errors, logs, insights', params: [], types: ['stat', 'table'] },
  { path: '/api/v1/service-map', label: 'Calls between services', params: [], types: ['table'] },
  { path: '/api/v1/insights', label: 'Insights', types: ['table'],
    params: [p('kind', 'Kind', { options: ['anomaly', 'log_pattern', 'capacity', 'tip'] }), SERVICE,
      p('severity', 'Severity at least', { options: ['info', 'warning', 'critical'] }), LIMIT] },
  { path: '/api/v1/logs/patterns', label: 'Log patterns', types: ['table'],
    params: [SERVICE, p('min_severity', 'Minimum severity', { options: SEVERITY }), LIMIT] },
  { path: '/api/v1/forecast', label: 'Metric forecast', types: ['timeseries'],
    params: [p('metric', 'Metric', { suggest: 'metrics' }), p('fn', 'Aggregation', { options: FN }),
      p('horizon', 'Horizon', { placeholder: '7d' }), p('threshold', 'Threshold', { placeholder: 'e.g. 0.9' })] },
  { path: '/api/v1/metrics/names', label: 'Metric names', params: [], types: ['table'] },
  { path: '/api/v1/stats', label: 'Stored totals (all time)', params: [], types: ['stat'], range: false },
];

export const PANEL_TYPES = ['timeseries', 'bar', 'stat', 'table', 'logs', 'traces'];

// The catalogue entry a concrete path is an instance of, and its `{…}` segment decoded.
export function entryOf(path) {
  for (const entry of QUERIES) {
    const [head, tail = ''] = entry.path.split(/\{[^}]+\}/);
    if (!entry.segment) { if (path === entry.path) return { entry, segment: '' }; continue; }
    if (path.startsWith(head) && path.endsWith(tail) && path.length >= head.length + tail.length) {
      const raw = path.slice(head.length, path.length - tail.length);
      if (raw.includes('/')) continue;
      try { return { entry, segment: decodeURIComponent(raw) }; } catch { /* not ours */ }
    }
  }
  return { entry: null, segment: '' };
}

export const pathFor = (entry, segment) =>
  entry.path.replace(/\{[^}]+\}/, encodeURIComponent(segment || ''));

// Whether the console adds the dashboard's time range (start, end) to a panel's query.
export function takesRange(path) {
  const { entry } = entryOf(path);
  if (entry) return entry.range !== false;
  return !/^\/api\/v1\/(stats|whoami|traces\/[^/]+|insights\/[^/]+)$/.test(path);
}

// Only the read API is ever fetched for a panel, whatever a stored dashboard says.
export const safePath = (path) => typeof path === 'string' && /^\/api\/v1\/[A-Za-z0-9._~%/-]+$/.test(path)
  && !path.includes('..');
