// A service's operations (span names) with RED figures over the range: the server's
// per-operation route when it has one, else an estimate from the latest 1,000 spans.
//
//   loadOperations(service, { start, end, params }, signal) -> { operations: [{ name,
//       span_count, rate_per_sec, error_count, error_rate, p50_ms, p95_ms, p99_ms }], sampled }
//     sampled: false, or how many spans the estimate read
import { api } from '../lib/api.js';
import { operationsFromSpans } from './series.js';

export async function loadOperations(service, range, signal) {
  const base = `/api/v1/services/${encodeURIComponent(service)}`;
  try {
    const r = await api.get(`${base}/operations`, range.params, { signal });
    return { operations: r.operations, sampled: false };
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  const limit = 1000;
  const { spans } = await api.get('/api/v1/spans', { ...range.params, service, limit }, { signal });
  let seconds = (range.end - range.start) / 1000;
  if (spans.length >= limit) {
    const times = spans.map((s) => s.start_time_unix_nano / 1e9);
    seconds = Math.max(1, Math.max(...times) - Math.min(...times));
  }
  return { operations: operationsFromSpans(spans, seconds), sampled: spans.length };
}
