import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { newPage } from '../support/browser.ts';
import type { ClientRig } from './support.ts';

/** How long a condition on the page may take before the test fails (it only bounds a failure). */
export const WAIT = { timeout: 10_000 };

/**
 * One person's browser window on the chat client: sign-in, contacts, prompts, conversations. Every step waits for
 * a condition on the page (Playwright's auto-waiting locators, vitest's expect.poll), never for time.
 */
export class ChatPage {
  /** Dialogs the page opened (an injected alert would land here). */
  readonly dialogs: string[] = [];
  /** Uncaught errors in the page. */
  readonly errors: string[] = [];

  constructor(readonly page: Page, private readonly passwordOf: (address: string) => string | undefined = () => undefined) {
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => this.errors.push(error.message));
  }

  /** A new window on the rig's chat client; it signs in with the deployment's passwords. */
  static async open(rig: Pick<ClientRig, 'browser' | 'url' | 'passwordOf'>, viewport?: { width: number; height: number }): Promise<ChatPage> {
    const chat = new ChatPage(await newPage(rig.browser, viewport), rig.passwordOf);
    await chat.page.goto(rig.url);
    return chat;
  }

  /**
   * Types the person's password (when the deployment gives her one), picks her from the directory of the sign-in
   * screen (one click signs in; without a password it fills in her address, then Sign in) and waits until the
   * server welcomed her.
   */
  async signIn(address: string, password = this.passwordOf(address)): Promise<void> {
    if (password) await this.page.getByTestId('sign-in-password').fill(password);
    await this.page.locator(`[data-testid="directory-user"][data-address="${address}"]`).click();
    if (!password) await this.page.getByTestId('sign-in-submit').click();
    await this.connected();
    await this.page.getByTestId('me-address').and(this.page.getByText(address, { exact: true })).waitFor();
  }

  async connected(): Promise<void> {
    await this.page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
  }

  contact(address: string): Locator {
    return this.page.locator(`[data-testid="contact"][data-address="${address}"]`);
  }

  /** Adds a contact with the form and returns the answer as shown: its code and sentence. */
  async addContact(address: string): Promise<{ code: string | null; text: string }> {
    await this.page.getByTestId('tab-contacts').click();
    await this.page.getByTestId('add-contact-address').fill(address);
    await this.page.getByTestId('add-contact-submit').click();
    const answer = this.page.locator(`[data-testid="add-contact-result"][data-address="${address}"] [data-testid="answer"]`);
    await answer.waitFor();
    return { code: await answer.getAttribute('data-code'), text: (await answer.textContent()) ?? '' };
  }

  prompt(from: string): Locator {
    return this.page.locator(`[data-testid="prompt"][data-from="${from}"]`);
  }

  /** Waits until the contact shows in that presence state (and with that note, if given). */
  async seesPresence(address: string, state: string, note?: string): Promise<void> {
    await this.contact(address).and(this.page.locator(`[data-presence="${state}"]`)).waitFor();
    if (note !== undefined) await expect.poll(() => this.contact(address).getByTestId('contact-note').textContent(), WAIT).toBe(note);
  }

  async setPresence(state: string, note?: string): Promise<void> {
    await this.page.getByTestId('presence-state').selectOption(state);
    if (note !== undefined) {
      await this.page.getByTestId('presence-note').fill(note);
      await this.page.getByTestId('presence-note').press('Enter');
    }
  }

  async openChat(peer: string): Promise<Locator> {
    await this.page.getByTestId('tab-contacts').click();
    await this.contact(peer).getByTestId('contact-open').click();
    const chat = this.chat(peer);
    await chat.waitFor();
    return chat;
  }

  chat(peer: string): Locator {
    return this.page.locator(`[data-testid="chat"][data-peer="${peer}"]`);
  }

  /** Types into the open conversation and presses Enter. */
  async send(text: string): Promise<void> {
    const composer = this.page.getByTestId('composer');
    await composer.fill(text);
    await composer.press('Enter');
  }

  /** The message I sent with that text (the last one, if I sent it twice). */
  outgoing(text: string): Locator {
    return this.page.locator('[data-testid="message"][data-direction="out"]').filter({ has: this.page.getByText(text, { exact: true }) }).last();
  }

  incoming(text: string): Locator {
    return this.page.locator('[data-testid="message"][data-direction="in"]').filter({ has: this.page.getByText(text, { exact: true }) }).last();
  }

  async messageState(message: Locator): Promise<string | null> {
    return message.getAttribute('data-state');
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}
