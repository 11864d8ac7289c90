// Dashboards (/ui/dashboards): the tenant's dashboards, a button to start a new one, and the
// presets (GET /api/v1/dashboard/presets) — "Use this preset" saves a copy to edit freely.
import { html, useState } from '../lib/html.js';
import { api, useApi } from '../lib/api.js';
import { navigate } from '../lib/url.js';
import { fmtAgo, withRange } from '../lib/time.js';
import { Empty, ErrorMessage, Loading, Panel, Screen, fmtNumber, stateOf } from '../lib/ui.js';
import { usePaged } from './paged.js';
import './dashboards.css';

export { Dashboard } from './dashboard.js';

export function Dashboards() {
  const list = usePaged('/api/v1/dashboards', { limit: 100 }, 'items');
  // The presets are always there to start from, so an empty list is still a ready screen.
  const state = stateOf(list);
  const create = html`<button type="button" class="btn btn-primary" data-action="new-dashboard"
    onClick=${() => navigate(withRange('/ui/dashboards/new'))}>+ New dashboard</button>`;

  return html`<${Screen} name="dashboards" state=${state} title="Dashboards" actions=${create}
      subtitle="Panels of your choice over one time range; start from scratch or from a preset">
    ${state === 'loading' && html`<${Loading} label="Reading dashboards" />`}
    ${state === 'error' && html`<${ErrorMessage} error=${list.error} retry=${list.reload} />`}
    ${state === 'ready' && !list.items.length && html`<${Empty} title="No dashboards yet">
      <p>Create one with “+ New dashboard”, or start from a preset below and change it as you like.
        Every panel shows the time range chosen in the header.</p><//>`}
    ${state === 'ready' && list.items.length > 0 && html`<${Panel} title=${`${fmtNumber(list.items.length)} dashboards`}>
      <ul class="dash-list">${list.items.map((d) => html`<li data-dashboard-id=${d.id}>
        <a class="dash-link" href=${withRange(`/ui/dashboards/${d.id}`)}>${d.title}</a>
        <span class="muted">${d.description}</span>
        <span class="dash-list-meta muted small">${fmtNumber(d.panels)} panels${d.updated_at ? ` · updated ${fmtAgo(Date.parse(d.updated_at))}` : ''}</span>
      </li>`)}</ul>
      ${list.hasMore && html`<button type="button" class="btn" data-action="load-more" onClick=${list.loadMore}>Load more</button>`}
    <//>`}
    <${Presets} />
  <//>`;
}

function Presets() {
  const presets = useApi('/api/v1/dashboard/presets');
  const [busy, setBusy] = useState('');
  const [failure, setFailure] = useState(null);
  const use = async (preset) => {
    setBusy(preset.id);
    setFailure(null);
    try {
      const { title, description, time, panels } = preset;
      const stored = await api.send('POST', '/api/v1/dashboards', { title, description, time, panels });
      navigate(withRange(`/ui/dashboards/${stored.id}`));
    } catch (e) {
      setFailure(e);
      setBusy('');
    }
  };
  return html`<section class="presets" aria-labelledby="presets-title">
    <h2 id="presets-title">Presets</h2>
    ${presets.loading && html`<${Loading} label="Reading presets" />`}
    ${presets.error && html`<${ErrorMessage} error=${presets.error} retry=${presets.reload} title="Presets could not be read" />`}
    ${failure && html`<${ErrorMessage} error=${failure} title="The preset could not be saved" />`}
    ${presets.data && html`<ul class="preset-list">${presets.data.items.map((p) => html`<li class="preset-card" data-preset=${p.id}>
      <h3>${p.title}</h3>
      <p class="muted">${p.description}</p>
      <p class="small muted">${p.panels.length} panels: ${p.panels.map((x) => x.title).join(', ')}</p>
      <button type="button" class="btn" data-action="use-preset" disabled=${!!busy} onClick=${() => use(p)}
        aria-label=${`Use this preset: ${p.title}`}>${busy === p.id ? 'Creating…' : 'Use this preset'}</button>
    </li>`)}</ul>`}
  </section>`;
}
