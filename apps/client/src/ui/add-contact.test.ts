import { beforeEach, describe, expect, it } from 'vitest';
import { answerFor, toPublic } from '@fedlab/protocol';
import { useHarness } from '../test-support/component-harness.ts';

const h = useHarness();
beforeEach(() => h.mount('fl-add-contact', {}, ['add-contact', 'dismiss-result']));

describe('<fl-add-contact>', () => {
  it('asks to add what was typed, with Enter, and clears the field', async () => {
    const input = h.page.getByTestId('add-contact-address');
    await input.fill('yuki@yahoo.test');
    await input.press('Enter');
    expect(await h.events()).toEqual([{ type: 'add-contact', detail: { address: 'yuki@yahoo.test' } }]);
    expect(await input.inputValue()).toBe('');
    expect(await h.page.getByLabel('Address of the person to add').count()).toBe(1);
  });

  it('shows the answer: accepted, pending, or rejected with the public reason and code', async () => {
    const cases = [
      [answerFor('a', 'accepted-by-provider', 'provider'), 'Accepted', '200 accepted-by-provider'],
      [toPublic(answerFor('b', 'pending-prompt', 'home')), 'Pending', '202 pending'],
      [toPublic(answerFor('c', 'unverified-not-on-allow-list', 'home')), 'Rejected', '403 forbidden'],
      [toPublic(answerFor('d', 'sender-on-block-list', 'home')), 'Unavailable', '480 temporarily-unavailable'],
    ] as const;
    for (const [answer, title, code] of cases) {
      await h.set({ result: { address: 'yuki@yahoo.test', busy: false, answer } });
      const shown = h.page.getByTestId('add-contact-result').getByTestId('answer');
      expect({ title: await shown.locator('.title').textContent(), code: await shown.getByTestId('answer-code').textContent() }).toEqual({ title, code });
      expect(await shown.getByTestId('answer-sentence').textContent()).toBe(answer.diagnostic.sentence);
    }
  });

  it('waits while asking, shows an error, and can be dismissed', async () => {
    await h.set({ result: { address: 'yuki@yahoo.test', busy: true } });
    expect(await h.page.getByTestId('add-contact-submit').isDisabled()).toBe(true);
    expect(await h.page.getByTestId('add-contact-result').innerText()).toContain('Asking…');
    await h.set({ result: { address: 'me@contoso.test', busy: false, error: 'That is your own address.' } });
    expect(await h.page.getByTestId('add-contact-error').textContent()).toBe('That is your own address.');
    await h.page.getByTestId('add-contact-dismiss').click();
    expect((await h.events()).map((e) => e.type)).toEqual(['dismiss-result']);
  });
});
