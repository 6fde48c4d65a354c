import { describe, expect, it } from 'vitest';
import type { HopDecision, TrafficEntry } from '@fedlab/protocol';
import { layoutLadder, type LadderArrow, type LadderRow } from './ladder.ts';

const decision = (hop: HopDecision['hop'], node: string, rule: string, at: number, reason: HopDecision['reason'] = 'forwarded', code: HopDecision['code'] = 200): HopDecision =>
  ({ hop, node, rule, inputs: { rule }, code, reason, explanation: `${rule} explained`, at });

const summary = (over: Partial<TrafficEntry>): TrafficEntry => ({
  requestId: 'r1', at: 10, kind: 'message', from: 'yuki@yahoo.test', to: 'alice@contoso.test', direction: 'inbound', provider: 'yahoo',
  code: 403, reason: 'provider-blocked', hop: 'edge', ...over,
});

/** The rows as short strings: "0→1 message", "[2] inbound.3-provider-allowed 403 provider-blocked *", "2←1 403 forbidden (public)". */
function sketch(rows: LadderRow[]): string[] {
  return rows.map((r) => {
    if (r.type === 'decision') return `[${r.column}] ${r.decision.rule} ${r.decision.code} ${r.decision.reason}${r.deciding ? ' *' : ''}`;
    const a = r as LadderArrow;
    return a.direction === 'request' ? `${a.from}→${a.to} ${a.label}` : `${a.to}←${a.from} ${a.label}${a.public ? ' (public)' : ''}`;
  });
}

