// One service: its RED charts over the range, its operations, slowest traces, recent errors,
// logs and insights, each linking on to the full screen.
import { html, useMemo } from '../lib/html.js';
import { useApi, useAsync } from '../lib/api.js';
import { fmtDuration, fmtDurationNs, fmtTimestampNs, stepMs, useTimeRange, withRange } from '../lib/time.js';
import { Chart } from '../lib/chart.js';
import {
  Badge, Empty, ErrorMessage, Loading, Panel, Screen, Stat, Table, fmtNumber, fmtPercent, fmtRate,
  severityTone, sortRows, stateOf, useSort,
} from '../lib/ui.js';
import { toRed } from '../data/series.js';
import { loadOperations } from '../data/operations.js';
import { TraceTable } from '../apm/trace-table.js';
import { errorText } from '../apm/span-details.js';
import { errorTone } from './overview.js';

export function Service({ service }) {
  const range = useTimeRange();
  const path = `/api/v1/services/${encodeURIComponent(service)}`;
  const summary = useApi('/api/v1/services', range.params);
  const series = useApi(`${path}/series`, { ...range.params, step: range.step });
  // Every panel loads at once; the screen is ready when all have answered (or failed).
  const ops = useAsync((signal) => loadOperations(service, range, signal), [service, range.start, range.end]);
  const slowest = useApi('/api/v1/traces', { ...range.params, service, sort: 'longest', limit: 8 });
  const errors = useApi('/api/v1/spans', { ...range.params, service, status: 'error', limit: 8 });
  const logs = useApi('/api/v1/logs', { ...range.params, service, limit: 12 });
  const insights = useApi('/api/v1/insights', { ...range.params, service, limit: 8 });
  const settled = [ops, slowest, errors, logs, insights].every((r) => r.data !== undefined || r.error);
  const me = summary.data && summary.data.services.find((s) => s.name === service);
  let state = summary.error ? 'error' : stateOf(series, (d) => !me && !(d.points || []).length);
  if (state === 'ready' && !settled) state = 'loading';
  const red = useMemo(() => series.data && toRed(series.data.points, { ...range, stepMs: stepMs(range.step) }),
    [series.data]);
  const zoom = (a, b) => range.setRange({ from: String(a), to: String(b) });

  return html`<${Screen} name="service" state=${state} title=${service}
      subtitle=${html`<span class="crumbs"><a href=${withRange('/ui/')}>Services</a> / ${service}</span>`}
      actions=${html`<a class="btn" href=${withRange('/ui/traces', { service })}>Traces</a>
        <a class="btn" href=${withRange('/ui/logs', { service })}>Logs</a>
        <a class="btn" href=${withRange('/ui/service-map', { focus: service })}>Service map</a>`}>
    ${(summary.error || series.error) && html`<${ErrorMessage} error=${summary.error || series.error}
      retry=${() => { summary.reload(); series.reload(); }} />`}
    ${state === 'loading' && !red && html`<${Loading} label=${`Loading ${service}`} />`}
    ${state === 'empty' && html`<${Empty} title=${`No spans from “${service}” in this range`}>
      <p>Widen the time range, or check the name: services are named by the
        <code>service.name</code> resource attribute (<code>OTEL_SERVICE_NAME</code>).</p>
      <p><a href=${withRange('/ui/')}>See all services</a></p><//>`}
    ${(state === 'ready' || (state === 'loading' && red)) && html`
      ${me && html`<div class="stats">
        <${Stat} label="Rate" value=${fmtRate(me.rate_per_sec)} hint=${`${fmtNumber(me.span_count)} spans`} />
        <${Stat} label="Error rate" value=${fmtPercent(me.error_rate)} tone=${me.error_count ? errorTone(me.error_rate) : undefined}
          hint=${`${fmtNumber(me.error_count)} errors`} />
        <${Stat} label="p50" value=${fmtDuration(me.p50_ms)} />
        <${Stat} label="p95" value=${fmtDuration(me.p95_ms)} />
        <${Stat} label="p99" value=${fmtDuration(me.p99_ms)} />
      </div>`}
      ${red && html`<div class="grid grid-3 red-charts">
        <div class="panel"><div class="panel-body">
          <${Chart} title="Requests / s" x=${red.x} sync="service" onSelectRange=${zoom} kind="area"
            series=${[{ label: 'requests/s', values: red.rate }, { label: 'errors/s', values: red.errorsPerSec, color: '--error' }]}
            yFormat=${(v) => fmtRate(v).replace('/s', '')} />
        </div></div>
        <div class="panel"><div class="panel-body">
          <${Chart} title="Error rate" x=${red.x} sync="service" onSelectRange=${zoom}
            series=${[{ label: 'error rate', values: red.errorRate, color: '--error' }]} yFormat=${fmtPercent} />
        </div></div>
        <div class="panel"><div class="panel-body">
          <${Chart} title="Latency" x=${red.x} sync="service" onSelectRange=${zoom}
            series=${[{ label: 'p50', values: red.p50, color: '--chart-2' }, { label: 'p95', values: red.p95, color: '--chart-3' },
              { label: 'p99', values: red.p99, color: '--chart-4' }]} yFormat=${fmtDuration} />
        </div></div>
      </div>`}
      <${Operations} service=${service} result=${ops} />
      <div class="grid grid-2 section">
        <${SlowestTraces} service=${service} r=${slowest} />
        <${RecentErrors} service=${service} r=${errors} />
      </div>
      <div class="grid grid-2 section">
        <${ServiceLogs} service=${service} r=${logs} />
        <${ServiceInsights} service=${service} r=${insights} />
      </div>`}
  <//>`;
}

