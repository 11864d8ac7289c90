// Talking to the Ophion API (same origin). JSON in and out; the credential (API key or OIDC
// access token) from sessionStorage goes out as `Authorization: Bearer`; a 401 clears it and
// tells the app to show sign-in; failures are thrown as ApiError carrying the server's message.
//
//   await api.get('/api/v1/traces', { service: 'cart', limit: 50 }, { signal })
//   await api.send('POST', '/api/v1/dashboards', body)    // also 'PUT', 'DELETE'
//   useApi(path, params, { enabled }) -> { data, error, loading, reload }
//       refetches when path/params change, aborts the previous request on change and unmount;
//       `path` null skips. Params: null/undefined/'' dropped, arrays repeat the key.
//   useAsync((signal) => promise, deps) -> { data, error, loading, reload }   the same for any load
//   openEventStream(path, params, { onOpen(), onEvent(type, data), onError(err), signal })
//       server-sent events over fetch (EventSource can't send the credential); onOpen once the
//       server answered 200; `data` parsed as JSON when it is JSON; resolves when the stream ends
//   getCredential() / setCredential(v) / clearCredential()
//   onUnauthorized(fn(sentCredential)) -> unsubscribe
//   new ApiError(status, message, code): err.status, err.message, err.code
// Integers above 2^53 (attribute values) arrive as exact strings; *_nano/*_ns fields stay numbers.
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { queryString } from './url.js';

const KEY = 'ophion.credential';
export const getCredential = () => sessionStorage.getItem(KEY);
export const setCredential = (v) => sessionStorage.setItem(KEY, v);
export const clearCredential = () => sessionStorage.removeItem(KEY);

const unauthorized = new Set();
export function onUnauthorized(fn) {
  unauthorized.add(fn);
  return () => unauthorized.delete(fn);
}

// A 401: forget the credential and tell the app, saying whether one had been sent.
function refused() {
  const sent = getCredential() !== null;
  clearCredential();
  for (const fn of [...unauthorized]) fn(sent);
}

export class ApiError extends Error {
  constructor(status, message, code = '') {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

function headers(extra = {}) {
  const h = { accept: 'application/json', ...extra };
  const c = getCredential();
  if (c) h.authorization = `Bearer ${c}`;
  return h;
}

const precise = (key, value, context) =>
  typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value) &&
  context && context.source && !/(_nano|_ns)$/.test(key) ? context.source : value;

// The reviver costs a call per value: only pay it when a big integer sits outside *_nano/*_ns
// (checked in place: copying a 3 MB trace without its timestamps cost more than parsing it).
const BIG_INTEGER = /[:,[]\s*-?\d{16}/g;
const AFTER_TIMESTAMP_KEY = /_(?:nano|ns)"$/;
const parseJson = (text) => {
  for (const m of text.matchAll(BIG_INTEGER)) {
    const key = text.slice(Math.max(0, m.index - 8), m.index);
    if (m[0][0] !== ':' || !AFTER_TIMESTAMP_KEY.test(key)) return JSON.parse(text, precise);
  }
  return JSON.parse(text);
};

async function request(method, path, params, body, signal) {
  let res;
  try {
    res = await fetch(path + queryString(params || {}), {
      method, signal,
      headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, `Ophion is unreachable (${e.message}). Is the server running?`, 'network');
  }
  const text = await res.text();
  let json = null;
  try { json = text ? parseJson(text) : null; } catch { /* not JSON */ }
  if (res.status === 401 && !path.startsWith('/api/v1/auth/')) refused();
  if (!res.ok) {
    const err = json && json.error;
    const message = (err && (err.message || (typeof err === 'string' && err))) ||
      text.slice(0, 300) || `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message, err && err.code);
  }
  return json;
}

export const api = {
  get: (path, params, { signal } = {}) => request('GET', path, params, undefined, signal),
  send: (method, path, body, { signal } = {}) => request(method, path, null, body, signal),
};

export function useApi(path, params, { enabled = true } = {}) {
  const key = path && enabled ? path + queryString(params || {}) : null;
  const latest = useRef(params);
  latest.current = params;
  return useAsync(key && ((signal) => api.get(path, latest.current, { signal })), [key]);
}

// Any async load keyed by deps: run(signal) is re-run when deps change (the previous one
// aborted); a falsy run skips. Keeps the previous data while reloading.
export function useAsync(run, deps) {
  const [state, setState] = useState({ data: undefined, error: null, loading: !!run });
  const [nonce, setNonce] = useState(0);
  // A layout effect: the request leaves before the browser lays out and paints the screen
  // (a plain effect waits for that paint, ~100 ms on a loaded 2-core machine).
  useLayoutEffect(() => {
    if (!run) { setState({ data: undefined, error: null, loading: false }); return undefined; }
    const ctl = new AbortController();
    setState((s) => (s.loading && !s.error ? s : { data: s.data, error: null, loading: true }));
    run(ctl.signal).then(
      (data) => { if (!ctl.signal.aborted) setState({ data, error: null, loading: false }); },
      (error) => {
        if (error.name !== 'AbortError' && !ctl.signal.aborted) setState({ data: undefined, error, loading: false });
      },
    );
    return () => ctl.abort();
  }, [...deps, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}

export async function openEventStream(path, params, { onOpen, onEvent, onError, signal } = {}) {
  try {
    const res = await fetch(path + queryString(params || {}), {
      signal, headers: headers({ accept: 'text/event-stream' }),
    });
    if (!res.ok) {
      const text = await res.text();
      let message = text;
      try { message = JSON.parse(text).error.message; } catch { /* plain text */ }
      if (res.status === 401) refused();
      throw new ApiError(res.status, message || `${res.status} ${res.statusText}`);
    }
    if (onOpen) onOpen();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let cut;
      while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
        dispatch(block, onEvent);
      }
    }
  } catch (e) {
    if (e.name !== 'AbortError' && onError) onError(e);
  }
}

function dispatch(block, onEvent) {
  let type = 'message';
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (!line || line.startsWith(':')) continue; // keepalive comment
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (!data.length) return;
  const text = data.join('\n');
  let parsed = text;
  try { parsed = parseJson(text); } catch { /* not JSON */ }
  if (onEvent) onEvent(type, parsed);
}
