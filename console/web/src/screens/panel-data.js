// A panel's API answer as what its type draws: series on a time axis, stat figures, or table
// rows. The read API's answers are known by their shape; anything else falls back to its first
// list of records and its numeric fields.
import { fmtDuration, nanosToMs } from '../lib/time.js';
import { fmtPercent } from '../lib/ui.js';
import { fmtValue, formatFor, mergeSeries } from './series.js';

const ms = (v) => fmtDuration(v);

// A service's RED series charts one signal group; the panel's title says which
// ("Errors", "Latency p95", otherwise the rate), as the presets name them. The API leaves
// empty buckets out: over the range they are no spans (rate and errors 0, no latency).
function redSeries(data, title, range) {
  const stepMs = data.step_ms || 60000;
  const byTime = new Map(data.points.map((p) => [Math.round(nanosToMs(p.time_unix_nano)), p]));
  const times = gridTimes([...byTime.keys()], stepMs, range);
  const line = (label, f, empty) => ({ label, points: times.map((t) => ({
    time_unix_nano: t * 1e6, value: byTime.has(t) ? f(byTime.get(t)) : empty })) });
  if (/error/i.test(title)) return { ...mergeSeries([line('errors', (p) => p.error_count, 0)]), yFormat: fmtValue };
  if (/latenc|duration|p50|p9\d/i.test(title)) {
    return { ...mergeSeries([line('p50', (p) => p.p50_ms, null), line('p95', (p) => p.p95_ms, null),
      line('p99', (p) => p.p99_ms, null)]), yFormat: ms };
  }
  return { ...mergeSeries([line('spans/s', (p) => p.span_count / (stepMs / 1000), 0)]), yFormat: (v) => `${fmtValue(v)}/s` };
}

// Every bucket start of the range, on the grid the given times lie on.
function gridTimes(times, stepMs, range) {
  if (!times.length || !range) return times.sort((a, b) => a - b);
  const phase = ((times[0] % stepMs) + stepMs) % stepMs;
  const out = [];
  for (let t = Math.floor((range.start - phase) / stepMs) * stepMs + phase; t < range.end; t += stepMs) {
    if (t >= range.start - stepMs) out.push(t);
    if (out.length > 5000) break;
  }
  return out;
}

// -> { x, series: [{ label, values, color?, dash? }], yFormat, bands? } or null
// `range` ({ start, end } ms) fills empty buckets; `units` (metric name -> unit) formats values.
export function toSeries(data, title = '', { range, units = {} } = {}) {
  if (!data || typeof data !== 'object') return null;
  if (Array.isArray(data.points) && 'function' in data && 'name' in data) {
    return { ...mergeSeries([{ label: `${data.name} · ${data.function}`, points: data.points }]),
      yFormat: formatFor(units[data.name] || '', data.function) };
  }
  if (Array.isArray(data.points) && 'service' in data) return redSeries(data, title, range);
  if (data.forecast && Array.isArray(data.history)) {
    const f = data.forecast.points;
    const { x, series } = mergeSeries([
      { label: 'history', points: data.history },
      { label: 'forecast', points: f, color: '--chart-5', dash: [6, 4] },
      { label: 'upper', points: f.map((p) => ({ time_unix_nano: p.time_unix_nano, value: p.upper })), color: '--chart-5', width: 0.5 },
      { label: 'lower', points: f.map((p) => ({ time_unix_nano: p.time_unix_nano, value: p.lower })), color: '--chart-5', width: 0.5 },
    ]);
    return { x, series, yFormat: fmtValue, bands: [{ upper: 2, lower: 3 }] };
  }
  // Any list of records with a time: one series per numeric field.
  const rows = firstList(data);
  if (!rows || !rows.length) return rows ? { x: [], series: [], yFormat: fmtValue } : null;
  const timeKey = ['time_unix_nano', 'start_unix_nano', 'start_time_unix_nano'].find((k) => k in rows[0]);
  if (!timeKey) return null;
  const fields = Object.keys(rows[0]).filter((k) => k !== timeKey && typeof rows[0][k] === 'number' && !/_nano$/.test(k));
  const { x, series } = mergeSeries(fields.map((k) => ({
    label: k, points: rows.map((r) => ({ time_unix_nano: r[timeKey], value: r[k] })),
  })));
  return { x, series, yFormat: fmtValue };
}

