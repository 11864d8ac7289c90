// The console with credentials required: no screen shows data before sign-in, a tenant's key
// never shows another tenant's data, a bad key is refused with a message, signing out forgets
// the credential, and single sign-on works through an OIDC issuer (authorization code + PKCE).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Ophion, accessibilityViolations, launchBrowser, openScreen, screenshotBothThemes, settled, watchedPage,
} from './harness.mjs';
import { startIssuer } from './issuer.mjs';

const CLIENT_ID = 'ophion-console';
const SCREENS = [
  '/ui/', '/ui/services/acme-payments', '/ui/service-map', '/ui/traces', '/ui/logs', '/ui/metrics',
  '/ui/insights', '/ui/dashboards',
];
let server;
let issuer;
let browser;
let keys;
let acme;
let globex;

before(async () => {
  issuer = await startIssuer({
    clientId: CLIENT_ID,
    user: { subject: 'u-1', username: 'alice', tenant: 'acme', roles: ['viewer'] },
  });
  server = new Ophion();
  const config = join(server.dir, 'ophion.yaml');
  writeFileSync(config, [
    'auth:',
    '  mode: required',
    '  oidc:',
    `    issuer: "${issuer.url}"`,
    `    console_client_id: "${CLIENT_ID}"`,
    'ai:',
    '  enabled: false',
    '',
  ].join('\n'));
  server.args = ['--config', config];
  await server.start();
  keys = {
    acme: server.createKey('acme', ['ingest', 'read']),
    globex: server.createKey('globex', ['ingest', 'read']),
  };
  acme = server.seed({ key: keys.acme, prefix: 'acme-' });
  globex = server.seed({ key: keys.globex, prefix: 'globex-' });
  await server.storedSpans(acme.spans, keys.acme);
  await server.storedSpans(globex.spans, keys.globex);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.cleanup();
  await issuer?.close();
});

/** Every API call the page made that answered with data (2xx), other than public ones. */
function dataResponses(page) {
  const seen = [];
  page.on('response', (res) => {
    const path = new URL(res.url()).pathname;
    if (path.startsWith('/api/') && !path.startsWith('/api/v1/auth/') && res.ok()) seen.push(path);
  });
  return seen;
}

async function signIn(page, key) {
  await page.locator('input[name=api-key]').fill(key);
  await page.locator('main[data-screen=signin] button[type=submit]').click();
}

describe('the console with auth required', () => {
  test('no screen shows data before sign-in', async () => {
    const page = await watchedPage(browser);
    const seen = dataResponses(page);
    // Whatever probes the console makes without a credential are refused: that is the point.
    page.allow((res) => res.status() === 401);
    for (const path of SCREENS) {
      await openScreen(page, `${server.url}${path}`, { screen: 'signin', state: null });
      const body = await page.locator('body').innerText();
      assert.doesNotMatch(body, /acme-|globex-/, `data on ${path} before sign-in`);
    }
    assert.deepEqual(seen, [], 'data endpoints answered before sign-in');
    assert.deepEqual(await accessibilityViolations(page), []);
    await screenshotBothThemes(page, 'signin');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a bad key is refused with a message and nothing is shown', async () => {
    const page = await watchedPage(browser);
    page.allow((res) => res.status() === 401);
    await openScreen(page, `${server.url}/ui/`, { screen: 'signin', state: null });
    await signIn(page, 'ophion_not_a_real_key');
    await page.locator('main[data-screen=signin] [role=alert]').waitFor();
    assert.doesNotMatch(await page.locator('body').innerText(), /acme-|globex-/);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test("tenant A's key shows tenant A's data on every screen and never tenant B's", async () => {
    const page = await watchedPage(browser);
    page.allow((res) => res.status() === 401); // the probes before sign-in
    await openScreen(page, `${server.url}/ui/`, { screen: 'signin', state: null });
    await signIn(page, keys.acme);
    await settled(page, { screen: 'overview' });
    await page.locator(`tr[data-service="${acme.services.payments}"]`).waitFor();
    assert.match(await page.locator('[data-testid=identity]').innerText(), /acme/);
    page.allow(() => false); // from here on, every request must succeed
    const visits = [
      ...SCREENS,
      `/ui/traces?service=${acme.services.payments}&from=now-1h&to=now`,
      `/ui/traces/${acme.slow_traces[0]}`,
      `/ui/logs?q=gateway&from=now-1h&to=now`,
      '/ui/metrics?name=system.filesystem.utilization&from=now-24h&to=now',
    ];
    for (const path of visits) {
      await openScreen(page, `${server.url}${path}`, { state: null });
      const body = await page.locator('body').innerText();
      assert.doesNotMatch(body, /globex-/, `tenant B's data on ${path}`);
    }
    // Tenant B's trace, asked for by id with tenant A's key, is not found.
    page.allow((res) => res.status() === 404);
    await openScreen(page, `${server.url}/ui/traces/${globex.slow_traces[0]}`, { screen: 'trace', state: null });
    assert.doesNotMatch(await page.locator('body').innerText(), /globex-/);
    page.allow(() => false);
    // Signing out forgets the key: the next screen asks again.
    await page.locator('button[data-action=sign-out]').click();
    await settled(page, { screen: 'signin', state: null });
    assert.equal(await page.evaluate(() => sessionStorage.getItem('ophion.credential')), null);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('single sign-on: authorization code with PKCE through the OIDC issuer', async () => {
    const page = await watchedPage(browser);
    page.allow((res) => res.status() === 401);
    await openScreen(page, `${server.url}/ui/services/${acme.services.checkout}`, { screen: 'signin', state: null });
    await page.locator('button[data-action=oidc-login]').click();
    // Back from the issuer, on the page the user asked for, with the issuer's tenant.
    await page.waitForURL(new RegExp(`/ui/services/${acme.services.checkout}`));
    await settled(page, { screen: 'service' });
    assert.match(await page.locator('[data-testid=identity]').innerText(), /alice|acme/);
    assert.doesNotMatch(await page.locator('body').innerText(), /globex-/);
    const [authorization] = issuer.seen.authorizations;
    assert.equal(authorization.code_challenge_method, 'S256');
    assert.equal(authorization.redirect_uri, `${server.url}/ui/auth/callback`);
    assert.deepEqual(issuer.seen.tokenErrors, []);
    assert.equal(issuer.seen.tokens.length, 1);
    assert.ok(issuer.seen.tokens[0].code_verifier, 'no PKCE verifier sent');
    assert.deepEqual(page.problems.filter((p) => !p.includes('HTTP 401')), []);
    await page.context().close();
    // The sign-in is in the tenant's audit log, under the issuer's user.
    const admin = server.createKey('acme', ['admin']);
    const { records } = await server.get('/api/v1/audit-logs?action=auth.token', admin);
    assert.equal(records.length, 1, JSON.stringify(records));
    assert.equal(records[0].outcome, 'success');
    assert.match(records[0].actor, /u-1|alice/);
  });
});
