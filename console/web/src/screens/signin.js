// Sign-in: an API key (kept in sessionStorage for this tab), or the OIDC issuer when Ophion
// offers it. The OIDC callback (/ui/auth/callback) finishes the code + PKCE exchange.
import { html, useEffect, useState } from '../lib/html.js';
import { navigate, parseQuery } from '../lib/url.js';
import { ErrorMessage, Loading, Screen } from '../lib/ui.js';

export function SignIn({ auth }) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    if (!key.trim()) return setError(new Error('Enter an API key.'));
    setBusy(true);
    setError(null);
    try {
      await auth.signInWithKey(key.trim());
    } catch (err) {
      setError(err.status === 401 || err.status === 403
        ? new Error('That key was not accepted. Check it, or ask an admin for a new one.') : err);
      setBusy(false);
    }
    return undefined;
  };
  return html`<${Screen} name="signin" state=${error ? 'error' : 'ready'} title="Sign in">
    <div class="signin-card">
      <p class="muted">This Ophion requires a credential. Your key is kept only for this browser tab.</p>
      ${auth.reason && html`<p class="notice">${auth.reason}</p>`}
      <form onSubmit=${submit} class="form">
        <label for="api-key">API key</label>
        <input id="api-key" name="api-key" type="password" autocomplete="current-password"
          spellcheck="false" value=${key} onInput=${(e) => setKey(e.currentTarget.value)} />
        <button type="submit" class="btn btn-primary" disabled=${busy}>${busy ? 'Checking…' : 'Sign in'}</button>
      </form>
      ${error && html`<${ErrorMessage} title="Sign-in failed" error=${error} />`}
      ${auth.config.oidc && html`<div class="signin-or"><span>or</span></div>
        <button type="button" class="btn btn-wide" data-action="oidc-login" onClick=${auth.startOidc}>
          Sign in with SSO</button>`}
      <p class="muted small">An admin creates keys with <code>POST /api/v1/keys</code> or
        <code>ophion keys create</code>.</p>
    </div>
  <//>`;
}

export function AuthCallback({ auth }) {
  const [error, setError] = useState(null);
  useEffect(() => {
    if (!auth.known) return;
    auth.finishOidc(parseQuery(location.search)).then(
      (returnTo) => navigate(returnTo, { replace: true }),
      setError,
    );
  }, [auth.known]);
  return html`<${Screen} name="signin" state=${error ? 'error' : 'loading'} title="Signing in">
    ${error
      ? html`<${ErrorMessage} title="Sign-in failed" error=${error} />
        <p><a href="/ui/">Back to sign-in</a></p>`
      : html`<${Loading} label="Finishing sign-in" />`}
  <//>`;
}
