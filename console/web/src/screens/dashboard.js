// One dashboard (/ui/dashboards/{id}; /ui/dashboards/new is an unsaved one): its panels on a
// 12-column grid, all over the header's time range. Edit mode changes the title, description
// and panels (add, remove, reorder, each panel's query and type); Save writes it (POST for a new
// one, PUT otherwise) with the time range shown as its default; Delete asks in the page first.
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { api, useApi } from '../lib/api.js';
import { navigate, useQuery } from '../lib/url.js';
import { rangeLabel, useTimeRange, withRange } from '../lib/time.js';
import { Empty, ErrorMessage, Loading, Screen } from '../lib/ui.js';
import { PanelBody } from './panel.js';
import { PanelEditor, Suggestions } from './panel-editor.js';
import { entryOf } from './panel-queries.js';
import './dashboards.css';

const COLUMNS = 12;
const BLANK = { title: '', description: '', time: { from: 'now-1h', to: 'now' }, panels: [] };

export function Dashboard({ id }) {
  const isNew = id === 'new';
  const result = useApi(isNew ? null : `/api/v1/dashboards/${encodeURIComponent(id)}`);
  const [draft, setDraft] = useState(isNew ? BLANK : null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState(null);
  const [saved, setSaved] = useState(false);
  const range = useTimeRange();
  const dashboard = isNew ? null : result.data;
  // Until the dashboard's own range is in the URL, nothing is queried over another one.
  const rangePending = useDefaultRange(dashboard);

  const editing = draft !== null;
  const shown = editing ? draft : dashboard;
  const state = isNew ? 'ready' : result.error ? 'error' : !dashboard || rangePending ? 'loading'
    : !editing && dashboard.panels.length === 0 ? 'empty' : 'ready';

  const edit = (patch) => setDraft((d) => ({ ...(d || clone(dashboard)), ...patch }));
  const addPanel = () => setDraft((d) => {
    const base = d || clone(dashboard);
    return { ...base, panels: [...base.panels, newPanel(base.panels)] };
  });

  const save = async () => {
    const problem = check(draft);
    if (problem) { setFailure(problem); return; }
    setBusy(true);
    setFailure(null);
    const body = { title: draft.title.trim(), description: draft.description || '',
      time: { from: range.from, to: range.to }, panels: flowLayout(draft.panels) };
    try {
      const stored = isNew ? await api.send('POST', '/api/v1/dashboards', body)
        : await api.send('PUT', `/api/v1/dashboards/${encodeURIComponent(id)}`, body);
      setSaved(true);
      if (isNew) { navigate(withRange(`/ui/dashboards/${stored.id}`), { replace: true }); return; }
      setDraft(null);
      result.reload();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await api.send('DELETE', `/api/v1/dashboards/${encodeURIComponent(id)}`);
      navigate(withRange('/ui/dashboards'));
    } catch (e) {
      setFailure(e);
      setBusy(false);
      setConfirming(false);
    }
  };

  useEffect(() => { if (!saved) return undefined; const t = setTimeout(() => setSaved(false), 3000); return () => clearTimeout(t); }, [saved]);

  const actions = shown && html`
    ${saved && html`<span class="saved-note" role="status">Saved</span>`}
    ${editing ? html`
      <button type="button" class="btn" data-action="add-panel" onClick=${addPanel}>+ Add panel</button>
      <button type="button" class="btn btn-primary" data-action="save" disabled=${busy} onClick=${save}>${busy ? 'Saving…' : 'Save'}</button>
      <button type="button" class="btn" data-action="cancel" onClick=${() => (isNew ? navigate(withRange('/ui/dashboards')) : (setDraft(null), setFailure(null)))}>Cancel</button>`
    : html`
      <button type="button" class="btn" data-action="add-panel" onClick=${addPanel}>+ Add panel</button>
      <button type="button" class="btn" data-action="edit" onClick=${() => setDraft(clone(dashboard))}>Edit</button>
      <button type="button" class="btn btn-danger" data-action="delete" onClick=${() => setConfirming(true)}>Delete</button>`}`;

  return html`<${Screen} name="dashboard" state=${state} actions=${actions}
      title=${shown ? (shown.title || 'New dashboard') : 'Dashboard'}
      subtitle=${shown && (editing ? `Editing · saved with the time range shown (${rangeLabel(range)})` : shown.description)}>
    <nav class="crumbs" aria-label="Breadcrumb"><a href=${withRange('/ui/dashboards')}>← All dashboards</a></nav>
    ${state === 'loading' && html`<${Loading} label="Loading the dashboard" />`}
    ${result.error && html`<${ErrorMessage} error=${result.error} title=${result.error.status === 404 ? 'No such dashboard' : 'The dashboard could not be read'}
      retry=${result.error.status === 404 ? undefined : result.reload} />
      ${result.error.status === 404 && html`<p><a href=${withRange('/ui/dashboards')}>See all dashboards</a></p>`}`}
    ${confirming && html`<${ConfirmDelete} title=${dashboard.title} busy=${busy} onConfirm=${remove} onCancel=${() => setConfirming(false)} />`}
    ${failure && html`<${ErrorMessage} error=${failure} title="Not saved" />`}
    ${editing && html`<${DashboardEditor} draft=${draft} edit=${edit} range=${range} failure=${failure} autofocus=${isNew} />`}
    ${!editing && state === 'empty' && html`<${Empty} title="This dashboard has no panels yet">
      <p>Add a panel: a query of Ophion's API (a service's rate or latency, a metric, log volume,
        slow traces…) shown as a time series, bars, a figure, a table, logs or traces.</p>
      <button type="button" class="btn btn-primary" onClick=${addPanel}>+ Add a panel</button><//>`}
    ${!editing && state === 'ready' && html`<div class="dash-grid">
      ${ordered(dashboard.panels).map((p) => html`<${PanelCard} key=${p.id} panel=${p} range=${range} />`)}
    </div>`}
  <//>`;
}

