// An anomaly: its series over the hours around the episode, the band the detector expected,
// the observed points that left it, the peak, the other series that moved with it, and the
// ranked root causes (the insight's own, else GET /api/v1/rca over its window).
import { html, useEffect, useState } from '../lib/html.js';
import { api, useApi } from '../lib/api.js';
import { fmtDateTime, nanosToMs, withRange } from '../lib/time.js';
import { Chart } from '../lib/chart.js';
import { ErrorMessage, Loading, Panel, Stat, fmtNumber } from '../lib/ui.js';
import { autoFunction, fmtValue, formatFor } from './series.js';
import { RootCauses } from './root-causes.js';

const DEFAULT_STEP_MS = 300e3; // the engine's default step
const CONTEXT_STEPS = 36; // history shown before the episode

// The service-level RED signals as the engine names them in a subject, and how to read each
// from /api/v1/services/{service}/series.
const RED = [
  { name: 'request rate (spans/s)', value: (p, stepS) => p.span_count / stepS, unit: 'rate' },
  { name: 'error rate', value: (p) => (p.span_count ? p.error_count / p.span_count : null), unit: '1' },
  { name: 'p50 latency (ms)', value: (p) => p.p50_ms, unit: 'ms' },
  { name: 'p95 latency (ms)', value: (p) => p.p95_ms, unit: 'ms' },
  { name: 'p99 latency (ms)', value: (p) => p.p99_ms, unit: 'ms' },
];

// Which stored series the insight is about: a metric (no service), a service's RED signal, or
// (an operation's signal) nothing the API can chart, in which case only the evidence is shown.
function sourceOf(insight) {
  if (!insight.service) return { metric: insight.subject };
  const rest = insight.subject.startsWith(`${insight.service} `) ? insight.subject.slice(insight.service.length + 1) : '';
  const red = RED.find((r) => r.name === rest);
  return red ? { service: insight.service, red } : { operation: true, red: RED.find((r) => rest.endsWith(r.name)) };
}

