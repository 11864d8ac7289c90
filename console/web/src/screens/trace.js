// One trace: summary, the waterfall (critical path and errors marked), the selected span's
// details (`span=` in the URL) and the trace's log records.
import { html, useMemo } from '../lib/html.js';
import { useApi } from '../lib/api.js';
import { useParam } from '../lib/url.js';
import { fmtDurationNs, fmtTimestampNs, nanosToMs } from '../lib/time.js';
import { Badge, Empty, ErrorMessage, Loading, Panel, Screen, fmtNumber, severityTone } from '../lib/ui.js';
import { buildTrace } from '../apm/trace-model.js';
import { Waterfall, serviceClass } from '../apm/waterfall.js';
import { SpanDetails } from '../apm/span-details.js';

export function Trace({ traceId }) {
  const result = useApi(`/api/v1/traces/${encodeURIComponent(traceId)}`);
  const trace = result.data;
  const model = useMemo(() => trace && buildTrace(trace), [trace]);
  const [spanId, setSpan] = useParam('span', '');
  // Logs around the trace's own time, whatever the header's range says.
  const logs = useApi(trace ? '/api/v1/logs' : null, trace && {
    trace_id: traceId, limit: 500,
    start: Math.floor(nanosToMs(trace.start_time_unix_nano)) - 60e3,
    end: Math.ceil(nanosToMs(trace.end_time_unix_nano)) + 60e3,
  });

  const notFound = result.error && result.error.status === 404;
  const state = result.error ? (notFound ? 'empty' : 'error') : !trace ? 'loading' : 'ready';
  const root = model && model.roots[0];
  const selected = model && (model.byId.get(spanId) || root);
  const criticalMs = model && [...model.critical].length;

  return html`<${Screen} name="trace" state=${state}
      title=${root ? `${root.service_name}: ${root.name}` : 'Trace'}
      subtitle=${html`<span class="crumbs"><a href="/ui/traces">Traces</a> / <span class="mono">${traceId}</span></span>`}>
    ${notFound && html`<${Empty} title="This trace is not stored">
      <p>No spans with trace id <code>${traceId}</code> were found. It may be older than the retention,
        still arriving, or belong to another tenant.</p>
      <p><a href="/ui/traces">Search traces</a></p><//>`}
    ${result.error && !notFound && html`<${ErrorMessage} error=${result.error} retry=${result.reload} />`}
    ${state === 'loading' && html`<${Loading} label="Loading trace" />`}
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
        <${Waterfall} model=${model} selected=${selected && selected.span_id}
          onSelect=${(id) => setSpan(id, { replace: true })} />
        <${SpanDetails} model=${model} span=${selected} logs=${logs.data && logs.data.logs} />
      </div>
      <${TraceLogs} result=${logs} model=${model} onSelect=${(id) => setSpan(id, { replace: true })} />`}
  <//>`;
}

function TraceLogs({ result, model, onSelect }) {
  const logs = result.data ? result.data.logs : [];
  return html`<${Panel} title=${`Logs of this trace (${result.data ? logs.length : '…'})`} className="section">
    ${result.error && html`<${ErrorMessage} error=${result.error} retry=${result.reload} />`}
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
