// Editing one panel: its title, type, size, and its query built from the read API's catalogue
// (a route, its `{…}` segment, the parameters it declares, attribute filters), or any other
// read path written out by hand.
import { html } from '../lib/html.js';
import { PANEL_TYPES, QUERIES, entryOf, pathFor } from './panel-queries.js';

const WIDTHS = [[3, 'quarter'], [4, 'third'], [6, 'half'], [8, 'two thirds'], [12, 'full']];
const HEIGHTS = [[3, 'short'], [4, 'medium'], [6, 'tall'], [8, 'very tall']];
const OTHER = 'other';

// `attr.k=v` params as the text "k=v, k2=v2", and back.
const attrText = (params) => Object.entries(params).filter(([k]) => k.startsWith('attr.'))
  .map(([k, v]) => `${k.slice(5)}=${v}`).join(', ');
function withAttrs(params, text) {
  const next = Object.fromEntries(Object.entries(params).filter(([k]) => !k.startsWith('attr.')));
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) next[`attr.${pair.slice(0, at).trim()}`] = pair.slice(at + 1).trim();
  }
  return next;
}

// `suggestions`: { services: [...], metrics: [...] } for the datalists.
export function PanelEditor({ panel, index, count, onChange, onMove, onRemove, error }) {
  const id = (f) => `panel-${panel.id}-${f}`;
  const { entry, segment } = entryOf(panel.query.path);
  const params = panel.query.params || {};
  const set = (patch) => onChange({ ...panel, ...patch });
  const setQuery = (path, nextParams) => set({ query: { path, params: nextParams } });
  const setParam = (k, v) => {
    const next = { ...params };
    if (v === '' || v == null) delete next[k]; else next[k] = v;
    setQuery(panel.query.path, next);
  };
  const choose = (value) => {
    if (value === OTHER) { setQuery(panel.query.path, params); return; }
    const e = QUERIES[Number(value)];
    const type = e.types.includes(panel.type) ? panel.type : e.types[0];
    onChange({ ...panel, type, query: { path: pathFor(e, ''), params: {} } });
  };
  const chosen = entry ? String(QUERIES.indexOf(entry)) : OTHER;
  const layout = panel.layout || { x: 0, y: 0, w: 6, h: 4 };

  return html`<fieldset class="panel-editor" aria-describedby=${error ? id('error') : undefined}>
    <legend>Panel ${index + 1}</legend>
    <div class="editor-grid">
      <div class="field wide">
        <label for=${id('title')}>Title</label>
        <input id=${id('title')} name="panel-title" value=${panel.title} maxlength="200"
          onInput=${(e) => set({ title: e.currentTarget.value })} />
      </div>
      <div class="field">
        <label for=${id('type')}>Shown as</label>
        <select id=${id('type')} name="panel-type" value=${panel.type} onChange=${(e) => set({ type: e.currentTarget.value })}>
          ${PANEL_TYPES.map((t) => html`<option value=${t}>${t}${entry && !entry.types.includes(t) ? ' (unsuited)' : ''}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for=${id('w')}>Width</label>
        <select id=${id('w')} value=${String(layout.w)} onChange=${(e) => set({ layout: { ...layout, w: Number(e.currentTarget.value) } })}>
          ${WIDTHS.map(([w, label]) => html`<option value=${String(w)}>${label}</option>`)}
          ${!WIDTHS.some(([w]) => w === layout.w) && html`<option value=${String(layout.w)}>${layout.w} columns</option>`}
        </select>
      </div>
      <div class="field">
        <label for=${id('h')}>Height</label>
        <select id=${id('h')} value=${String(layout.h)} onChange=${(e) => set({ layout: { ...layout, h: Number(e.currentTarget.value) } })}>
          ${HEIGHTS.map(([h, label]) => html`<option value=${String(h)}>${label}</option>`)}
          ${!HEIGHTS.some(([h]) => h === layout.h) && html`<option value=${String(layout.h)}>${layout.h} rows</option>`}
        </select>
      </div>
      <div class="field wide">
        <label for=${id('query')}>Data</label>
        <select id=${id('query')} name="panel-query" value=${chosen} onChange=${(e) => choose(e.currentTarget.value)}>
          ${QUERIES.map((q, i) => html`<option value=${String(i)}>${q.label}</option>`)}
          <option value=${OTHER}>Another read API path…</option>
        </select>
      </div>
      ${entry && entry.segment && html`<div class="field">
        <label for=${id('segment')}>${entry.segment.label}</label>
        <input id=${id('segment')} list=${`suggest-${entry.segment.suggest}`} value=${segment} required
          onInput=${(e) => setQuery(pathFor(entry, e.currentTarget.value), params)} />
      </div>`}
      ${entry && entry.params.map((p) => html`<div class="field">
        <label for=${id(p.name)}>${p.label}</label>
        ${p.options ? html`<select id=${id(p.name)} value=${params[p.name] || ''} onChange=${(e) => setParam(p.name, e.currentTarget.value)}>
            <option value="">default</option>
            ${p.options.map((o) => html`<option value=${o}>${o}</option>`)}
          </select>`
          : html`<input id=${id(p.name)} value=${params[p.name] || ''} placeholder=${p.placeholder || ''}
              list=${p.suggest ? `suggest-${p.suggest}` : undefined} onInput=${(e) => setParam(p.name, e.currentTarget.value.trim())} />`}
      </div>`)}
      ${entry && entry.attrs && html`<div class="field wide">
        <label for=${id('attrs')}>Attribute filters</label>
        <input id=${id('attrs')} value=${attrText(params)} placeholder="key=value, key2=value2"
          onChange=${(e) => setQuery(panel.query.path, withAttrs(params, e.currentTarget.value))} />
      </div>`}
      ${!entry && html`<${RawQuery} id=${id} query=${panel.query} onChange=${setQuery} />`}
    </div>
    ${error && html`<p class="field-error" id=${id('error')} role="alert">${error}</p>`}
    <div class="editor-actions">
      <button type="button" class="btn" data-action="move-up" disabled=${index === 0} onClick=${() => onMove(-1)}
        aria-label=${`Move panel ${index + 1} up`}>↑ Up</button>
      <button type="button" class="btn" data-action="move-down" disabled=${index === count - 1} onClick=${() => onMove(1)}
        aria-label=${`Move panel ${index + 1} down`}>↓ Down</button>
      <button type="button" class="btn btn-danger" data-action="remove-panel" onClick=${onRemove}
        aria-label=${`Remove panel ${index + 1}`}>Remove</button>
    </div>
  </fieldset>`;
}

// A path outside the catalogue and its parameters, one `name=value` per line.
function RawQuery({ id, query, onChange }) {
  const text = Object.entries(query.params || {}).map(([k, v]) => `${k}=${v}`).join('\n');
  const parse = (t) => Object.fromEntries(t.split('\n').map((l) => l.trim()).filter((l) => l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()]));
  return html`<div class="field wide">
      <label for=${id('path')}>API path</label>
      <input id=${id('path')} class="mono" value=${query.path} placeholder="/api/v1/…"
        onChange=${(e) => onChange(e.currentTarget.value.trim(), query.params || {})} />
    </div>
    <div class="field wide">
      <label for=${id('params')}>Parameters (name=value per line; the time range is added)</label>
      <textarea id=${id('params')} class="mono" rows="3" value=${text}
        onChange=${(e) => onChange(query.path, parse(e.currentTarget.value))}></textarea>
    </div>`;
}

// The datalists the editors' inputs suggest from.
export function Suggestions({ services = [], metrics = [] }) {
  return html`<datalist id="suggest-services">${services.map((s) => html`<option value=${s} />`)}</datalist>
    <datalist id="suggest-metrics">${metrics.map((m) => html`<option value=${m} />`)}</datalist>`;
}
