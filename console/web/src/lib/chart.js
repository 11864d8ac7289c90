// Charts: Preact components over uPlot. Colours come from the theme's CSS variables
// (--chart-1..8, --text-muted, --grid) and are re-read when the theme changes; the chart follows
// its container's width.
//
//   <${Chart} title="Requests" x=${msArray} series=${[{ label: 'rate', values, color?, dash?,
//       fill?, width?, points? }]} kind="line|area|bars|points" stacked? height=${200}
//       yFormat=${(v) => fmtDuration(v)} bands=${[{ upper: 1, lower: 2 }]} sync="service"
//       onSelectRange=${(startMs, endMs) => ...} onClickPoint=${(index) => ...} />
//     x: epoch milliseconds, ascending. values: numbers or null (a gap). points: dots on a line
//     (a lone value between gaps always gets one). bands fill between two
//     series (e.g. an anomaly's expected band). stacked stacks bars/areas (legend shows each
//     series' own value). onSelectRange: drag across the chart. onClickPoint: index of the
//     nearest point to the click (in x and y).
//   <${Sparkline} values=${[...]} x=${msArray?} color="var name or css colour" label="..." />
//   seriesColor(i) -> the i-th palette colour of the current theme
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { html, useEffect, useRef } from './html.js';

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
export const seriesColor = (i) => css(`--chart-${(i % 8) + 1}`) || '#4fb3ff';
const colorOf = (c, i) => (!c ? seriesColor(i) : c.startsWith('--') ? css(c) : c);
const THEME_EVENT = 'ophion:theme';

// Re-creates the uPlot instance when its shape (series, kind, theme) changes, else setData.
function useUplot(ref, shapeKey, makeOpts, data, height) {
  const plot = useRef(null);
  const theme = useRef(0);
  const rebuild = () => {
    if (plot.current) plot.current.destroy();
    const el = ref.current;
    if (!el) return;
    plot.current = new uPlot({ ...makeOpts(), width: Math.max(el.clientWidth, 50), height }, data(), el);
  };
  useEffect(() => {
    rebuild();
    const onTheme = () => { theme.current += 1; rebuild(); };
    window.addEventListener(THEME_EVENT, onTheme);
    const ro = new ResizeObserver(() => {
      const el = ref.current;
      if (plot.current && el && el.clientWidth && el.clientWidth !== plot.current.width) {
        plot.current.setSize({ width: el.clientWidth, height });
      }
    });
    ro.observe(ref.current);
    return () => {
      window.removeEventListener(THEME_EVENT, onTheme);
      ro.disconnect();
      if (plot.current) plot.current.destroy();
      plot.current = null;
    };
  }, [shapeKey, height]);
  useEffect(() => { if (plot.current) plot.current.setData(data()); });
  return plot;
}

function stack(series) {
  const out = [];
  let acc = null;
  for (const s of series) {
    acc = s.values.map((v, i) => (acc ? acc[i] : 0) + (v ?? 0));
    out.push(acc);
  }
  return out;
}

export function Chart({
  title = '', x = [], series = [], kind = 'line', stacked = false, height = 200,
  yFormat = defaultFormat, bands, sync, onSelectRange, onClickPoint, legend = true,
}) {
  const ref = useRef(null);
  const props = useRef({});
  props.current = { series, onSelectRange, onClickPoint, yFormat, stacked };
  // Stacked: draw the running totals, last series first so lower layers paint on top.
  const order = stacked ? series.map((_, i) => series.length - 1 - i) : series.map((_, i) => i);
  const data = () => {
    const ys = stacked ? stack(props.current.series) : props.current.series.map((s) => s.values);
    return [x, ...order.map((i) => ys[i])];
  };
  const shapeKey = JSON.stringify([kind, stacked, sync || '', legend, bands || [],
    series.map((s) => [s.label, s.color, s.dash, s.fill, s.width, !!s.points, hasIsolated(s.values || [])])]);

  const makeOpts = () => {
    const text = css('--text-muted');
    const grid = css('--grid');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 },
      font: '11px system-ui, sans-serif' };
    return {
      ms: 1,
      legend: { show: legend, live: true },
      cursor: {
        drag: { x: !!onSelectRange, y: false, setScale: false },
        sync: sync ? { key: sync } : undefined,
        points: { size: kind === 'points' ? 9 : 6 },
      },
      scales: { x: { time: true }, y: { range: (u, min, max) => [Math.min(0, min), max > 0 ? max * 1.08 : 1] } },
      axes: [
        { ...axis, values: timeTicks },
        { ...axis, size: 60, values: (u, splits) => splits.map((v) => props.current.yFormat(v)) },
      ],
      bands: (bands || []).map((b) => ({ series: [order.indexOf(b.upper) + 1, order.indexOf(b.lower) + 1],
        fill: withAlpha(colorOf(series[b.upper].color, b.upper), 0.15) })),
      series: [{ label: 'Time', value: (u, v) => (v == null ? '' : new Date(v).toLocaleString()) },
        ...order.map((i) => seriesOpts(series[i], i, kind, stacked, props))],
      hooks: {
        setSelect: [(u) => {
          if (u.select.width > 4 && props.current.onSelectRange) {
            const a = u.posToVal(u.select.left, 'x');
            const b = u.posToVal(u.select.left + u.select.width, 'x');
            props.current.onSelectRange(Math.round(a), Math.round(b));
          }
          u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
        }],
        ready: [(u) => u.over.addEventListener('click', (e) => {
          if (!props.current.onClickPoint) return;
          const i = nearest(u, e.offsetX, e.offsetY);
          if (i != null) props.current.onClickPoint(i);
        })],
      },
    };
  };
  useUplot(ref, shapeKey, makeOpts, data, height);
  return html`<div class="chart" role="img" aria-label=${title || series.map((s) => s.label).join(', ')}>
    ${title && html`<div class="chart-title">${title}</div>`}
    <div ref=${ref} class=${onClickPoint ? 'chart-plot clickable' : 'chart-plot'}></div>
  </div>`;
}

