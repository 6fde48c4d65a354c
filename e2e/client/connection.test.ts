import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepScreenshot } from '../support/browser.ts';
import { ChatPage } from './chat-page.ts';
import { startClientRig, type ClientRig } from './support.ts';

let rig: ClientRig;

beforeAll(async () => {
  rig = await startClientRig();
});

afterAll(() => rig?.close());

const state = (chat: ChatPage, value: string) => chat.page.locator(`[data-testid="connection-state"][data-state="${value}"]`);

describe('sign-in per tab and the connection state', () => {
  it('a wrong password is refused, and the page says why', async () => {
    const page = await ChatPage.open(rig);
    await page.page.getByTestId('sign-in-password').fill('not-the-password');
    await page.page.locator('[data-testid="directory-user"][data-address="dave@contoso.test"]').click();
    await expect.poll(() => page.page.getByTestId('sign-in-error').textContent(), { timeout: 10_000 }).toContain('That is not the password of dave@contoso.test. Try again.');
    await page.close();
  });

  it('a reload keeps the tab signed in as the same person; another window is someone else', async () => {
    const carol = await ChatPage.open(rig);
    await carol.signIn('carol@contoso.test');
    await carol.page.reload();
    await carol.connected();
    await carol.page.getByTestId('me-address').and(carol.page.getByText('carol@contoso.test', { exact: true })).waitFor();
    const other = await ChatPage.open(rig);
    await other.page.getByTestId('sign-in').waitFor();
    await other.close();
    await carol.page.getByTestId('sign-out').click();
    await carol.page.getByTestId('sign-in').waitFor();
    await carol.page.reload();
    await carol.page.getByTestId('sign-in').waitFor();
    await carol.close();
  });

  it('signing in as the same person elsewhere signs this tab out, and says so; it can sign in again', async () => {
    const first = await ChatPage.open(rig);
    await first.signIn('bob@contoso.test');
    const second = await ChatPage.open(rig);
    await second.signIn('bob@contoso.test');
    await state(first, 'signed-out').waitFor();
    expect(await first.page.getByTestId('connection-banner').innerText()).toContain('You signed in as this person somewhere else');
    await keepScreenshot(first.page, 'client-signed-out');
    await first.page.getByTestId('banner-reconnect').click();
    await first.connected();
    await state(second, 'signed-out').waitFor();
    await first.close();
    await second.close();
  });

  it('says it is reconnecting when the connection drops, and reconnects by itself', async () => {
    const erin = await ChatPage.open(rig);
    await erin.signIn('erin@contoso.test');
    await erin.page.context().setOffline(true);
    await state(erin, 'reconnecting').waitFor();
    expect(await erin.page.getByTestId('connection-banner').innerText()).toContain('Connection to Contoso lost. Reconnecting by itself');
    expect(await erin.page.getByTestId('presence-state').isDisabled()).toBe(true);
    await keepScreenshot(erin.page, 'client-reconnecting');
    await erin.page.context().setOffline(false);
    await erin.connected();
    expect(await erin.page.getByTestId('connection-banner').count()).toBe(0);
    await erin.close();
  });

  it('refuses an address that no server of the topology knows, and says why (at phone width)', async () => {
    const page = await ChatPage.open(rig, { width: 390, height: 844 });
    await page.page.locator('[data-testid="directory-user"][data-address="alice@contoso.test"]').waitFor();
    await keepScreenshot(page.page, 'client-phone-sign-in');
    await page.page.getByTestId('sign-in-address').fill('nobody@contoso.test');
    await page.page.getByTestId('sign-in-address').press('Enter');
    await page.page.getByTestId('sign-in-error').waitFor();
    expect(await page.page.getByTestId('sign-in-error').textContent()).toBe('There is no user nobody@contoso.test here.');
    await page.close();
  });
});
