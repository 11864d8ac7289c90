// Everything about one span: timing, status, attributes, resource, events, links and the
// trace's log records that name this span.
import { html } from '../lib/html.js';
import { fmtDurationNs, fmtTimestampNs } from '../lib/time.js';
import { Badge, KeyValues } from '../lib/ui.js';
import { serviceClass } from './waterfall.js';

export function SpanDetails({ model, span, logs, onSelect }) {
  if (!span) {
    return html`<aside class="span-details panel" data-testid="span-details" aria-label="Span details">
      <div class="panel-body muted">Select a span to see its attributes, resource, events and links.</div>
    </aside>`;
  }
  const error = span.status_code === 'error';
  const parent = model.byId.get(span.parent_span_id);
  const own = (logs || []).filter((l) => l.span_id === span.span_id);
  const causes = error ? errorOrigins(model, span).slice(0, 3) : [];
  return html`<aside class="span-details panel" data-testid="span-details" aria-labelledby="span-details-title">
    <div class="panel-head">
      <h2 id="span-details-title" class="span-title">
        <span class=${`svc-chip ${serviceClass(model, span.service_name)}`} aria-hidden="true"></span>
        ${span.name}</h2>
      ${error ? html`<${Badge} tone="error">error<//>` : html`<${Badge} tone=${span.status_code === 'ok' ? 'ok' : 'muted'}>${span.status_code}<//>`}
    </div>
    <div class="panel-body">
      <dl class="facts">
        <div><dt>Service</dt><dd><a href=${`/ui/services/${encodeURIComponent(span.service_name)}`}>${span.service_name}</a></dd></div>
        <div><dt>Duration</dt><dd>${fmtDurationNs(span.duration_ns)}</dd></div>
        <div><dt>Starts at</dt><dd>+${fmtDurationNs(span.offset_ns)}</dd></div>
        <div><dt>Kind</dt><dd>${span.kind}</dd></div>
        <div><dt>Start</dt><dd class="mono">${fmtTimestampNs(span.start_time_unix_nano)}</dd></div>
        <div><dt>Span id</dt><dd class="mono">${span.span_id}</dd></div>
        ${parent && html`<div><dt>Parent</dt><dd><a href=${`?span=${parent.span_id}`}>${parent.name}</a></dd></div>`}
        ${model.critical.has(span.span_id) && html`<div><dt>Critical path</dt><dd>yes</dd></div>`}
        ${span.scope_name && html`<div><dt>Scope</dt><dd class="mono">${span.scope_name}${span.scope_version ? ` ${span.scope_version}` : ''}</dd></div>`}
      </dl>
      ${(error || span.status_message) && html`<div class="error-message" role="note">
        <strong>${error ? 'Error' : 'Status message'}</strong><p>${errorText(span)}</p>
        ${causes.length > 0 && html`<div class="caused-by">Caused by
          <ul>${causes.map((c) => html`<li><button type="button" class="btn-link" onClick=${() => onSelect && onSelect(c.span_id)}>
            ${c.service_name} · ${c.name}</button>: ${errorText(c)}</li>`)}</ul></div>`}
      </div>`}
      <${Section} title="Attributes" count=${Object.keys(span.attributes || {}).length}>
        <${KeyValues} data=${span.attributes} empty="No attributes." />
      <//>
      <${Section} title="Events" count=${(span.events || []).length}>
        ${(span.events || []).length === 0 ? html`<p class="muted">No events.</p>` : html`<ol class="events">
          ${span.events.map((ev) => html`<li class=${ev.name === 'exception' ? 'event exception' : 'event'}>
            <div><strong>${ev.name}</strong> <span class="muted">+${fmtDurationNs(ev.time_unix_nano - span.start_time_unix_nano)}</span></div>
            <${KeyValues} data=${ev.attributes} empty="" />
          </li>`)}
        </ol>`}
      <//>
      <${Section} title="Links" count=${(span.links || []).length}>
        ${(span.links || []).length === 0 ? html`<p class="muted">No links.</p>` : html`<ul class="links">
          ${span.links.map((l) => html`<li>
            <a href=${`/ui/traces/${l.trace_id}?span=${l.span_id}`} class="mono">${l.trace_id.slice(0, 16)}… / ${l.span_id}</a>
            <${KeyValues} data=${l.attributes} empty="" />
          </li>`)}
        </ul>`}
      <//>
      <${Section} title="Logs of this span" count=${own.length}>
        ${own.length === 0 ? html`<p class="muted">No log records name this span.</p>` : html`<ul class="mini-logs">
          ${own.map((l) => html`<li><span class="mono muted">${fmtTimestampNs(l.time_unix_nano).slice(11)}</span>
            <span>${l.severity_text}</span><span class="mini-log-body">${l.body}</span></li>`)}</ul>`}
      <//>
      <${Section} title="Resource" count=${Object.keys(span.resource_attributes || {}).length} open=${false}>
        <${KeyValues} data=${span.resource_attributes} empty="No resource attributes." />
      <//>
    </div>
  </aside>`;
}

// What failed: the exception event's type and message, else the status message.
export function errorText(span) {
  const ex = (span.events || []).find((e) => e.name === 'exception');
  const a = (ex && ex.attributes) || {};
  const text = a['exception.message'] || span.status_message;
  return [a['exception.type'], text].filter(Boolean).join(': ') || 'error (no message)';
}

// Failed descendants of a failed span with no failed descendant of their own: where it began.
function errorOrigins(model, span) {
  const out = [];
  const failedBelow = (s) => (model.children.get(s.span_id) || []).some((c) => c.status_code === 'error' || failedBelow(c));
  const stack = [...(model.children.get(span.span_id) || [])];
  while (stack.length && out.length < 10) {
    const s = stack.shift();
    if (s.status_code === 'error' && !failedBelow(s)) out.push(s);
    stack.push(...(model.children.get(s.span_id) || []));
  }
  return out;
}

function Section({ title, count, open = true, children }) {
  return html`<details class="details-section" open=${open}>
    <summary><h3>${title}</h3> <span class="tab-count">${count}</span></summary>
    ${children}
  </details>`;
}
