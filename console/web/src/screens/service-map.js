// Service map: who calls whom over the range. A d3-force layout (callers drift left, callees
// right) drawn as SVG; node size follows request rate, colour its error rate; edges carry call
// rate, error rate and p95. Every node links to its service page. The table below lists the
// same edges for keyboard and screen-reader users.
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from 'd3-force';
import { html, useMemo, useState } from '../lib/html.js';
import { api, useAsync } from '../lib/api.js';
import { useParam } from '../lib/url.js';
import { fmtDuration, useTimeRange, withRange } from '../lib/time.js';
import { Badge, Empty, ErrorMessage, Loading, Panel, Screen, Table, fmtPercent, fmtRate, stateOf } from '../lib/ui.js';
import { errorTone } from './overview.js';

async function loadMap(range, signal) {
  const [map, { services }] = await Promise.all([
    api.get('/api/v1/service-map', range.params, { signal }),
    api.get('/api/v1/services', range.params, { signal }),
  ]);
  return { ...map, services };
}

export function ServiceMap() {
  const range = useTimeRange();
  const result = useAsync((signal) => loadMap(range, signal), [range.start, range.end]);
  const [focus] = useParam('focus', '');
  const state = stateOf(result, (d) => d.edges.length === 0 && d.nodes.length === 0);
  const seconds = (range.end - range.start) / 1000;

  return html`<${Screen} name="service-map" state=${state} title="Service map"
      subtitle="Calls between services in the range. Node size: request rate; colour: error rate. Click a service to open it.">
    ${result.error && html`<${ErrorMessage} error=${result.error} retry=${result.reload} />`}
    ${state === 'loading' && html`<${Loading} label="Building the service map" />`}
    ${state === 'empty' && html`<${Empty} title="No calls between services in this range">
      <p>The map is drawn from parent/child spans that cross services. Instrument at least two
        services that call each other (HTTP or gRPC client and server spans, with context
        propagation on, which OpenTelemetry SDKs do by default), or widen the time range.</p>
      <p><a href=${withRange('/ui/')}>See services</a></p><//>`}
    ${state === 'ready' && html`
      <${Graph} data=${result.data} seconds=${seconds} focus=${focus} />
      <${EdgeTable} edges=${result.data.edges} seconds=${seconds} />`}
  <//>`;
}

const W = 1100;

function layout(data, seconds) {
  const stats = new Map(data.services.map((s) => [s.name, s]));
  const names = [...new Set([...data.nodes, ...data.edges.flatMap((e) => [e.caller, e.callee])])].sort();
  // Depth from the entry points, so the graph reads left (callers) to right (callees).
  const incoming = new Map(names.map((n) => [n, 0]));
  for (const e of data.edges) if (e.caller !== e.callee) incoming.set(e.callee, incoming.get(e.callee) + 1);
  const depth = new Map();
  const queue = names.filter((n) => incoming.get(n) === 0).map((n) => [n, 0]);
  for (;;) {
    while (queue.length) {
      const [n, d] = queue.shift();
      if (depth.has(n)) continue;
      depth.set(n, d);
      for (const e of data.edges) if (e.caller === n && !depth.has(e.callee)) queue.push([e.callee, d + 1]);
    }
    // A cycle with no entry point: start from its least-called service.
    const rest = names.filter((n) => !depth.has(n)).sort((a, b) => incoming.get(a) - incoming.get(b));
    if (!rest.length) break;
    queue.push([rest[0], 0]);
  }
  const maxDepth = Math.max(0, ...depth.values());
  const maxRate = Math.max(1e-9, ...names.map((n) => (stats.get(n) || {}).rate_per_sec || 0));
  const nodes = names.map((name) => {
    const s = stats.get(name) || {};
    return { id: name, stats: s, depth: depth.get(name) ?? 0,
      r: 14 + 18 * Math.sqrt((s.rate_per_sec || 0) / maxRate) };
  });
  const links = data.edges.filter((e) => e.caller !== e.callee)
    .map((e) => ({ source: e.caller, target: e.callee, edge: e }));
  const column = (d) => (maxDepth ? 100 + (d / maxDepth) * (W - 200) : W / 2);
  const perColumn = Math.max(1, ...[...depth.values()].reduce((m, d) => m.set(d, (m.get(d) || 0) + 1), new Map()).values());
  const H = Math.max(420, Math.min(900, perColumn * 120 + 80));
  forceSimulation(nodes)
    .force('link', forceLink(links).id((n) => n.id).distance(200).strength(0.2))
    .force('charge', forceManyBody().strength(-1400))
    .force('x', forceX((n) => column(n.depth)).strength(0.3))
    .force('y', forceY(H / 2).strength(0.08))
    .force('collide', forceCollide((n) => n.r + 60))
    .stop()
    .tick(300);
  for (const n of nodes) {
    n.x = Math.max(n.r + 60, Math.min(W - n.r - 60, n.x));
    n.y = Math.max(n.r + 20, Math.min(H - n.r - 40, n.y));
  }
  const maxCalls = Math.max(1, ...links.map((l) => l.edge.call_count));
  for (const l of links) l.width = 1.5 + 4 * Math.sqrt(l.edge.call_count / maxCalls);
  return { nodes, links, H };
}

