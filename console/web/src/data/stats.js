// The overview's figures: GET /api/v1/dashboard/stats in one call. Against a server without
// that route (404) the same shape is assembled from /services, /insights and each service's
// series, so the console works with either.
//
//   loadStats({ start, end, step }, signal) -> { totals, services: [{ name, rate_per_sec,
//       error_rate, p50_ms, p95_ms, p99_ms, span_count, error_count, open_insights,
//       sparkline: [{ time_unix_nano, rate_per_sec, error_rate, p95_ms }] }] }
import { api } from '../lib/api.js';
import { stepMs } from '../lib/time.js';

export async function loadStats({ start, end, step }, signal) {
  try {
    return await api.get('/api/v1/dashboard/stats', { start, end }, { signal });
  } catch (e) {
    if (e.status !== 404) throw e;
  }
  return assemble({ start, end, step }, signal);
}

async function assemble({ start, end, step }, signal) {
  const [{ services }, insights, stats] = await Promise.all([
    api.get('/api/v1/services', { start, end }, { signal }),
    api.get('/api/v1/insights', { start, end, limit: 1000 }, { signal }).catch(() => ({ insights: [] })),
    api.get('/api/v1/stats', null, { signal }).catch(() => ({})),
  ]);
  const openByService = {};
  for (const i of insights.insights || []) if (i.service) openByService[i.service] = (openByService[i.service] || 0) + 1;
  const stepSeconds = stepMs(step) / 1000;
  const series = await Promise.all(services.map((s) =>
    api.get(`/api/v1/services/${encodeURIComponent(s.name)}/series`, { start, end, step }, { signal })
      .catch(() => ({ points: [] }))));
  const rows = services.map((s, i) => ({
    ...s,
    open_insights: openByService[s.name] || 0,
    sparkline: (series[i].points || []).map((p) => ({
      time_unix_nano: p.time_unix_nano,
      rate_per_sec: p.span_count / stepSeconds,
      error_rate: p.span_count ? p.error_count / p.span_count : 0,
      p95_ms: p.p95_ms,
    })),
  }));
  const sum = (k) => rows.reduce((a, r) => a + (r[k] || 0), 0);
  return {
    start_unix_nano: start * 1e6,
    end_unix_nano: end * 1e6,
    step_seconds: stepSeconds,
    totals: {
      services: rows.length,
      spans: sum('span_count'),
      errors: sum('error_count'),
      logs: stats.logs ?? null,
      error_logs: null,
      open_insights: (insights.insights || []).length,
    },
    services: rows,
  };
}
