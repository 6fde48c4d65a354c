import { describe, expect, it } from 'vitest';
import type { ThreadView } from './thread-list.ts';
import { useHarness } from '../test-support/component-harness.ts';

const threads: ThreadView[] = [
  { peer: 'yuki@yahoo.test', name: 'Yuki Yamada', presence: 'available', preview: '<b>hi</b>', state: 'open', unread: 3, lastActivity: Date.now() },
  { peer: 'sam@hotmail.test', name: 'Sam Sato', presence: undefined, preview: 'You: bye', state: 'ended', unread: 0, lastActivity: Date.now() - 1000 },
];

const h = useHarness();

describe('<fl-thread-list>', () => {
  it('lists conversations with their last message, state and unread count, and opens one', async () => {
    await h.mount('fl-thread-list', { threads }, ['open-chat']);
    const rows = h.page.getByTestId('thread');
    expect(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-peer'), e.getAttribute('data-state')]))).toEqual([
      ['yuki@yahoo.test', 'open'],
      ['sam@hotmail.test', 'ended'],
    ]);
    expect(await rows.first().locator('.preview').textContent()).toBe('<b>hi</b>');
    expect(await rows.first().getByTestId('thread-unread').textContent()).toBe('3 unread');
    expect(await rows.nth(1).innerText()).toContain('ended');
    await rows.nth(1).getByRole('button').click();
    expect(await h.events()).toEqual([{ type: 'open-chat', detail: { peer: 'sam@hotmail.test' } }]);
  });

  it('says how to start when there is none', async () => {
    await h.set({ threads: [] });
    expect(await h.page.getByTestId('threads-empty').textContent()).toContain('No conversations yet');
  });
});
