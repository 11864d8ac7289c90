// Overview: every service over the range with rate, error rate, latency percentiles, a trend
// and its insights; sortable (sort/dir in the URL), filterable by name (`q`).
import { html, useMemo } from '../lib/html.js';
import { useAsync } from '../lib/api.js';
import { useParam } from '../lib/url.js';
import { fmtDuration, useTimeRange, withRange } from '../lib/time.js';
import { Sparkline } from '../lib/chart.js';
import {
  Badge, Empty, ErrorMessage, Loading, Screen, Stat, Table, fmtCompact, fmtPercent, fmtRate,
  sortRows, stateOf, useSort,
} from '../lib/ui.js';
import { loadStats } from '../data/stats.js';
import { onGrid } from '../data/series.js';

export const errorTone = (rate) => (rate >= 0.05 ? 'error' : rate >= 0.01 ? 'warn' : 'ok');

export function Overview() {
  const range = useTimeRange();
  const result = useAsync((signal) => loadStats(range, signal), [range.start, range.end]);
  const [sort, toggleSort] = useSort('rate', 'desc');
  const [q, setQ] = useParam('q', '');
  const data = result.data;
  const state = stateOf(result, (d) => d.services.length === 0);

  const rows = useMemo(() => {
    if (!data) return [];
    const needle = q.toLowerCase();
    const shown = data.services.filter((s) => !needle || s.name.toLowerCase().includes(needle));
    return sortRows(shown, sort, { rate: (s) => s.rate_per_sec, p50: (s) => s.p50_ms, p95: (s) => s.p95_ms,
      p99: (s) => s.p99_ms, insights: (s) => s.open_insights });
  }, [data, q, sort.key, sort.dir]);

  const grid = data && { start: data.start_unix_nano / 1e6, end: data.end_unix_nano / 1e6,
    stepMs: data.step_seconds * 1000 };
  const columns = [
    { key: 'name', label: 'Service', sort: true, render: (s) => html`<a href=${withRange(`/ui/services/${encodeURIComponent(s.name)}`)}>${s.name}</a>` },
    { key: 'rate', label: 'Rate', sort: true, align: 'right', render: (s) => fmtRate(s.rate_per_sec) },
    { key: 'error_rate', label: 'Errors', sort: true, align: 'right',
      render: (s) => html`<${Badge} tone=${s.error_count ? errorTone(s.error_rate) : 'muted'}>${fmtPercent(s.error_rate)}<//>` },
    { key: 'p50', label: 'p50', sort: true, align: 'right', render: (s) => fmtDuration(s.p50_ms) },
    { key: 'p95', label: 'p95', sort: true, align: 'right', render: (s) => fmtDuration(s.p95_ms) },
    { key: 'p99', label: 'p99', sort: true, align: 'right', render: (s) => fmtDuration(s.p99_ms) },
    { key: 'trend', label: 'Rate trend', render: (s) => {
      const { x, values } = onGrid(s.sparkline, grid, (p) => p.rate_per_sec);
      return html`<${Sparkline} label=${`${s.name} request rate over the range`} x=${x} values=${values}
        color=${s.error_rate >= 0.05 ? '--error' : '--chart-1'} />`;
    } },
    { key: 'insights', label: 'Insights', sort: true, align: 'right', render: (s) => (s.open_insights
      ? html`<a href=${withRange('/ui/insights', { service: s.name })} data-testid="insight-count"
          aria-label=${`${s.open_insights} insight${s.open_insights === 1 ? '' : 's'} about ${s.name}`}><${Badge} tone="warn">${s.open_insights}<//></a>`
      : html`<span class="muted" data-testid="insight-count">0</span>`) },
  ];

  return html`<${Screen} name="overview" state=${state} title="Services"
      subtitle="Request rate, errors and latency of every service that sent spans in the range">
    ${result.error && html`<${ErrorMessage} error=${result.error} retry=${result.reload} />`}
    ${state === 'loading' && html`<${Loading} label="Loading services" />`}
    ${state === 'empty' && html`<${Empty} title="No services have sent spans in this range" sdk=${true} />`}
    ${data && data.services.length > 0 && html`
      <div class="stats">
        <${Stat} label="Services" value=${data.totals.services} />
        <${Stat} label="Spans" value=${fmtCompact(data.totals.spans)} />
        <${Stat} label="Errors" value=${fmtCompact(data.totals.errors)}
          tone=${data.totals.errors ? 'error' : undefined}
          hint=${data.totals.spans ? `${fmtPercent(data.totals.errors / data.totals.spans)} of spans` : ''} />
        ${data.totals.logs != null && html`<${Stat} label="Logs" value=${fmtCompact(data.totals.logs)}
          hint=${data.totals.error_logs != null ? `${fmtCompact(data.totals.error_logs)} errors` : 'stored'} />`}
        <${Stat} label="Insights" value=${data.totals.open_insights}
          tone=${data.totals.open_insights ? 'warn' : undefined} />
      </div>
      <div class="panel">
        <div class="panel-head">
          <h2 id="services-heading">Services <span class="muted">(${rows.length})</span></h2>
          <div class="panel-actions">
            <label class="sr-only" for="service-filter">Filter services</label>
            <input id="service-filter" type="search" placeholder="Filter services  /" value=${q}
              onInput=${(e) => setQ(e.currentTarget.value, { replace: true })} />
          </div>
        </div>
        <${Table} caption="Services" columns=${columns} rows=${rows} rowKey=${(s) => s.name}
          rowProps=${(s) => ({ 'data-service': s.name })} sort=${sort} onSort=${toggleSort}
          empty=${`No service matches “${q}”.`} />
      </div>`}
  <//>`;
}