// Deleting asks here, in the page, with the keyboard focus on the answer.
function ConfirmDelete({ title, busy, onConfirm, onCancel }) {
  const button = useRef(null);
  useEffect(() => { if (button.current) button.current.focus(); }, []);
  return html`<div class="confirm-bar" role="alertdialog" aria-labelledby="confirm-delete-text">
    <span id="confirm-delete-text">Delete “${title}” for everyone in this tenant? This cannot be undone.</span>
    <button type="button" class="btn btn-danger-solid" data-action="confirm-delete" ref=${button} disabled=${busy} onClick=${onConfirm}>Delete it</button>
    <button type="button" class="btn" data-action="cancel-delete" onClick=${onCancel}>Keep it</button>
  </div>`;
}

// A dashboard opened without a range in its link shows the range it was saved with. Returns
// true while that range is still to be put in the URL.
function useDefaultRange(dashboard) {
  const [query, setQuery] = useQuery();
  const applied = useRef(false);
  const { from, to } = (dashboard && dashboard.time) || {};
  const given = query.from || query.to || query.start || query.end;
  const pending = !!dashboard && !applied.current && !given && !!from && (from !== 'now-1h' || to !== 'now');
  useEffect(() => {
    if (!dashboard || applied.current) return;
    applied.current = true;
    if (pending) setQuery({ from, to }, { replace: true });
  }, [dashboard]);
  return pending;
}

function PanelCard({ panel, range }) {
  const { w = 6, h = 4 } = panel.layout || {};
  return html`<section class=${`dash-panel w-${Math.min(Math.max(w, 1), COLUMNS)} h-${Math.min(Math.max(h, 2), 12)}`}
      data-panel-id=${panel.id} data-panel-type=${panel.type} aria-label=${panel.title || 'Panel'}>
    <h2 class="dash-panel-title">${panel.title || 'Untitled panel'}</h2>
    <div class="dash-panel-body"><${PanelBody} panel=${panel} range=${range} /></div>
  </section>`;
}

