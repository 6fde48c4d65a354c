import { describe, expect, it } from 'vitest';
import { answerFor, toPublic } from '@fedlab/protocol';
import type { Session } from '@fedlab/sdk';
import { threadsOf, timelineOf, type TimelineContext } from './threads.ts';

const ME = 'yuki@yahoo.test';
const session = (id: string, peer: string, state: Session['state'], extra: Partial<Session> = {}): Session => ({ id, peer, state, outgoing: true, messages: [], peerTyping: false, ...extra });
const context = (extra: Partial<TimelineContext> = {}): TimelineContext => ({ me: ME, peerName: 'Alice', inviteAnswers: new Map(), unsent: new Map(), queued: [], ...extra });

describe('threads: one conversation per person', () => {
  it('groups sessions by peer, newest activity first, with the open session to write in', () => {
    const sessions = [
      session('s1', 'alice@contoso.test', 'ended', { endedBecause: 'ended-by-us' }),
      session('s2', 'sam@hotmail.test', 'open', { messages: [{ id: 'm', sessionId: 's2', from: 'sam@hotmail.test', text: 'yo', at: 50 }] }),
      session('s3', 'alice@contoso.test', 'open'),
      session('s4', 'al@aol.test', 'inviting'),
    ];
    const started: Record<string, number> = { s1: 10, s2: 20, s3: 30, s4: 40 };
    const threads = threadsOf(sessions, (id) => started[id]!);
    expect(threads.map((t) => [t.peer, t.sessions.map((s) => s.id), t.active?.id, t.inviting, t.lastActivity])).toEqual([
      ['sam@hotmail.test', ['s2'], 's2', false, 50],
      ['al@aol.test', ['s4'], undefined, true, 40],
      ['alice@contoso.test', ['s1', 's3'], 's3', false, 30],
    ]);
  });
});

describe('a conversation as it shows', () => {
  it("shows each session's start, messages with their state, and its end", () => {
    const failure = toPublic(answerFor('m2', 'provider-blocked', 'edge'));
    const thread = threadsOf(
      [
        session('s1', 'alice@contoso.test', 'ended', {
          endedBecause: 'forbidden',
          messages: [
            { id: 'm1', sessionId: 's1', from: ME, text: 'hi', at: 1, state: 'delivered' },
            { id: 'm0', sessionId: 's1', from: 'alice@contoso.test', text: 'hello', at: 2 },
            { id: 'm2', sessionId: 's1', from: ME, text: 'there?', at: 3, state: 'failed', answer: failure },
          ],
        }),
      ],
      () => 0,
    )[0];
    expect(timelineOf(thread, context())).toEqual([
      { kind: 'notice', key: 's1:start', tone: 'info', text: 'You started a conversation.' },
      { kind: 'message', key: 'm1', own: true, text: 'hi', at: 1, state: 'delivered' },
      { kind: 'message', key: 'm0', own: false, text: 'hello', at: 2 },
      { kind: 'message', key: 'm2', own: true, text: 'there?', at: 3, state: 'failed', answer: failure },
      // The answer that ended it shows once, on the message it stopped.
      { kind: 'notice', key: 's1:end', tone: 'info', text: 'The conversation ended.' },
    ]);
  });

  it('says why a session ended when no message of ours shows it, and that a reload closed one', () => {
    const thread = threadsOf(
      [session('s1', 'alice@contoso.test', 'ended', { endedBecause: 'provider-blocked' }), session('s2', 'alice@contoso.test', 'ended', { endedBecause: 'page-reloaded' })],
      (id) => (id === 's1' ? 1 : 2),
    )[0];
    const ends = timelineOf(thread, context()).filter((item) => item.key.endsWith(':end'));
    expect(ends).toEqual([
      { kind: 'notice', key: 's1:end', tone: 'error', text: expect.stringMatching(/^The conversation ended: provider-blocked — The provider is temporarily blocked/) },
      { kind: 'notice', key: 's2:end', tone: 'info', text: 'The page was reloaded: your next message starts a new conversation.' },
    ]);
  });

  it('shows text typed for a refused invitation as failed, with the invitation’s answer, once', () => {
    const refused = toPublic(answerFor('i1', 'recipient-offline', 'home'));
    const thread = threadsOf([session('s1', 'alice@contoso.test', 'ended', { endedBecause: 'temporarily-unavailable' })], () => 0)[0];
    const items = timelineOf(thread, context({ inviteAnswers: new Map([['s1', refused]]), unsent: new Map([['s1', [{ id: 'd1', text: 'hello?', at: 5 }]]]) }));
    expect(items).toEqual([
      { kind: 'message', key: 'd1', own: true, text: 'hello?', at: 5, state: 'failed', answer: refused },
      { kind: 'notice', key: 's1:failed', tone: 'error', text: 'Alice could not be invited: unavailable.' },
    ]);
    // With no text waiting, the notice carries the answer.
    expect(timelineOf(thread, context({ inviteAnswers: new Map([['s1', refused]]) }))).toEqual([
      { kind: 'notice', key: 's1:failed', tone: 'error', text: 'Alice could not be invited: unavailable.', answer: refused },
    ]);
  });

  it('shows an invitation the sdk sent by itself (text written into an ended conversation) like one of ours, its answer once', () => {
    const refused = toPublic(answerFor('i2', 'recipient-offline', 'home'));
    const thread = threadsOf([session('s2', 'alice@contoso.test', 'ended', {
      endedBecause: 'temporarily-unavailable',
      messages: [{ id: 'm9', sessionId: 's2', from: ME, text: 'still there?', at: 7, state: 'failed', answer: refused }],
    })], () => 0)[0];
    expect(timelineOf(thread, context())).toEqual([
      { kind: 'message', key: 'm9', own: true, text: 'still there?', at: 7, state: 'failed', answer: refused },
      { kind: 'notice', key: 's2:failed', tone: 'error', text: 'Alice could not be invited: unavailable.' },
    ]);
  });

  it('shows an invitation on its way and the text waiting for it', () => {
    const thread = threadsOf([session('s1', 'alice@contoso.test', 'inviting')], () => 0)[0];
    expect(timelineOf(thread, context({ queued: [{ id: 'd1', text: 'hi', at: 9 }] }))).toEqual([
      { kind: 'notice', key: 's1:inviting', tone: 'info', text: 'Inviting Alice…' },
      { kind: 'message', key: 'd1', own: true, text: 'hi', at: 9, state: 'sending' },
    ]);
  });

  it('names who started an incoming conversation, and is empty without one', () => {
    const thread = threadsOf([session('s1', 'alice@contoso.test', 'open', { outgoing: false })], () => 0)[0];
    expect(timelineOf(thread, context())[0]).toMatchObject({ text: 'Alice started a conversation.' });
    expect(timelineOf(undefined, context())).toEqual([]);
  });
});
