// One insight (/ui/insights/{id}) with its evidence, shown by kind: an anomaly's series against
// its expected band and its ranked root causes, a capacity forecast, an error log pattern, a tip.
// The raw evidence is one click away so a reader can check it without trusting the engine.
import { html } from '../lib/html.js';
import { useApi } from '../lib/api.js';
import { href } from '../lib/url.js';
import { fmtAgo, fmtDateTime, fmtDuration, nanosToMs, withRange } from '../lib/time.js';
import { ErrorMessage, Loading, Panel, Screen, Stat, fmtNumber, fmtPercent, stateOf } from '../lib/ui.js';
import { KindBadge, Prose, SeverityBadge } from './insight-kinds.js';
import { AnomalyDetail } from './insight-anomaly.js';
import { CapacityDetail } from './insight-capacity.js';
import { SeverityHistogram } from './log-histogram.js';
import { Template, literalOf } from './log-patterns.js';
import { severityName } from './log-list.js';
import './insights.css';

const MINUTE_MS = 60e3;

export function Insight({ id }) {
  const result = useApi(`/api/v1/insights/${encodeURIComponent(id)}`);
  const insight = result.data;
  const state = stateOf(result);
  return html`<${Screen} name="insight" state=${state} title=${insight ? insight.title.replaceAll('`', '') : 'Insight'}
      subtitle=${insight && html`<${InsightMeta} insight=${insight} />`}>
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${withRange('/ui/insights')}>← All insights</a></nav>
    ${state === 'loading' && html`<${Loading} label="Reading the insight" />`}
    ${state === 'error' && html`<${ErrorMessage} error=${result.error} retry=${result.error.status === 404 ? undefined : result.reload}
      title=${result.error.status === 404 ? 'No such insight' : 'The insight could not be read'} />
      ${result.error.status === 404 && html`<p class="muted">Insights are kept in memory for a while; this one may have
        expired or belong to another tenant. <a href=${withRange('/ui/insights')}>See the current insights</a>.</p>`}`}
    ${insight && html`<div class="stack insight-detail" data-insight-id=${insight.id} data-kind=${insight.kind}>
      <p class="insight-lead"><${Prose} text=${insight.summary} /></p>
      <${Detail} insight=${insight} />
      <details class="panel raw-evidence">
        <summary>Evidence as the engine recorded it (JSON)</summary>
        <pre class="code">${JSON.stringify(insight.evidence, null, 2)}</pre>
      </details>
    </div>`}
  <//>`;
}

function InsightMeta({ insight: i }) {
  return html`<span class="insight-meta-line">
    <${SeverityBadge} severity=${i.severity} /> <${KindBadge} kind=${i.kind} />
    ${i.service && html` · service <a href=${withRange(`/ui/services/${encodeURIComponent(i.service)}`)}>${i.service}</a>`}
    ${` · ${fmtDateTime(nanosToMs(i.start_unix_nano))} → ${fmtDateTime(nanosToMs(i.end_unix_nano))} · updated ${fmtAgo(nanosToMs(i.updated_unix_nano))}`}
  </span>`;
}

function Detail({ insight }) {
  switch (insight.kind) {
    case 'anomaly': return html`<${AnomalyDetail} insight=${insight} />`;
    case 'capacity': return html`<${CapacityDetail} insight=${insight} />`;
    case 'log_pattern': return html`<${LogPatternDetail} insight=${insight} />`;
    case 'tip': return html`<${TipDetail} insight=${insight} />`;
    default: return null;
  }
}

// A link to the logs around an insight's window (five minutes either side).
function logsLink(insight, params) {
  const from = Math.floor(nanosToMs(insight.start_unix_nano) - 5 * MINUTE_MS);
  const to = Math.ceil(nanosToMs(insight.end_unix_nano) + 5 * MINUTE_MS);
  return href('/ui/logs', { ...params, from, to });
}

