// Live tail: GET /api/v1/logs/tail as server-sent events (read through fetch so the credential
// goes along). New records go on top. Memory stays flat however long it runs and however fast
// records come: at most MAX_ROWS are kept, records are added to the page in batches (one
// render per animation frame, at most every FLUSH_MS), and while paused only the newest
// MAX_ROWS waiting are kept.
import { html, useEffect, useRef, useState } from '../lib/html.js';
import { openEventStream } from '../lib/api.js';
import { fmtNumber } from '../lib/ui.js';
import { LogList } from './log-list.js';

export const MAX_ROWS = 1000;
const FLUSH_MS = 100;

// The tail's state: rows (newest first, each { key, log }), status connecting|open|closed|error,
// error, dropped (the server's message when it cut a slow reader off), rate (records/s).
export function useLiveTail(filters, paused) {
  const [, setFrame] = useState(0);
  const [status, setStatus] = useState('connecting');
  const [error, setError] = useState(null);
  const [dropped, setDropped] = useState(null);
  const [rate, setRate] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const t = useRef({ rows: [], waiting: [], seq: 0, received: 0, scheduled: false, timer: 0, raf: 0, last: 0 });
  t.current.paused = paused;
  const key = JSON.stringify(filters);

  const flush = () => {
    const s = t.current;
    s.scheduled = false;
    if (s.paused || !s.waiting.length) return;
    s.last = performance.now();
    s.rows = s.waiting.reverse().concat(s.rows).slice(0, MAX_ROWS);
    s.waiting = [];
    setFrame((n) => n + 1);
  };
  const schedule = () => {
    const s = t.current;
    if (s.scheduled) return;
    s.scheduled = true;
    const wait = Math.max(0, FLUSH_MS - (performance.now() - s.last));
    s.timer = setTimeout(() => { s.raf = requestAnimationFrame(flush); }, wait);
  };

  useEffect(() => {
    const ctl = new AbortController();
    setStatus('connecting');
    setError(null);
    setDropped(null);
    openEventStream('/api/v1/logs/tail', filters, {
      signal: ctl.signal,
      onOpen: () => setStatus('open'),
      onEvent: (type, data) => {
        const s = t.current;
        if (type === 'log') {
          s.received += 1;
          s.waiting.push({ key: (s.seq += 1), log: data });
          if (s.waiting.length > MAX_ROWS) s.waiting.splice(0, s.waiting.length - MAX_ROWS);
          setStatus('open');
          schedule();
        } else if (type === 'dropped') {
          setDropped((data && data.message) || 'The server stopped the live tail.');
        }
      },
      onError: (e) => { setError(e); setStatus('error'); },
    }).then(() => { if (!ctl.signal.aborted) setStatus((s) => (s === 'error' ? s : 'closed')); });
    return () => ctl.abort();
  }, [key, attempt]);

  // Records per second, over the last second; also what keeps "N waiting" current while paused.
  useEffect(() => {
    let before = t.current.received;
    const id = setInterval(() => {
      setRate(t.current.received - before);
      before = t.current.received;
    }, 1000);
    return () => clearInterval(id);
  }, []);

  useEffect(() => { if (!paused) schedule(); }, [paused]);
  useEffect(() => () => { clearTimeout(t.current.timer); cancelAnimationFrame(t.current.raf); }, []);

  return {
    rows: t.current.rows, waiting: t.current.waiting.length, status, error, dropped, rate,
    reconnect: () => setAttempt((n) => n + 1),
    clear: () => { t.current.rows = []; t.current.waiting = []; setFrame((n) => n + 1); },
  };
}

export function LiveTail({ tail, paused, setPaused, q }) {
  const { rows, waiting, status, error, dropped, rate } = tail;
  const stopped = status === 'closed' || status === 'error';
  return html`<section class="live-tail" aria-label="Live tail">
    <div class="live-bar">
      <span class=${`live-dot live-${paused ? 'paused' : status}`} aria-hidden="true"></span>
      <span role="status" class="live-status">${statusText(status, paused, rate)}</span>
      <span class="muted small">${fmtNumber(rows.length)} shown (newest ${fmtNumber(MAX_ROWS)} kept)
        ${paused && waiting > 0 && html` · ${fmtNumber(waiting)} waiting`}</span>
      <span class="live-actions">
        <button type="button" class="btn" data-action="pause" aria-pressed=${paused ? 'true' : 'false'}
          disabled=${stopped} onClick=${() => setPaused(!paused)}>${paused ? 'Resume' : 'Pause'}</button>
        <button type="button" class="btn" data-action="clear" onClick=${tail.clear}>Clear</button>
        ${stopped && html`<button type="button" class="btn btn-primary" data-action="reconnect"
          onClick=${tail.reconnect}>Reconnect</button>`}
      </span>
    </div>
    ${dropped && html`<div class="notice live-dropped" role="alert" data-testid="live-dropped">
      <strong>Live tail stopped:</strong> ${dropped} Reconnect to go on, or narrow the filters.</div>`}
    ${error && html`<div class="error-message" role="alert"><strong>Live tail failed${error.status ? ` (${error.status})` : ''}</strong>
      <p>${error.message}</p></div>`}
    ${rows.length === 0 && !stopped && html`<p class="muted live-waiting">
      Waiting for new log records that match the filters. Records appear here, newest on top, as Ophion stores them.</p>`}
    <${LogList} logs=${rows} q=${q} label="Live log records" />
  </section>`;
}

function statusText(status, paused, rate) {
  if (paused) return 'Paused';
  if (status === 'connecting') return 'Connecting…';
  if (status === 'open') return `Live · ${fmtNumber(rate)} records/s`;
  if (status === 'error') return 'Disconnected';
  return 'Stopped';
}
