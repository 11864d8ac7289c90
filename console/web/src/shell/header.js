// The header every screen shares: brand, navigation, the one time-range picker, refresh,
// who is signed in (GET /api/v1/whoami), the theme toggle and sign-out.
import { html, useState } from '../lib/html.js';
import { useApi } from '../lib/api.js';
import { withRange } from '../lib/time.js';
import { currentTheme, setTheme } from '../lib/theme.js';
import { NAV } from '../routes.js';
import { TimeRangePicker } from './time-picker.js';

export function Header({ auth, path, minimal = false }) {
  return html`<header class="app-header">
    <a class="skip-link" href="#main">Skip to content</a>
    <a class="brand" href="/ui/" aria-label="Ophion overview">
      <img src="/ui/favicon.svg" alt="" width="22" height="22" /><span>Ophion</span>
    </a>
    ${!minimal && html`<nav class="app-nav" aria-label="Main">
      ${NAV.map((n) => {
        const current = n.match ? n.match(path) : path === n.href || path.startsWith(`${n.href}/`);
        return html`<a href=${withRange(n.href)} class=${current ? 'active' : ''}
          aria-current=${current ? 'page' : undefined}>${n.label}</a>`;
      })}
    </nav>`}
    <div class="header-tools">
      ${!minimal && html`<${TimeRangePicker} />`}
      ${!minimal && html`<${Identity} />`}
      <${ThemeToggle} />
      ${auth.hasCredential && auth.status === 'ready' && html`<button type="button" class="btn btn-ghost"
        data-action="sign-out" onClick=${auth.signOut}>Sign out</button>`}
    </div>
  </header>`;
}

function Identity() {
  const { data, error } = useApi('/api/v1/whoami');
  const text = data ? `${data.tenant} · ${data.actor}` : error ? 'identity unknown' : '…';
  const title = data ? `Tenant ${data.tenant}, signed in as ${data.actor}${data.scopes ? ` (${data.scopes.join(', ')})` : ''}` : undefined;
  return html`<div class="identity" data-testid="identity" title=${title}>
    <span class="identity-dot" aria-hidden="true"></span>
    <span class="sr-only">Signed in: </span>${text}
  </div>`;
}

function ThemeToggle() {
  const [theme, set] = useState(currentTheme());
  const next = theme === 'dark' ? 'light' : 'dark';
  return html`<button type="button" class="btn btn-ghost btn-icon" data-action="theme"
      aria-label=${`Switch to ${next} theme`} title=${`Switch to ${next} theme`}
      onClick=${() => { setTheme(next); set(next); }}>
    <span aria-hidden="true">${theme === 'dark' ? '☀' : '☾'}</span>
  </button>`;
}
