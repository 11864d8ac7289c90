// Every console screen, opened by its deep link in Chromium, over a real `ophion serve` seeded by
// a real OpenTelemetry SDK app: it shows the seeded services, spans, logs, metrics and insights,
// with no console error, no failed request and no serious accessibility violation, in both themes.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Ophion, accessibilityViolations, eventually, launchBrowser, openScreen, screenshotBothThemes,
  sendLog, settled, watchedPage, writeResult,
} from './harness.mjs';

const server = new Ophion();
let browser;
let shop;
let insights;

before(async () => {
  // Loaded with the AI engine off, then restarted with it on and ticking every second: it warms
  // its detectors from the 34 hours already stored, as after any restart.
  await server.start({ OPHION_AI__ENABLED: 'false' });
  shop = server.seed();
  await server.storedSpans(shop.spans);
  await eventually(async () => (await server.get('/api/v1/stats')).logs > 0, { what: 'logs stored' });
  await eventually(
    async () => (await server.get('/api/v1/metrics/aggregate/k8s.pod.cpu.utilization?start=0')).count >= shop.cpu_points,
    { what: `${shop.cpu_points} pod CPU points stored` },
  );
  await server.stop();
  await server.start({
    OPHION_AI__INTERVAL: '1s', OPHION_AI__STEP: '5m', OPHION_AI__TIP_INTERVAL: '1s', OPHION_AI__TIP_WINDOW: '30m',
  });
  insights = await eventually(
    async () => {
      const all = (await server.get('/api/v1/insights?start=0&limit=1000')).insights;
      const kinds = new Set(all.map((i) => i.kind));
      // The disk's forecast, not only the pods' CPU one (a utilization too).
      const disk = all.some((i) => i.kind === 'capacity' && i.subject.includes('system.filesystem.utilization'));
      return disk && ['anomaly', 'log_pattern', 'tip'].every((k) => kinds.has(k)) && all;
    },
    { what: 'an anomaly, a log pattern, a capacity forecast and a tip' },
  );
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server.cleanup();
});

/** Opens `path`, runs `check`, then the checks every screen passes. */
async function screen(name, path, expected, check = async () => {}) {
  const page = await watchedPage(browser);
  try {
    await openScreen(page, `${server.url}${path}`, { screen: expected });
    await check(page);
    const violations = await accessibilityViolations(page);
    assert.deepEqual(violations, [], `accessibility violations on ${path}`);
    await screenshotBothThemes(page, name);
    assert.deepEqual(page.problems, [], `problems on ${path}`);
  } finally {
    await page.context().close();
  }
}

const text = (page, selector = 'main') => page.locator(selector).first().innerText();

