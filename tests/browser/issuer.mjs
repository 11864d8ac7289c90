// A local OpenID Connect issuer shaped like a Keycloak realm, standing in for one (Keycloak
// cannot run here): discovery, JWKS, an authorization endpoint that signs the configured user
// straight in, and a token endpoint that checks the PKCE verifier (S256), the client and the
// redirect URI before it issues an RS256 access token. It records what it was sent.

import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

export async function startIssuer({ clientId, user }) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'browser-test';
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
  const codes = new Map();
  const seen = { authorizations: [], tokens: [], tokenErrors: [] };
  let base;
  const issuer = () => `${base}/realms/ophion`;

  const token = (claims) => {
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const payload = b64url(JSON.stringify(claims));
    const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), privateKey);
    return `${header}.${payload}.${b64url(signature)}`;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, base);
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const realm = '/realms/ophion';
    if (url.pathname === `${realm}/.well-known/openid-configuration`) {
      return json(200, {
        issuer: issuer(),
        authorization_endpoint: `${issuer()}/protocol/openid-connect/auth`,
        token_endpoint: `${issuer()}/protocol/openid-connect/token`,
        jwks_uri: `${issuer()}/protocol/openid-connect/certs`,
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === `${realm}/protocol/openid-connect/certs`) return json(200, { keys: [jwk] });
    if (url.pathname === `${realm}/protocol/openid-connect/auth`) {
      const q = Object.fromEntries(url.searchParams);
      seen.authorizations.push(q);
      if (q.client_id !== clientId || q.response_type !== 'code' || q.code_challenge_method !== 'S256' || !q.code_challenge) {
        return json(400, { error: 'invalid_request', query: q });
      }
      const code = b64url(randomBytes(24));
      codes.set(code, { challenge: q.code_challenge, redirect: q.redirect_uri });
      const back = new URL(q.redirect_uri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.state ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === `${realm}/protocol/openid-connect/token` && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = Object.fromEntries(new URLSearchParams(body));
      seen.tokens.push({ ...form, code: form.code ? '(redacted)' : undefined });
      const grant = codes.get(form.code);
      codes.delete(form.code);
      const verifierOk = grant && b64url(createHash('sha256').update(form.code_verifier ?? '').digest()) === grant.challenge;
      const problem = !grant ? 'unknown code'
        : form.grant_type !== 'authorization_code' ? 'grant_type'
        : form.client_id !== clientId ? 'client_id'
        : form.redirect_uri !== grant.redirect ? 'redirect_uri'
        : !verifierOk ? 'PKCE verifier' : null;
      if (problem) {
        seen.tokenErrors.push(problem);
        return json(400, { error: 'invalid_grant', error_description: problem });
      }
      const now = Math.floor(Date.now() / 1000);
      return json(200, {
        access_token: token({
          iss: issuer(), aud: 'ophion', sub: user.subject, preferred_username: user.username,
          tenant_id: user.tenant, realm_access: { roles: user.roles }, iat: now, exp: now + 600,
        }),
        token_type: 'Bearer',
        expires_in: 600,
      });
    }
    json(404, { error: 'not found' });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  return { url: issuer(), seen, close: () => new Promise((resolve) => server.close(resolve)) };
}