export function AnomalyDetail({ insight }) {
  const ev = insight.evidence;
  const observed = ev.observed || [];
  const stepMs = stepOf(observed);
  const source = sourceOf(insight);
  const context = useContext(insight, source, stepMs);
  const unit = source.red ? source.red.unit : context.unit;
  const yFormat = formatFor(unit === 'rate' ? '' : unit, unit === 'rate' ? 'rate' : undefined);
  const peak = ev.peak || {};

  return html`
    <div class="stats">
      <${Stat} label="Peak" value=${yFormat(peak.value)} tone="error" hint=${peak.time_unix_nano ? fmtDateTime(nanosToMs(peak.time_unix_nano)) : ''} />
      <${Stat} label="Expected" value=${yFormat(peak.expected)} hint=${`band ${yFormat(peak.lower)} to ${yFormat(peak.upper)}`} />
      ${ev.deviation_in_bands == null
        ? html`<${Stat} label="Deviation" value="—" hint="the series never varied before: its band has no width" />`
        : html`<${Stat} label="Deviation" value=${`${fmtValue(ev.deviation_in_bands)}×`} hint="the band's half-width" />`}
      <${Stat} label="Anomaly score" value=${fmtValue(peak.score)} />
      <${Stat} label="Points out of band" value=${fmtNumber(observed.length)} hint=${`step ${Math.round(stepMs / 60e3)} min`} />
    </div>
    <${Panel} title=${insight.subject} actions=${html`<span class="muted">observed · expected · normal band</span>`}>
      ${context.loading ? html`<${Loading} label="Reading the series" />` : html`
        ${context.error && html`<p class="muted small">The history around the episode could not be read (${context.error.message}); the evidence alone is shown.</p>`}
        <${AnomalyChart} observed=${observed} history=${context.points} yFormat=${yFormat} />`}
      ${source.operation && html`<p class="muted small">This series is one operation's; the chart shows the evidence the engine kept.</p>`}
    <//>
    <${RootCausePanel} insight=${insight} />
    <${RelatedSeries} related=${ev.related_series || []} />`;
}

function stepOf(observed) {
  let step = Infinity;
  for (let i = 1; i < observed.length; i++) {
    step = Math.min(step, nanosToMs(observed[i].time_unix_nano) - nanosToMs(observed[i - 1].time_unix_nano));
  }
  return Number.isFinite(step) && step > 0 ? step : DEFAULT_STEP_MS;
}

// The series around the episode: [{ t (ms), v }], on the engine's step grid.
function useContext(insight, source, stepMs) {
  const [state, setState] = useState({ loading: true, points: [], unit: '' });
  useEffect(() => {
    if (source.operation) { setState({ loading: false, points: [] }); return undefined; }
    const ctl = new AbortController();
    const signal = ctl.signal;
    const start = Math.floor((nanosToMs(insight.start_unix_nano) - CONTEXT_STEPS * stepMs) / stepMs) * stepMs;
    const end = Math.min(Date.now(), nanosToMs(insight.end_unix_nano) + 6 * stepMs);
    const step = `${stepMs}ms`;
    const read = source.metric
      ? (async () => {
        const fn = await autoFunction(source.metric, { start, end }, signal);
        const [data, names] = await Promise.all([
          api.get(`/api/v1/metrics/series/${encodeURIComponent(source.metric)}`, { start, end, step, fn }, { signal }),
          api.get('/api/v1/metrics/names', { start, end }, { signal }),
        ]);
        const meta = names.metrics.find((m) => m.name === source.metric);
        return { points: data.points.map((p) => ({ t: nanosToMs(p.time_unix_nano), v: p.value })),
          unit: fn === 'rate' ? 'rate' : meta ? meta.unit : '' };
      })()
      : api.get(`/api/v1/services/${encodeURIComponent(source.service)}/series`, { start, end, step }, { signal })
        .then((data) => ({ points: data.points.map((p) => ({ t: nanosToMs(p.time_unix_nano), v: source.red.value(p, data.step_ms / 1000) })) }));
    read.then((r) => setState({ loading: false, ...r }),
      (error) => { if (error.name !== 'AbortError') setState({ loading: false, points: [], error }); });
    return () => ctl.abort();
  }, [insight.id, insight.updated_unix_nano]);
  return state;
}

function AnomalyChart({ observed, history, yFormat }) {
  const times = new Set(history.map((p) => p.t));
  for (const o of observed) times.add(nanosToMs(o.time_unix_nano));
  const x = [...times].sort((a, b) => a - b);
  const at = new Map(x.map((t, i) => [t, i]));
  const column = () => new Array(x.length).fill(null);
  const [value, expected, upper, lower, out] = [column(), column(), column(), column(), column()];
  for (const p of history) value[at.get(p.t)] = p.v;
  for (const o of observed) {
    const i = at.get(nanosToMs(o.time_unix_nano));
    if (value[i] == null) value[i] = o.value;
    [expected[i], upper[i], lower[i], out[i]] = [o.expected, o.upper, o.lower, o.value];
  }
  const series = [
    { label: 'observed', values: value, color: '--chart-1' },
    { label: 'expected', values: expected, color: '--ok', dash: [6, 4] },
    { label: 'band upper', values: upper, color: '--ok', width: 0.75 },
    { label: 'band lower', values: lower, color: '--ok', width: 0.75 },
    { label: 'out of band', values: out, color: '--error', width: 2.5, points: true },
  ];
  return html`<${Chart} title="The series, the band the detector expected, and the points that left it"
    x=${x} series=${series} bands=${[{ upper: 2, lower: 3 }]} height=${300} yFormat=${yFormat} />`;
}

function RootCausePanel({ insight }) {
  const own = insight.evidence.root_causes;
  const start = Math.floor(nanosToMs(insight.start_unix_nano));
  const end = Math.max(Math.ceil(nanosToMs(insight.end_unix_nano)), start + 60e3);
  const rca = useApi(own ? null : '/api/v1/rca', { start, end, limit: 5 });
  const causes = own || (rca.data && rca.data.causes);
  const window = { from: String(start), to: String(end) };
  return html`<${Panel} title="Likely root causes"
      actions=${html`<span class="muted">${own ? 'ranked when the anomaly was found' : 'ranked now over the anomaly’s window'}</span>`}>
    ${rca.loading && html`<${Loading} label="Ranking root causes" />`}
    ${rca.error && html`<${ErrorMessage} error=${rca.error} retry=${rca.reload} title="Root-cause analysis failed" />`}
    ${causes && html`<${RootCauses} causes=${causes} window=${window} />`}
  <//>`;
}

function RelatedSeries({ related }) {
  if (!related.length) return null;
  return html`<${Panel} title="Series that moved at the same time">
    <div class="table-wrap"><table class="table dense">
      <caption class="sr-only">Related series</caption>
      <thead><tr><th scope="col">Series</th><th scope="col">Service</th>
        <th scope="col" class="num">Points out of band</th><th scope="col" class="num">Highest score</th></tr></thead>
      <tbody>${related.map((r) => html`<tr>
        <td class="mono">${r.series}</td>
        <td>${r.service ? html`<a href=${withRange(`/ui/services/${encodeURIComponent(r.service)}`)}>${r.service}</a>`
          : html`<a href=${withRange('/ui/metrics', { name: r.series })}>chart it</a>`}</td>
        <td class="num">${fmtNumber(r.anomalous_points)}</td>
        <td class="num">${fmtValue(r.max_score)}</td>
      </tr>`)}</tbody>
    </table></div>
  <//>`;
}