function Graph({ data, seconds, focus }) {
  const { nodes, links, H } = useMemo(() => layout(data, seconds), [data]);
  const labelAll = links.length <= 8; // more edges: label those of the hovered service only
  const [hover, setHover] = useState(focus || '');
  const related = (n) => !hover || n === hover || links.some((l) =>
    (l.source.id === hover && l.target.id === n) || (l.target.id === hover && l.source.id === n));
  return html`<div class="panel map-panel">
    <svg class="service-map" viewBox=${`0 0 ${W} ${H}`} role="group" aria-label="Service dependency graph">
      <defs>
        <marker id="map-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" class="map-arrow" />
        </marker>
        <marker id="map-arrow-error" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" class="map-arrow error" />
        </marker>
      </defs>
      ${links.map((l) => {
        const e = l.edge;
        const rate = e.error_count / Math.max(1, e.call_count);
        const c = curve(l.source, l.target);
        const dim = hover && l.source.id !== hover && l.target.id !== hover;
        const bad = rate >= 0.05;
        const showLabel = labelAll || (hover && !dim);
        return html`<g class=${`map-edge${bad ? ' error' : ''}${dim ? ' dim' : ''}`} data-edge=${`${e.caller}>${e.callee}`}>
          <path d=${c.d} stroke-width=${l.width} marker-end=${bad ? 'url(#map-arrow-error)' : 'url(#map-arrow)'} />
          ${showLabel && html`<text x=${c.mx} y=${c.my} text-anchor="middle" dominant-baseline="middle" class="map-edge-label">
            ${fmtRate(e.call_count / seconds)} · ${fmtPercent(rate)} · p95 ${fmtDuration(e.p95_ms)}</text>`}
        </g>`;
      })}
      ${nodes.map((n) => {
        const s = n.stats;
        const tone = s.error_count ? errorTone(s.error_rate || 0) : 'ok';
        return html`<a href=${withRange(`/ui/services/${encodeURIComponent(n.id)}`)} class=${`map-node tone-${tone}${related(n.id) ? '' : ' dim'}${n.id === focus ? ' focused' : ''}`}
            data-node=${n.id}
            onMouseEnter=${() => setHover(n.id)} onMouseLeave=${() => setHover(focus || '')}
            onFocus=${() => setHover(n.id)} onBlur=${() => setHover(focus || '')}>
          <circle cx=${n.x} cy=${n.y} r=${n.r} />
          <text x=${n.x} y=${n.y + n.r + 15} text-anchor="middle" class="map-node-name">${n.id}</text>
          <text x=${n.x} y=${n.y + n.r + 29} text-anchor="middle" class="map-node-stats">
            ${fmtRate(s.rate_per_sec)} · ${fmtPercent(s.error_rate)} · p95 ${fmtDuration(s.p95_ms)}</text>
        </a>`;
      })}
    </svg>
    <div class="map-legend" aria-hidden="true">
      <span><span class="legend-dot tone-ok"></span>errors under 1%</span>
      <span><span class="legend-dot tone-warn"></span>1–5%</span>
      <span><span class="legend-dot tone-error"></span>5% or more</span>
      <span class="muted">edge labels: calls/s · error rate · p95</span>
    </div>
  </div>`;
}

// A gentle curve between two circles' rims (A→B and B→A bow to opposite sides), ending where
// the arrowhead meets the node; (mx, my) is its midpoint for the label.
function curve(a, b) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.max(1, Math.hypot(dx, dy));
  const cx = (a.x + b.x) / 2 - (dy / len) * len * 0.12;
  const cy = (a.y + b.y) / 2 + (dx / len) * len * 0.12;
  const rim = (p, r) => {
    const ux = cx - p.x;
    const uy = cy - p.y;
    const l = Math.max(1, Math.hypot(ux, uy));
    return [p.x + (ux / l) * r, p.y + (uy / l) * r];
  };
  const [x1, y1] = rim(a, a.r);
  const [x2, y2] = rim(b, b.r + 3);
  // The label sits beside the curve's midpoint, on its outer side.
  const nx = -(dy / len);
  const ny = dx / len;
  const out = 14;
  return { d: `M ${x1} ${y1} Q ${cx} ${cy} ${x2} ${y2}`,
    mx: 0.25 * x1 + 0.5 * cx + 0.25 * x2 + nx * out, my: 0.25 * y1 + 0.5 * cy + 0.25 * y2 + ny * out };
}

function EdgeTable({ edges, seconds }) {
  const svc = (n) => html`<a href=${withRange(`/ui/services/${encodeURIComponent(n)}`)}>${n}</a>`;
  const columns = [
    { key: 'caller', label: 'Caller', render: (e) => svc(e.caller) },
    { key: 'callee', label: 'Callee', render: (e) => svc(e.callee) },
    { key: 'rate', label: 'Calls', align: 'right', render: (e) => fmtRate(e.call_count / seconds) },
    { key: 'errors', label: 'Errors', align: 'right', render: (e) => (e.error_count
      ? html`<${Badge} tone=${errorTone(e.error_count / e.call_count)}>${fmtPercent(e.error_count / e.call_count)}<//>`
      : html`<span class="muted">0%</span>`) },
    { key: 'p50', label: 'p50', align: 'right', render: (e) => fmtDuration(e.p50_ms) },
    { key: 'p95', label: 'p95', align: 'right', render: (e) => fmtDuration(e.p95_ms) },
    { key: 'p99', label: 'p99', align: 'right', render: (e) => fmtDuration(e.p99_ms) },
  ];
  const rows = [...edges].sort((a, b) => b.call_count - a.call_count);
  return html`<${Panel} title="Calls between services" className="section" flush=${true}>
    <${Table} caption="Calls between services" columns=${columns} rows=${rows} dense=${true}
      rowKey=${(e) => `${e.caller}>${e.callee}`} />
  <//>`;
}