function seriesOpts(s, i, kind, stacked, props) {
  const color = colorOf(s.color, i);
  const base = {
    label: s.label, stroke: color, width: s.width ?? (kind === 'bars' ? 0 : 1.5), dash: s.dash,
    spanGaps: false,
    value: (u, v, si, idx) => {
      const raw = stacked ? props.current.series[i].values[idx] : v;
      return raw == null ? '–' : props.current.yFormat(raw);
    },
  };
  if (kind === 'bars') {
    return { ...base, fill: color, paths: uPlot.paths.bars({ size: [0.8, 40], gap: 1 }), points: { show: false } };
  }
  if (kind === 'points') {
    return { ...base, paths: () => null, points: { show: true, size: 6, fill: color, stroke: color, width: 0 } };
  }
  const fill = s.fill ?? (kind === 'area' || stacked ? withAlpha(color, stacked ? 0.6 : 0.12) : undefined);
  // A value with gaps on both sides draws no line: show the series' points then.
  return { ...base, fill: typeof fill === 'string' ? fill : undefined,
    points: { show: !!s.points || hasIsolated(s.values), size: s.points ? 6 : 5, fill: color } };
}

function hasIsolated(values) {
  for (let i = 0; i < values.length; i++) {
    if (values[i] != null && values[i - 1] == null && values[i + 1] == null) return true;
  }
  return false;
}

// 24-hour clock; the date only when the ticks span days.
const two = (n) => String(n).padStart(2, '0');
function timeTicks(u, splits, axisIdx, space, incr) {
  return splits.map((ms, i) => {
    const d = new Date(ms);
    const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
    let withSeconds = incr < 60e3 ? `${hm}:${two(d.getSeconds())}` : hm;
    if (incr < 1000) withSeconds += `.${String(d.getMilliseconds()).padStart(3, '0')}`;
    const prev = i > 0 ? new Date(splits[i - 1]) : null;
    const newDay = incr >= 86400e3 || (prev && prev.getDate() !== d.getDate()) || (i === 0 && incr >= 3600e3);
    return newDay ? `${two(d.getMonth() + 1)}-${two(d.getDate())} ${withSeconds}` : withSeconds;
  });
}

// Index of the data point closest to the pointer, in pixels, over every series.
function nearest(u, left, top) {
  let best = null;
  let bestD = 20 * 20;
  const xs = u.data[0];
  for (let si = 1; si < u.data.length; si++) {
    const ys = u.data[si];
    for (let i = 0; i < xs.length; i++) {
      if (ys[i] == null) continue;
      const dx = u.valToPos(xs[i], 'x') - left;
      const dy = u.valToPos(ys[i], 'y') - top;
      const d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = i; }
    }
  }
  return best;
}

function withAlpha(color, alpha) {
  const m = color.match(/^#([0-9a-f]{6})$/i);
  if (!m) return color;
  const n = parseInt(m[1], 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${alpha})`;
}

function defaultFormat(v) {
  if (v == null) return '';
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  if (a >= 10 || a === 0) return String(+v.toFixed(1));
  return String(+v.toPrecision(2));
}

export function Sparkline({ values = [], x, color, label = 'trend', width = 120, height = 28 }) {
  const ref = useRef(null);
  const props = useRef({});
  props.current = { values, x };
  const data = () => {
    const v = props.current.values;
    return [props.current.x || v.map((_, i) => i), v];
  };
  const makeOpts = () => {
    const c = colorOf(color, 0);
    return {
      width, ms: 1, legend: { show: false }, cursor: { show: false }, select: { show: false },
      scales: { x: { time: false }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [{ show: false }, { show: false }],
      series: [{}, { stroke: c, width: 1.25, fill: withAlpha(c, 0.15), points: { show: false } }],
    };
  };
  useUplot(ref, String(color), makeOpts, data, height);
  return html`<div class="sparkline" role="img" aria-label=${label} ref=${ref}></div>`;
}
