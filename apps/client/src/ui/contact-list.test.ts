import { beforeEach, describe, expect, it } from 'vitest';
import { answerFor, toPublic } from '@fedlab/protocol';
import type { ContactRow } from '../logic/contacts.ts';
import { asMap, useHarness } from '../test-support/component-harness.ts';

const rows: ContactRow[] = [
  { address: 'yuki@yahoo.test', name: 'Yuki Yamada', side: 'Yahoo!', presence: { state: 'busy', note: '<b>in a meeting</b>' }, subscription: 'active', blocked: false },
  {
    address: 'sam@hotmail.test', name: 'Samantha Sato-Whitfield', side: 'MSN', presence: { state: 'offline', note: '' }, subscription: 'rejected', blocked: false,
    answer: toPublic(answerFor('r1', 'provider-blocked', 'edge')),
  },
  {
    address: 'al@aol.test', name: 'Carol Chen', side: 'AOL', presence: { state: 'offline', note: '' }, subscription: 'pending', blocked: false,
    answer: toPublic(answerFor('r2', 'pending-prompt', 'home')),
  },
  { address: 'x@nowhere.test', name: 'x', side: undefined, presence: { state: 'offline', note: '' }, subscription: 'none', blocked: true },
];
const EVENTS = ['open-chat', 'remove-contact', 'subscribe-contact'];

const h = useHarness();
beforeEach(() => h.mount('fl-contact-list', { rows, unread: asMap([['yuki@yahoo.test', 2]]) }, EVENTS));

const contact = (address: string) => h.page.locator(`[data-testid="contact"][data-address="${address}"]`);

describe('<fl-contact-list>', () => {
  it('shows each contact with live presence, note and provider', async () => {
    const yuki = contact('yuki@yahoo.test');
    expect(await yuki.getAttribute('data-presence')).toBe('busy');
    expect(await yuki.getByTestId('contact-presence').textContent()).toBe('Busy');
    expect(await yuki.getByTestId('contact-note').textContent()).toBe('<b>in a meeting</b>');
    expect(await yuki.getByTestId('contact-provider').textContent()).toBe('Yahoo!');
    expect(await yuki.getByTestId('contact-unread').textContent()).toBe('2 unread');
    expect(await h.page.locator('fl-contact-list b').count()).toBe(0);
  });

  it('shows a rejected subscription as a short badge whose reason and sentence unfold on demand, and offers to ask again', async () => {
    const sam = contact('sam@hotmail.test');
    expect(await sam.getByTestId('contact-presence').textContent()).toBe('Presence request rejected');
    const badge = sam.getByTestId('contact-answer');
    expect(await badge.textContent()).toBe('403');
    expect(await badge.getAttribute('aria-expanded')).toBe('false');
    expect(await sam.getByTestId('answer').count()).toBe(0);
    await badge.click();
    const answer = sam.getByTestId('answer');
    expect(await answer.getAttribute('data-code')).toBe('403');
    expect(await answer.getByTestId('answer-code').textContent()).toBe('403 forbidden');
    expect(await answer.getByTestId('answer-sentence').textContent()).toBe('The recipient does not accept this request.');
    await badge.click();
    await answer.waitFor({ state: 'detached' });
    await sam.getByTestId('contact-subscribe').click();
    expect(await h.events()).toEqual([{ type: 'subscribe-contact', detail: { address: 'sam@hotmail.test' } }]);
  });

  it('shows a pending subscription as waiting for approval', async () => {
    const al = contact('al@aol.test');
    expect(await al.getByTestId('contact-presence').textContent()).toBe('Waiting for approval');
    expect(await al.getByTestId('contact-answer').textContent()).toBe('202');
    expect(await al.getByTestId('contact-answer').getAttribute('title')).toBe('202 pending: The recipient is being asked.');
    expect(await al.getByTestId('contact-subscribe').count()).toBe(0);
  });

  for (const width of [1280, 390]) {
    it(`keeps every name readable, with an answer on the row, at ${width} px`, async () => {
      await h.page.setViewportSize({ width, height: 800 });
      try {
        // The list at the width the sidebar gives it: 23rem at most on a desktop, the whole screen on a phone.
        await h.page.evaluate((w) => (document.querySelector('fl-contact-list')!.style.width = `${Math.min(w, 368)}px`), width);
        for (const row of rows) {
          // The whole name, or at least 12 characters' worth of it (a long name may end in "…", never "Sa…").
          const name = contact(row.address).getByTestId('contact-name');
          const fit = await name.evaluate((e) => ({ whole: e.scrollWidth <= e.clientWidth, shown: e.clientWidth }));
          expect(fit.whole || fit.shown >= 100, `${row.name}: ${fit.shown} px`).toBe(true);
          expect((await contact(row.address).boundingBox())!.height).toBeLessThan(80);
        }
      } finally {
        await h.page.setViewportSize({ width: 1024, height: 768 });
      }
    });
  }

  it('marks a blocked contact and one whose domain no server serves', async () => {
    const x = contact('x@nowhere.test');
    expect(await x.getByTestId('contact-blocked').textContent()).toBe('blocked');
    expect(await x.getByTestId('contact-provider').textContent()).toBe('unknown domain');
  });

  it('opens a chat and removes a contact, with the keyboard too', async () => {
    await contact('yuki@yahoo.test').getByTestId('contact-open').click();
    await contact('al@aol.test').getByTestId('contact-remove').focus();
    await h.page.keyboard.press('Enter');
    expect(await h.events()).toEqual([
      { type: 'open-chat', detail: { peer: 'yuki@yahoo.test' } },
      { type: 'remove-contact', detail: { address: 'al@aol.test' } },
    ]);
    expect(await contact('al@aol.test').getByTestId('contact-remove').getAttribute('aria-label')).toBe('Remove Carol Chen from contacts');
  });

  it('says how to start when there is nobody', async () => {
    await h.set({ rows: [] });
    expect(await h.page.getByTestId('contacts-empty').textContent()).toContain('No contacts yet');
  });
});