function DashboardEditor({ draft, edit, range, failure, autofocus }) {
  const services = useApi('/api/v1/services', range.params);
  const metrics = useApi('/api/v1/metrics/names', range.params);
  const title = useRef(null);
  useEffect(() => { if (autofocus && title.current) title.current.focus(); }, []);
  const panelError = (i) => failure && failure.message && (failure.message.match(/^panels\[(\d+)\]/) || [])[1] === String(i)
    ? failure.message : null;
  const setPanel = (i, p) => edit({ panels: draft.panels.map((x, j) => (j === i ? p : x)) });
  const move = (i, by) => {
    const panels = [...draft.panels];
    [panels[i], panels[i + by]] = [panels[i + by], panels[i]];
    edit({ panels });
  };
  return html`<div class="stack dash-editor">
    <${Suggestions} services=${services.data ? services.data.services.map((s) => s.name) : []}
      metrics=${metrics.data ? metrics.data.metrics.map((m) => m.name) : []} />
    <div class="editor-grid dash-meta">
      <div class="field wide">
        <label for="dash-title">Dashboard title</label>
        <input id="dash-title" name="title" ref=${title} value=${draft.title} maxlength="200" required
          placeholder="e.g. Checkout health" onInput=${(e) => edit({ title: e.currentTarget.value })} />
      </div>
      <div class="field wide">
        <label for="dash-description">Description</label>
        <input id="dash-description" name="description" value=${draft.description} maxlength="2000"
          placeholder="What this dashboard is for (optional)" onInput=${(e) => edit({ description: e.currentTarget.value })} />
      </div>
    </div>
    ${draft.panels.length === 0 && html`<p class="muted">No panels yet: “+ Add panel” adds one, then choose its data and how it is shown.</p>`}
    ${draft.panels.map((p, i) => html`<div class="edit-row" key=${p.id} data-panel-id=${p.id} data-panel-type=${p.type}>
      <${PanelEditor} panel=${p} index=${i} count=${draft.panels.length} error=${panelError(i)}
        onChange=${(next) => setPanel(i, next)} onMove=${(by) => move(i, by)}
        onRemove=${() => edit({ panels: draft.panels.filter((_, j) => j !== i) })} />
      <${Preview} panel=${p} range=${range} />
    </div>`)}
  </div>`;
}

// The panel as it will look, a moment after the last keystroke (no query per key).
function Preview({ panel, range }) {
  const [shown, setShown] = useState(panel);
  useEffect(() => { const t = setTimeout(() => setShown(panel), 500); return () => clearTimeout(t); }, [JSON.stringify(panel)]);
  const { entry, segment } = entryOf(shown.query.path);
  return html`<div class="edit-preview" aria-label="Preview">
    <div class="dash-panel-title muted">Preview · ${shown.title || 'Untitled panel'}</div>
    ${entry && entry.segment && !segment
      ? html`<p class="muted">Choose the ${entry.segment.label.toLowerCase()} to see this panel.</p>`
      : html`<${PanelBody} panel=${shown} range=${range} />`}
  </div>`;
}

const clone = (d) => JSON.parse(JSON.stringify({ title: d.title, description: d.description, time: d.time, panels: ordered(d.panels) }));

// A new panel that works on any data: the log volume, as bars.
function newPanel(panels) {
  let n = panels.length + 1;
  while (panels.some((p) => p.id === `p${n}`)) n += 1;
  return { id: `p${n}`, title: 'Log volume', type: 'bar',
    query: { path: '/api/v1/logs/histogram', params: {} }, layout: { x: 0, y: 0, w: 6, h: 4 } };
}

// Panels in reading order: by row, then column.
const ordered = (panels) => [...panels].sort((a, b) => ((a.layout?.y ?? 0) - (b.layout?.y ?? 0)) || ((a.layout?.x ?? 0) - (b.layout?.x ?? 0)));

// Positions from the order and widths: left to right, a new row when a panel no longer fits.
function flowLayout(panels) {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return panels.map((p) => {
    const w = Math.min(Math.max(p.layout?.w || 6, 1), COLUMNS);
    const h = Math.max(p.layout?.h || 4, 1);
    if (x + w > COLUMNS) { x = 0; y += rowHeight; rowHeight = 0; }
    const placed = { ...p, layout: { x, y, w, h } };
    x += w;
    rowHeight = Math.max(rowHeight, h);
    return placed;
  });
}

// What the server would refuse, said before asking it.
function check(draft) {
  if (!draft.title.trim()) return new Error('Give the dashboard a title.');
  const i = draft.panels.findIndex((p) => {
    const { entry, segment } = entryOf(p.query.path);
    return entry && entry.segment && !segment;
  });
  if (i >= 0) return new Error(`panels[${i}]: choose the ${entryOf(draft.panels[i].query.path).entry.segment.label.toLowerCase()} this panel shows.`);
  return null;
}
