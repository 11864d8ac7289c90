// Log volume over time as bars stacked by severity (GET /api/v1/logs/histogram). Dragging
// across the chart narrows the page's time range to the selection.
import { html } from '../lib/html.js';
import { Chart } from '../lib/chart.js';
import { fmtNumber } from '../lib/ui.js';
import { nanosToMs } from '../lib/time.js';

// Bottom to top; the colours say how bad, as the severity badges do.
const GROUPS = [
  { key: 'unspecified', label: 'unspecified', color: '--text-muted' },
  { key: 'trace', label: 'trace', color: '--chart-6' },
  { key: 'debug', label: 'debug', color: '--chart-5' },
  { key: 'info', label: 'info', color: '--chart-1' },
  { key: 'warn', label: 'warn', color: '--warn' },
  { key: 'error', label: 'error', color: '--error' },
  { key: 'fatal', label: 'fatal', color: '--critical' },
];

export function SeverityHistogram({ buckets, onSelectRange, height = 140 }) {
  const present = GROUPS.filter((g) => buckets.some((b) => b.by_severity[g.key]));
  const groups = present.length ? present : [GROUPS[3]];
  const x = buckets.map((b) => nanosToMs(b.start_unix_nano));
  const series = groups.map((g) => ({
    label: g.label, color: g.color, values: buckets.map((b) => b.by_severity[g.key] || 0),
  }));
  const total = buckets.reduce((n, b) => n + b.count, 0);
  return html`<div class="log-histogram">
    <${Chart} title=${`${fmtNumber(total)} records · drag to zoom`} x=${x} series=${series}
      kind="bars" stacked=${true} height=${height} yFormat=${compactCount} onSelectRange=${onSelectRange} />
  </div>`;
}

const compactCount = (v) => (v == null ? '' : v >= 1000 ? `${+(v / 1000).toFixed(1)}k` : String(Math.round(v)));
