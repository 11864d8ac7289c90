// The time range every screen shares, kept in the URL as `from` / `to`: relative
// (`now-15m`, `now-1h`, `now-7d`, `now`) or absolute epoch milliseconds (Logs also read `start` /
// `end`, RFC 3339 or epoch ms). The API takes `start` / `end` in epoch ms and answers nanoseconds.
//
//   useTimeRange() -> { from, to, start, end, step, setRange({from,to}), refresh, params }
//       start/end: epoch ms resolved when from/to change or refreshRange() runs (relative ranges
//       move with the clock only then, so fetches don't loop); params = { start, end } for api
//   resolveRange({ from, to }, now) -> { start, end }     parseTime('now-15m', now) -> epoch ms
//   PRESETS: [{ from, label }]   DEFAULT_RANGE   isRelative(v)   rangeLabel({from,to})
//   stepFor(start, end, points=60) -> '30s' etc. (a step the API accepts)   stepMs(step)
//   withRange('/ui/traces', { service }) -> href carrying the current from/to
//   nanosToMs(ns)   fmtDuration(ms) '850 µs' '1.2 ms' '3.4 s' '2m 5s'   fmtDurationNs(ns)
//   fmtTime(ms) '14:03:07'   fmtDateTime(ms) '2026-01-02 14:03:07'   fmtTimestampNs(ns) with ms
//   fmtAgo(ms) '5 min ago'   toInputValue(ms) / fromInputValue(str) for <input type=datetime-local>
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { href, parseQuery, useQuery } from './url.js';

export const DEFAULT_RANGE = { from: 'now-1h', to: 'now' };
export const PRESETS = [
  { from: 'now-5m', label: 'Last 5 minutes' },
  { from: 'now-15m', label: 'Last 15 minutes' },
  { from: 'now-1h', label: 'Last 1 hour' },
  { from: 'now-6h', label: 'Last 6 hours' },
  { from: 'now-24h', label: 'Last 24 hours' },
  { from: 'now-7d', label: 'Last 7 days' },
  { from: 'now-30d', label: 'Last 30 days' },
];
const UNIT_MS = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

export const isRelative = (v) => typeof v === 'string' && v.startsWith('now');

// 'now', 'now-15m', epoch ms, or RFC 3339 -> epoch ms (NaN when unreadable).
export function parseTime(v, now = Date.now()) {
  if (v == null || v === '') return NaN;
  const s = String(v).trim();
  const rel = s.match(/^now(?:-(\d+(?:\.\d+)?)([smhdw]))?$/);
  if (rel) return rel[1] ? now - Number(rel[1]) * UNIT_MS[rel[2]] : now;
  if (/^\d+$/.test(s)) return Number(s);
  return Date.parse(s);
}

export function resolveRange({ from, to }, now = Date.now()) {
  let start = parseTime(from, now);
  let end = parseTime(to, now);
  if (!Number.isFinite(end)) end = now;
  if (!Number.isFinite(start) || start >= end) start = end - 3600e3;
  return { start: Math.floor(start), end: Math.ceil(end) };
}

// The range named in a query object: from/to, else start/end (Logs), else the default.
export function rangeOf(query) {
  return {
    from: query.from ?? query.start ?? DEFAULT_RANGE.from,
    to: query.to ?? query.end ?? DEFAULT_RANGE.to,
  };
}

const STEPS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
export function stepFor(start, end, points = 60) {
  const want = (end - start) / 1000 / points;
  const s = STEPS.find((x) => x >= want) ?? 86400;
  return s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`;
}
export const stepMs = (step) => {
  const m = String(step).match(/^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/);
  if (!m) return 60e3;
  return Number(m[1]) * ({ ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2] || 'ms']);
};

// One refresh for the whole page: the header's button re-resolves every relative range.
let tick = 0;
const ticking = new Set();
export function refreshRange() {
  tick += 1;
  for (const l of [...ticking]) l(tick);
}

export function useTimeRange() {
  const [query, setQuery] = useQuery();
  const { from, to } = rangeOf(query);
  const [now, setNow] = useState(tick);
  useEffect(() => { ticking.add(setNow); return () => ticking.delete(setNow); }, []);
  const { start, end } = useMemo(() => resolveRange({ from, to }), [from, to, now]);
  const setRange = useCallback((r) => setQuery({ from: r.from, to: r.to, start: null, end: null }), []);
  return { from, to, start, end, step: stepFor(start, end), setRange, refresh: refreshRange,
    params: { start, end } };
}

// A link to another screen that keeps the current time range (only when not the default).
export function withRange(path, params = {}) {
  const { from, to } = rangeOf(parseQuery(location.search));
  const keep = from === DEFAULT_RANGE.from && to === DEFAULT_RANGE.to ? {} : { from, to };
  return href(path, { ...params, ...keep });
}

export function rangeLabel({ from, to }) {
  const preset = PRESETS.find((p) => p.from === from);
  if (preset && to === 'now') return preset.label;
  if (isRelative(from) && to === 'now') return `Last ${from.slice(4)}`;
  const { start, end } = resolveRange({ from, to });
  return `${fmtDateTime(start)} → ${fmtDateTime(end)}`;
}

export const nanosToMs = (ns) => Number(ns) / 1e6;

export function fmtDuration(ms) {
  if (ms == null || !Number.isFinite(Number(ms))) return '–';
  const v = Number(ms);
  if (v === 0) return '0 ms';
  if (v < 0.001) return `${Math.round(v * 1e6)} ns`;
  if (v < 1) return `${trim(v * 1000)} µs`;
  if (v < 1000) return `${trim(v)} ms`;
  if (v < 60e3) return `${trim(v / 1000)} s`;
  if (v < 3600e3) return `${Math.floor(v / 60e3)}m ${Math.round((v % 60e3) / 1000)}s`;
  return `${Math.floor(v / 3600e3)}h ${Math.round((v % 3600e3) / 60e3)}m`;
}
export const fmtDurationNs = (ns) => fmtDuration(nanosToMs(ns));
// Three significant figures at most: 1.23, 12.3, 123.
const trim = (v) => (v >= 100 ? String(Math.round(v)) : String(Number(v.toPrecision(v >= 10 ? 3 : 2))));

const pad = (n, w = 2) => String(n).padStart(w, '0');
export function fmtTime(ms) {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
export function fmtDateTime(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${fmtTime(ms)}`;
}
export function fmtTimestampNs(ns) {
  const ms = nanosToMs(ns);
  return `${fmtDateTime(ms)}.${pad(Math.floor(ms % 1000), 3)}`;
}
export function fmtAgo(ms, now = Date.now()) {
  const s = Math.round((now - ms) / 1000);
  if (s < 60) return `${Math.max(s, 0)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

// <input type="datetime-local"> speaks local wall time without a zone.
export function toInputValue(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
export const fromInputValue = (s) => new Date(s).getTime();
