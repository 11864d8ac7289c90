// The Logs screen's patterns tab (GET /api/v1/logs/patterns): the templates the log lines of
// the range follow, `<*>` standing for what varies, each with its count against the window
// before (the baseline), its trend, first/last seen and examples. Rows are `[data-pattern-row]`.
import { Component } from 'preact';
import { html } from '../lib/html.js';
import { withRange, fmtDateTime, nanosToMs } from '../lib/time.js';
import { Badge, fmtNumber, severityTone } from '../lib/ui.js';
import { severityName } from './log-list.js';

export const TRENDS = {
  new: { tone: 'warn', mark: '✦', text: 'new' },
  rising: { tone: 'error', mark: '↑', text: 'rising' },
  falling: { tone: 'ok', mark: '↓', text: 'falling' },
  gone: { tone: 'muted', mark: '∅', text: 'gone' },
  steady: { tone: 'muted', mark: '→', text: 'steady' },
};

// The longest fixed run of a template: what a text search for its lines can use.
export function literalOf(template) {
  return template.split('<*>').map((s) => s.trim()).sort((a, b) => b.length - a.length)[0] || '';
}

// The template with each `<*>` drawn as a chip (its text stays `<*>`, as the API writes it).
export function Template({ text }) {
  const parts = text.split('<*>');
  return html`<code class="pattern-template">${parts.map((p, i) => html`${p}${i < parts.length - 1
    && html`<span class="pattern-var" title="varies">${'<*>'}</span>`}`)}</code>`;
}

export function PatternSummary({ data, change, setChange }) {
  const counts = {};
  for (const p of data.patterns) counts[p.change] = (counts[p.change] || 0) + 1;
  return html`<div class="pattern-summary">
    <p class="muted">${fmtNumber(data.lines)} lines in the range follow ${fmtNumber(data.patterns.length)} patterns;
      compared with the ${fmtNumber(data.baseline_lines)} lines of the window before it
      (${fmtDateTime(nanosToMs(data.baseline_start_unix_nano))} → ${fmtDateTime(nanosToMs(data.baseline_end_unix_nano))}).
      ${data.sampled && html` <strong>Sampled:</strong> only the newest lines of a busy window were mined.`}</p>
    <div class="field pattern-filter">
      <label for="pattern-change">Trend</label>
      <select id="pattern-change" name="change" value=${change || ''} onChange=${(e) => setChange(e.currentTarget.value)}>
        <option value="">All trends</option>
        ${Object.keys(TRENDS).map((k) => html`<option value=${k}>${TRENDS[k].text} (${counts[k] || 0})</option>`)}
      </select>
    </div>
  </div>`;
}

export function PatternTable({ patterns }) {
  return html`<div class="table-wrap"><table class="table pattern-table">
    <caption class="sr-only">Log patterns</caption>
    <thead><tr>
      <th scope="col">Trend</th><th scope="col">Pattern</th><th scope="col">Service</th>
      <th scope="col" class="num">Count</th><th scope="col" class="num">Before</th>
      <th scope="col">Severity</th><th scope="col">First seen</th><th scope="col">Last seen</th>
    </tr></thead>
    ${patterns.map((p) => html`<${PatternRow} key=${p.id} pattern=${p} />`)}
  </table></div>`;
}

// One pattern, and its examples under it once opened.
class PatternRow extends Component {
  constructor() {
    super();
    this.state = { open: false };
  }

  render({ pattern: p }, { open }) {
    const trend = TRENDS[p.change] || TRENDS.steady;
    const logs = withRange('/ui/logs', { service: p.service, q: literalOf(p.template) || undefined });
    return html`<tbody class="pattern-group">
      <tr data-pattern-row data-pattern-id=${p.id} data-change=${p.change}>
        <td><${Badge} tone=${trend.tone}><span aria-hidden="true">${trend.mark} </span>${trend.text}<//></td>
        <td class="pattern-cell">
          <button type="button" class="btn-link pattern-toggle" aria-expanded=${open ? 'true' : 'false'}
            onClick=${() => this.setState({ open: !open })}>
            <span aria-hidden="true">${open ? '▾' : '▸'} </span><${Template} text=${p.template} />
          </button>
        </td>
        <td>${p.service}</td>
        <td class="num">${fmtNumber(p.count)}</td>
        <td class="num muted">${fmtNumber(p.baseline_count)}</td>
        <td><${Badge} tone=${severityTone(p.max_severity)}>${severityName(p.max_severity)}<//></td>
        <td class="nowrap">${p.first_seen_unix_nano ? fmtDateTime(nanosToMs(p.first_seen_unix_nano)) : '–'}</td>
        <td class="nowrap">${p.last_seen_unix_nano ? fmtDateTime(nanosToMs(p.last_seen_unix_nano)) : '–'}</td>
      </tr>
      ${open && html`<tr class="pattern-examples"><td></td><td colspan="7">
        <p class="muted small">Examples · <a href=${logs}>show matching logs</a></p>
        <ul class="pattern-example-list">${(p.examples || []).map((e) => html`<li class="mono">${e}</li>`)}</ul>
      </td></tr>`}
    </tbody>`;
  }
}
