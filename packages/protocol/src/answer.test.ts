import { describe, expect, it } from 'vitest';
import {
  HOPS,
  PUBLIC_REASONS,
  REASONS,
  answerFor,
  publicReasonOf,
  toPublic,
  toSenderForm,
  type Answer,
  type Hop,
  type HopDecision,
  type PublicReason,
  type Reason,
} from './index.ts';

const ALL_REASONS = Object.keys(REASONS) as Reason[];
const INSIDE_HOPS: Hop[] = ['client', 'home', 'edge'];
const MASKED: Reason[] = ['sender-on-block-list', 'blocked-by-prompt', 'blocked-by-provider-user'];

function trail(reason: Reason, hop: Hop): HopDecision[] {
  return [
    { hop: 'edge', node: 'edge', rule: 'inbound.3-provider-allowed', inputs: { provider: 'msn' }, code: 200, reason: 'forwarded', explanation: 'MSN is listed and allowed.', at: 1 },
    { hop, node: hop === 'client' ? 'client:alice@contoso.test' : hop, rule: 'inbound.7-block-list', inputs: { onBlockList: true, secret: 'the Block list' }, code: REASONS[reason].code, reason, explanation: REASONS[reason].sentence, at: 2 },
  ];
}

/** An answer as the deciding hop writes it, trail and all. */
function decided(requestId: string, reason: Reason, hop: Hop, extra: Pick<Answer, 'endsDialog' | 'presence'> = {}): Answer {
  return answerFor(requestId, reason, hop, { ...extra, trail: trail(reason, hop) });
}

function withoutId(answer: Answer): Omit<Answer, 'requestId'> {
  const { requestId: _id, ...rest } = answer;
  return rest;
}

describe('answerFor', () => {
  it('fills in the code, the diagnostic of the table and the deciding hop, in the internal form', () => {
    for (const reason of ALL_REASONS)
      for (const hop of HOPS) {
        const answer = answerFor('req-1', reason, hop);
        expect(answer).toEqual({
          requestId: 'req-1',
          code: REASONS[reason].code,
          diagnostic: { id: REASONS[reason].id, reason, sentence: REASONS[reason].sentence, hop },
          public: false,
        });
        expect('trail' in answer).toBe(false);
      }
  });

  it('carries the extras it is given', () => {
    const t = trail('accepted-on-allow-list', 'home');
    const answer = answerFor('req-1', 'accepted-on-allow-list', 'home', { endsDialog: true, presence: { state: 'away', note: '' }, trail: t });
    expect(answer).toMatchObject({ endsDialog: true, presence: { state: 'away', note: '' }, trail: t });
  });
});

describe('toPublic: what crosses the boundary', () => {
  it('drops the trail, and gives the public code, reason, id and sentence', () => {
    for (const reason of ALL_REASONS)
      for (const hop of HOPS) {
        const pub = toPublic(decided('req-1', reason, hop));
        const publicReason: PublicReason = MASKED.includes(reason) ? 'temporarily-unavailable' : REASONS[reason].public;
        expect(pub).toEqual({
          requestId: 'req-1',
          code: PUBLIC_REASONS[publicReason].code,
          diagnostic: { id: PUBLIC_REASONS[publicReason].id, reason: publicReason, sentence: PUBLIC_REASONS[publicReason].sentence, hop: hop === 'provider' ? 'provider' : 'edge' },
          public: true,
        });
        expect(JSON.stringify(pub)).not.toContain('Block list');
      }
  });

  it('shows every decision made inside the organization as decided by the edge', () => {
    for (const hop of INSIDE_HOPS) expect(toPublic(decided('req-1', 'unverified-not-on-allow-list', hop)).diagnostic.hop).toBe('edge');
    expect(toPublic(decided('req-1', 'blocked-by-provider-user', 'provider')).diagnostic.hop).toBe('provider');
  });

  it('answers a sender on the Block list exactly as if the recipient were offline (apart from the request id), kind by kind', () => {
    const offline = toPublic(decided('req-offline', 'recipient-offline', 'home'), 'invite');
    expect(offline.code).toBe(480);
    for (const reason of MASKED)
      for (const hop of INSIDE_HOPS) {
        const blocked = toPublic(decided('req-blocked', reason, hop), 'invite');
        expect(blocked.requestId).toBe('req-blocked');
        expect(withoutId(blocked)).toEqual(withoutId(offline));
      }
    // A message or typing notice stopped by the Block list ends the session as an offline recipient does.
    for (const kind of ['message', 'typing'] as const) {
      const offlineEnding = toPublic(decided('a', 'recipient-offline', 'home', { endsDialog: true }), kind);
      expect(withoutId(toPublic(decided('b', 'sender-on-block-list', 'home', { endsDialog: true }), kind))).toEqual(withoutId(offlineEnding));
      expect(offlineEnding.endsDialog).toBe(true);
    }
    // A subscription is what an accepted one to an offline person gives: 200, presence offline.
    const acceptedOffline = toPublic(decided('c', 'accepted-on-allow-list', 'home', { presence: { state: 'offline', note: '' } }), 'subscribe');
    expect(withoutId(toPublic(decided('d', 'sender-on-block-list', 'home'), 'subscribe'))).toEqual(withoutId(acceptedOffline));
    expect(acceptedOffline).toMatchObject({ code: 200, presence: { state: 'offline', note: '' } });
  });

  it('keeps the presence and the end of a dialog, and nothing else', () => {
    const pub = toPublic(decided('req-1', 'accepted-by-setting', 'home', { presence: { state: 'busy', note: 'x' }, endsDialog: false }));
    expect(pub.presence).toEqual({ state: 'busy', note: 'x' });
    expect('endsDialog' in pub).toBe(false);
    expect(Object.keys(pub).sort()).toEqual(['code', 'diagnostic', 'presence', 'public', 'requestId']);
  });

  it('is idempotent, and strips the trail of an answer that was already public', () => {
    for (const reason of ALL_REASONS) {
      const once = toPublic(decided('req-1', reason, 'home'));
      expect(toPublic(once)).toEqual(once);
      expect(toPublic({ ...once, trail: trail(reason, 'home') })).toEqual(once);
    }
  });
});

