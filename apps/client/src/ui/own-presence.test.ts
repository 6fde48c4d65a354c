import { beforeEach, describe, expect, it } from 'vitest';
import { useHarness } from '../test-support/component-harness.ts';

const props = { name: 'Yuki Yamada', address: 'yuki@yahoo.test', side: 'Yahoo!', verified: true, presence: { state: 'available', note: 'hi' } };

const h = useHarness();
beforeEach(() => h.mount('fl-own-presence', props, ['presence-change']));

describe('<fl-own-presence>', () => {
  it('shows who I am, my side and verification, and my presence', async () => {
    expect(await h.page.getByTestId('me-name').textContent()).toBe('Yuki Yamada');
    expect(await h.page.getByTestId('me-side').textContent()).toBe('Yahoo!');
    expect(await h.page.locator('fl-own-presence .tags').innerText()).toContain('verified');
    expect(await h.page.getByLabel('Status').inputValue()).toBe('available');
    expect(await h.page.getByLabel('Note').inputValue()).toBe('hi');
  });

  it('changes the state, keeping the note', async () => {
    await h.page.getByLabel('Status').selectOption('be-right-back');
    expect(await h.events()).toEqual([{ type: 'presence-change', detail: { state: 'be-right-back', note: 'hi' } }]);
  });

  it('shares the note on Enter, and forgets an edit on Escape', async () => {
    const note = h.page.getByLabel('Note');
    await note.fill('back at 3');
    await note.press('Enter');
    expect(await h.events()).toEqual([{ type: 'presence-change', detail: { state: 'available', note: 'back at 3' } }]);
    await h.clearEvents();
    await h.set({ presence: { state: 'available', note: 'back at 3' } });
    await note.fill('oops');
    await note.press('Escape');
    expect(await note.inputValue()).toBe('back at 3');
    await note.blur();
    expect(await h.events()).toEqual([]);
  });

  it('offers every state, offline as "Appear offline"', async () => {
    const options = await h.page.locator('[data-testid="presence-state"] option').allTextContents();
    expect(options).toEqual(['Available', 'Busy', 'Do not disturb', 'Be right back', 'Away', 'Appear offline']);
  });

  it('follows my presence when it changes elsewhere, unless I am editing the note', async () => {
    await h.set({ presence: { state: 'busy', note: 'from elsewhere' } });
    expect(await h.page.getByLabel('Status').inputValue()).toBe('busy');
    expect(await h.page.getByLabel('Note').inputValue()).toBe('from elsewhere');
  });
});
