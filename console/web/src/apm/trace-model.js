// A trace (GET /api/v1/traces/{id}) as a tree the waterfall can draw.
//
//   buildTrace(trace) -> { spans, byId, children: Map(id -> [span]), roots, start, duration,
//       critical: Set(span ids), services: [name] (first-seen order) }
//     offsets and durations in ns relative to the trace's start (the API's offset_ns)
//   visibleRows(model, collapsed: Set) -> [{ span, depth, hasChildren, descendants }] (depth-first)
//   ancestorsOf(model, spanId) -> [span ids]   descendantCount(model, span)
export function buildTrace(trace) {
  // A span id seen twice (a retried export, a buggy SDK) is drawn once.
  const byId = new Map();
  for (const s of trace.spans || []) if (!byId.has(s.span_id)) byId.set(s.span_id, s);
  const spans = [...byId.values()];
  const children = new Map();
  const roots = [];
  for (const s of spans) {
    if (s.parent_span_id && byId.has(s.parent_span_id) && s.parent_span_id !== s.span_id) {
      if (!children.has(s.parent_span_id)) children.set(s.parent_span_id, []);
      children.get(s.parent_span_id).push(s);
    } else {
      roots.push(s); // the root, or an orphan whose parent never arrived
    }
  }
  const byStart = (a, b) => a.offset_ns - b.offset_ns || a.duration_ns - b.duration_ns;
  for (const list of children.values()) list.sort(byStart);
  roots.sort((a, b) => (a.span_id === trace.root_span_id ? -1 : b.span_id === trace.root_span_id ? 1 : byStart(a, b)));
  const duration = Math.max(1, trace.duration_ns || 0,
    ...spans.map((s) => s.offset_ns + s.duration_ns));
  const services = [...new Set(spans.map((s) => s.service_name))];
  const model = { spans, byId, children, roots, duration, services, critical: new Set() };
  if (roots.length) markCritical(model, roots[0]);
  return model;
}

const end = (s) => s.offset_ns + s.duration_ns;

// The critical path: from the root, the child that finished last, then the child that
// finished last before that one started, and so on down each chosen child.
function markCritical(model, root) {
  const stack = [[root, end(root)]];
  while (stack.length) {
    const [span, bound] = stack.pop();
    model.critical.add(span.span_id);
    const kids = [...(model.children.get(span.span_id) || [])].sort((a, b) => end(b) - end(a));
    let cursor = bound;
    let first = true;
    for (const c of kids) {
      if (c.offset_ns >= cursor) continue;
      if (!first && end(c) > cursor) continue; // ran alongside the one already chosen
      stack.push([c, Math.min(end(c), cursor)]);
      cursor = c.offset_ns;
      first = false;
    }
  }
}

export function visibleRows(model, collapsed) {
  const rows = [];
  const walk = (list, depth) => {
    // Iterative would be needed only past ~10k levels; real traces are far shallower.
    for (const span of list) {
      const kids = model.children.get(span.span_id);
      rows.push({ span, depth, hasChildren: !!(kids && kids.length) });
      if (kids && !collapsed.has(span.span_id)) walk(kids, depth + 1);
    }
  };
  walk(model.roots, 0);
  return rows;
}

export function descendantCount(model, span) {
  let n = 0;
  const stack = [...(model.children.get(span.span_id) || [])];
  while (stack.length) {
    const s = stack.pop();
    n += 1;
    stack.push(...(model.children.get(s.span_id) || []));
  }
  return n;
}

export function ancestorsOf(model, spanId) {
  const out = [];
  let s = model.byId.get(spanId);
  while (s && s.parent_span_id && model.byId.has(s.parent_span_id)) {
    out.push(s.parent_span_id);
    s = model.byId.get(s.parent_span_id);
  }
  return out;
}
