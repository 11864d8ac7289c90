// A capacity insight: the metric's history, the forecast with its prediction interval, the
// threshold, and when the forecast crosses it (GET /api/v1/forecast, fitted as the engine did).
import { html } from '../lib/html.js';
import { useApi } from '../lib/api.js';
import { fmtDateTime, nanosToMs, withRange } from '../lib/time.js';
import { Chart } from '../lib/chart.js';
import { ErrorMessage, Loading, Panel, Stat } from '../lib/ui.js';
import { fmtValue } from './series.js';
import { fmtIn } from './insight-kinds.js';

const DAY_MS = 86400e3;

// Far enough ahead to show the crossing's whole interval, within the API's 366 days.
function horizonDays(crossing, now) {
  const last = crossing && (crossing.latest_unix_nano || crossing.expected_unix_nano);
  const days = last ? (nanosToMs(last) - now) / DAY_MS * 1.25 : 7;
  return Math.min(366, Math.max(1, Math.ceil(days)));
}

const when = (ns) => (ns ? `${fmtDateTime(nanosToMs(ns))} (${fmtIn(nanosToMs(ns))})` : 'not within the horizon');

export function CapacityDetail({ insight }) {
  const ev = insight.evidence;
  const crossing = ev.crossing || {};
  const now = Date.now();
  const forecast = useApi('/api/v1/forecast', { metric: ev.metric, threshold: ev.threshold,
    horizon: `${horizonDays(crossing, now)}d` });
  const f = forecast.data;
  return html`
    <div class="stats">
      <${Stat} label="Now" value=${fmtValue(ev.last_value)} />
      <${Stat} label="Threshold" value=${fmtValue(ev.threshold)} />
      <${Stat} label="Trend per day" value=${`${ev.slope_per_day >= 0 ? '+' : ''}${fmtValue(ev.slope_per_day)}`} />
      <${Stat} label="Expected to reach it" value=${crossing.expected_unix_nano ? fmtDateTime(nanosToMs(crossing.expected_unix_nano)) : '–'}
        tone="warn" hint=${crossing.expected_unix_nano ? fmtIn(nanosToMs(crossing.expected_unix_nano)) : ''} />
    </div>
    <${Panel} title=${`${ev.metric}: history and forecast`}
        actions=${html`<a href=${withRange('/ui/metrics', { name: ev.metric })}>Open in Metrics</a>`}>
      ${forecast.loading && html`<${Loading} label="Forecasting" />`}
      ${forecast.error && html`<${ErrorMessage} error=${forecast.error} retry=${forecast.reload} title="The forecast failed" />`}
      ${f && html`<${ForecastChart} data=${f} threshold=${ev.threshold} />
        <p class="muted small">${`Model ${f.forecast.method}, fitted on ${f.forecast.fitted_points} points; ${Math.round(f.forecast.confidence * 100)}% prediction interval. The interval reaches the threshold between ${when(crossing.earliest_unix_nano)} and ${when(crossing.latest_unix_nano)}.`}</p>`}
    <//>`;
}

function ForecastChart({ data, threshold }) {
  const history = data.history.map((p) => [nanosToMs(p.time_unix_nano), p.value]);
  const ahead = data.forecast.points;
  const n = history.length + ahead.length;
  const x = [...history.map(([t]) => t), ...ahead.map((p) => nanosToMs(p.time_unix_nano))];
  const col = () => new Array(n).fill(null);
  const [seen, predicted, upper, lower] = [col(), col(), col(), col()];
  history.forEach(([, v], i) => { seen[i] = v; });
  ahead.forEach((p, j) => {
    const i = history.length + j;
    [predicted[i], upper[i], lower[i]] = [p.value, p.upper, p.lower];
  });
  // The forecast starts where the history ends, so the two lines meet.
  if (history.length && ahead.length) predicted[history.length - 1] = seen[history.length - 1];
  const series = [
    { label: 'history', values: seen, color: '--chart-1' },
    { label: 'forecast', values: predicted, color: '--chart-5', dash: [6, 4] },
    { label: 'upper', values: upper, color: '--chart-5', width: 0.5 },
    { label: 'lower', values: lower, color: '--chart-5', width: 0.5 },
    { label: `threshold ${fmtValue(threshold)}`, values: x.map(() => threshold), color: '--error', dash: [2, 3] },
  ];
  return html`<${Chart} title="History, forecast, its interval, and the threshold" x=${x} series=${series}
    bands=${[{ upper: 2, lower: 3 }]} height=${300} yFormat=${fmtValue} />`;
}
