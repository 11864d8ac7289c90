// Helpers for charting the API's series: several series on one time axis, and the number
// format a metric's unit asks for.
import { api } from '../lib/api.js';
import { fmtDuration } from '../lib/time.js';
import { fmtPercent } from '../lib/ui.js';

// [{ label, points: [{ time_unix_nano, value }] }] -> { x: epoch ms ascending, series:
// [{ label, values }] } with null where a series has no point at a time.
export function mergeSeries(list, valueOf = (p) => p.value) {
  const times = new Set();
  for (const s of list) for (const p of s.points) times.add(Math.round(Number(p.time_unix_nano) / 1e6));
  const x = [...times].sort((a, b) => a - b);
  const at = new Map(x.map((t, i) => [t, i]));
  const series = list.map(({ points, ...rest }) => {
    const values = new Array(x.length).fill(null);
    for (const p of points) values[at.get(Math.round(Number(p.time_unix_nano) / 1e6))] = valueOf(p) ?? null;
    return { ...rest, values };
  });
  return { x, series };
}

const BYTES = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
function fmtBytes(v) {
  let n = Math.abs(v);
  let i = 0;
  while (n >= 1024 && i < BYTES.length - 1) { n /= 1024; i += 1; }
  return `${v < 0 ? '-' : ''}${+n.toPrecision(3)} ${BYTES[i]}`;
}

export function fmtValue(v) {
  if (v == null || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toFixed(2)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  if (a >= 100 || a === 0) return String(Math.round(v * 10) / 10);
  return String(+v.toPrecision(3));
}

// The formatter for a metric's values: UCUM units as OpenTelemetry writes them (By, ms, s, 1).
export function formatFor(unit, fn) {
  if (fn === 'rate') return (v) => (v == null ? '' : `${fmtValue(v)}/s`);
  if (fn === 'count') return fmtValue;
  switch (unit) {
    case 'By': return (v) => (v == null ? '' : fmtBytes(v));
    case 'ms': return (v) => (v == null ? '' : fmtDuration(v));
    case 's': return (v) => (v == null ? '' : fmtDuration(v * 1000));
    case 'us': return (v) => (v == null ? '' : fmtDuration(v / 1000));
    case 'ns': return (v) => (v == null ? '' : fmtDuration(v / 1e6));
    case '1': return (v) => (v == null ? '' : fmtPercent(v));
    case '%': return (v) => (v == null ? '' : `${fmtValue(v)}%`);
    default: return (v) => (v == null ? '' : fmtValue(v));
  }
}

// What a metric's numbers mean, from its newest point in the range: a counter charts as a rate
// per second, a histogram as its p95, anything else as its average (as the AI engine reads them).
export async function autoFunction(name, params, signal) {
  const { points } = await api.get('/api/v1/metrics', { name, start: params.start, end: params.end, limit: 1 }, { signal });
  const point = points[0];
  if (!point) return 'avg';
  if (point.kind.includes('histogram') || point.kind === 'summary') return 'p95';
  return point.kind === 'sum' && point.is_monotonic ? 'rate' : 'avg';
}