describe('toSenderForm: what an internal sender receives', () => {
  it('masks a Block-list rejection (the recipient\'s, a prompt answered Block, a provider user\'s) as an offline recipient', () => {
    for (const reason of MASKED)
      for (const hop of HOPS) {
        const server: Hop = hop === 'provider' ? 'provider' : 'home';
        const masked = toSenderForm(decided('req-blocked', reason, hop), 'invite');
        expect(masked).toEqual({
          requestId: 'req-blocked',
          code: 480,
          diagnostic: { id: REASONS['recipient-offline'].id, reason: 'recipient-offline', sentence: REASONS['recipient-offline'].sentence, hop: server },
          public: false,
        });
        expect(withoutId(masked)).toEqual(withoutId(toSenderForm(decided('req-offline', 'recipient-offline', server), 'invite')));
        expect(toSenderForm(decided('x', reason, hop, { endsDialog: true }), 'message').endsDialog).toBe(true);
        expect(toSenderForm(decided('x', reason, hop), 'notify')).not.toHaveProperty('endsDialog');
      }
  });

  it('answers each kind as an offline recipient\'s server does: a subscription accepted and offline, an unsubscribe or bye delivered', () => {
    expect(toSenderForm(decided('s1', 'sender-on-block-list', 'home'), 'subscribe')).toEqual(answerFor('s1', 'accepted-internal', 'home', { presence: { state: 'offline', note: '' } }));
    expect(toSenderForm(decided('s2', 'blocked-by-provider-user', 'provider'), 'subscribe')).toEqual(answerFor('s2', 'accepted-by-provider', 'provider', { presence: { state: 'offline', note: '' } }));
    for (const kind of ['unsubscribe', 'bye'] as const) expect(toSenderForm(decided('u1', 'sender-on-block-list', 'home'), kind)).toEqual(answerFor('u1', 'delivered', 'home'));
    // Without a kind, the invitation's answer.
    expect(toSenderForm(decided('n1', 'sender-on-block-list', 'home'))).toEqual(answerFor('n1', 'recipient-offline', 'home'));
  });

  it('keeps every other reason as it is, without the trail', () => {
    for (const reason of ALL_REASONS.filter((r) => !MASKED.includes(r)))
      for (const hop of HOPS) {
        const full = decided('req-1', reason, hop, { endsDialog: true, presence: { state: 'available', note: '' } });
        const { trail: _trail, ...expected } = full;
        const sender = toSenderForm(full, 'message');
        expect(sender).toEqual(expected);
        expect('trail' in sender).toBe(false);
      }
  });
});

describe('publicReasonOf', () => {
  it('maps an internal reason to its public one, and leaves a public one alone', () => {
    for (const reason of ALL_REASONS) expect(publicReasonOf(reason)).toBe(REASONS[reason].public);
    for (const reason of Object.keys(PUBLIC_REASONS) as PublicReason[]) expect(publicReasonOf(reason)).toBe(reason);
  });
});
