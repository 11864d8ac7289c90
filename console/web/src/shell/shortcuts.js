// Keyboard shortcuts: `/` focuses the screen's search box; `g` then a letter opens a screen
// (o overview, m map, t traces, l logs, x metrics, i insights, d dashboards). Ignored while typing.
import { navigate } from '../lib/url.js';
import { withRange } from '../lib/time.js';

const GO = { o: '/ui/', m: '/ui/service-map', t: '/ui/traces', l: '/ui/logs', x: '/ui/metrics',
  i: '/ui/insights', d: '/ui/dashboards' };

const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

export function installShortcuts() {
  let pendingG = 0;
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (e.key === '/') {
      const box = document.querySelector('main [data-search], main input[type=search]');
      if (box) { e.preventDefault(); box.focus(); box.select && box.select(); }
      return;
    }
    if (e.key === 'g') { pendingG = Date.now(); return; }
    if (pendingG && Date.now() - pendingG < 1500 && GO[e.key]) {
      e.preventDefault();
      navigate(withRange(GO[e.key]));
    }
    pendingG = 0;
  });
}
