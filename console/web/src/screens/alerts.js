// Alerts (/ui/alerts): what rules and outside senders raised, newest first, by state (in the
// URL: ?state=active|firing|pending|resolved, ?status=open|acknowledged|resolved), with
// acknowledge and resolve on each open one. Each row `[data-alert-id]` links to /ui/alerts/{id}.
import { html, useState } from '../lib/html.js';
import { api } from '../lib/api.js';
import { href, useQuery } from '../lib/url.js';
import { fmtAgo, withRange } from '../lib/time.js';
import { Badge, Empty, ErrorMessage, Loading, Screen, Table, Tabs, stateOf } from '../lib/ui.js';
import { usePaged } from './paged.js';
import './alerts.css';

export { Alert } from './alert.js';

export const SEVERITY_TONE = { critical: 'error', error: 'error', warning: 'warn', info: 'info' };
const STATE_TONE = { firing: 'error', pending: 'warn', resolved: 'ok' };
const STATES = [['active', 'Active'], ['firing', 'Firing'], ['pending', 'Pending'], ['resolved', 'Resolved'], ['all', 'All']];

export const SeverityBadge = ({ severity }) => html`<${Badge} tone=${SEVERITY_TONE[severity] || 'muted'}>${severity}<//>`;
export const StateBadge = ({ state }) => html`<${Badge} tone=${STATE_TONE[state] || 'muted'}>${state}<//>`;

// The figure that made it fire, as people read it; no-data and error instances have none.
export function fmtValue(v) {
  if (v == null) return '–';
  return Math.abs(v) >= 1000 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : String(+v.toPrecision(4));
}

// Acknowledge and resolve: each a POST, then `done` (the caller reloads what it shows).
export function AlertActions({ alert, done }) {
  const [busy, setBusy] = useState('');
  const [failure, setFailure] = useState(null);
  if (alert.status === 'resolved') return null;
  const act = async (verb) => {
    setBusy(verb);
    setFailure(null);
    try {
      await api.send('POST', `/api/v1/alerts/${encodeURIComponent(alert.id)}/${verb}`);
      done();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy('');
    }
  };
  return html`<span class="alert-actions">
    ${alert.status === 'open' && html`<button type="button" class="btn btn-small" data-action="acknowledge"
      disabled=${!!busy} onClick=${() => act('acknowledge')}>${busy === 'acknowledge' ? 'Acknowledging…' : 'Acknowledge'}</button>`}
    <button type="button" class="btn btn-small" data-action="resolve" disabled=${!!busy}
      onClick=${() => act('resolve')}>${busy === 'resolve' ? 'Resolving…' : 'Resolve'}</button>
    ${failure && html`<span class="error-text" role="alert">${failure.message}</span>`}
  </span>`;
}

export function Alerts() {
  const [query, setQuery] = useQuery();
  const state = query.state || 'active';
  const params = { state: state === 'all' ? undefined : state, status: query.status, limit: 100 };
  const list = usePaged('/api/v1/alerts', params, 'items');
  const view = stateOf(list, (d) => d.items.length === 0);
  const rules = html`<span class="alert-actions"><a class="btn" href=${withRange('/ui/alert-rules')}>Alert rules</a>
    <a class="btn" href=${withRange('/ui/notification-channels')}>Channels</a></span>`;
  const columns = [
    { key: 'severity', label: 'Severity', render: (a) => html`<${SeverityBadge} severity=${a.severity} />` },
    { key: 'name', label: 'Alert', render: (a) => html`<a class="alert-name" href=${withRange(`/ui/alerts/${a.id}`)}>${a.name || a.fingerprint}</a>
      <div class="muted small">${a.annotations.summary || labelLine(a.labels)}</div>` },
    { key: 'state', label: 'State', render: (a) => html`<${StateBadge} state=${a.state} />` },
    { key: 'status', label: 'Status', render: (a) => html`<span data-status=${a.status}>${a.status}${a.acknowledged_by ? ` by ${a.acknowledged_by}` : ''}</span>` },
    { key: 'value', label: 'Value', align: 'right', render: (a) => fmtValue(a.value) },
    { key: 'starts_at', label: 'Since', render: (a) => fmtAgo(Date.parse(a.starts_at)) },
    { key: 'repeat_count', label: 'Repeats', align: 'right' },
    { key: 'actions', label: '', render: (a) => html`<${AlertActions} alert=${a} done=${list.reload} />` },
  ];
  return html`<${Screen} name="alerts" state=${view} title="Alerts" actions=${rules}
      subtitle="Raised by your alert rules and by Prometheus, Grafana or Alertmanager sending to Ophion">
    <${Tabs} label="Alert states" active=${state}
      tabs=${STATES.map(([id, label]) => ({ id, label, href: href('/ui/alerts', { ...query, state: id }) }))} />
    <div class="toolbar" role="group" aria-label="Alert filters">
      <div class="field">
        <label for="alert-status">Status</label>
        <select id="alert-status" name="status" value=${query.status || ''}
            onChange=${(e) => setQuery({ status: e.currentTarget.value || null })}>
          <option value="">Any status</option>
          <option value="open">open</option>
          <option value="acknowledged">acknowledged</option>
          <option value="resolved">resolved</option>
        </select>
      </div>
    </div>
    ${view === 'loading' && html`<${Loading} label="Reading alerts" />`}
    ${view === 'error' && html`<${ErrorMessage} error=${list.error} retry=${list.reload} />`}
    ${view === 'empty' && html`<${Empty} title=${state === 'active' ? 'Nothing is firing' : 'No alerts here'}>
      <p>Alerts come from <a href=${withRange('/ui/alert-rules')}>alert rules</a> over your spans, logs,
        metrics and insights, and from Prometheus or Alertmanager posting to <code>/api/v2/alerts</code>.</p><//>`}
    ${view === 'ready' && html`<${Table} caption="Alerts" columns=${columns} rows=${list.items} rowKey=${(a) => a.id}
      rowProps=${(a) => ({ 'data-alert-id': a.id, 'data-state': a.state })} />
      ${list.hasMore && html`<button type="button" class="btn" data-action="load-more" onClick=${list.loadMore}>Load more</button>`}`}
  <//>`;
}

export const labelLine = (labels) => Object.entries(labels || {})
  .filter(([k]) => k !== 'alertname' && k !== 'severity')
  .map(([k, v]) => `${k}=${v}`).join(', ');
