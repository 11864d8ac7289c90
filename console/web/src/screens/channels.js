// Notification channels (/ui/notification-channels): where alerts are sent, each with a
// "Send a test" button that says what the receiver answered (or why Ophion refused to send:
// an internal address outside `outbound.allow`). Secrets are write-only: a channel shows
// whether one is set, never the secret.
import { html, useState } from '../lib/html.js';
import { api, useApi } from '../lib/api.js';
import { withRange } from '../lib/time.js';
import { Badge, Empty, ErrorMessage, Loading, Panel, Screen, Table, stateOf } from '../lib/ui.js';
import './alerts.css';

// Each kind's fields: [name, label, secret?, placeholder].
const KINDS = {
  webhook: [['url', 'URL', false, 'https://…'], ['secret', 'HMAC secret (optional)', true, '']],
  slack: [['url', 'Incoming webhook URL', true, 'https://hooks.slack.com/services/…']],
  teams: [['url', 'Workflows webhook URL', true, 'https://…']],
  discord: [['url', 'Webhook URL', true, 'https://discord.com/api/webhooks/…']],
  pagerduty: [['routing_key', 'Routing key', true, '32 characters']],
  opsgenie: [['api_key', 'API key', true, ''], ['url', 'API URL', false, 'https://api.opsgenie.com']],
  alertmanager: [['url', 'Alertmanager URL', false, 'http://alertmanager:9093']],
};

export function Channels() {
  const list = useApi('/api/v1/notification-channels');
  const state = stateOf(list, (d) => d.items.length === 0);
  const [tests, setTests] = useState({});
  const test = async (c) => {
    setTests((t) => ({ ...t, [c.id]: { busy: true } }));
    try {
      const result = await api.send('POST', `/api/v1/notification-channels/${c.id}/test`);
      setTests((t) => ({ ...t, [c.id]: result }));
    } catch (e) {
      setTests((t) => ({ ...t, [c.id]: { delivered: false, error: e.message } }));
    }
  };
  const remove = async (c) => {
    if (!window.confirm(`Delete the channel “${c.name}”?`)) return;
    await api.send('DELETE', `/api/v1/notification-channels/${c.id}`);
    list.reload();
  };
  const columns = [
    { key: 'name', label: 'Channel', render: (c) => html`<strong>${c.name}</strong>` },
    { key: 'type', label: 'Kind', render: (c) => html`<${Badge}>${c.type}<//>` },
    { key: 'url', label: 'Sends to', render: (c) => html`<code>${c.url || (c.type === 'pagerduty' ? 'PagerDuty Events v2' : '')}</code>` },
    { key: 'secret_set', label: 'Secret', render: (c) => (c.secret_set ? 'set' : '–') },
    { key: 'test', label: '', render: (c) => {
      const t = tests[c.id];
      return html`<span class="alert-actions">
        <button type="button" class="btn btn-small" data-action="test-channel" disabled=${t && t.busy} onClick=${() => test(c)}>Send a test</button>
        <button type="button" class="btn btn-small btn-danger" data-action="delete-channel" onClick=${() => remove(c)}>Delete</button>
        ${t && !t.busy && html`<span data-testid="test-result" data-delivered=${String(t.delivered)}
          class=${t.delivered ? '' : 'error-text'}>${t.delivered ? 'delivered' : `not delivered: ${t.error}`}</span>`}
      </span>`;
    } },
  ];
  return html`<${Screen} name="channels" state=${state === 'empty' ? 'ready' : state} title="Notification channels"
      subtitle="Where alert rules send their alerts: webhooks (Alertmanager's format, signed), Slack, Teams, Discord, PagerDuty, Opsgenie, Alertmanager">
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${withRange('/ui/alerts')}>← Alerts</a></nav>
    ${state === 'loading' && html`<${Loading} label="Reading channels" />`}
    ${state === 'error' && html`<${ErrorMessage} error=${list.error} retry=${list.reload} />`}
    ${state === 'empty' && html`<${Empty} title="No channels yet"><p>Add one below, then pick it in an alert rule.</p><//>`}
    ${state === 'ready' && html`<${Panel} title=${`${list.data.items.length} channels`} flush>
      <${Table} caption="Notification channels" columns=${columns} rows=${list.data.items}
        rowKey=${(c) => c.id} rowProps=${(c) => ({ 'data-channel-id': c.id })} /><//>`}
    <${NewChannel} done=${list.reload} />
  <//>`;
}

function NewChannel({ done }) {
  const [kind, setKind] = useState('webhook');
  const [fields, setFields] = useState({ name: '' });
  const [failure, setFailure] = useState(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setFailure(null);
    const body = { type: kind };
    for (const [k, v] of Object.entries(fields)) if (v) body[k] = v;
    try {
      await api.send('POST', '/api/v1/notification-channels', body);
      setFields({ name: '' });
      done();
    } catch (e) {
      setFailure(e);
    } finally {
      setSaving(false);
    }
  };
  const input = (name, label, secret, placeholder) => html`<div class="field">
    <label for=${`channel-${name}`}>${label}</label>
    <input id=${`channel-${name}`} name=${name} type=${secret ? 'password' : 'text'} autocomplete="off"
      placeholder=${placeholder} value=${fields[name] || ''}
      onInput=${(e) => { const v = e.currentTarget.value; setFields((f) => ({ ...f, [name]: v })); }} />
  </div>`;
  return html`<${Panel} title="Add a channel">
    <form class="rule-form" onSubmit=${(e) => { e.preventDefault(); save(); }}>
      ${input('name', 'Name', false, 'ops hook')}
      <div class="field"><label for="channel-type">Kind</label>
        <select id="channel-type" name="type" value=${kind} onChange=${(e) => setKind(e.currentTarget.value)}>
          ${Object.keys(KINDS).map((k) => html`<option value=${k}>${k}</option>`)}
        </select></div>
      ${KINDS[kind].map(([name, label, secret, placeholder]) => input(name, label, secret, placeholder))}
    </form>
    <div class="rule-buttons">
      <button type="button" class="btn btn-primary" data-action="save-channel" disabled=${saving} onClick=${save}>Add channel</button>
      ${failure && html`<span class="error-text" role="alert">${failure.message}</span>`}
    </div>
  <//>`;
}
