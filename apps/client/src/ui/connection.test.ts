import { describe, expect, it } from 'vitest';
import { CONNECTION_LABELS } from '../logic/connection.ts';
import { useHarness } from '../test-support/component-harness.ts';

const h = useHarness();

describe('<fl-connection-status>', () => {
  it('names every state', async () => {
    await h.mount('fl-connection-status', {});
    expect(Object.keys(CONNECTION_LABELS)).toHaveLength(6);
    for (const [state, label] of Object.entries(CONNECTION_LABELS)) {
      await h.set({ state });
      const pill = h.page.getByTestId('connection-state');
      expect({ state: await pill.getAttribute('data-state'), label: await pill.innerText() }).toEqual({ state, label });
    }
  });
});

describe('<fl-connection-banner>', () => {
  it('says nothing while connected', async () => {
    await h.mount('fl-connection-banner', { state: 'connected', server: 'Yahoo!' }, ['reconnect', 'sign-out']);
    expect(await h.page.getByTestId('connection-banner').count()).toBe(0);
  });

  it('says it reconnects by itself', async () => {
    await h.set({ state: 'reconnecting', detail: 'transport close' });
    expect(await h.page.getByTestId('connection-banner').innerText()).toBe('Connection to Yahoo! lost. Reconnecting by itself… (transport close)');
    expect(await h.page.getByRole('button').count()).toBe(0);
  });

  it('offers to sign in again after being replaced by another tab', async () => {
    await h.set({ state: 'signed-out', detail: 'replaced' });
    expect(await h.page.getByTestId('connection-banner').innerText()).toContain('somewhere else');
    await h.page.getByTestId('banner-reconnect').click();
    expect((await h.events()).map((e) => e.type)).toEqual(['reconnect']);
  });

  it('goes back to sign-in when refused', async () => {
    await h.set({ state: 'refused', detail: 'user-not-found' });
    await h.page.getByTestId('banner-sign-out').click();
    expect((await h.events()).map((e) => e.type)).toEqual(['reconnect', 'sign-out']);
  });
});
