// The four kinds of insight and their severities, as badges the feed and the detail share.
import { html } from '../lib/html.js';
import { Badge } from '../lib/ui.js';

export const KINDS = {
  anomaly: { label: 'Anomaly', plural: 'Anomalies', icon: '⚡' },
  log_pattern: { label: 'Log pattern', plural: 'Log patterns', icon: '≡' },
  capacity: { label: 'Capacity', plural: 'Capacity', icon: '◔' },
  tip: { label: 'Tip', plural: 'Tips', icon: '✎' },
};
export const SEVERITY_TONE = { critical: 'error', warning: 'warn', info: 'info' };

export function SeverityBadge({ severity }) {
  return html`<${Badge} tone=${SEVERITY_TONE[severity] || 'muted'}>${severity}<//>`;
}

export function KindBadge({ kind }) {
  const k = KINDS[kind] || { label: kind, icon: '•' };
  return html`<span class="kind-badge"><span aria-hidden="true">${k.icon} </span>${k.label}</span>`;
}

// The engine writes names in `backticks`; show them as code.
export function Prose({ text }) {
  return text.split('`').map((part, i) => (i % 2 ? html`<code>${part}</code>` : part));
}

// 'in 45 min', 'in 8.9 h', 'in 3.2 days' (or '… ago') from epoch ms.
export function fmtIn(ms, now = Date.now()) {
  const d = ms - now;
  const a = Math.abs(d);
  const text = a < 3600e3 ? `${Math.round(a / 60e3)} min` : a < 2 * 86400e3 ? `${+(a / 3600e3).toFixed(1)} h`
    : `${+(a / 86400e3).toFixed(1)} days`;
  return d >= 0 ? `in ${text}` : `${text} ago`;
}
