// The trace waterfall: one row per span (tree on the left, a bar on the trace's time axis on
// the right). Only the rows in view are in the DOM, so a 5,000-span trace scrolls smoothly.
// Keyboard: ↑/↓ move the selection, ←/→ collapse/expand, Enter/Space select. Drag across the
// time axis to zoom into part of the trace ("Zoom to span" and "Reset zoom" do it by button).
//
//   <${Waterfall} model=${buildTrace(trace)} selected=${spanId} onSelect=${(id) => …}
//       matches=${Set of span ids or null} toolbar=${…} />   matches: rows found by the trace
//       search; toolbar: shown left of the waterfall's own buttons
import { html, useEffect, useLayoutEffect, useMemo, useRef, useState } from '../lib/html.js';
import { fmtDurationNs } from '../lib/time.js';
import { ancestorsOf, descendantCount, visibleRows } from './trace-model.js';

const ROW = 28;
const OVERSCAN = 12;

export const serviceClass = (model, name) => `svc-${model.services.indexOf(name) % 8}`;

export function Waterfall({ model, selected, onSelect, matches = null, toolbar = null }) {
  const [collapsed, setCollapsed] = useState(() => new Set());
  const [win, setWin] = useState({ a: 0, b: model.duration }); // the visible time window, ns
  const zoomed = win.a > 0 || win.b < model.duration;
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
  const sel = model.byId.get(selected);
  const zoomToSpan = () => {
    const pad = Math.max(sel.duration_ns * 0.05, model.duration * 0.001);
    setWin({ a: Math.max(0, sel.offset_ns - pad), b: Math.min(model.duration, sel.offset_ns + sel.duration_ns + pad) });
  };

  return html`<div class="wf-toolbar">
    ${toolbar}
    <span class="wf-actions">
      ${sel && html`<button type="button" class="btn btn-ghost" data-action="zoom-span" onClick=${zoomToSpan}>Zoom to span</button>`}
      ${zoomed && html`<button type="button" class="btn btn-ghost" data-action="reset-zoom" onClick=${() => setWin({ a: 0, b: model.duration })}>Reset zoom</button>`}
      <button type="button" class="btn btn-ghost" onClick=${() => setCollapsed(new Set())} disabled=${!anyCollapsed}>Expand all</button>
      <button type="button" class="btn btn-ghost" onClick=${() => setCollapsed(new Set(
        rows.filter((r) => r.depth >= 1 && r.hasChildren).map((r) => r.span.span_id)))}>Collapse</button>
    </span>
  </div>
  <div class="waterfall" role="region" aria-label="Trace waterfall">
    <div class="wf-head">
      <div class="wf-tree-head">Service · operation</div>
      <${Axis} win=${win} ticks=${ticks} onZoom=${(a, b) => setWin({ a, b })} />
    </div>
    <div class="wf-body" data-testid="waterfall" ref=${body} style=${{ height: `min(70vh, ${rows.length * ROW + 4}px)` }} onScroll=${(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}>
      <div class="wf-spacer" style=${{ height: `${rows.length * ROW}px` }}>
        ${rows.slice(first, last).map((row, k) => html`<${Row} key=${row.span.span_id} row=${row} top=${(first + k) * ROW}
          model=${model} win=${win} selected=${row.span.span_id === selected} collapsed=${collapsed.has(row.span.span_id)}
          found=${matches ? matches.has(row.span.span_id) : null}
          onToggle=${toggle} onSelect=${onSelect} onKey=${(e) => onKey(e, row, first + k)} />`)}
      </div>
    </div>
  </div>`;
}

// The time axis; dragging across it picks a window to zoom into.
function Axis({ win, ticks, onZoom }) {
  const [drag, setDrag] = useState(null); // { x0, x1 } as fractions of the axis
  const span = win.b - win.a;
  const at = (e) => {
    const r = e.currentTarget.getBoundingClientRect();
    return Math.min(1, Math.max(0, (e.clientX - r.left) / r.width));
  };
  return html`<div class="wf-axis" title="Drag to zoom into part of the trace"
      onPointerDown=${(e) => { e.currentTarget.setPointerCapture(e.pointerId); const x = at(e); setDrag({ x0: x, x1: x }); }}
      onPointerMove=${(e) => drag && setDrag({ ...drag, x1: at(e) })}
      onPointerUp=${() => {
        if (drag && Math.abs(drag.x1 - drag.x0) > 0.01) {
          const lo = Math.min(drag.x0, drag.x1);
          const hi = Math.max(drag.x0, drag.x1);
          onZoom(win.a + lo * span, win.a + hi * span);
        }
        setDrag(null);
      }}>
    ${ticks.map((t) => html`<span class="wf-tick" aria-hidden="true" style=${{ left: `${t * 100}%` }}>${fmtDurationNs(win.a + span * t)}</span>`)}
    ${drag && html`<span class="wf-drag" style=${{ left: `${Math.min(drag.x0, drag.x1) * 100}%`, width: `${Math.abs(drag.x1 - drag.x0) * 100}%` }}></span>`}
  </div>`;
}

function Row({ row, top, model, win, selected, collapsed, found, onToggle, onSelect, onKey }) {
  const { span, depth, hasChildren } = row;
  const error = span.status_code === 'error';
  const critical = model.critical.has(span.span_id);
  const scale = 100 / (win.b - win.a);
  let left = (span.offset_ns - win.a) * scale;
  let width = Math.max(span.duration_ns * scale, 0.15);
  if (left < 0) { width += left; left = 0; }
  width = Math.min(width, 100 - left);
  const outside = width <= 0 || left >= 100;
  if (outside) { left = Math.min(Math.max(left, 0), 100); width = 0; }
  // Duration label: after the bar, else before it, else inside its right end.
  // Duration label: after the bar, else before it, else inside its right end; off-window
  // spans put it at the edge they lie beyond.
  const before = span.offset_ns + span.duration_ns <= win.a;
  const place = outside ? (before ? { left: '0' } : { right: '0' })
    : left + width < 80 ? { left: `calc(${left + width}% + 6px)` }
      : left > 12 ? { right: `calc(${100 - left}% + 6px)` } : { right: `calc(${100 - left - width}% + 4px)` };
  const inside = !outside && left + width >= 80 && left <= 12;
  const svc = serviceClass(model, span.service_name);
  const cls = `wf-row${selected ? ' selected' : ''}${error ? ' error' : ''}${critical ? ' critical' : ''}${found === true ? ' found' : found === false ? ' not-found' : ''}`;
  return html`<div class=${cls}
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
      ${!outside && html`<span class=${`wf-bar ${svc}${error ? ' error' : ''}`} style=${{ left: `${left}%`, width: `${width}%` }}></span>`}
      ${(span.events || []).slice(0, 20).map((ev) => {
        const at = (span.offset_ns + (ev.time_unix_nano - span.start_time_unix_nano) - win.a) * scale;
        return at >= 0 && at <= 100 && html`<span class="wf-event" style=${{ left: `${at}%` }}></span>`;
      })}
      <span class=${inside ? 'wf-dur inside' : 'wf-dur'} style=${place}>
        ${outside && before ? '◂ ' : ''}${fmtDurationNs(span.duration_ns)}${outside && !before ? ' ▸' : ''}</span>
    </div>
  </div>`;
}