describe('the ladder of a trace', () => {
  it('marks the first rule that rejected as the decider, not what the rejection caused afterwards', () => {
    const ladder = layoutLadder({
      requestId: 'r0',
      summary: summary({ kind: 'typing', code: 480, reason: 'sender-on-block-list', hop: 'home' }),
      decisions: [
        decision('edge', 'edge', 'inbound.3-provider-allowed', 1),
        decision('home', 'home', 'inbound.7-block-list', 2, 'sender-on-block-list', 480),
        decision('home', 'home', 'session', 3, 'not-in-session', 400),
      ],
    });
    expect(sketch(ladder.rows).filter((r) => r.startsWith('['))).toEqual([
      '[2] inbound.3-provider-allowed 200 forwarded',
      '[3] inbound.7-block-list 480 sender-on-block-list *',
      '[3] session 400 not-in-session',
    ]);
  });

  it('inbound, stopped at the edge: sender, provider and edge; the answer leaves in the public form', () => {
    const ladder = layoutLadder({
      requestId: 'r1',
      summary: summary({}),
      decisions: [
        decision('edge', 'edge', 'inbound.1-authenticated-link', 5),
        decision('edge', 'edge', 'inbound.2-global-switch', 5),
        decision('edge', 'edge', 'inbound.3-provider-allowed', 5, 'provider-blocked', 403),
      ],
    }, (id) => (id === 'yahoo' ? 'Yahoo!' : id));
    expect(ladder.direction).toBe('inbound');
    expect(ladder.columns.map((c) => `${c.title}: ${c.label}`)).toEqual(['Sender: yuki@yahoo.test', 'Provider: Yahoo!', 'Access Edge: edge']);
    expect(sketch(ladder.rows)).toEqual([
      '0→1 message',
      '1→2 message',
      '[2] inbound.1-authenticated-link 200 forwarded',
      '[2] inbound.2-global-switch 200 forwarded',
      '[2] inbound.3-provider-allowed 403 provider-blocked *',
      '1←2 403 forbidden (public)',
      '0←1 403 forbidden (public)',
    ]);
    expect(ladder.outcome).toEqual({ code: 403, reason: 'provider-blocked' });
  });

  it('inbound, accepted by the client: every hop in time order, each decision once although reported twice', () => {
    const home = decision('home', 'home', 'inbound.5-recipient-exists', 7);
    const client = decision('client', 'client:alice@contoso.test', 'inbound.8-im-invitation', 8, 'accepted-verified', 200);
    const ladder = layoutLadder({
      requestId: 'r2',
      summary: summary({ kind: 'invite', code: 200, reason: 'accepted-verified', hop: 'client' }),
      decisions: [client, home, decision('edge', 'edge', 'inbound.4-trust-stamp', 6), home, client],
    });
    expect(ladder.columns.map((c) => c.role)).toEqual(['sender', 'provider', 'edge', 'home', 'client']);
    expect(ladder.columns[4]!.label).toBe('alice@contoso.test');
    expect(sketch(ladder.rows)).toEqual([
      '0→1 invite',
      '1→2 invite',
      '[2] inbound.4-trust-stamp 200 forwarded',
      '2→3 invite',
      '[3] inbound.5-recipient-exists 200 forwarded',
      '3→4 invite',
      '[4] inbound.8-im-invitation 200 accepted-verified *',
      '3←4 200 accepted-verified',
      '2←3 200 accepted-verified',
      '1←2 200 accepted (public)',
      '0←1 200 accepted (public)',
    ]);
  });

  it('outbound, delivered: the sender’s client, home, edge, provider and the recipient; the provider decided; no public form on the way back', () => {
    const ladder = layoutLadder({
      requestId: 'r3',
      summary: summary({ kind: 'invite', from: 'alice@contoso.test', to: 'yuki@yahoo.test', direction: 'outbound', code: 200, reason: 'delivered', hop: 'client' }),
      decisions: [
        decision('edge', 'edge', 'outbound.1-edge', 1),
        decision('provider', 'yahoo', 'outbound.3-provider', 2, 'accepted-by-provider', 200),
        decision('client', 'client:yuki@yahoo.test', 'outbound.3-provider', 3, 'delivered', 200),
      ],
    });
    expect(ladder.columns.map((c) => `${c.role}:${c.label}`)).toEqual([
      'sender:alice@contoso.test', 'home:home', 'edge:edge', 'provider:yahoo', 'recipient:yuki@yahoo.test',
    ]);
    expect(sketch(ladder.rows)).toEqual([
      '0→1 invite', '1→2 invite', '[2] outbound.1-edge 200 forwarded', '2→3 invite', '[3] outbound.3-provider 200 accepted-by-provider *',
      '3→4 invite', '[4] outbound.3-provider 200 delivered', '3←4 200 delivered', '2←3 200 delivered', '1←2 200 delivered', '0←1 200 delivered',
    ]);
  });

  it('outbound, refused at the edge: the request never reaches the provider', () => {
    const ladder = layoutLadder({
      requestId: 'r4',
      summary: summary({ kind: 'invite', from: 'alice@contoso.test', to: 'yuki@yahoo.test', direction: 'outbound', reason: 'sender-not-enabled-public-im' }),
      decisions: [decision('edge', 'edge', 'outbound.1-edge', 1, 'sender-not-enabled-public-im', 403)],
    });
    expect(ladder.columns.map((c) => c.role)).toEqual(['sender', 'home', 'edge']);
    expect(sketch(ladder.rows).at(-1)).toBe('0←1 403 sender-not-enabled-public-im');
  });

  it('a provider that answered without a trail still gets the request and the answer', () => {
    const ladder = layoutLadder({
      requestId: 'r5',
      summary: summary({ kind: 'invite', from: 'alice@contoso.test', to: 'sam@hotmail.test', direction: 'outbound', provider: 'msn', code: 408, reason: 'next-hop-timeout', hop: 'provider' }),
      decisions: [decision('edge', 'edge', 'outbound.1-edge', 1)],
    });
    expect(ladder.columns.map((c) => c.role)).toEqual(['sender', 'home', 'edge', 'provider']);
    expect(sketch(ladder.rows)).toContain('2→3 invite');
    expect(sketch(ladder.rows)).toContain('2←3 408 next-hop-timeout');
  });

  it('without a traffic summary: the direction from the rules, columns from the nodes', () => {
    const ladder = layoutLadder({
      requestId: 'r6', summary: null,
      decisions: [decision('home', 'home', 'internal', 1, 'accepted-internal', 200)],
    });
    expect(ladder.direction).toBe('internal');
    expect(ladder.columns.map((c) => c.key)).toEqual(['sender', 'home']);
    expect(ladder.outcome).toEqual({ code: 200, reason: 'accepted-internal' });
    expect(layoutLadder({ requestId: 'r7', summary: null, decisions: [decision('edge', 'edge', 'inbound.2-global-switch', 1, 'federation-disabled', 403)] }).direction).toBe('inbound');
  });

  it('an empty trace has no outcome and one column', () => {
    const ladder = layoutLadder({ requestId: 'r8', summary: null, decisions: [] });
    expect(ladder.outcome).toBeNull();
    expect(ladder.rows).toEqual([]);
    expect(ladder.columns).toHaveLength(1);
  });
});
