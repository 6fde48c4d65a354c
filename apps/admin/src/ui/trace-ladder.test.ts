import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HopDecision, TrafficEntry } from '@fedlab/protocol';
import { openFixture, type Fixture } from '../test-support/browser.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await openFixture();
});
afterAll(() => fx?.close());

const HOSTILE = '<img src=x onerror="window.pwned=1">@yahoo.test';
const summary: TrafficEntry = {
  requestId: 'r1', at: Date.now(), kind: 'message', from: HOSTILE, to: 'alice@contoso.test', direction: 'inbound', provider: 'yahoo',
  code: 403, reason: 'provider-blocked', hop: 'edge',
};
const decisions: HopDecision[] = [
  { hop: 'edge', node: 'edge', rule: 'inbound.2-global-switch', inputs: { federationEnabled: true }, code: 200, reason: 'forwarded', explanation: 'The global switch is on.', at: 1 },
  { hop: 'edge', node: 'edge', rule: 'inbound.3-provider-allowed', inputs: { provider: 'yahoo', listed: true, allowed: false, note: '<b>bold</b>' }, code: 403, reason: 'provider-blocked', explanation: 'Yahoo! is temporarily blocked.', at: 2 },
];

describe('<fl-trace-ladder>', () => {
  it('draws a column per place, arrows both ways and each decision with its rule, inputs and answer', async () => {
    const { page } = fx;
    await page.evaluate(({ summary, decisions }) => {
      document.body.replaceChildren();
      const ladder = document.createElement('fl-trace-ladder');
      ladder.ladder = window.fedlab.layoutLadder({ requestId: 'r1', summary, decisions }, (id) => (id === 'yahoo' ? 'Yahoo!' : id));
      document.body.append(ladder);
    }, { summary, decisions });
    const ladder = page.getByTestId('trace-ladder');
    await ladder.waitFor();
    expect(await page.getByTestId('ladder-column-provider').innerText()).toContain('Yahoo!');
    expect(await page.getByTestId('ladder-column-edge').textContent()).toContain('Access Edge');
    expect(await page.getByTestId('ladder-arrow').count()).toBe(4);
    expect(await page.locator('[data-testid=ladder-arrow][data-direction=answer]').first().getAttribute('aria-label')).toContain('403 forbidden');
    const deciding = page.locator('[data-testid=ladder-decision][data-deciding=true]');
    expect(await deciding.getByTestId('ladder-rule').innerText()).toBe('inbound.3-provider-allowed');
    expect(await deciding.getByTestId('ladder-answer').innerText()).toBe('403 provider-blocked');
    expect(await deciding.locator('dt').allTextContents()).toEqual(['provider', 'listed', 'allowed', 'note']);
    expect(await deciding.locator('dd').allTextContents()).toEqual(['yahoo', 'true', 'false', '<b>bold</b>']);

    // Arrows run between the centres of their columns, left to right in time order.
    const boxes = await page.locator('[data-testid=ladder-arrow] .line').evaluateAll((lines) => lines.map((l) => l.getBoundingClientRect().toJSON() as DOMRect));
    const heads = await page.locator('.head').evaluateAll((hs) => hs.map((h) => h.getBoundingClientRect().toJSON() as DOMRect));
    const centre = (r: DOMRect) => r.x + r.width / 2;
    expect(Math.abs(boxes[0]!.x - centre(heads[0]!))).toBeLessThan(3);
    expect(Math.abs(boxes[0]!.x + boxes[0]!.width - centre(heads[1]!))).toBeLessThan(3);
    expect(boxes.map((b) => b.y)).toEqual([...boxes.map((b) => b.y)].sort((a, b) => a - b));
  });

  it('shows untrusted text as text', async () => {
    const { page } = fx;
    expect(await page.getByTestId('ladder-column-sender').innerText()).toContain(HOSTILE);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('fl-trace-ladder img, fl-trace-ladder b').count()).toBe(0);
    expect(await page.locator('[data-testid=ladder-decision][data-deciding=true]').innerText()).toContain('<b>bold</b>');
  });
});
