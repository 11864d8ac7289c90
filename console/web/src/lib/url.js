// The URL is the console's state: path picks the screen, the query string holds filters and the
// time range, so a copied link reproduces what its sender saw.
//
//   navigate('/ui/traces?service=cart', { replace })   push (or replace) a history entry
//   useLocation() -> { path, search }                   re-renders on every navigation
//   useQuery() -> [query, setQuery]                     query: plain object, repeated keys as
//        arrays (read them with all(query.attr)); setQuery({ service: 'x', cursor: null }) merges,
//        null/''/undefined delete a key; { replace: true } as 2nd arg for typing-speed updates
//   useParam('service', 'all') -> [value, set]          one key of the above
//   href('/ui/traces', { service: 'cart', attr: ['a=1', 'b=2'] }) -> '/ui/traces?service=cart&attr=a%3D1&attr=b%3D2'
//   all(value) -> array                                 a query value as a list (absent: [])
//   interceptLinks(root)                                plain <a href="/ui/..."> navigates client-side
import { useCallback, useEffect, useState } from 'preact/hooks';

const listeners = new Set();
const notify = () => { for (const l of [...listeners]) l(); };
window.addEventListener('popstate', notify);

export function navigate(to, { replace = false } = {}) {
  const url = new URL(to, location.href);
  if (url.origin !== location.origin) { location.assign(url.href); return; }
  const next = url.pathname + url.search + url.hash;
  if (next === location.pathname + location.search + location.hash) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', next);
  if (!replace) window.scrollTo(0, 0);
  notify();
}

export function useLocation() {
  const [, bump] = useState(0);
  useEffect(() => {
    const l = () => bump((n) => n + 1);
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
  return { path: location.pathname, search: location.search };
}

export function parseQuery(search) {
  const query = {};
  for (const [k, v] of new URLSearchParams(search)) {
    if (k in query) query[k] = [...all(query[k]), v];
    else query[k] = v;
  }
  return query;
}

export const all = (v) => (v == null ? [] : Array.isArray(v) ? v : [v]);

export function queryString(params) {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of all(v)) if (one !== '' && one != null) s.append(k, String(one));
  }
  const text = s.toString();
  return text ? `?${text}` : '';
}

export const href = (path, params = {}) => path + queryString(params);

export function useQuery() {
  const { search } = useLocation();
  const query = parseQuery(search);
  const setQuery = useCallback((patch, opts) => {
    const next = { ...parseQuery(location.search), ...patch };
    for (const k of Object.keys(next)) if (next[k] == null || next[k] === '') delete next[k];
    navigate(href(location.pathname, next), opts);
  }, []);
  return [query, setQuery];
}

export function useParam(name, fallback) {
  const [query, setQuery] = useQuery();
  const set = useCallback((value, opts) => setQuery({ [name]: value }, opts), [name]);
  return [query[name] ?? fallback, set];
}

// One listener for the whole app: same-origin /ui/ links, plain left click, no target.
export function interceptLinks(root) {
  root.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest && e.target.closest('a[href]');
    if (!a || a.getAttribute('target') || a.hasAttribute('download')) return;
    const url = new URL(a.getAttribute('href'), location.href); // SVG <a> has no string .href
    if (url.origin !== location.origin || !url.pathname.startsWith('/ui/')) return;
    if (url.pathname.startsWith('/ui/assets/') || url.pathname.endsWith('.txt')) return;
    if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
    e.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
}
