import { describe, expect, it } from 'vitest';
import type { Answer, FedRequest, Reason } from '@fedlab/protocol';
import { answerFor } from '@fedlab/protocol';
import { Sessions } from './dialogs.ts';
import { Watchers } from './watchers.ts';
import { settleOwnRequest } from './own-requests.ts';
import { fedRequest } from './test-support.ts';

const ALICE = 'alice@contoso.test';
const YUKI = 'yuki@yahoo.test';

/** Alice's server: she follows nobody yet, Yuki watches her, and they share session ses-0001. */
function tables() {
  const t = { following: new Watchers(), watchers: new Watchers(), sessions: new Sessions() };
  t.watchers.add(ALICE, YUKI);
  t.sessions.open('ses-0001', ALICE, YUKI);
  return t;
}

const fromAlice = (fields: Pick<FedRequest, 'kind' | 'body'>) => fedRequest({ from: ALICE, to: YUKI, ...fields } as Partial<FedRequest>);
const answer = (reason: Reason): Answer => answerFor('req-0001', reason, 'provider');

describe('settleOwnRequest', () => {
  it('notes a subscription asked for when it is accepted or pending, not when refused; unsubscribe drops it', () => {
    for (const [reason, noted] of [['accepted-by-provider', true], ['pending-prompt', true], ['provider-blocked', false]] as const) {
      const t = tables();
      settleOwnRequest(fromAlice({ kind: 'subscribe', body: {} }), answer(reason), t);
      expect(t.following.has(YUKI, ALICE)).toBe(noted);
    }
    const t = tables();
    t.following.add(YUKI, ALICE);
    settleOwnRequest(fromAlice({ kind: 'unsubscribe', body: {} }), answer('recipient-offline'), t);
    expect(t.following.has(YUKI, ALICE)).toBe(false);
  });

  it('opens a session on an accepted invite only, and closes it on a bye whatever the answer', () => {
    const t = tables();
    settleOwnRequest(fromAlice({ kind: 'invite', body: { sessionId: 'ses-0002' } }), answer('delivered'), t);
    settleOwnRequest(fromAlice({ kind: 'invite', body: { sessionId: 'ses-0003' } }), answer('recipient-offline'), t);
    expect([t.sessions.joins('ses-0002', YUKI, ALICE), t.sessions.joins('ses-0003', ALICE, YUKI)]).toEqual([true, false]);
    settleOwnRequest(fromAlice({ kind: 'bye', body: { sessionId: 'ses-0002' } }), answer('next-hop-timeout'), t);
    expect(t.sessions.joins('ses-0002', ALICE, YUKI)).toBe(false);
  });

  it('an answer that ends the session closes it and is marked endsDialog; a passing failure changes nothing', () => {
    const t = tables();
    const message = fromAlice({ kind: 'message', body: { sessionId: 'ses-0001', text: 'hi' } });
    const passing = answer('next-hop-timeout');
    expect(settleOwnRequest(message, passing, t)).toBe(passing);
    expect(t.sessions.joins('ses-0001', ALICE, YUKI)).toBe(true);
    const ending = answer('recipient-offline');
    expect(settleOwnRequest(message, ending, t)).toEqual({ ...ending, endsDialog: true });
    expect(ending.endsDialog).toBeUndefined();
    expect(t.sessions.joins('ses-0001', ALICE, YUKI)).toBe(false);
  });

  it('a notify answered with a code that ends the subscription drops the watcher; an offline watcher stays', () => {
    const t = tables();
    const notify = fromAlice({ kind: 'notify', body: { presence: { state: 'busy', note: '' }, subscription: 'active' } });
    expect(settleOwnRequest(notify, answer('recipient-offline'), t).endsDialog).toBeUndefined();
    expect(t.watchers.has(ALICE, YUKI)).toBe(true);
    expect(settleOwnRequest(notify, answer('provider-blocked'), t)).toMatchObject({ code: 403, endsDialog: true });
    expect(t.watchers.has(ALICE, YUKI)).toBe(false);
    expect(t.sessions.joins('ses-0001', ALICE, YUKI)).toBe(true);
  });
});