function Operations({ service, result }) {
  const [sort, toggle] = useSort('rate', 'desc');
  const rows = result.data ? sortRows(result.data.operations, sort, { rate: (o) => o.rate_per_sec,
    p50: (o) => o.p50_ms, p95: (o) => o.p95_ms, p99: (o) => o.p99_ms }) : [];
  const traces = (o, extra = {}) => withRange('/ui/traces', { service, operation: o.name, ...extra });
  const columns = [
    { key: 'name', label: 'Operation', sort: true, render: (o) => html`<a href=${traces(o)}>${o.name}</a>` },
    { key: 'rate', label: 'Rate', sort: true, align: 'right', render: (o) => fmtRate(o.rate_per_sec) },
    { key: 'error_rate', label: 'Errors', sort: true, align: 'right', render: (o) => (o.error_count
      ? html`<a href=${traces(o, { status: 'error' })}><${Badge} tone=${errorTone(o.error_rate)}>${fmtPercent(o.error_rate)}<//></a>`
      : html`<span class="muted">0%</span>`) },
    { key: 'p50', label: 'p50', sort: true, align: 'right', render: (o) => fmtDuration(o.p50_ms) },
    { key: 'p95', label: 'p95', sort: true, align: 'right', render: (o) => fmtDuration(o.p95_ms) },
    { key: 'p99', label: 'p99', sort: true, align: 'right', render: (o) => html`<a href=${traces(o, { min_duration: Math.floor(o.p99_ms) || undefined })}
        title="Traces at or above p99">${fmtDuration(o.p99_ms)}</a>` },
  ];
  return html`<${Panel} title="Operations" className="section" flush=${true}
      actions=${result.data && result.data.sampled && html`<span class="muted">estimated from the latest ${fmtNumber(result.data.sampled)} spans</span>`}>
    ${result.error && html`<${ErrorMessage} error=${result.error} retry=${result.reload} />`}
    ${!result.data && !result.error && html`<${Loading} label="Loading operations" />`}
    ${result.data && html`<${Table} caption="Operations" columns=${columns} rows=${rows} dense=${true}
      rowKey=${(o) => o.name} rowProps=${(o) => ({ 'data-operation': o.name })} sort=${sort} onSort=${toggle}
      empty="No operations in this range." />`}
  <//>`;
}

function SlowestTraces({ service, r }) {
  return html`<${Panel} title="Slowest traces" flush=${true} actions=${html`<a href=${withRange('/ui/traces', { service, sort: 'longest' })}>All traces →</a>`}>
    <${Section} result=${r} empty="No traces in this range." render=${(d) => (d.traces.length
      ? html`<${TraceTable} traces=${d.traces} compact=${true} caption="Slowest traces" />` : null)} />
  <//>`;
}

// Error spans (not just traces whose root failed) with what went wrong, each opening its trace
// at that span.
function RecentErrors({ service, r }) {
  const columns = [
    { key: 'time', label: 'Time', render: (s) => html`<span class="mono nowrap">${fmtTimestampNs(s.start_time_unix_nano).slice(5, 19)}</span>` },
    { key: 'name', label: 'Operation', render: (s) => html`<a href=${`/ui/traces/${s.trace_id}?span=${s.span_id}`}>${s.name}</a>` },
    { key: 'message', label: 'Error', render: (s) => html`<span class="error-text">${errorText(s)}</span>` },
    { key: 'duration', label: 'Duration', align: 'right', render: (s) => fmtDurationNs(s.duration_ns) },
  ];
  return html`<${Panel} title="Recent errors" flush=${true} actions=${html`<a href=${withRange('/ui/traces', { service, status: 'error' })}>All errors →</a>`}>
    <${Section} result=${r} empty="No errors in this range." render=${(d) => (d.spans.length
      ? html`<${Table} caption="Recent error spans" columns=${columns} rows=${d.spans} dense=${true}
          rowKey=${(s) => s.span_id} />` : null)} />
  <//>`;
}

function ServiceLogs({ service, r }) {
  return html`<${Panel} title="Logs" actions=${html`<a href=${withRange('/ui/logs', { service })}>All logs →</a>`}>
    <${Section} result=${r} empty="No logs from this service in this range." render=${(d) => (d.logs.length
      ? html`<ul class="mini-logs">${d.logs.map((l) => html`<li>
          <span class="mono muted nowrap">${fmtTimestampNs(l.time_unix_nano).slice(11)}</span>
          <${Badge} tone=${severityTone(l.severity_number)}>${l.severity_text || l.severity_number}<//>
          <span class="mini-log-body">${l.body}</span>
          ${l.trace_id && html`<a href=${`/ui/traces/${l.trace_id}`} class="nowrap">trace</a>`}
        </li>`)}</ul>` : null)} />
  <//>`;
}

function ServiceInsights({ service, r }) {
  return html`<${Panel} title="Insights" actions=${html`<a href=${withRange('/ui/insights', { service })}>All insights →</a>`}>
    <${Section} result=${r} empty="No insights about this service in this range: nothing unusual was detected."
      render=${(d) => (d.insights.length ? html`<ul class="mini-insights">${d.insights.map((i) => html`<li data-insight-id=${i.id}>
        <${Badge} tone=${i.severity === 'critical' ? 'error' : i.severity === 'warning' ? 'warn' : 'info'}>${i.severity}<//>
        <a href=${`/ui/insights/${encodeURIComponent(i.id)}`}>${i.title}</a>
        <span class="muted">${i.kind}</span></li>`)}</ul>` : null)} />
  <//>`;
}

// A panel's body for one request: loading, error, empty (render returned null) or content.
function Section({ result, render, empty }) {
  if (result.error) return html`<${ErrorMessage} error=${result.error} retry=${result.reload} />`;
  if (result.data === undefined) return html`<${Loading} />`;
  return render(result.data) || html`<p class="muted">${empty}</p>`;
}