function LogPatternDetail({ insight }) {
  const ev = insight.evidence;
  const q = literalOf(ev.template || '');
  const from = Math.floor(nanosToMs(insight.start_unix_nano) - 60 * MINUTE_MS);
  const to = Math.ceil(Math.min(Date.now(), nanosToMs(insight.end_unix_nano) + 30 * MINUTE_MS));
  const histogram = useApi('/api/v1/logs/histogram', { service: insight.service, q: q || undefined, start: from, end: to });
  return html`
    <div class="stats">
      <${Stat} label="Lines in the episode" value=${fmtNumber(ev.lines)} tone="error" />
      <${Stat} label="In the last step" value=${fmtNumber(ev.lines_in_last_step)} />
      <${Stat} label="Usual per step" value=${fmtNumber(ev.usual_lines_per_step)} />
      <${Stat} label="Highest severity" value=${severityName(ev.max_severity)} />
      <${Stat} label="First seen" value=${ev.first_seen_unix_nano ? fmtAgo(nanosToMs(ev.first_seen_unix_nano)) : '–'}
        hint=${ev.first_seen_unix_nano ? fmtDateTime(nanosToMs(ev.first_seen_unix_nano)) : ''} />
    </div>
    <${Panel} title="Template" actions=${html`<a href=${logsLink(insight, { service: insight.service, q })}>Show these logs</a>
        <a href=${withRange('/ui/logs', { tab: 'patterns', service: insight.service })}>All patterns of ${insight.service}</a>`}>
      <p><${Template} text=${ev.template || ''} /></p>
      <h3 class="subhead">Examples</h3>
      <ul class="pattern-example-list">${(ev.examples || []).map((e) => html`<li class="mono">${e}</li>`)}</ul>
    <//>
    <${Panel} title="Matching log lines around the episode">
      ${histogram.error ? html`<${ErrorMessage} error=${histogram.error} />`
        : histogram.data ? html`<${SeverityHistogram} buckets=${histogram.data.buckets} />`
        : html`<${Loading} label="Counting lines" />`}
    <//>`;
}

// What each tip rule's numbers are called, in the order worth reading them.
const TIP_FIELDS = [
  ['call', 'Repeated call'], ['parent_operation', 'Inside'], ['max_repetitions', 'Most repetitions in one trace'],
  ['traces_affected', 'Traces affected'], ['statement', 'Statement'], ['executions', 'Executions'],
  ['p95_ms', 'p95', (v) => fmtDuration(v)], ['total_ms', 'Total time', (v) => fmtDuration(v)],
  ['caller', 'Caller'], ['callee', 'Callee'], ['calls_per_trace', 'Calls per trace', (v) => fmtNumber(+Number(v).toFixed(1))],
  ['max_calls_in_one_trace', 'Most calls in one trace'], ['traces', 'Traces'],
  ['largest_attribute', 'Largest attribute'], ['max_attribute_bytes', 'Its size', (v) => `${fmtNumber(v)} bytes`],
  ['metric', 'Metric'], ['attribute', 'Attribute'], ['distinct_values_at_least', 'Distinct values (at least)'],
  ['examples', 'Examples', (v) => v.join(', ')], ['template', 'Template'], ['lines', 'Lines'],
  ['service_lines', 'Lines of the service'], ['share', 'Share of the service', (v) => fmtPercent(v)],
];

const TIP_RULES = {
  n_plus_one: 'N+1 calls', slow_statement: 'Slow repeated statement', chatty_services: 'Chatty service calls',
  huge_attributes: 'Huge span attributes', attribute_cardinality: 'High-cardinality metric attribute',
  noisy_log_template: 'Noisy log template',
};

function TipDetail({ insight }) {
  const ev = insight.evidence;
  const rows = TIP_FIELDS.filter(([k]) => ev[k] != null);
  const trace = ev.example_trace_id;
  const operation = ev.parent_operation;
  return html`<${Panel} title=${`Tip: ${TIP_RULES[ev.rule] || (ev.rule || 'optimization').replaceAll('_', ' ')}`}
      actions=${html`${trace && html`<a href=${withRange(`/ui/traces/${trace}`)} data-action="example-trace">Open an example trace</a>`}
        ${insight.service && html`<a href=${withRange('/ui/traces', { service: insight.service, operation })}>Traces of ${operation || insight.service}</a>`}
        ${ev.template && html`<a href=${logsLink(insight, { service: insight.service, q: literalOf(ev.template) })}>Show these logs</a>`}`}>
    <dl class="tip-figures">${rows.map(([k, label, f]) => html`<div class="kv-row">
      <dt>${label}</dt><dd class=${k === 'statement' || k === 'call' || k === 'template' ? 'mono' : ''}>${f ? f(ev[k]) : String(ev[k])}</dd>
    </div>`)}</dl>
  <//>`;
}
