// One trace: summary, the waterfall (critical path and errors marked), the selected span's
// details (`span=` in the URL) and the trace's log records.
import { html, useMemo, useState } from '../lib/html.js';
import { api, useAsync } from '../lib/api.js';
import { useParam } from '../lib/url.js';
import { fmtDurationNs, fmtTimestampNs, nanosToMs } from '../lib/time.js';
import { Badge, Empty, ErrorMessage, Loading, Panel, Screen, fmtNumber, severityTone } from '../lib/ui.js';
import { ancestorsOf, buildTrace, visibleRows } from '../apm/trace-model.js';
import { Waterfall, serviceClass } from '../apm/waterfall.js';
import { SpanDetails } from '../apm/span-details.js';

export function Trace({ traceId }) {
  const result = useAsync(async (signal) => {
    const trace = await api.get(`/api/v1/traces/${encodeURIComponent(traceId)}`, null, { signal });
    // Its logs are asked for at once, while the waterfall is built and drawn: those around the
    // trace's own time, whatever the header's range says.
    const logs = api.get('/api/v1/logs', {
      trace_id: traceId, limit: 500,
      start: Math.floor(nanosToMs(trace.start_time_unix_nano)) - 60e3,
      end: Math.ceil(nanosToMs(trace.end_time_unix_nano)) + 60e3,
    }, { signal });
    logs.catch(() => {}); // answered through `logs` below
    return { trace, logs };
  }, [traceId]);
  const trace = result.data && result.data.trace;
  const model = useMemo(() => trace && buildTrace(trace), [trace]);
  const [spanId, setSpan] = useParam('span', '');
  const logs = useAsync(result.data && (() => result.data.logs), [result.data]);

  const notFound = result.error && result.error.status === 404;
  // Ready once the trace's logs have answered too: they are part of what the screen shows.
  const state = result.error ? (notFound ? 'empty' : 'error')
    : !trace || (logs.data === undefined && !logs.error) ? 'loading' : 'ready';
  const root = model && model.roots[0];
  const order = useMemo(() => (model ? visibleRows(model, new Set()).map((r) => r.span) : []), [model]);
  // With no span chosen, show where it went wrong (the error that no child error explains),
  // else the root.
  const selected = model && (model.byId.get(spanId) || errorOrigin(model, order) || root);
  const criticalMs = model && [...model.critical].length;
  const [findText, setFindText] = useState('');
  const hits = useMemo(() => findSpans(order, findText), [order, findText]);
  const found = useMemo(() => (findText.trim() ? new Set(hits.map((s) => s.span_id)) : null), [hits]);

  return html`<${Screen} name="trace" state=${state}
      title=${root ? `${root.service_name}: ${root.name}` : 'Trace'}
      subtitle=${html`<span class="crumbs"><a href="/ui/traces">Traces</a> / <span class="mono">${traceId}</span></span>`}>
    ${notFound && html`<${Empty} title="This trace is not stored">
      <p>No spans with trace id <code>${traceId}</code> were found. It may be older than the retention,
        still arriving, or belong to another tenant.</p>
      <p><a href="/ui/traces">Search traces</a></p><//>`}
    ${result.error && !notFound && html`<${ErrorMessage} error=${result.error} retry=${result.reload} />`}
    ${!trace && !result.error && html`<${Loading} label="Loading trace" />`}
    ${model && html`
      <div class="trace-summary">
        <span><span class="muted">Duration</span> <strong>${fmtDurationNs(trace.duration_ns)}</strong></span>
        <span><span class="muted">Spans</span> <strong>${fmtNumber(trace.span_count)}</strong></span>
        <span><span class="muted">Errors</span> ${trace.error_count
          ? html`<${Badge} tone="error">${trace.error_count}<//>` : html`<strong>0</strong>`}</span>
        <span><span class="muted">Start</span> <span class="mono">${fmtTimestampNs(trace.start_time_unix_nano)}</span></span>
        <span><span class="muted">Critical path</span> <strong>${criticalMs} spans</strong></span>
        <span class="trace-services" aria-label="Services">
          ${model.services.map((s) => html`<a class="svc-legend" href=${`/ui/services/${encodeURIComponent(s)}`}>
            <span class=${`svc-chip ${serviceClass(model, s)}`} aria-hidden="true"></span>${s}</a>`)}
        </span>
      </div>
      <div class="trace-layout">
        <div class="trace-main">
          <${Waterfall} model=${model} selected=${selected && selected.span_id} matches=${found}
            onSelect=${(id) => setSpan(id, { replace: true })}
            toolbar=${html`<${FindInTrace} text=${findText} onText=${setFindText} hits=${hits}
              selected=${selected && selected.span_id} onSelect=${(id) => setSpan(id, { replace: true })} />`} />
        </div>
        <${SpanDetails} model=${model} span=${selected} logs=${logs.data && logs.data.logs}
          onSelect=${(id) => setSpan(id, { replace: true })} />
      </div>
      <${TraceLogs} result=${logs} retry=${result.reload} model=${model} onSelect=${(id) => setSpan(id, { replace: true })} />`}
  <//>`;
}

// The deepest failed span (the first in tree order among equals): where the error began.
function errorOrigin(model, order) {
  let best = null;
  let bestDepth = -1;
  for (const s of order) {
    if (s.status_code !== 'error') continue;
    const depth = ancestorsOf(model, s.span_id).length;
    if (depth > bestDepth) { best = s; bestDepth = depth; }
  }
  return best;
}

// Spans whose name, service, id or an attribute contains the text (tree order).
function findSpans(order, text) {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  return order.filter((s) => `${s.name}\u0000${s.service_name}\u0000${s.span_id}\u0000${
    Object.entries(s.attributes || {}).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join('\u0000')}`
    .toLowerCase().includes(needle));
}

// The find box above the waterfall; Enter jumps to the next match, Shift+Enter back.
function FindInTrace({ text, onText, hits, selected, onSelect }) {
  const at = hits.findIndex((s) => s.span_id === selected);
  const go = (step) => {
    if (!hits.length) return;
    const next = hits[(at + step + hits.length) % hits.length];
    onSelect(next.span_id);
  };
  return html`<div class="trace-find" role="search">
    <label for="trace-find" class="sr-only">Find spans in this trace</label>
    <input id="trace-find" type="search" placeholder="Find spans: name, service, attribute…  ( / )" value=${text}
      onInput=${(e) => onText(e.currentTarget.value)}
      onKeyDown=${(e) => { if (e.key === 'Enter') { e.preventDefault(); go(e.shiftKey ? -1 : 1); } }} />
    ${text.trim() && html`<span class="muted" aria-live="polite">${hits.length
      ? `${at >= 0 ? at + 1 : 0} of ${hits.length}` : 'no span matches'}</span>
      <button type="button" class="btn btn-icon" aria-label="Previous match" disabled=${!hits.length} onClick=${() => go(-1)}>↑</button>
      <button type="button" class="btn btn-icon" aria-label="Next match" disabled=${!hits.length} onClick=${() => go(1)}>↓</button>`}
  </div>`;
}

function TraceLogs({ result, retry, model, onSelect }) {
  const logs = result.data ? result.data.logs : [];
  return html`<${Panel} title=${`Logs of this trace (${result.data ? logs.length : '…'})`} className="section">
    ${result.error && html`<${ErrorMessage} error=${result.error} retry=${retry} />`}
    ${!result.data && !result.error && html`<${Loading} label="Loading logs" />`}
    ${result.data && logs.length === 0 && html`<p class="muted">No log records carry this trace id. Logs
      emitted inside a span by an OpenTelemetry logging bridge are linked automatically.</p>`}
    ${logs.length > 0 && html`<table class="table dense trace-logs">
      <caption class="sr-only">Log records of this trace</caption>
      <thead><tr><th scope="col">Time</th><th scope="col">Severity</th><th scope="col">Service</th><th scope="col">Body</th><th scope="col">Span</th></tr></thead>
      <tbody>${[...logs].reverse().map((l) => html`<tr>
        <td class="mono nowrap">${fmtTimestampNs(l.time_unix_nano).slice(11)}</td>
        <td><${Badge} tone=${severityTone(l.severity_number)}>${l.severity_text || l.severity_number}<//></td>
        <td class="nowrap">${l.service_name}</td>
        <td class="log-body">${l.body}</td>
        <td>${l.span_id && model.byId.has(l.span_id)
          ? html`<button type="button" class="btn-link" onClick=${() => onSelect(l.span_id)}>${model.byId.get(l.span_id).name}</button>`
          : html`<span class="muted mono">${l.span_id || '–'}</span>`}</td>
      </tr>`)}</tbody>
    </table>`}
  <//>`;
}
