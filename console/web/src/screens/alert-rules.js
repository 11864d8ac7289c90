// Alert rules (/ui/alert-rules): each rule with what it reads, its condition and its last
// evaluation; /ui/alert-rules/{id} (or /new) edits one with a live preview of its value over
// the last windows (POST /api/v1/alert-rules/preview) before it is saved.
import { html, useEffect, useState } from '../lib/html.js';
import { api, useApi } from '../lib/api.js';
import { navigate } from '../lib/url.js';
import { fmtAgo, withRange } from '../lib/time.js';
import { Chart } from '../lib/chart.js';
import { Badge, Empty, ErrorMessage, Loading, Panel, Screen, Table, stateOf } from '../lib/ui.js';
import { SeverityBadge, fmtValue } from './alerts.js';
import './alerts.css';

const FUNCTIONS = {
  spans: ['error_rate', 'rate', 'count', 'error_count', 'p50', 'p75', 'p90', 'p95', 'p99'],
  logs: ['count', 'rate'],
  metrics: ['avg', 'sum', 'min', 'max', 'count', 'rate', 'p50', 'p90', 'p95', 'p99'],
};

export function describeQuery(r) {
  const q = r.query || {};
  const what = [q.signal || (r.kind === 'anomaly' ? 'insights' : ''), q.fn, q.metric, q.service, q.operation, q.text && `"${q.text}"`]
    .filter(Boolean).join(' · ');
  const by = q.group_by && q.group_by.length ? ` by ${q.group_by.join(', ')}` : '';
  const cond = r.condition ? ` ${r.condition.op} ${r.condition.value}` : r.kind === 'absence' ? ' absent' : '';
  return what + by + cond;
}

export function AlertRules() {
  const list = useApi('/api/v1/alert-rules', { limit: 1000 });
  const state = stateOf(list, (d) => d.items.length === 0);
  const create = html`<button type="button" class="btn btn-primary" data-action="new-rule"
    onClick=${() => navigate(withRange('/ui/alert-rules/new'))}>+ New rule</button>`;
  const columns = [
    { key: 'name', label: 'Rule', render: (r) => html`<a class="alert-name" href=${withRange(`/ui/alert-rules/${r.id}`)}>${r.name}</a>` },
    { key: 'query', label: 'Reads', render: (r) => html`<code>${describeQuery(r)}</code>` },
    { key: 'severity', label: 'Severity', render: (r) => html`<${SeverityBadge} severity=${r.severity} />` },
    { key: 'timing', label: 'Every / for', render: (r) => `${r.interval} / ${r.for}` },
    { key: 'health', label: 'Last evaluation', render: (r) => html`<${Health} health=${r.health} enabled=${r.enabled} />` },
  ];
  return html`<${Screen} name="alert-rules" state=${state} title="Alert rules" actions=${create}
      subtitle="Conditions over spans, logs, metrics and insights; Prometheus semantics for pending, firing and resolved">
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${withRange('/ui/alerts')}>← Alerts</a></nav>
    ${state === 'loading' && html`<${Loading} label="Reading alert rules" />`}
    ${state === 'error' && html`<${ErrorMessage} error=${list.error} retry=${list.reload} />`}
    ${state === 'empty' && html`<${Empty} title="No alert rules yet"><p>“+ New rule” starts one, with a preview of
      what it would have said over the last hour before you save it.</p><//>`}
    ${state === 'ready' && html`<${Table} caption="Alert rules" columns=${columns} rows=${list.data.items}
      rowKey=${(r) => r.id} rowProps=${(r) => ({ 'data-rule-id': r.id })} />`}
  <//>`;
}

function Health({ health, enabled }) {
  if (!enabled) return html`<${Badge}>disabled<//>`;
  if (!health || !health.last_evaluation) return html`<span class="muted">not yet</span>`;
  const when = fmtAgo(Date.parse(health.last_evaluation));
  if (health.last_error) return html`<span class="error-text" title=${health.last_error}>failed ${when}: ${health.last_error}</span>`;
  return html`<span>${when} · ${health.holding} of ${health.series} holding</span>`;
}

