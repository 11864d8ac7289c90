// Insights (/ui/insights): what the AI engine found in the time range — anomalies, error log
// patterns, capacity forecasts and tips — newest first, filtered by kind, service and
// severity (all in the URL). Each row `[data-insight-id]` links to its detail (insight.js).
import { html } from '../lib/html.js';
import { useApi } from '../lib/api.js';
import { href, useQuery } from '../lib/url.js';
import { fmtAgo, fmtDateTime, nanosToMs, useTimeRange, withRange } from '../lib/time.js';
import { Empty, ErrorMessage, Loading, Screen, Tabs, stateOf } from '../lib/ui.js';
import { KINDS, KindBadge, Prose, SeverityBadge } from './insight-kinds.js';
import { usePaged } from './paged.js';
import './insights.css';

export { Insight } from './insight.js';

export function Insights() {
  const [query, setQuery] = useQuery();
  const range = useTimeRange();
  const filters = { kind: query.kind, service: query.service, severity: query.severity };
  const list = usePaged('/api/v1/insights', { ...filters, ...range.params, limit: 50 }, 'insights');
  const state = stateOf(list, (d) => d.insights.length === 0);
  const base = { ...query, kind: undefined };

  return html`<${Screen} name="insights" state=${state} title="Insights"
      subtitle="What Ophion's engine noticed: anomalies, error log patterns, capacity forecasts and tips">
    <${Tabs} label="Kinds of insight" active=${query.kind || 'all'} tabs=${[
      { id: 'all', label: 'All', href: href('/ui/insights', base) },
      ...Object.entries(KINDS).map(([id, k]) => ({ id, label: k.plural, href: href('/ui/insights', { ...base, kind: id }) })),
    ]} />
    <${InsightFilters} query=${query} setQuery=${setQuery} range=${range} />
    ${state === 'loading' && html`<${Loading} label="Reading insights" />`}
    ${state === 'error' && html`<${ErrorMessage} error=${list.error} retry=${list.reload} />`}
    ${state === 'empty' && html`<${NoInsights} filtered=${!!(query.kind || query.service || query.severity)} range=${range} />`}
    ${state === 'ready' && html`<ul class="insight-feed" aria-label="Insights">
      ${list.items.map((i) => html`<${InsightItem} key=${i.id} insight=${i} />`)}
    </ul>
    <div class="load-more">
      ${list.moreError && html`<${ErrorMessage} error=${list.moreError} title="Loading more failed" />`}
      ${list.hasMore && html`<button type="button" class="btn" data-action="load-more" disabled=${list.loadingMore}
        onClick=${list.loadMore}>${list.loadingMore ? 'Loading…' : 'Load more'}</button>`}
    </div>`}
  <//>`;
}

function InsightItem({ insight: i }) {
  return html`<li class=${`insight-item sev-${i.severity}`} data-insight-id=${i.id} data-kind=${i.kind}>
    <div class="insight-head">
      <${SeverityBadge} severity=${i.severity} />
      <${KindBadge} kind=${i.kind} />
      <a class="insight-title" href=${withRange(`/ui/insights/${i.id}`)}><${Prose} text=${i.title} /></a>
    </div>
    <p class="insight-summary"><${Prose} text=${i.summary} /></p>
    <p class="insight-meta muted small">
      ${i.service && html`<a href=${withRange(`/ui/services/${encodeURIComponent(i.service)}`)}>${i.service}</a> · `}
      ${`${fmtDateTime(nanosToMs(i.start_unix_nano))} → ${fmtDateTime(nanosToMs(i.end_unix_nano))} · updated ${fmtAgo(nanosToMs(i.updated_unix_nano))}`}
    </p>
  </li>`;
}

function InsightFilters({ query, setQuery, range }) {
  const services = useApi('/api/v1/services', range.params);
  const names = (services.data ? services.data.services.map((s) => s.name) : []).sort();
  if (query.service && !names.includes(query.service)) names.unshift(query.service);
  return html`<div class="toolbar insight-filters" role="group" aria-label="Insight filters">
    <div class="field">
      <label for="insight-service">Service</label>
      <select id="insight-service" name="service" value=${query.service || ''}
          onChange=${(e) => setQuery({ service: e.currentTarget.value || null })}>
        <option value="">All services</option>
        ${names.map((n) => html`<option value=${n}>${n}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="insight-severity">Severity</label>
      <select id="insight-severity" name="severity" value=${query.severity || ''}
          onChange=${(e) => setQuery({ severity: e.currentTarget.value || null })}>
        <option value="">Any severity</option>
        <option value="warning">warning and critical</option>
        <option value="critical">critical only</option>
      </select>
    </div>
  </div>`;
}

function NoInsights({ filtered, range }) {
  return html`<${Empty} title=${filtered ? 'No insight matches these filters' : 'No insights in this time range'}>
    <p>The engine reads new telemetry every minute. It raises an <strong>anomaly</strong> when a
      service's rate, errors or latency, or a metric, leaves its expected band (it learns the band
      from about a day of history first); a <strong>log pattern</strong> when an error template
      appears or spikes; a <strong>capacity</strong> forecast when a <code>*.utilization</code>
      metric is on course to reach 1; and <strong>tips</strong> such as N+1 queries from recent traces.</p>
    <p>${filtered ? html`<a href=${withRange('/ui/insights')}>Clear the filters</a> or ` : ''}
      <button type="button" class="btn-link" onClick=${() => range.setRange({ from: 'now-7d', to: 'now' })}>look at the last 7 days</button>.</p>
  <//>`;
}