describe('the console', () => {
  test('/ redirects to the overview, which lists every service with its RED figures', async () => {
    await screen('overview', '/', 'overview', async (page) => {
      assert.match(page.url(), /\/ui\/$/);
      for (const service of Object.values(shop.services)) {
        await page.locator(`tr[data-service="${service}"]`).waitFor();
      }
      // Sorting by p95 puts the slowest service first: the frontend, which waits for all others.
      // A second click reverses the order.
      const byP95 = page.locator('th button[data-sort=p95]');
      const first = () => page.locator('tr[data-service]').first().getAttribute('data-service');
      await byP95.click();
      if ((await first()) !== 'frontend') await byP95.click();
      assert.equal(await first(), 'frontend');
      // Open insights are counted on the services they concern.
      assert.match(await text(page, 'tr[data-service="payments"]'), /payments/);
      await page.locator('tr[data-service="payments"] [data-testid=insight-count]').waitFor();
      // The sort is part of the URL.
      assert.match(page.url(), /sort=/);
    });
  });

  test('a service page shows its operations, errors, slow traces and logs', async () => {
    await screen('service', '/ui/services/payments', 'service', async (page) => {
      const body = await text(page);
      assert.match(body, /charge/);
      assert.match(body, /gateway timeout/);
      assert.ok((await page.locator('main canvas').count()) >= 1, 'no RED chart');
      const traceLink = page.locator('main a[href^="/ui/traces/"]').first();
      await traceLink.waitFor();
    });
  });

  test('the service map draws callers and callees and clicks through', async () => {
    await screen('service-map', '/ui/service-map', 'service-map', async (page) => {
      for (const service of ['frontend', 'checkout', 'payments', 'inventory']) {
        await page.locator(`[data-node="${service}"]`).waitFor();
      }
      assert.ok((await page.locator('[data-edge]').count()) >= 3, 'edges missing');
    });
    const page = await watchedPage(browser);
    await openScreen(page, `${server.url}/ui/service-map`, { screen: 'service-map' });
    await page.locator('[data-node="payments"]').click();
    await page.waitForURL(/\/ui\/services\/payments/);
    await settled(page, { screen: 'service' });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('trace search finds the slow traces and opens one in the waterfall', async () => {
    const query = '/ui/traces?service=payments&min_duration=200&from=now-1h&to=now';
    await screen('traces', query, 'traces', async (page) => {
      const slow = shop.slow_traces[0];
      await page.locator(`[data-trace-id="${slow}"]`).waitFor();
      assert.ok((await page.locator('main canvas').count()) >= 1, 'no duration plot');
      await page.locator(`[data-trace-id="${slow}"] a[href="/ui/traces/${slow}"]`).click();
      await page.waitForURL(new RegExp(`/ui/traces/${slow}`));
      await settled(page, { screen: 'trace' });
      const body = await text(page);
      for (const name of ['GET /checkout', 'POST /orders', 'charge', 'reserve']) assert.match(body, new RegExp(name));
      assert.ok((await page.locator('[data-span-id][data-critical="true"]').count()) >= 2, 'no critical path');
    });
  });

  test('a failed trace marks its error, shows span details and its logs', async () => {
    const failed = shop.error_traces[0];
    await screen('trace', `/ui/traces/${failed}`, 'trace', async (page) => {
      // Opened on the span where the error began, an integer above 2^53 shown exactly.
      assert.match(await page.locator('[data-testid=span-details]').innerText(), /9007199254740993/);
      const errored = page.locator('[data-span-id][data-error="true"]');
      assert.ok((await errored.count()) >= 1, 'no span marked as an error');
      await errored.first().click();
      const details = page.locator('[data-testid=span-details]');
      await details.waitFor();
      assert.match(await details.innerText(), /payment\.provider|GatewayTimeout|gateway timeout/);
      assert.match(await text(page), /charge failed: gateway timeout/);
    });
  });

  test('a 5,000-span trace renders only what is visible and scrolls to its end', async () => {
    await screen('trace-large', `/ui/traces/${shop.big_trace}`, 'trace', async (page) => {
      assert.match(await text(page), /nightly reindex/);
      const rendered = await page.locator('[data-span-id]').count();
      assert.ok(rendered > 0 && rendered < 500, `${rendered} rows in the DOM for ${shop.big_trace_spans} spans`);
      await page.locator('[data-testid=waterfall]').evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await page.locator('[data-span-id]', { hasText: 'index doc' }).last().waitFor();
    });
  });

  test('log search highlights the match, expands a record and links to its trace', async () => {
    const path = '/ui/logs?q=gateway%20timeout&service=payments&from=now-1h&to=now';
    await screen('logs', path, 'logs', async (page) => {
      const row = page.locator('[data-log-row]').first();
      await row.waitFor();
      assert.match((await page.locator('[data-log-row] mark').first().innerText()).toLowerCase(), /gateway timeout/);
      assert.ok((await page.locator('main canvas').count()) >= 1, 'no severity histogram');
      await row.click();
      await page.locator('[data-log-row] a[href^="/ui/traces/"]').first().waitFor();
      assert.match(await text(page), /payment\.provider/);
    });
  });

  test('the patterns tab lists the log templates', async () => {
    await screen('log-patterns', '/ui/logs?tab=patterns&service=payments&from=now-1h&to=now', 'logs', async (page) => {
      await page.locator('[data-pattern-row]', { hasText: 'charge failed: gateway timeout after <*> ms for order <*>' }).waitFor();
    });
  });

  test('live tail shows a log sent after the page opened', async () => {
    const page = await watchedPage(browser);
    await openScreen(page, `${server.url}/ui/logs?service=checkout&live=1`, { screen: 'logs' });
    const live = page.locator('button[data-action=live]');
    if ((await live.getAttribute('aria-pressed')) !== 'true') await live.click();
    await page.waitForFunction(() => document.querySelector('button[data-action=live]')?.getAttribute('aria-pressed') === 'true');
    // The tail subscribes when the button says so; a record sent now must arrive.
    const marker = `live tail marker ${Date.now()}`;
    await eventually(
      async () => {
        await sendLog(server, { service: 'checkout', body: marker });
        await page.locator('[data-log-row]', { hasText: marker }).first().waitFor({ timeout: 2_000 });
        return true;
      },
      { what: 'the live-tailed record', timeout: 30_000 },
    );
    await screenshotBothThemes(page, 'logs-live');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('metrics: several series on one chart', async () => {
    const path = '/ui/metrics?name=shop.orders&name=system.filesystem.utilization&from=now-24h&to=now';
    await screen('metrics', path, 'metrics', async (page) => {
      await page.locator('main canvas').first().waitFor(); // the chart loads after the catalogue
      const body = await text(page);
      assert.match(body, /shop\.orders/);
      assert.match(body, /system\.filesystem\.utilization/);
    });
  });

  test('the insights feed lists every kind, and an anomaly explains itself', async () => {
    await screen('insights', '/ui/insights?from=now-7d&to=now', 'insights', async (page) => {
      for (const insight of insights) {
        await page.locator(`[data-insight-id="${insight.id}"]`).first().waitFor();
      }
    });
    // The regression's first anomaly: a later episode's baseline hour already holds the
    // regression's error lines, so they are no longer new there.
    const anomaly = insights
      .filter((i) => i.kind === 'anomaly' && i.service === 'payments' && Array.isArray(i.evidence.root_causes))
      .sort((x, y) => x.start_unix_nano - y.start_unix_nano)[0]
      ?? insights.find((i) => i.kind === 'anomaly');
    await screen('insight-anomaly', `/ui/insights/${anomaly.id}`, 'insight', async (page) => {
      await page.locator('main canvas').first().waitFor(); // the series loads after the insight
      const body = await text(page);
      assert.match(body, /payments/);
      assert.match(body, /raised as a (spike|level shift|variance change|drift)\./);
      // A flat band (an error rate that was always 0) is no unit to count the deviation in.
      assert.doesNotMatch(body, /Deviation\s*[\d.]+[kMG]×/);
      if (Array.isArray(anomaly.evidence.root_causes)) assert.match(body, /charge/);
      // payments logs each failed charge as an ERROR on its span: the log evidence shows.
      await page.locator('.new-log-templates').first().waitFor();
      assert.match(await text(page), /charge failed: gateway timeout after <\*> ms/);
      // payments' pod burns CPU from the regression on; checkout's does not.
      const cpu = await page.locator('.cpu-rises').first().textContent();
      assert.match(cpu, new RegExp(shop.pods.payments));
      assert.doesNotMatch(await text(page), new RegExp(shop.pods.checkout));
    });
    const capacity = insights.find((i) => i.kind === 'capacity' && i.subject.includes('system.filesystem.utilization'));
    await screen('insight-capacity', `/ui/insights/${capacity.id}`, 'insight', async (page) => {
      await page.locator('main canvas').first().waitFor(); // the forecast loads after the insight
      assert.match(await text(page), /system\.filesystem\.utilization/);
    });
  });

  test('a dashboard is created, survives a reload and is deleted', async () => {
    await screen('dashboards', '/ui/dashboards', 'dashboards', async (page) => {
      await page.locator('[data-preset="service-overview"]').waitFor();
      await page.locator('[data-preset="host-runtime"]').waitFor();
    });
    const page = await watchedPage(browser);
    await openScreen(page, `${server.url}/ui/dashboards`, { screen: 'dashboards', state: null });
    const title = `Browser board ${Date.now()}`;
    await page.locator('button[data-action=new-dashboard]').click();
    await page.locator('input[name=title]').fill(title);
    await page.locator('button[data-action=add-panel]').click();
    await page.locator('[data-panel-id]').first().waitFor();
    await page.locator('button[data-action=save]').click();
    // The saved dashboard's own URL (a ULID), not the draft's /ui/dashboards/new.
    await page.waitForURL(/\/ui\/dashboards\/[0-9A-HJKMNP-TV-Z]{26}(?:[?#]|$)/i);
    const id = page.url().split('/ui/dashboards/')[1].split(/[?#]/)[0];
    const stored = await eventually(async () => server.get(`/api/v1/dashboards/${id}`), { what: 'the saved dashboard' });
    assert.equal(stored.title, title);
    await page.reload();
    await settled(page, { screen: 'dashboard' });
    assert.match(await text(page), new RegExp(title));
    assert.ok((await page.locator('[data-panel-id]').count()) >= 1);
    await screenshotBothThemes(page, 'dashboard');
    await page.locator('button[data-action=delete]').click();
    await page.locator('button[data-action=confirm-delete]').click();
    await page.waitForURL(/\/ui\/dashboards$/);
    const list = await server.get('/api/v1/dashboards');
    assert.ok(!list.items.some((d) => d.id === id), 'the dashboard is still listed');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an alert rule is previewed, saved, fires on the payments regression, and is acknowledged and resolved', async () => {
    const page = await watchedPage(browser);
    await openScreen(page, `${server.url}/ui/alert-rules`, { screen: 'alert-rules', state: null });
    await page.locator('button[data-action=new-rule]').click();
    await settled(page, { screen: 'alert-rule' });
    const name = `payments errors ${Date.now()}`;
    await page.locator('input[name=name]').fill(name);
    await page.locator('input[name=service]').fill(shop.services.payments);
    await page.locator('input[name=value]').fill('0.05');
    // The regression's last 22 minutes fail one charge in four: over 30 minutes, well above 5 %.
    await page.locator('input[name=window]').fill('30m');
    await page.locator('input[name=interval]').fill('1s');
    await page.locator('input[name=for]').fill('0s');
    await page.locator('input[name=summary]').fill('{{alertname}} at {{value}}');
    await page.locator('[data-testid=preview][data-holding="1"]').waitFor();
    assert.match(await text(page, '[data-testid=preview]'), /would fire/);
    await page.locator('button[data-action=save-rule]').click();
    await page.waitForURL(/\/ui\/alert-rules\/[0-9A-HJKMNP-TV-Z]{26}(?:[?#]|$)/i);
    const ruleId = page.url().split('/ui/alert-rules/')[1].split(/[?#]/)[0];
    const rule = await server.get(`/api/v1/alert-rules/${ruleId}`);
    assert.equal(rule.name, name);
    assert.equal(rule.query.service, shop.services.payments);
    await page.locator('[data-testid=preview][data-holding="1"]').waitFor(); // the saved rule's own preview
    await screenshotBothThemes(page, 'alert-rule');
    assert.deepEqual(page.problems, []);
    await page.context().close();

    // The engine in the server evaluates it every second.
    const alert = await eventually(async () => {
      const firing = await server.get(`/api/v1/alerts?state=firing&rule_id=${ruleId}`);
      return firing.items[0];
    }, { what: 'the rule\'s alert firing' });
    assert.match(alert.annotations.summary, new RegExp(`^${name} at 0\\.\\d+`));
    await screen('alerts', '/ui/alerts', 'alerts', async (p) => {
      const row = p.locator(`tr[data-alert-id="${alert.id}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), /firing/);
      await row.locator('button[data-action=acknowledge]').click();
      await p.locator(`tr[data-alert-id="${alert.id}"] [data-status=acknowledged]`).waitFor();
    });
    await screen('alert', `/ui/alerts/${alert.id}`, 'alert', async (p) => {
      await p.locator('[data-event=acknowledged]').waitFor();
      assert.match(await text(p), new RegExp(name));
      await p.locator('[data-rule-link]').waitFor();
      await p.locator('button[data-action=resolve]').first().click();
      await p.locator('.alert-detail[data-state=resolved]').waitFor();
    });
    const resolved = await server.get(`/api/v1/alerts/${alert.id}`);
    assert.equal(resolved.status, 'resolved');
    assert.equal(resolved.resolved_by, 'anonymous');
    await screen('alert-rules', '/ui/alert-rules', 'alert-rules', async (p) => {
      await p.locator(`tr[data-rule-id="${ruleId}"]`).waitFor();
    });
  });

  test('a notification channel is added with a write-only secret, and its test shows the SSRF guard refusing an internal address', async () => {
    await screen('channels', '/ui/notification-channels', 'channels', async (page) => {
      const name = `ops hook ${Date.now()}`;
      await page.locator('input[name=name]').fill(name);
      await page.locator('select[name=type]').selectOption('webhook');
      await page.locator('input[name=url]').fill('http://127.0.0.1:9/hook');
      await page.locator('input[name=secret]').fill('browser-secret');
      await page.locator('button[data-action=save-channel]').click();
      const row = page.locator('tr[data-channel-id]', { hasText: name });
      await row.waitFor();
      assert.match(await row.innerText(), /set/);
      assert.doesNotMatch(await text(page), /browser-secret/);
      await row.locator('button[data-action=test-channel]').click();
      const result = row.locator('[data-testid=test-result]');
      await result.waitFor();
      assert.equal(await result.getAttribute('data-delivered'), 'false');
      assert.match(await result.innerText(), /internal address/);
    });
    const channels = await server.get('/api/v1/notification-channels');
    assert.ok(!JSON.stringify(channels).includes('browser-secret'), 'the secret came back');
  });

  test('an unknown trace and an unknown page say so instead of a blank page', async () => {
    const page = await watchedPage(browser);
    page.allow((res) => res.status() === 404 && res.url().includes('/api/v1/traces/'));
    await openScreen(page, `${server.url}/ui/traces/0123456789abcdef0123456789abcdef`, { screen: 'trace', state: null });
    assert.ok((await page.locator('main [role=alert], main[data-state=empty]').count()) >= 1);
    await openScreen(page, `${server.url}/ui/no/such/page`, { screen: 'not-found', state: null });
    assert.match(await text(page), /\S/);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('results: the seeded data the screens were checked against', () => {
    writeResult('seed-manifest.json', { shop, insights: insights.map((i) => ({ id: i.id, kind: i.kind, service: i.service })) });
  });
});
