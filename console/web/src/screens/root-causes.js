// Ranked root causes (the engine's RootCause records): which service and operation changed most
// in a window against its baseline, how (latency, errors, error log lines, a new version, log
// templates the baseline never had, its pods' CPU against the hour before), the call path that carried it, and the evidence in words,
// each with links to that service's traces and logs.
import { html } from '../lib/html.js';
import { fmtDuration, withRange } from '../lib/time.js';
import { Badge, fmtPercent } from '../lib/ui.js';
import { fmtValue } from './series.js';

const serviceHref = (s) => withRange(`/ui/services/${encodeURIComponent(s)}`);

// `window`: { from, to } the links open on.
export function RootCauses({ causes, window }) {
  if (!causes.length) {
    return html`<p class="muted">Nothing in the traces and logs of this window changed enough to stand out
      against the window before it: no service's own latency, errors, error logs or CPU rose, and no new version appeared.</p>`;
  }
  return html`<ol class="root-causes">${causes.map((c, i) => html`<li class="root-cause" data-rank=${i + 1}>
    <div class="cause-head">
      <span class="cause-rank" aria-hidden="true">${i + 1}</span>
      <a class="cause-service" href=${serviceHref(c.service)}>${c.service}</a>
      ${c.operation && html`<code class="cause-op">${c.operation}</code>`}
      <span class="cause-score" title="Score from 0 to 1">
        <meter min="0" max="1" value=${c.score} aria-label=${`Score ${fmtValue(c.score)}`}></meter> ${fmtValue(c.score)}
      </span>
    </div>
    <div class="cause-figures">
      ${c.operation && html`<span>self p95 ${fmtDuration(c.baseline_self_p95_ms)} → <strong>${fmtDuration(c.window_self_p95_ms)}</strong></span>
      <span>own errors ${fmtPercent(c.baseline_own_error_rate)} → <strong>${fmtPercent(c.window_own_error_rate)}</strong></span>`}
      ${(c.baseline_error_logs_per_span > 0 || c.window_error_logs_per_span > 0) && html`<span>error log lines per span ${fmtValue(c.baseline_error_logs_per_span)} → <strong>${fmtValue(c.window_error_logs_per_span)}</strong></span>`}
      ${(c.new_versions || []).map((v) => html`<${Badge} tone="warn">new version ${v}<//>`)}
    </div>
    ${c.cpu_rises && c.cpu_rises.length > 0 && html`<p class="small cpu-rises"><span class="muted">CPU against the hour before: </span>
      ${c.cpu_rises.slice(0, 3).map((r, j) => html`${j > 0 && '; '}<span title=${r.metric}>${r.instance || c.service}
        ${fmtValue(r.history_median)} → <strong>${fmtValue(r.window_peak)}</strong></span>`)}</p>`}
    ${c.new_log_templates && c.new_log_templates.length > 0 && html`<p class="small new-log-templates"><span class="muted">New in its logs: </span>
      ${c.new_log_templates.map((t, j) => html`${j > 0 && '; '}<code>${t}</code>`)}</p>`}
    ${c.call_path && c.call_path.length > 1 && html`<p class="cause-path small"><span class="muted">Call path: </span>
      ${c.call_path.map((s, j) => html`${j > 0 && html`<span aria-hidden="true" class="muted"> → </span>`}<a href=${serviceHref(s)}>${s}</a>`)}</p>`}
    ${c.affected_callers && c.affected_callers.length > 0 && html`<p class="small"><span class="muted">Callers it slowed or failed: </span>
      ${c.affected_callers.map((s, j) => html`${j > 0 && ', '}<a href=${serviceHref(s)}>${s}</a>`)}</p>`}
    ${c.anomalous_series && c.anomalous_series.length > 0 && html`<p class="small"><span class="muted">Anomalous series: </span>${c.anomalous_series.join('; ')}</p>`}
    ${c.evidence && c.evidence.length > 0 && html`<ul class="cause-evidence">${c.evidence.map((e) => html`<li>${e}</li>`)}</ul>`}
    <p class="cause-links small">
      <a href=${withRange('/ui/traces', { service: c.service, operation: c.operation || undefined, ...window })}>Traces of ${c.operation || c.service} in the window</a>
      <span aria-hidden="true"> · </span>
      <a href=${withRange('/ui/traces', { service: c.service, status: 'error', ...window })}>Its error traces</a>
      <span aria-hidden="true"> · </span>
      <a href=${withRange('/ui/logs', { service: c.service, min_severity: 'warn', ...window })}>Its warnings and errors</a>
    </p>
  </li>`)}</ol>`;
}
