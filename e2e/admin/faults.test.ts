import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Bot } from '@fedlab/testkit';
import { keepScreenshot } from '../support/browser.ts';
import { goTo, startBench, type AdminBench } from './support.ts';

let bench: AdminBench;
let page: Page;
beforeAll(async () => {
  bench = await startBench({ timeoutMs: 800 });
  await bench.d.admin.allowProvider('yahoo');
  page = await bench.page();
  await goTo(page, 'faults');
});
afterAll(() => bench?.close());

const faultOf = async (link: string) => (await bench.d.admin.links()).find((l) => l.provider === link)?.fault;

describe('the Faults panel', () => {
  let alice: Bot;

  it('lists every link of the edge, the home server’s included, with no fault', async () => {
    for (const link of ['msn', 'yahoo', 'aol', 'fabrikam', 'home']) {
      expect(await page.getByTestId(`link-fault-${link}`).textContent()).toBe('none');
    }
  });

  it('sets latency, jitter and bandwidth on a link, checked as typed, and shows it', async () => {
    await page.getByTestId('fault-set-msn').click();
    await page.getByTestId('fault-field-latency').fill('-3');
    await page.getByTestId('fault-dialog-save').click();
    await page.getByTestId('fault-error-latency').waitFor();
    await page.getByTestId('fault-field-latency').fill('150');
    await page.getByTestId('fault-field-jitter').fill('20');
    await page.getByTestId('fault-field-bandwidth').fill('50000');
    await page.getByTestId('fault-dialog-save').click();
    await page.getByTestId('fault-dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('link-fault-msn').textContent()).toBe('latency 150 ms ± 20 ms · bandwidth 50000 B/s');
    expect(await faultOf('msn')).toEqual({ latencyMs: 150, jitterMs: 20, bandwidthBps: 50000 });
  });

  it('an unresponsive peer on the Yahoo! link answers 408; clearing the fault recovers', async () => {
    alice = await bench.d.bot('alice@contoso.test');
    await bench.d.bot('yuki@yahoo.test');
    await page.getByTestId('fault-set-yahoo').click();
    await page.getByTestId('fault-field-unresponsive').check();
    await page.getByTestId('fault-dialog-save').click();
    await expect.poll(() => page.getByTestId('link-fault-yahoo').textContent()).toBe('peer unresponsive');
    await keepScreenshot(page, 'admin-faults');

    const { answer } = await alice.invite('yuki@yahoo.test');
    expect(answer.code).toBe(408);

    await page.getByTestId('fault-clear-yahoo').click();
    await expect.poll(() => page.getByTestId('link-fault-yahoo').textContent()).toBe('none');
    expect(await faultOf('yahoo')).toBeUndefined();
    expect((await alice.invite('yuki@yahoo.test')).answer.code).toBe(200);
  });

  it('takes the home server’s link down and brings it back', async () => {
    await page.getByTestId('fault-set-home').click();
    await page.getByTestId('fault-field-down').check();
    await page.getByTestId('fault-dialog-save').click();
    await expect.poll(() => page.getByTestId('link-fault-home').textContent()).toBe('link down');
    await page.locator('[data-testid=link-state-home][data-state=unreachable]').waitFor();
    await page.getByTestId('fault-clear-home').click();
    await page.locator('[data-testid=link-state-home][data-state=connected]').waitFor();
    expect(await page.getByTestId('link-fault-home').textContent()).toBe('none');
  });
});
