// A service's RED series over the range (GET /api/v1/services/{s}/series), laid on a full
// grid of buckets so quiet buckets show as zero traffic rather than a line across the gap.
//
//   toRed(points, { start, end, stepMs }) -> { x: ms[], rate, errorsPerSec, errorRate, p50, p95, p99 }
//   onGrid(points, { start, end, stepMs }, (p) => value, empty = 0) -> { x, values }
//   percentile(sortedNumbers, 0.95)   operationsFromSpans(spans, seconds) -> operation rows
export function toRed(points, { start, end, stepMs }) {
  const n = Math.max(1, Math.ceil((end - start) / stepMs));
  const x = Array.from({ length: n }, (_, i) => start + i * stepMs);
  const out = { x, rate: x.map(() => 0), errorsPerSec: x.map(() => 0), errorRate: x.map(() => null),
    p50: x.map(() => null), p95: x.map(() => null), p99: x.map(() => null) };
  const perSec = stepMs / 1000;
  for (const p of points || []) {
    const i = Math.floor((p.time_unix_nano / 1e6 - start) / stepMs);
    if (i < 0 || i >= n) continue;
    out.rate[i] += p.span_count / perSec;
    out.errorsPerSec[i] += p.error_count / perSec;
    out.errorRate[i] = p.span_count ? p.error_count / p.span_count : 0;
    out.p50[i] = p.p50_ms;
    out.p95[i] = p.p95_ms;
    out.p99[i] = p.p99_ms;
  }
  return out;
}

export function onGrid(points, { start, end, stepMs }, pick, empty = 0) {
  const n = Math.max(1, Math.ceil((end - start) / stepMs));
  const x = Array.from({ length: n }, (_, i) => start + i * stepMs);
  const values = x.map(() => empty);
  for (const p of points || []) {
    const i = Math.floor((p.time_unix_nano / 1e6 - start) / stepMs);
    if (i >= 0 && i < n) values[i] = pick(p);
  }
  return { x, values };
}

export function percentile(sorted, q) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

// Operations estimated from a sample of spans (when the server has no operations route).
export function operationsFromSpans(spans, seconds) {
  const by = new Map();
  for (const s of spans) {
    let o = by.get(s.name);
    if (!o) by.set(s.name, (o = { name: s.name, kind: s.kind, durations: [], error_count: 0 }));
    o.durations.push(s.duration_ns / 1e6);
    if (s.status_code === 'error') o.error_count += 1;
  }
  return [...by.values()].map((o) => {
    const d = o.durations.sort((a, b) => a - b);
    return { name: o.name, kind: o.kind, span_count: d.length, rate_per_sec: d.length / seconds,
      error_count: o.error_count, error_rate: o.error_count / d.length,
      p50_ms: percentile(d, 0.5), p95_ms: percentile(d, 0.95), p99_ms: percentile(d, 0.99) };
  });
}
