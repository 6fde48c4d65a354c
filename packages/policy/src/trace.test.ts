/** The words every reader of a trail uses: forwarded, accepted, rejected, and which decision decided. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { HopDecision } from '@fedlab/protocol';
import { RULES, TRACE_RULES, PLUMBING_RULES, decidingDecision, isPlumbingRule, isPolicyRule, outcomeOf } from './index.ts';

let clock = 0;
const d = (rule: string, reason: HopDecision['reason'] = 'forwarded', code: HopDecision['code'] = 200): HopDecision =>
  ({ hop: 'home', node: 'home', rule, inputs: {}, code, reason, explanation: rule, at: ++clock });

describe('what a decision did', () => {
  it('forwarded, accepted (any 2xx answer, 202 pending too) or rejected', () => {
    expect(outcomeOf(d('inbound.2-global-switch'))).toBe('forwarded');
    expect(outcomeOf(d('inbound.8-im-invitation', 'accepted-verified', 200))).toBe('accepted');
    expect(outcomeOf(d('inbound.8-subscription', 'pending-prompt', 202))).toBe('accepted');
    expect(outcomeOf(d('inbound.3-provider-allowed', 'provider-blocked', 403))).toBe('rejected');
    expect(outcomeOf(d('deliver', 'recipient-offline', 480))).toBe('rejected');
  });
});

describe('the deciding decision of a trail', () => {
  it('is the first that rejected, even when later decisions answered too', () => {
    const blocked = d('inbound.7-block-list', 'sender-on-block-list', 480);
    const trail = [d('inbound.5-recipient-exists'), blocked, d('session', 'not-in-session', 400)];
    expect(decidingDecision(trail)).toBe(blocked);
  });

  it('is the first rejection although an earlier hop accepted (a provider accepted for its user, the client then refused)', () => {
    const refused = d('deliver', 'next-hop-timeout', 408);
    expect(decidingDecision([d('outbound.1-edge'), d('outbound.3-provider', 'accepted-by-provider', 200), refused])).toBe(refused);
  });

  it('is the rule that accepted, for a request that got through', () => {
    const accepted = d('outbound.3-provider', 'accepted-by-provider', 200);
    expect(decidingDecision([d('outbound.1-edge'), accepted, d('outbound.3-provider', 'delivered', 200)])).toBe(accepted);
  });

  it('is the last when every hop forwarded, and nothing for an empty trail', () => {
    const last = d('inbound.8-in-dialog');
    expect(decidingDecision([d('inbound.1-authenticated-link'), last])).toBe(last);
    expect(decidingDecision([])).toBeUndefined();
  });
});

/** Plumbing rules servers are known to write today (the scan must find them, or it finds nothing). */
const PLUMBING_KNOWN = ['link', 'deliver', 'session', 'subscription', 'contract'];

describe('the rule ids of a trail', () => {
  it('are the rules of POLICY.md, then the plumbing, each with its sentence', () => {
    expect(TRACE_RULES).toEqual([...Object.keys(RULES), ...Object.keys(PLUMBING_RULES)]);
    expect(Object.values(PLUMBING_RULES).every((sentence) => sentence.length > 20)).toBe(true);
    expect(isPolicyRule('inbound.7-block-list') && !isPolicyRule('session')).toBe(true);
    expect(isPlumbingRule('subscription') && !isPlumbingRule('inbound.7-block-list')).toBe(true);
  });

  it('include every rule id a server or client writes into a trail', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const written = new Set<string>();
    const scan = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (name === 'node_modules' || name === 'dist') continue;
        if (statSync(path).isDirectory()) scan(path);
        else if (/(?<!\.test)\.ts$/.test(name)) {
          const source = readFileSync(path, 'utf8');
          // decision(hop, node, 'rule', …) and { …, rule: 'rule', … } in trail entries
          for (const m of source.matchAll(/\bdecision\(\s*[^,]+,\s*[^,]+,\s*'([^']+)'/g)) written.add(m[1]!);
          for (const m of source.matchAll(/\brule: '([^']+)'/g)) written.add(m[1]!);
        }
      }
    };
    for (const top of ['apps', 'packages']) scan(join(root, top));
    expect([...PLUMBING_KNOWN].filter((rule) => !written.has(rule)), 'the scan finds what servers write').toEqual([]);
    expect([...written].filter((rule) => !(TRACE_RULES as readonly string[]).includes(rule))).toEqual([]);
  });
});
