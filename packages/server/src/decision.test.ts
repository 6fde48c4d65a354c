import { describe, expect, it, vi } from 'vitest';
import { VerdictBuilder, decideImInvitation } from '@fedlab/policy';
import { decision, decisionsOf } from './decision.ts';

describe('decisionsOf', () => {
  it('turns a verdict that passes into one forwarded decision per rule looked at', () => {
    const v = new VerdictBuilder();
    v.pass('inbound.2-global-switch', { federationEnabled: true }, 'The global switch is on.');
    v.pass('inbound.3-provider-allowed', { provider: 'yahoo' }, 'Yahoo! is allowed.');
    expect(decisionsOf(v.forward(), 'edge', 'edge', 42)).toEqual([
      { hop: 'edge', node: 'edge', rule: 'inbound.2-global-switch', inputs: { federationEnabled: true }, code: 200, reason: 'forwarded', explanation: 'The global switch is on.', at: 42 },
      { hop: 'edge', node: 'edge', rule: 'inbound.3-provider-allowed', inputs: { provider: 'yahoo' }, code: 200, reason: 'forwarded', explanation: 'Yahoo! is allowed.', at: 42 },
    ]);
  });

  it('gives the deciding rule, last, its reason and code', () => {
    const v = new VerdictBuilder();
    v.pass('inbound.2-global-switch', {}, 'on');
    const decisions = decisionsOf(v.final('inbound.3-provider-allowed', 'provider-blocked', { allowed: false }, 'blocked'), 'edge', 'edge', 7);
    expect(decisions.map((d) => [d.rule, d.code, d.reason])).toEqual([
      ['inbound.2-global-switch', 200, 'forwarded'],
      ['inbound.3-provider-allowed', 403, 'provider-blocked'],
    ]);
  });

  it('records an accepting final verdict with its own reason (the client decided), stamped now by default', () => {
    vi.useFakeTimers({ now: 1234 });
    try {
      const verdict = decideImInvitation({ from: 'yuki@yahoo.test', verification: 'verified', lists: { allow: [], block: [] }, blockImFromNonAllowList: false });
      expect(decisionsOf(verdict, 'client', 'client:alice@contoso.test')).toEqual([
        expect.objectContaining({ hop: 'client', node: 'client:alice@contoso.test', rule: 'inbound.8-im-invitation', code: 200, reason: 'accepted-verified', at: 1234 }),
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('decision', () => {
  it('builds one decision, its code from the reason', () => {
    vi.useFakeTimers({ now: 99 });
    try {
      expect(decision('home', 'home', 'deliver', 'recipient-offline', { online: false }, 'The recipient signed out.')).toEqual({
        hop: 'home', node: 'home', rule: 'deliver', inputs: { online: false }, code: 480, reason: 'recipient-offline', explanation: 'The recipient signed out.', at: 99,
      });
      expect(decision('edge', 'edge', 'link', 'forwarded', {}, 'ok')).toMatchObject({ code: 200, reason: 'forwarded' });
    } finally {
      vi.useRealTimers();
    }
  });
});