const BLANK = {
  name: '', kind: 'threshold', query: { signal: 'spans', fn: 'error_rate' }, condition: { op: '>', value: 0.05 },
  for: '2m', keep_firing_for: '0s', interval: '1m', window: '5m', severity: 'warning', labels: {}, annotations: {},
  notify: [], no_data: 'nodata', on_error: 'keep_last', enabled: true,
};

// The editable document: the API's, less what the server keeps.
function editable(rule) {
  const { id, created_at, updated_at, health, ...doc } = rule; // eslint-disable-line no-unused-vars
  return doc;
}

const toLines = (map) => Object.entries(map || {}).map(([k, v]) => `${k}=${v}`).join('\n');
function fromLines(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

export function AlertRule({ id }) {
  const isNew = id === 'new';
  const loaded = useApi(isNew ? null : `/api/v1/alert-rules/${encodeURIComponent(id)}`);
  const state = isNew ? 'ready' : stateOf(loaded);
  return html`<${Screen} name="alert-rule" state=${state} title=${isNew ? 'New alert rule' : loaded.data ? loaded.data.name : 'Alert rule'}>
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${withRange('/ui/alert-rules')}>← Alert rules</a></nav>
    ${state === 'loading' && html`<${Loading} label="Reading the rule" />`}
    ${state === 'error' && html`<${ErrorMessage} error=${loaded.error}
      title=${loaded.error.status === 404 ? 'No such alert rule' : 'The rule could not be read'} />`}
    ${(isNew || loaded.data) && html`<${RuleEditor} key=${id} id=${isNew ? null : id}
      initial=${isNew ? BLANK : editable(loaded.data)} />`}
  <//>`;
}

function RuleEditor({ id, initial }) {
  const [doc, setDoc] = useState(initial);
  const [labels, setLabels] = useState(toLines(initial.labels));
  const [summary, setSummary] = useState((initial.annotations || {}).summary || '');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState(null);
  const q = doc.query || {};
  const set = (patch) => setDoc((d) => ({ ...d, ...patch }));
  const setQuery = (patch) => setDoc((d) => {
    const query = { ...d.query, ...patch };
    for (const k of Object.keys(query)) if (query[k] === '' || query[k] == null) delete query[k];
    return { ...d, query };
  });
  const full = {
    ...doc,
    labels: fromLines(labels),
    annotations: { ...(doc.annotations || {}), summary: summary || undefined },
  };
  if (!summary) delete full.annotations.summary;
  if (full.kind !== 'threshold') delete full.condition;
  else if (!full.condition) full.condition = { op: '>', value: 0 };

  const save = async () => {
    setSaving(true);
    setFailure(null);
    try {
      const stored = id ? await api.send('PUT', `/api/v1/alert-rules/${id}`, full) : await api.send('POST', '/api/v1/alert-rules', full);
      navigate(withRange(`/ui/alert-rules/${stored.id}`), { replace: !id });
      if (id) setSaving(false);
    } catch (e) {
      setFailure(e);
      setSaving(false);
    }
  };
  const remove = async () => {
    if (!window.confirm(`Delete the rule “${doc.name}”? Its alerts stay, as history.`)) return;
    try {
      await api.send('DELETE', `/api/v1/alert-rules/${id}`);
      navigate(withRange('/ui/alert-rules'));
    } catch (e) {
      setFailure(e);
    }
  };
  const signal = q.signal || 'spans';
  const field = (label, name, input) => html`<div class="field"><label for=${`rule-${name}`}>${label}</label>${input}</div>`;
  const text = (name, value, onInput, placeholder = '') => html`<input id=${`rule-${name}`} name=${name} value=${value ?? ''}
    placeholder=${placeholder} onInput=${(e) => onInput(e.currentTarget.value)} />`;
  return html`<div class="stack">
    <${Panel} title="Rule">
      <form class="rule-form" onSubmit=${(e) => { e.preventDefault(); save(); }}>
        ${field('Name', 'name', text('name', doc.name, (v) => set({ name: v }), 'checkout errors'))}
        ${field('Kind', 'kind', html`<select id="rule-kind" name="kind" value=${doc.kind}
          onChange=${(e) => { const kind = e.currentTarget.value; set({ kind, query: kind === 'anomaly' ? { signal: 'insights' } : { signal: 'spans', fn: 'error_rate' } }); }}>
          <option value="threshold">threshold</option><option value="absence">absence</option><option value="anomaly">anomaly (AI insights)</option>
        </select>`)}
        ${doc.kind !== 'anomaly' && field('Signal', 'signal', html`<select id="rule-signal" name="signal" value=${signal}
          onChange=${(e) => { const s = e.currentTarget.value; setQuery({ signal: s, fn: FUNCTIONS[s][0], metric: undefined, text: undefined, operation: undefined }); }}>
          <option value="spans">spans</option><option value="logs">logs</option><option value="metrics">metrics</option>
        </select>`)}
        ${doc.kind !== 'anomaly' && field('Function', 'fn', html`<select id="rule-fn" name="fn" value=${q.fn || ''}
          onChange=${(e) => setQuery({ fn: e.currentTarget.value })}>
          ${FUNCTIONS[signal].map((f) => html`<option value=${f}>${f}</option>`)}
        </select>`)}
        ${signal === 'metrics' && field('Metric', 'metric', text('metric', q.metric, (v) => setQuery({ metric: v })))}
        ${field('Service', 'service', text('service', q.service, (v) => setQuery({ service: v }), 'any'))}
        ${signal === 'spans' && doc.kind !== 'anomaly' && field('Operation', 'operation', text('operation', q.operation, (v) => setQuery({ operation: v }), 'any'))}
        ${signal === 'logs' && field('Text contains', 'text', text('text', q.text, (v) => setQuery({ text: v })))}
        ${field('Group by', 'group_by', text('group_by', (q.group_by || []).join(', '),
          (v) => setQuery({ group_by: v.split(',').map((s) => s.trim()).filter(Boolean) }), 'service'))}
        ${doc.kind === 'threshold' && field('Condition', 'op', html`<select id="rule-op" name="op" value=${(doc.condition || {}).op || '>'}
          onChange=${(e) => set({ condition: { ...(doc.condition || { value: 0 }), op: e.currentTarget.value } })}>
          ${['>', '>=', '<', '<=', '==', '!='].map((o) => html`<option value=${o}>${o}</option>`)}
        </select>`)}
        ${doc.kind === 'threshold' && field('Threshold', 'value', html`<input id="rule-value" name="value" type="number" step="any"
          value=${(doc.condition || {}).value ?? 0}
          onInput=${(e) => set({ condition: { ...(doc.condition || { op: '>' }), value: Number(e.currentTarget.value) } })} />`)}
        ${field('Window', 'window', text('window', doc.window, (v) => set({ window: v })))}
        ${field('Every', 'interval', text('interval', doc.interval, (v) => set({ interval: v })))}
        ${field('For', 'for', text('for', doc.for, (v) => set({ for: v })))}
        ${field('Keep firing for', 'keep_firing_for', text('keep_firing_for', doc.keep_firing_for, (v) => set({ keep_firing_for: v })))}
        ${field('Severity', 'severity', html`<select id="rule-severity" name="severity" value=${doc.severity}
          onChange=${(e) => set({ severity: e.currentTarget.value })}>
          ${['critical', 'error', 'warning', 'info'].map((s) => html`<option value=${s}>${s}</option>`)}
        </select>`)}
        ${field('When nothing is found', 'no_data', html`<select id="rule-no_data" name="no_data" value=${doc.no_data}
          onChange=${(e) => set({ no_data: e.currentTarget.value })}>
          <option value="nodata">raise a no-data alert</option><option value="ok">resolve (Prometheus)</option>
          <option value="alerting">keep alerting</option><option value="keep_last">keep the last state</option>
        </select>`)}
        ${field('When evaluation fails', 'on_error', html`<select id="rule-on_error" name="on_error" value=${doc.on_error}
          onChange=${(e) => set({ on_error: e.currentTarget.value })}>
          <option value="keep_last">keep the last state</option><option value="alerting">alert</option><option value="ok">resolve</option>
        </select>`)}
        <div class="field wide"><label for="rule-summary">Summary (<code>{{value}}</code>, <code>{{service}}</code> and any label fill in)</label>
          <input id="rule-summary" name="summary" value=${summary} onInput=${(e) => setSummary(e.currentTarget.value)} /></div>
        <div class="field wide"><label for="rule-labels">Labels, one <code>name=value</code> per line</label>
          <textarea id="rule-labels" name="labels" value=${labels} onInput=${(e) => setLabels(e.currentTarget.value)}></textarea></div>
        <${NotifyPicker} chosen=${doc.notify || []} onChange=${(notify) => set({ notify })} />
        <label class="wide check"><input type="checkbox" name="enabled" checked=${doc.enabled}
          onChange=${(e) => set({ enabled: e.currentTarget.checked })} /> Enabled</label>
      </form>
      <div class="rule-buttons">
        <button type="button" class="btn btn-primary" data-action="save-rule" disabled=${saving} onClick=${save}>${saving ? 'Saving…' : id ? 'Save' : 'Create rule'}</button>
        ${id && html`<button type="button" class="btn btn-danger" data-action="delete-rule" onClick=${remove}>Delete</button>`}
        ${id && html`<a href=${withRange('/ui/alerts', { state: 'all' })}>Its alerts</a>`}
        ${failure && html`<span class="error-text" role="alert" data-testid="rule-error">${failure.message}</span>`}
      </div>
    <//>
    <${RulePreview} rule=${full} />
  </div>`;
}

// The channels the rule's alerts go to, as checkboxes.
function NotifyPicker({ chosen, onChange }) {
  const channels = useApi('/api/v1/notification-channels');
  const items = channels.data ? channels.data.items : [];
  const toggle = (id, on) => onChange(on ? [...chosen, id] : chosen.filter((c) => c !== id));
  return html`<fieldset class="wide notify-picker">
    <legend>Notify</legend>
    ${items.length === 0 && html`<span class="muted">No channels yet: <a href=${withRange('/ui/notification-channels')}>add one</a>.</span>`}
    ${items.map((c) => html`<label class="check"><input type="checkbox" name="notify" value=${c.id}
      checked=${chosen.includes(c.id)} onChange=${(e) => toggle(c.id, e.currentTarget.checked)} /> ${c.name} (${c.type})</label>`)}
  </fieldset>`;
}

// The rule's value over the last 12 windows, evaluated now without saving; re-read when the
// rule stops changing for half a second.
function RulePreview({ rule }) {
  const key = JSON.stringify(rule);
  const [result, setResult] = useState({ data: null, error: null, loading: true });
  useEffect(() => {
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      setResult((r) => ({ ...r, loading: true }));
      api.send('POST', '/api/v1/alert-rules/preview', JSON.parse(key), { signal: ctl.signal }).then(
        (data) => setResult({ data, error: null, loading: false }),
        (error) => { if (error.name !== 'AbortError') setResult({ data: null, error, loading: false }); },
      );
    }, 500);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [key]);
  const { data, error } = result;
  const threshold = rule.condition && Number.isFinite(rule.condition.value) ? rule.condition.value : null;
  const x = data ? data.series.map((p) => Date.parse(p.time)) : [];
  const series = data ? [{ label: 'value', values: data.series.map((p) => p.value) }] : [];
  if (data && threshold != null) series.push({ label: 'threshold', values: x.map(() => threshold), dash: [4, 4] });
  const holding = data ? data.groups.filter((g) => g.holds) : [];
  return html`<${Panel} title="Preview: the last 12 windows" className="rule-preview">
    ${error && html`<${ErrorMessage} error=${error} title="The rule cannot be evaluated" />`}
    ${!data && !error && html`<${Loading} label="Evaluating" />`}
    ${data && html`<div data-testid="preview" data-holding=${holding.length} data-groups=${data.groups.length}>
      <${Chart} title="Rule value" x=${x} series=${series} height=${180} yFormat=${fmtValue} />
      <p>${data.groups.length === 0 ? 'Nothing found now: the rule’s “when nothing is found” choice applies.'
        : `Now: ${holding.length} of ${data.groups.length} ${data.groups.length === 1 ? 'group holds' : 'groups hold'}.`}</p>
      <ul class="preview-groups">${data.groups.map((g) => html`<li data-holds=${g.holds}>
        <span class=${g.holds ? 'holds' : ''}>${g.holds ? 'would fire' : 'fine'}</span>
        · ${Object.entries(g.labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'the whole query'} · value ${fmtValue(g.value)}
      </li>`)}</ul>
    </div>`}
  <//>`;
}