// -> [{ label, value, tone? }] (figures already formatted)
export function toStats(data, title = '', context = {}) {
  if (!data || typeof data !== 'object') return [];
  if (data.point) return [{ label: data.point.name, value: formatFor(data.point.unit)(data.point.value ?? data.point.sum) }];
  if (data.totals) {
    const t = data.totals;
    return [['services', 'Services'], ['spans', 'Spans'], ['errors', 'Errors'], ['logs', 'Logs'],
      ['error_logs', 'Error logs'], ['open_insights', 'Open insights']]
      .filter(([k]) => k in t).map(([k, label]) => ({ label, value: fmtValue(t[k]),
        tone: /error|insight/.test(k) && t[k] > 0 ? 'error' : undefined }));
  }
  if ('p95' in data && 'count' in data) {
    const f = formatFor((context.units || {})[data.name] || '');
    return [['avg', 'avg', f], ['p95', 'p95', f], ['max', 'max', f], ['count', 'points', fmtValue]]
      .map(([k, label, format]) => ({ label, value: format(data[k]) }));
  }
  if (Array.isArray(data.services) && !data.totals) {
    const s = data.services;
    const spans = s.reduce((n, x) => n + (x.span_count || 0), 0);
    const errors = s.reduce((n, x) => n + (x.error_count || 0), 0);
    return [{ label: 'Services', value: String(s.length) }, { label: 'Spans', value: fmtValue(spans) },
      { label: 'Error rate', value: fmtPercent(spans ? errors / spans : 0), tone: errors ? 'error' : undefined }];
  }
  const chart = toSeries(data, title, context);
  if (chart && chart.series.length) {
    return chart.series.map((s) => {
      const v = s.values.filter((n) => n != null);
      return { label: `${s.label} (last)`, value: v.length ? chart.yFormat(v[v.length - 1]) : '–' };
    });
  }
  return Object.entries(data).filter(([, v]) => typeof v === 'number').slice(0, 6)
    .map(([k, v]) => ({ label: k.replaceAll('_', ' '), value: fmtValue(v) }));
}

// The first array of records in an answer (services, logs, traces, edges, insights…).
export function firstList(data) {
  if (Array.isArray(data)) return data;
  for (const v of Object.values(data || {})) if (Array.isArray(v) && (!v.length || typeof v[0] === 'object')) return v;
  return null;
}

const HIDDEN = /^(attributes|resource_attributes|events|links|evidence|examples|sparkline|by_severity|explicit_bounds|bucket_counts|quantiles)$/;

// -> { columns: [{ key, label, align? }], rows } with at most 8 scalar columns.
export function toTable(data) {
  const rows = firstList(data) || [];
  const first = rows[0] || {};
  const columns = Object.keys(first)
    .filter((k) => !HIDDEN.test(k) && (first[k] === null || typeof first[k] !== 'object' || Array.isArray(first[k])))
    .slice(0, 8)
    .map((k) => ({ key: k, label: k.replaceAll('_', ' '), align: typeof first[k] === 'number' ? 'right' : undefined }));
  return { columns, rows };
}

// One cell as text: times as dates, durations and ratios readable, lists joined.
export function cellText(key, v) {
  if (v == null) return '–';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : x)).join(', ');
  if (typeof v === 'number') {
    if (/_unix_nano$/.test(key)) return new Date(nanosToMs(v)).toLocaleString();
    if (/_ms$/.test(key)) return fmtDuration(v);
    if (/_ns$/.test(key)) return fmtDuration(v / 1e6);
    if (/rate$/.test(key) && key.includes('error')) return fmtPercent(v);
    return fmtValue(v);
  }
  return String(v);
}
