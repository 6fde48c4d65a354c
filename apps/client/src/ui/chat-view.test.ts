import { beforeEach, describe, expect, it } from 'vitest';
import { answerFor, toPublic } from '@fedlab/protocol';
import type { TimelineItem } from '../logic/threads.ts';
import { useHarness } from '../test-support/component-harness.ts';

const HTML = '<img src=x onerror=alert(1)><b>bold</b>';
const forbidden = toPublic(answerFor('r1', 'provider-blocked', 'edge'));
const items: TimelineItem[] = [
  { kind: 'notice', key: 's1:start', tone: 'info', text: 'You started a conversation.' },
  { kind: 'message', key: 'm1', own: true, text: 'hello', at: 1, state: 'delivered' },
  { kind: 'message', key: 'm2', own: false, text: HTML, at: 2 },
  { kind: 'message', key: 'm3', own: true, text: 'still there?', at: 3, state: 'failed', answer: forbidden },
  { kind: 'notice', key: 's1:end', tone: 'error', text: 'The conversation ended: forbidden' },
  { kind: 'message', key: 'd1', own: true, text: 'queued', at: 4, state: 'sending' },
];
const props = { peer: 'yuki@yahoo.test', name: 'Yuki Yamada', side: 'Yahoo!', presence: { state: 'busy', note: 'in a meeting' }, items, open: true, connected: true };
const EVENTS = ['send-message', 'typing', 'end-session', 'back'];

const h = useHarness();
beforeEach(() => h.mount('fl-chat-view', props, EVENTS));

describe('<fl-chat-view>', () => {
  it('shows the person, her presence and note', async () => {
    expect(await h.page.getByTestId('chat-name').textContent()).toBe('Yuki Yamada');
    expect(await h.page.getByTestId('chat-note').textContent()).toBe('in a meeting');
    expect(await h.page.locator('header').textContent()).toContain('yuki@yahoo.test · Busy');
  });

  it('shows each message with its state, and a failed one with the answer the sender may see', async () => {
    const messages = h.page.getByTestId('message');
    expect(await messages.evaluateAll((els) => els.map((e) => [e.getAttribute('data-direction'), e.getAttribute('data-state')]))).toEqual([
      ['out', 'delivered'],
      ['in', 'received'],
      ['out', 'failed'],
      ['out', 'sending'],
    ]);
    expect(await h.page.getByTestId('message-state').allTextContents()).toEqual(['Delivered', 'Not delivered', 'Sending…']);
    const failure = h.page.getByTestId('message-failure').getByTestId('answer');
    expect(await failure.getAttribute('data-code')).toBe('403');
    expect(await failure.getByTestId('answer-code').textContent()).toBe('403 forbidden');
    expect(await failure.getByTestId('answer-sentence').textContent()).toBe('The recipient does not accept this request.');
    expect(await h.page.getByTestId('session-notice').allInnerTexts()).toEqual(['You started a conversation.', 'The conversation ended: forbidden']);
  });

  it('shows untrusted text as text, never as HTML', async () => {
    expect(await h.page.getByTestId('message-text').nth(1).textContent()).toBe(HTML);
    expect(await h.page.locator('fl-chat-view img, fl-chat-view b').count()).toBe(0);
  });

  it('sends with Enter, makes a new line with Shift+Enter, and says when the person types', async () => {
    const composer = h.page.getByTestId('composer');
    await composer.pressSequentially('first');
    await composer.press('Shift+Enter');
    await composer.pressSequentially('second');
    await composer.press('Enter');
    const events = await h.events();
    expect(events.filter((e) => e.type === 'send-message')).toEqual([{ type: 'send-message', detail: { text: 'first\nsecond' } }]);
    expect(events.some((e) => e.type === 'typing')).toBe(true);
    expect(await composer.inputValue()).toBe('');
    expect(await composer.evaluate((e) => e === (e.getRootNode() as ShadowRoot).activeElement)).toBe(true);
  });

  it('does not send blank text', async () => {
    await h.page.getByTestId('composer').fill('   ');
    await h.page.getByTestId('composer').press('Enter');
    expect(await h.page.getByTestId('send').isDisabled()).toBe(true);
    expect((await h.events()).filter((e) => e.type === 'send-message')).toEqual([]);
  });

  it('ends an open session; without one there is nothing to end', async () => {
    await h.page.getByTestId('end-session').click();
    expect((await h.events()).map((e) => e.type)).toContain('end-session');
    await h.set({ open: false });
    expect(await h.page.getByTestId('end-session').count()).toBe(0);
  });

  it('shows the typing indicator only while the person types', async () => {
    expect(await h.page.getByTestId('typing-indicator').isHidden()).toBe(true);
    await h.set({ typing: true });
    expect(await h.page.getByTestId('typing-indicator').textContent()).toBe('Yuki Yamada is typing…');
  });

  it('disables the composer while disconnected, and says why', async () => {
    await h.set({ connected: false });
    expect(await h.page.getByTestId('composer').isDisabled()).toBe(true);
    expect(await h.page.locator('fl-composer .hint').textContent()).toContain('Not connected');
  });

  it('invites with the first message when there is no conversation yet', async () => {
    await h.set({ items: [], open: false, presence: undefined });
    expect(await h.page.getByTestId('chat-empty').textContent()).toContain('Your first message invites Yuki Yamada');
    expect(await h.page.locator('header').textContent()).toContain('not sharing presence with you');
  });

  it('has a labelled composer and a back button at phone width', async () => {
    expect(await h.page.getByLabel('Message to Yuki Yamada').count()).toBe(1);
    expect(await h.page.getByTestId('chat-back').isVisible()).toBe(false);
    await h.page.setViewportSize({ width: 390, height: 800 });
    await h.page.getByTestId('chat-back').click();
    expect((await h.events()).map((e) => e.type)).toContain('back');
    await h.page.setViewportSize({ width: 1024, height: 768 });
  });
});
