import { beforeEach, describe, expect, it } from 'vitest';
import type { PromptView } from './prompt-list.ts';
import { asSet, useHarness } from '../test-support/component-harness.ts';

const prompts: PromptView[] = [
  { id: 'p1', from: 'yuki@yahoo.test', name: 'Yuki Yamada', provider: 'Yahoo!', verification: 'verified', at: Date.now() },
  { id: 'p2', from: 'felix@fabrikam.test', name: '<i>Felix</i>', provider: 'Fabrikam (partner)', verification: 'unverified', at: Date.now() },
  { id: 'p3', from: 'bob@contoso.test', name: 'Bob Brandt', verification: 'verified', at: Date.now() },
];

const h = useHarness();
beforeEach(() => h.mount('fl-prompt-list', { prompts }, ['answer-prompt']));

const prompt = (from: string) => h.page.locator(`[data-testid="prompt"][data-from="${from}"]`);

describe('<fl-prompt-list>', () => {
  it('shows who asks, from which provider, verified or not', async () => {
    const yuki = prompt('yuki@yahoo.test');
    expect(await yuki.innerText()).toContain('Yuki Yamada wants to see your presence.');
    expect(await yuki.getByTestId('prompt-provider').textContent()).toBe('Yahoo!');
    expect(await yuki.getByTestId('prompt-verification').textContent()).toBe('verified');
    expect(await prompt('felix@fabrikam.test').getByTestId('prompt-verification').textContent()).toBe('unverified');
    expect(await prompt('felix@fabrikam.test').getByTestId('prompt-name').textContent()).toBe('<i>Felix</i>');
    expect(await prompt('bob@contoso.test').getByTestId('prompt-provider').textContent()).toBe('Colleague');
  });

  it('answers Allow or Block', async () => {
    await prompt('yuki@yahoo.test').getByTestId('prompt-allow').click();
    await prompt('felix@fabrikam.test').getByRole('button', { name: 'Block <i>Felix</i>' }).click();
    expect(await h.events()).toEqual([
      { type: 'answer-prompt', detail: { id: 'p1', decision: 'allow' } },
      { type: 'answer-prompt', detail: { id: 'p2', decision: 'block' } },
    ]);
  });

  it('waits while an answer is on its way', async () => {
    await h.set({ answering: asSet(['p1']) });
    expect(await prompt('yuki@yahoo.test').getByTestId('prompt-allow').isDisabled()).toBe(true);
    expect(await prompt('yuki@yahoo.test').getByTestId('prompt-block').isDisabled()).toBe(true);
    expect(await prompt('bob@contoso.test').getByTestId('prompt-allow').isDisabled()).toBe(false);
  });
});
