// Log records as a list of expandable rows: the Logs screen, its live tail and the dashboards'
// log panels all show records this way. Rows are `[data-log-row]`; the searched text is wrapped
// in <mark>; an expanded row shows attributes, resource attributes and the trace it belongs to.
import { Component } from 'preact';
import { html } from '../lib/html.js';
import { withRange, fmtTimestampNs } from '../lib/time.js';
import { Badge, severityTone } from '../lib/ui.js';

// OTLP severity numbers: each name covers four (trace 1-4 … fatal 21-24).
export const SEVERITIES = [
  { name: 'trace', number: 1 },
  { name: 'debug', number: 5 },
  { name: 'info', number: 9 },
  { name: 'warn', number: 13 },
  { name: 'error', number: 17 },
  { name: 'fatal', number: 21 },
];

export function severityName(n) {
  if (!n) return 'unspecified';
  return [...SEVERITIES].reverse().find((s) => n >= s.number).name;
}

// A body may be any JSON value; the list shows strings as they are, the rest as JSON.
export const bodyText = (body) => (typeof body === 'string' ? body : JSON.stringify(body));

// Long bodies are cut in the row (the expanded record holds all of it) so a row stays cheap.
const ROW_CHARS = 1000;

// `text` with every case-insensitive occurrence of `q` in <mark>.
export function highlight(text, q) {
  if (!q) return text;
  const lower = text.toLowerCase();
  const needle = q.toLowerCase();
  const parts = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(html`<mark>${text.slice(at, at + needle.length)}</mark>`);
    from = at + needle.length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

export function LogList({ logs, q, onFilter, label = 'Log records' }) {
  return html`<ul class="log-list" aria-label=${label}>
    ${logs.map((row) => html`<${LogRow} key=${row.key} log=${row.log} q=${q} onFilter=${onFilter} />`)}
  </ul>`;
}

// Rows re-render only when their record, the search or their own open state change: the live
// tail adds rows many times a second and must not redraw the thousand already shown.
export class LogRow extends Component {
  constructor() {
    super();
    this.state = { open: false };
    this.toggle = () => this.setState({ open: !this.state.open });
  }

  shouldComponentUpdate(next, nextState) {
    return next.log !== this.props.log || next.q !== this.props.q || nextState.open !== this.state.open;
  }

  render({ log, q, onFilter }, { open }) {
    const severity = severityName(log.severity_number);
    const text = bodyText(log.body);
    return html`<li class="log-row" data-log-row data-severity=${severity}>
      <button type="button" class="log-line" aria-expanded=${open ? 'true' : 'false'} onClick=${this.toggle}>
        <span class="log-chevron" aria-hidden="true">${open ? '▾' : '▸'}</span>
        <time class="log-time mono">${fmtTimestampNs(log.time_unix_nano).slice(5)}</time>
        <${Badge} tone=${severityTone(log.severity_number)}>${log.severity_text || severity.toUpperCase()}<//>
        <span class="log-service">${log.service_name}</span>
        <span class="log-body mono">${highlight(text.length > ROW_CHARS ? `${text.slice(0, ROW_CHARS)}…` : text, q)}</span>
      </button>
      ${open && html`<${LogDetail} log=${log} text=${text} q=${q} onFilter=${onFilter} />`}
    </li>`;
  }
}

function LogDetail({ log, text, q, onFilter }) {
  const ids = { trace_id: log.trace_id, span_id: log.span_id, scope: log.scope_name, event: log.event_name,
    observed: log.observed_time_unix_nano ? fmtTimestampNs(log.observed_time_unix_nano) : '' };
  return html`<div class="log-detail">
    <pre class="log-full mono">${highlight(text, q)}</pre>
    ${log.trace_id && html`<p class="log-links">
      <a href=${withRange(`/ui/traces/${log.trace_id}`, log.span_id ? { span: log.span_id } : {})}>View trace ${log.trace_id.slice(0, 8)}…</a>
      <span aria-hidden="true"> · </span>
      <a href=${withRange('/ui/logs', { trace_id: log.trace_id })}>All logs of this trace</a>
    </p>`}
    <div class="log-attrs">
      <${Attributes} title="Attributes" data=${log.attributes} onFilter=${onFilter} />
      <${Attributes} title="Resource" data=${log.resource_attributes} onFilter=${onFilter} />
      <${Attributes} title="Record" data=${ids} />
    </div>
  </div>`;
}

// Key/value pairs; with `onFilter`, each pair can become a filter of the search (attr=k=v).
function Attributes({ title, data, onFilter }) {
  const entries = Object.entries(data || {}).filter(([, v]) => v !== '' && v != null)
    .sort(([a], [b]) => a.localeCompare(b));
  return html`<section class="log-attr-group">
    <h3>${title}</h3>
    ${entries.length === 0 ? html`<p class="muted">none</p>` : html`<dl class="kv">
      ${entries.map(([k, v]) => {
        const value = typeof v === 'object' ? JSON.stringify(v) : String(v);
        return html`<div class="kv-row"><dt>${k}</dt><dd>${value}
          ${onFilter && typeof v !== 'object' && html` <button type="button" class="btn-link attr-filter"
            aria-label=${`Filter by ${k} = ${value}`} title="Filter by this value"
            onClick=${() => onFilter(k, value)}>filter</button>`}
        </dd></div>`;
      })}
    </dl>`}
  </section>`;
}
