// Who may use the console. GET /api/v1/auth/config (public) says whether a credential is
// required and whether OIDC sign-in is offered; the credential lives in sessionStorage.
//
//   useAuth() -> { status: 'signin'|'ready', known, config, reason, hasCredential,
//                  signInWithKey(key) (async, throws ApiError), signOut(), startOidc(),
//                  finishOidc(query) (async) }
// OIDC is authorization code + PKCE (S256) made in the browser: verifier and state wait in
// sessionStorage while the browser visits the issuer; back on /ui/auth/callback the code is
// exchanged by Ophion (POST /api/v1/auth/token), since the CSP keeps the page on its own origin.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, clearCredential, getCredential, onUnauthorized, setCredential } from './api.js';
import { sha256 } from './sha256.js';

const NO_AUTH = { required: false, api_keys: true, oidc: null };
const PENDING = 'ophion.oidc';
export const CALLBACK_PATH = '/ui/auth/callback';

export function useAuth() {
  // Screens render, and ask for their data, while the settings load: a server that wants a
  // credential refuses those calls (401) and sign-in shows, so nothing is seen early; one that
  // does not answers them a round trip and a render sooner. `known`: the settings have come.
  const [state, setState] = useState({ status: 'ready', config: NO_AUTH, reason: '', known: false });

  useEffect(() => {
    const settle = (config) => setState((s) => ({ ...s, config, known: true,
      status: config.required && !getCredential() ? 'signin' : s.status }));
    api.get('/api/v1/auth/config').then(settle,
      // 401: this server guards even its config, so a credential it is. Otherwise (an older
      // server without the route, a network error) go on: the screens show errors, 401s land here.
      (e) => settle({ ...NO_AUTH, required: e.status === 401 }));
    return onUnauthorized((sentCredential) => setState((s) => ({ ...s, status: 'signin',
      reason: sentCredential && s.status === 'ready'
        ? 'Your session ended or the credential was refused. Sign in again.' : s.reason })));
  }, []);

  const signInWithKey = useCallback(async (key) => {
    setCredential(key);
    try {
      await api.get('/api/v1/whoami');
    } catch (e) {
      clearCredential();
      throw e;
    }
    setState((s) => ({ ...s, status: 'ready', reason: '' }));
  }, []);

  const signOut = useCallback(() => {
    clearCredential();
    setState((s) => ({ ...s, status: s.config.required ? 'signin' : 'ready', reason: 'Signed out.' }));
  }, []);

  const startOidc = useCallback(() => startOidcLogin(state.config.oidc), [state.config]);

  const finishOidc = useCallback(async (query) => {
    const returnTo = await finishOidcLogin(query);
    setState((s) => ({ ...s, status: 'ready', reason: '' }));
    return returnTo;
  }, []);

  return { ...state, hasCredential: getCredential() !== null, signInWithKey, signOut, startOidc, finishOidc };
}

const base64url = (bytes) => btoa(String.fromCharCode(...bytes))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (n) => base64url(crypto.getRandomValues(new Uint8Array(n)));

async function challengeFor(verifier) {
  const bytes = new TextEncoder().encode(verifier);
  // crypto.subtle only exists in secure contexts; plain http on a LAN address still signs in.
  const digest = crypto.subtle ? new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)) : sha256(bytes);
  return base64url(digest);
}

export async function startOidcLogin(oidc) {
  const verifier = random(32);
  const state = random(16);
  const returnTo = location.pathname.startsWith(CALLBACK_PATH) ? '/ui/' : location.pathname + location.search;
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(oidc.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', oidc.client_id);
  url.searchParams.set('redirect_uri', location.origin + CALLBACK_PATH);
  url.searchParams.set('scope', oidc.scope || 'openid');
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await challengeFor(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  location.assign(url.href);
}

// Exchanges the code from the callback's query; returns where the user was going.
export async function finishOidcLogin(query) {
  if (query.error) throw new Error(`The identity provider refused the sign-in: ${query.error_description || query.error}`);
  let pending = null;
  try { pending = JSON.parse(sessionStorage.getItem(PENDING)); } catch { /* absent */ }
  sessionStorage.removeItem(PENDING);
  if (!pending || !query.code || query.state !== pending.state) {
    throw new Error('This sign-in link is stale or was not started here. Start the sign-in again.');
  }
  const token = await api.send('POST', '/api/v1/auth/token', {
    code: query.code, code_verifier: pending.verifier, redirect_uri: location.origin + CALLBACK_PATH,
  });
  if (!token || !token.access_token) throw new Error('Ophion returned no access token.');
  setCredential(token.access_token);
  return pending.returnTo || '/ui/';
}
