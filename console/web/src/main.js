// The app shell: renders the header and the screen the URL names (routes.js), or sign-in once
// Ophion says it wants a credential. Navigation is client-side (history API); every link is a
// real <a href> so it can also be opened in a new tab.
import './styles.css';
import { html, render, useEffect, useRef } from './lib/html.js';
import { interceptLinks, useLocation } from './lib/url.js';
import { applyStoredTheme } from './lib/theme.js';
import { useAuth } from './lib/auth.js';
import { match } from './routes.js';
import { Header } from './shell/header.js';
import { installShortcuts } from './shell/shortcuts.js';
import { SignIn, AuthCallback } from './screens/signin.js';

function App() {
  const { path } = useLocation();
  const auth = useAuth();
  const lastPath = useRef(path);

  // After a client-side navigation, move focus to the new screen (screen readers, keyboard).
  useEffect(() => {
    if (lastPath.current === path) return;
    lastPath.current = path;
    const main = document.getElementById('main');
    if (main && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
  }, [path]);

  if (path === '/ui/auth/callback') return html`<${AuthCallback} auth=${auth} />`;
  if (auth.status === 'signin') {
    return html`<${Header} auth=${auth} path=${path} minimal=${true} /><${SignIn} auth=${auth} />`;
  }
  const route = match(path);
  const Screen = route.component;
  return html`<${Header} auth=${auth} path=${path} />
    <${Screen} key=${path} ...${route.params} />`;
}

applyStoredTheme();
interceptLinks(document);
installShortcuts();
render(html`<${App} />`, document.getElementById('app'));
