// The trace waterfall: one row per span (tree on the left, a bar on the trace's time axis on
// the right). Only the rows in view are in the DOM, so a 5,000-span trace scrolls smoothly.
// Keyboard: ↑/↓ move the selection, ←/→ collapse/expand, Enter/Space select.
//
//   <${Waterfall} model=${buildTrace(trace)} selected=${spanId} onSelect=${(id) => …} />
import { html, useEffect, useLayoutEffect, useMemo, useRef, useState } from '../lib/html.js';
import { fmtDurationNs } from '../lib/time.js';
import { ancestorsOf, descendantCount, visibleRows } from './trace-model.js';

const ROW = 28;
const OVERSCAN = 12;

export const serviceClass = (model, name) => `svc-${model.services.indexOf(name) % 8}`;

export function Waterfall({ model, selected, onSelect }) {
  const [collapsed, setCollapsed] = useState(() => new Set());
  const rows = useMemo(() => visibleRows(model, collapsed), [model, collapsed]);
  const index = useMemo(() => new Map(rows.map((r, i) => [r.span.span_id, i])), [rows]);
  const body = useRef(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const focusNext = useRef(null);

  // Opening a link to a span inside a collapsed subtree expands its ancestors.
  useEffect(() => {
    if (!selected || index.has(selected)) return;
    const up = ancestorsOf(model, selected).filter((id) => collapsed.has(id));
    if (up.length) setCollapsed(new Set([...collapsed].filter((id) => !up.includes(id))));
  }, [selected]);

  // Keep the selected row in view (first load with ?span=, keyboard moves).
  useLayoutEffect(() => {
    const el = body.current;
    const i = index.get(selected);
    if (!el || i == null) return;
    const y = i * ROW;
    if (y < el.scrollTop) el.scrollTop = y;
    else if (y + ROW > el.scrollTop + el.clientHeight) el.scrollTop = y + ROW - el.clientHeight;
  }, [selected, index]);

  useEffect(() => {
    const el = body.current;
    if (!el) return undefined;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (!focusNext.current) return;
    const btn = body.current && body.current.querySelector(`[data-span-id="${focusNext.current}"] .span-select`);
    if (btn) { btn.focus({ preventScroll: true }); focusNext.current = null; }
  });

  const toggle = (id) => {
    const next = new Set(collapsed);
    if (next.has(id)) next.delete(id); else next.add(id);
    setCollapsed(next);
  };
  const move = (id) => { focusNext.current = id; onSelect(id); };
  const onKey = (e, row, i) => {
    const id = row.span.span_id;
    if (e.key === 'ArrowDown' && i + 1 < rows.length) { e.preventDefault(); move(rows[i + 1].span.span_id); }
    else if (e.key === 'ArrowUp' && i > 0) { e.preventDefault(); move(rows[i - 1].span.span_id); }
    else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      if (row.hasChildren && !collapsed.has(id)) toggle(id);
      else if (row.span.parent_span_id && model.byId.has(row.span.parent_span_id)) move(row.span.parent_span_id);
    } else if (e.key === 'ArrowRight' && row.hasChildren && collapsed.has(id)) { e.preventDefault(); toggle(id); }
    else if (e.key === 'Home') { e.preventDefault(); move(rows[0].span.span_id); }
    else if (e.key === 'End') { e.preventDefault(); move(rows[rows.length - 1].span.span_id); }
  };

  const first = Math.max(0, Math.floor(view.top / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((view.top + view.height) / ROW) + OVERSCAN);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const anyCollapsed = collapsed.size > 0;

  return html`<div class="waterfall" role="region" aria-label="Trace waterfall">
    <div class="wf-head">
      <div class="wf-tree-head">
        <span>Service · operation</span>
        <span class="wf-head-actions">
          <button type="button" class="btn-link" onClick=${() => setCollapsed(new Set())} disabled=${!anyCollapsed}>Expand all</button>
          <button type="button" class="btn-link" onClick=${() => setCollapsed(new Set(
            rows.filter((r) => r.depth >= 1 && r.hasChildren).map((r) => r.span.span_id)))}>Collapse</button>
        </span>
      </div>
      <div class="wf-axis" aria-hidden="true">
        ${ticks.map((t) => html`<span class="wf-tick" style=${{ left: `${t * 100}%` }}>${fmtDurationNs(model.duration * t)}</span>`)}
      </div>
    </div>
    <div class="wf-body" ref=${body} style=${{ height: `min(70vh, ${rows.length * ROW + 4}px)` }} onScroll=${(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}>
      <div class="wf-spacer" style=${{ height: `${rows.length * ROW}px` }}>
        ${rows.slice(first, last).map((row, k) => html`<${Row} key=${row.span.span_id} row=${row} top=${(first + k) * ROW}
          model=${model} selected=${row.span.span_id === selected} collapsed=${collapsed.has(row.span.span_id)}
          onToggle=${toggle} onSelect=${onSelect} onKey=${(e) => onKey(e, row, first + k)} />`)}
      </div>
    </div>
  </div>`;
}

function Row({ row, top, model, selected, collapsed, onToggle, onSelect, onKey }) {
  const { span, depth, hasChildren } = row;
  const error = span.status_code === 'error';
  const critical = model.critical.has(span.span_id);
  const left = (span.offset_ns / model.duration) * 100;
  const width = Math.max((span.duration_ns / model.duration) * 100, 0.15);
  // Duration label: after the bar, else before it, else inside its right end.
  const place = left + width < 80 ? { left: `calc(${left + width}% + 6px)` }
    : left > 12 ? { right: `calc(${100 - left}% + 6px)` } : { right: `calc(${100 - left - width}% + 4px)` };
  const inside = left + width >= 80 && left <= 12;
  const svc = serviceClass(model, span.service_name);
  return html`<div class=${`wf-row${selected ? ' selected' : ''}${error ? ' error' : ''}${critical ? ' critical' : ''}`}
      data-span-id=${span.span_id} data-critical=${critical ? 'true' : undefined} data-error=${error ? 'true' : undefined}
      style=${{ transform: `translateY(${top}px)` }}>
    <div class="wf-tree" style=${{ paddingLeft: `${6 + Math.min(depth, 40) * 14}px` }}>
      ${hasChildren
        ? html`<button type="button" class="wf-toggle" data-action="toggle" aria-expanded=${collapsed ? 'false' : 'true'}
            aria-label=${`${collapsed ? 'Expand' : 'Collapse'} ${span.name}`} onClick=${() => onToggle(span.span_id)}>
            <span aria-hidden="true">${collapsed ? '▸' : '▾'}</span></button>`
        : html`<span class="wf-toggle-space"></span>`}
      <button type="button" class="span-select" aria-pressed=${selected ? 'true' : 'false'}
          onClick=${() => onSelect(span.span_id)} onKeyDown=${onKey}>
        <span class=${`svc-chip ${svc}`} aria-hidden="true"></span>
        <span class="wf-service">${span.service_name}</span>
        <span class="wf-name">${span.name}</span>
        ${error && html`<span class="wf-error-mark" title="Error">!<span class="sr-only"> error</span></span>`}
        ${collapsed && html`<span class="wf-hidden-count">+${descendantCount(model, span)}</span>`}
      </button>
    </div>
    <div class="wf-timeline" aria-hidden="true" onClick=${() => onSelect(span.span_id)}>
      <span class=${`wf-bar ${svc}${error ? ' error' : ''}`} style=${{ left: `${left}%`, width: `${width}%` }}>
        ${(span.events || []).slice(0, 20).map((ev) => {
          const at = ((ev.time_unix_nano - span.start_time_unix_nano) / Math.max(1, span.duration_ns)) * 100;
          return html`<span class="wf-event" style=${{ left: `${Math.min(100, Math.max(0, at))}%` }}></span>`;
        })}
      </span>
      <span class=${inside ? 'wf-dur inside' : 'wf-dur'} style=${place}>
        ${fmtDurationNs(span.duration_ns)}</span>
    </div>
  </div>`;
}
