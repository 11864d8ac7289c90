// The one time-range picker: a button naming the range opens a panel of relative presets and
// absolute from/to inputs; the choice goes into the URL (`from` / `to`). Refresh re-resolves
// relative ranges ("now" moves on) without touching the URL.
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { PRESETS, fromInputValue, rangeLabel, toInputValue, useTimeRange } from '../lib/time.js';

export function TimeRangePicker() {
  const range = useTimeRange();
  const [open, setOpen] = useState(false);
  const root = useRef(null);

  useEffect(() => {
    if (!open) return undefined;
    const onDown = (e) => { if (root.current && !root.current.contains(e.target)) setOpen(false); };
    const onKey = (e) => {
      if (e.key === 'Escape') { setOpen(false); root.current.querySelector('.range-button').focus(); }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => { document.removeEventListener('mousedown', onDown); document.removeEventListener('keydown', onKey); };
  }, [open]);

  const choose = (r) => { range.setRange(r); setOpen(false); };

  return html`<div class="time-range" data-testid="time-range" ref=${root}>
    <button type="button" class="btn range-button" aria-haspopup="dialog" aria-expanded=${open ? 'true' : 'false'}
        aria-controls="time-range-panel" onClick=${() => setOpen(!open)}>
      <span aria-hidden="true" class="range-icon">◷</span>
      <span class="sr-only">Time range: </span>${rangeLabel(range)}
    </button>
    <button type="button" class="btn btn-icon" data-action="refresh" aria-label="Refresh" title="Refresh (re-read now)"
      onClick=${range.refresh}><span aria-hidden="true">↻</span></button>
    ${open && html`<div class="range-panel" id="time-range-panel" role="dialog" aria-label="Choose a time range">
      <div class="range-presets" role="group" aria-label="Relative ranges">
        ${PRESETS.map((p) => html`<button type="button" class=${range.from === p.from && range.to === 'now' ? 'preset active' : 'preset'}
          data-range=${p.from} aria-pressed=${range.from === p.from && range.to === 'now' ? 'true' : 'false'}
          onClick=${() => choose({ from: p.from, to: 'now' })}>${p.label}</button>`)}
      </div>
      <${AbsoluteRange} range=${range} onApply=${choose} />
    </div>`}
  </div>`;
}

function AbsoluteRange({ range, onApply }) {
  const [from, setFrom] = useState(toInputValue(range.start));
  const [to, setTo] = useState(toInputValue(range.end));
  const [error, setError] = useState('');
  const submit = (e) => {
    e.preventDefault();
    const start = fromInputValue(from);
    const end = fromInputValue(to);
    if (!Number.isFinite(start) || !Number.isFinite(end)) return setError('Enter both dates.');
    if (start >= end) return setError('“From” must be before “To”.');
    setError('');
    return onApply({ from: String(start), to: String(end) });
  };
  return html`<form class="range-absolute" onSubmit=${submit} aria-label="Absolute range">
    <label>From <input type="datetime-local" name="from" step="1" value=${from}
      onInput=${(e) => setFrom(e.currentTarget.value)} /></label>
    <label>To <input type="datetime-local" name="to" step="1" value=${to}
      onInput=${(e) => setTo(e.currentTarget.value)} /></label>
    ${error && html`<p class="field-error" role="alert">${error}</p>`}
    <button type="submit" class="btn btn-primary">Apply</button>
  </form>`;
}
