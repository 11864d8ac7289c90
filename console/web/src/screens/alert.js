// One alert (/ui/alerts/{id}): what fired, its labels and annotations, the rule behind it,
// and its history (each change with the value and query that caused it, or who did it).
import { html } from '../lib/html.js';
import { useApi } from '../lib/api.js';
import { fmtDateTime, withRange } from '../lib/time.js';
import { ErrorMessage, KeyValues, Loading, Panel, Screen, Stat, stateOf } from '../lib/ui.js';
import { AlertActions, SeverityBadge, StateBadge, fmtValue } from './alerts.js';

const at = (t) => (t ? fmtDateTime(Date.parse(t)) : '–');

export function Alert({ id }) {
  const result = useApi(`/api/v1/alerts/${encodeURIComponent(id)}`);
  const a = result.data;
  const state = stateOf(result);
  return html`<${Screen} name="alert" state=${state} title=${a ? a.name || a.fingerprint : 'Alert'}
      subtitle=${a && html`<span><${SeverityBadge} severity=${a.severity} /> <${StateBadge} state=${a.state} /> · ${a.status}</span>`}
      actions=${a && html`<${AlertActions} alert=${a} done=${result.reload} />`}>
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${withRange('/ui/alerts')}>← All alerts</a></nav>
    ${state === 'loading' && html`<${Loading} label="Reading the alert" />`}
    ${state === 'error' && html`<${ErrorMessage} error=${result.error}
      title=${result.error.status === 404 ? 'No such alert' : 'The alert could not be read'} />`}
    ${a && html`<div class="stack alert-detail" data-alert-id=${a.id} data-state=${a.state} data-status=${a.status}>
      ${a.annotations.summary && html`<p class="alert-lead">${a.annotations.summary}</p>`}
      <div class="stats">
        <${Stat} label="Value" value=${fmtValue(a.value)} />
        <${Stat} label="Active since" value=${at(a.starts_at)} />
        <${Stat} label="Fired" value=${at(a.fired_at)} />
        <${Stat} label="Resolved" value=${at(a.resolved_at)} hint=${a.resolved_by ? `by ${a.resolved_by}` : undefined} />
        <${Stat} label="Repeats" value=${a.repeat_count} />
      </div>
      <${Panel} title="Where it comes from">
        ${a.rule_id
          ? html`<p>Rule <a data-rule-link href=${withRange(`/ui/alert-rules/${a.rule_id}`)}>${a.name}</a>: <code>${a.query}</code></p>`
          : html`<p>Sent by ${a.source === 'alertmanager' ? 'Prometheus or Alertmanager (API v2)' : a.source === 'ophion' ? 'Ophion itself' : 'the alerts API'}
            ${a.ends_at && a.state !== 'resolved' ? `; resolves at ${at(a.ends_at)} unless sent again` : ''}
            ${a.generator_url && html` · <a href=${a.generator_url} rel="noreferrer">source</a>`}</p>`}
        ${a.acknowledged_by && html`<p>Acknowledged by <strong>${a.acknowledged_by}</strong> at ${at(a.acknowledged_at)}.</p>`}
      <//>
      <div class="two-col">
        <${Panel} title="Labels"><${KeyValues} data=${a.labels} /><//>
        <${Panel} title="Annotations"><${KeyValues} data=${a.annotations} /><//>
      </div>
      <${Panel} title="Notifications">
        ${a.notifications.length === 0 ? html`<p class="muted">None: ${a.rule_id ? 'the rule names no channel' : 'alerts from outside are not routed yet'}.</p>`
          : html`<ol class="alert-history">${a.notifications.map((n) => html`<li data-delivery=${n.state}>
            <span class="muted small">${at(n.created_at)}</span> <strong>${n.event}</strong> to channel <code>${n.channel_id}</code>:
            ${n.state}${n.attempts > 1 ? ` after ${n.attempts} attempts` : ''}${n.last_error ? ` · ${n.last_error}` : ''}
          </li>`)}</ol>`}
      <//>
      <${Panel} title="History">
        <ol class="alert-history">${a.events.map((e) => html`<li data-event=${e.kind}>
          <span class="muted small">${at(e.time)}</span> <strong>${e.kind.replace('_', ' ')}</strong>
          ${e.detail && e.detail.value !== undefined && html` · value ${fmtValue(e.detail.value)}`}
          ${e.detail && e.detail.actor && html` · by ${e.detail.actor}`}
          ${e.detail && e.detail.reason && html` · ${e.detail.reason}`}
          ${e.detail && e.detail.error && html` · ${e.detail.error}`}
        </li>`)}</ol>
      <//>
    </div>`}
  <//>`;
}
