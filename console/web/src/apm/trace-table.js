// A list of traces (the /api/v1/traces item shape): start, root span, duration with a bar
// scaled to the longest, span count, services, errors. Rows carry data-trace-id and link to
// /ui/traces/ID.
import { html } from '../lib/html.js';
import { fmtDateTime, fmtDurationNs, nanosToMs } from '../lib/time.js';
import { Badge, Table } from '../lib/ui.js';

export function TraceTable({ traces, caption = 'Traces', compact = false, sort, onSort }) {
  const longest = Math.max(1, ...traces.map((t) => t.duration_ns));
  const columns = [
    { key: 'start', label: 'Start', sort: !!onSort, render: (t) => html`<span class="nowrap">${fmtDateTime(nanosToMs(t.start_time_unix_nano))}</span>` },
    { key: 'root', label: 'Root span', render: (t) => html`<a href=${`/ui/traces/${t.trace_id}`} class="trace-link">
        <span class="muted">${t.root_service || '?'}</span> ${t.root_name || '(missing root span)'}</a>` },
    { key: 'duration', label: 'Duration', sort: !!onSort, align: 'right', render: (t) => html`<span class="duration-cell">
        <span class="duration-bar" aria-hidden="true"><span class=${t.has_error ? 'fill error' : 'fill'}
          style=${{ width: `${Math.max(2, (t.duration_ns / longest) * 100)}%` }}></span></span>
        ${fmtDurationNs(t.duration_ns)}</span>` },
    { key: 'spans', label: 'Spans', align: 'right', render: (t) => t.span_count },
    ...(compact ? [] : [{ key: 'services', label: 'Services', render: (t) => html`<span class="service-list">
        ${(t.services || []).slice(0, 4).map((s) => html`<${Badge} tone="muted">${s}<//> `)}
        ${(t.services || []).length > 4 && html`<span class="muted">+${t.services.length - 4}</span>`}</span>` }]),
    { key: 'status', label: 'Status', render: (t) => (t.has_error
      ? html`<${Badge} tone="error">${t.error_count} error${t.error_count === 1 ? '' : 's'}<//>`
      : html`<${Badge} tone="ok">ok<//>`) },
  ];
  return html`<${Table} caption=${caption} columns=${columns} rows=${traces} dense=${compact}
    rowKey=${(t) => t.trace_id} sort=${sort} onSort=${onSort}
    rowProps=${(t) => ({ 'data-trace-id': t.trace_id, class: t.has_error ? 'row-error' : '' })} />`;
}
