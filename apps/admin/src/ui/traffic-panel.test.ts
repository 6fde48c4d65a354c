import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrafficEntry } from '@fedlab/protocol';
import { openFixture, type Fixture } from '../test-support/browser.ts';

let fx: Fixture;
const entry = (i: number, over: Partial<TrafficEntry> = {}): TrafficEntry => ({
  requestId: `r${String(i).padStart(4, '0')}`, at: 1_000_000 + i, kind: 'typing', from: 'yuki@yahoo.test', to: 'alice@contoso.test',
  direction: 'inbound', provider: 'yahoo', code: 200, reason: 'delivered', hop: 'client', ...over,
});
// What a chat gives: a message now and then among many typing notices, and a refused request.
const entries: TrafficEntry[] = Array.from({ length: 240 }, (_, i) =>
  i % 40 === 0 ? entry(i, { kind: 'message' }) : i === 239 ? entry(i, { kind: 'subscribe', code: 403, reason: 'provider-blocked', hop: 'edge', provider: 'msn', from: 'sam@hotmail.test' }) : entry(i));
const older: TrafficEntry[] = [entry(-2, { kind: 'invite' }), entry(-1, { kind: 'invite' })];

beforeAll(async () => {
  fx = await openFixture();
  await fx.page.evaluate(({ entries, older }) => {
    const { client, calls } = window.fedlab.fakeClient({ traffic: () => older });
    const panel = document.createElement('fl-traffic-panel');
    Object.assign(panel, { entries, providers: [] });
    window.fedlab.contextRoot(client).append(panel);
    window.kept = { calls };
  }, { entries, older });
});
afterAll(() => fx?.close());

const rows = () => fx.page.locator('[data-testid^=traffic-row-]');

describe('<fl-traffic-panel>', () => {
  it('folds typing notices and shows 50 rows a page, newest first', async () => {
    const { page } = fx;
    expect(await page.getByTestId('traffic-count').textContent()).toBe('240 of 240 requests, 13 rows');
    expect(await rows().count()).toBe(13);
    expect(await rows().first().getAttribute('data-testid')).toBe('traffic-row-r0239');
    expect(await page.getByTestId('traffic-row-r0238').getAttribute('data-count')).toBe('38');
    await page.getByTestId('traffic-fold').uncheck();
    expect(await rows().count()).toBe(50);
    expect(await page.getByTestId('traffic-page').textContent()).toBe('Page 1 of 5');
    await page.getByTestId('traffic-older').click();
    expect(await page.getByTestId('traffic-page').textContent()).toBe('Page 2 of 5');
    expect(await rows().first().getAttribute('data-testid')).toBe('traffic-row-r0189');
    await page.getByTestId('traffic-newer').click();
    await page.getByTestId('traffic-fold').check();
  });

  it('filters by kind, provider, code and user', async () => {
    const { page } = fx;
    await page.getByTestId('traffic-filter-kind').selectOption('message');
    expect(await rows().count()).toBe(6);
    await page.getByTestId('traffic-filter-kind').selectOption('');
    await page.getByTestId('traffic-filter-code').selectOption('403');
    expect(await rows().count()).toBe(1);
    await page.getByTestId('traffic-filter-code').selectOption('');
    await page.getByTestId('traffic-filter-provider').selectOption('msn');
    await page.getByTestId('traffic-row-r0239').waitFor();
    expect(await rows().count()).toBe(1);
    await page.getByTestId('traffic-filter-provider').selectOption('');
    await page.getByTestId('traffic-filter-user').fill('sam@');
    expect(await rows().count()).toBe(1);
    await page.getByTestId('traffic-filter-user').fill('');
  });

  it('keeps the page short at 1280 and at 390 px', async () => {
    for (const width of [1280, 390]) {
      await fx.page.setViewportSize({ width, height: 800 });
      await fx.page.getByTestId('traffic-fold').uncheck();
      expect(await fx.page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(width === 390 ? 6000 : 3500);
      expect((await fx.page.getByTestId('traffic-older').boundingBox())!.x + 10).toBeLessThanOrEqual(width);
      await fx.page.getByTestId('traffic-fold').check();
    }
    await fx.page.setViewportSize({ width: 1200, height: 800 });
  });

  it('loads older requests from the edge, before the oldest it has', async () => {
    await fx.page.getByTestId('traffic-load-older').click();
    await fx.page.getByTestId('traffic-row-r00-1').waitFor();
    expect((await fx.page.evaluate(() => window.kept.calls as [string, unknown[]][])).filter(([m]) => m === 'traffic')).toEqual([['traffic', [{ before: 'r0000', limit: 500 }]]]);
    // Fewer than asked for: the edge has nothing older.
    expect(await fx.page.getByTestId('traffic-load-older').count()).toBe(0);
  });
});
