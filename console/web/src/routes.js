// The console's deep links (the contract in one table). A route's component gets the path's
// named pieces as props, decoded: /ui/services/:service -> { service }.
import { Overview } from './screens/overview.js';
import { Service } from './screens/service.js';
import { ServiceMap } from './screens/service-map.js';
import { Traces } from './screens/traces.js';
import { Trace } from './screens/trace.js';
import { Logs } from './screens/logs.js';
import { Metrics } from './screens/metrics.js';
import { Insights, Insight } from './screens/insights.js';
import { Dashboards, Dashboard } from './screens/dashboards.js';
import { Alerts, Alert } from './screens/alerts.js';
import { AlertRules, AlertRule } from './screens/alert-rules.js';
import { Channels } from './screens/channels.js';
import { NotFound } from './screens/not-found.js';

export const ROUTES = [
  ['/ui/', Overview],
  ['/ui/services/:service', Service],
  ['/ui/service-map', ServiceMap],
  ['/ui/traces', Traces],
  ['/ui/traces/:traceId', Trace],
  ['/ui/logs', Logs],
  ['/ui/metrics', Metrics],
  ['/ui/insights', Insights],
  ['/ui/insights/:id', Insight],
  ['/ui/dashboards', Dashboards],
  ['/ui/dashboards/:id', Dashboard],
  ['/ui/alerts', Alerts],
  ['/ui/alerts/:id', Alert],
  ['/ui/alert-rules', AlertRules],
  ['/ui/alert-rules/:id', AlertRule],
  ['/ui/notification-channels', Channels],
].map(([pattern, component]) => ({ pattern, component, regex: toRegex(pattern) }));

function toRegex(pattern) {
  const names = [];
  const source = pattern.replace(/:(\w+)/g, (_, n) => { names.push(n); return '([^/]+)'; });
  return { re: new RegExp(`^${source}/?$`), names };
}

export function match(path) {
  const p = path === '/ui' ? '/ui/' : path;
  for (const r of ROUTES) {
    const m = p.match(r.regex.re);
    if (m) {
      const params = {};
      r.regex.names.forEach((n, i) => { params[n] = safeDecode(m[i + 1]); });
      return { component: r.component, params, pattern: r.pattern };
    }
  }
  return { component: NotFound, params: {}, pattern: '*' };
}

function safeDecode(s) {
  try { return decodeURIComponent(s); } catch { return s; }
}

// The header's navigation: the screens a user moves between.
export const NAV = [
  { href: '/ui/', label: 'Overview', match: (p) => p === '/ui/' || p === '/ui' || p.startsWith('/ui/services/') },
  { href: '/ui/service-map', label: 'Service map' },
  { href: '/ui/traces', label: 'Traces' },
  { href: '/ui/logs', label: 'Logs' },
  { href: '/ui/metrics', label: 'Metrics' },
  { href: '/ui/insights', label: 'Insights' },
  { href: '/ui/dashboards', label: 'Dashboards' },
  { href: '/ui/alerts', label: 'Alerts', match: (p) => ['/ui/alerts', '/ui/alert-rules', '/ui/notification-channels'].some((x) => p.startsWith(x)) },
];
