import { describe, expect, it } from 'vitest';
import { outcome, useDeployment } from './support.ts';

const d = useDeployment({ allow: ['yahoo'] });
const ALICE = 'alice@contoso.test';
const YUKI = 'yuki@yahoo.test';

describe('the IM provider list', () => {
  it('MSN, Yahoo! and AOL are listed, public, verified only, and not allowed by default', async () => {
    await d().admin.resetEdge();
    const providers = await d().admin.providers();
    for (const id of ['msn', 'yahoo', 'aol']) {
      expect(providers.find((p) => p.id === id)).toMatchObject({ public: true, filtering: 'verified-only', allowed: false });
    }
    const yuki = await d().bot(YUKI);
    await d().bot(ALICE);
    expect(await outcome(d(), (await yuki.invite(ALICE)).answer)).toMatchObject({ code: 403, reason: 'provider-blocked', hop: 'edge', rule: 'inbound.3-provider-allowed' });
  });

  it('a temporarily blocked provider is rejected both ways, then allowed again with its settings intact', async () => {
    await d().admin.updateProvider('yahoo', { filtering: 'allow-all' });
    const alice = await d().bot(ALICE);
    const yuki = await d().bot(YUKI);
    await d().admin.blockProvider('yahoo');
    expect(await outcome(d(), (await yuki.invite(ALICE)).answer)).toMatchObject({ code: 403, seen: 'forbidden', reason: 'provider-blocked', hop: 'edge' });
    expect(await outcome(d(), (await alice.invite(YUKI)).answer)).toMatchObject({ code: 403, seen: 'provider-blocked', reason: 'provider-blocked', hop: 'edge', rule: 'outbound.1-edge' });
    await d().admin.allowProvider('yahoo');
    expect((await d().admin.providers()).find((p) => p.id === 'yahoo')).toMatchObject({ allowed: true, filtering: 'allow-all', address: { fqdn: 'sip.yahoo.test' } });
    expect((await yuki.invite(ALICE)).answer.code).toBe(200);
  });

  it('a removed provider is rejected at the edge both ways, by rule 3 inbound (not listed)', async () => {
    const alice = await d().bot(ALICE);
    const yuki = await d().bot(YUKI);
    await d().admin.removeProvider('yahoo');
    expect(await outcome(d(), (await alice.invite(YUKI)).answer)).toMatchObject({ code: 403, reason: 'provider-not-listed', hop: 'edge' });
    const { answer } = await yuki.invite(ALICE);
    expect(await outcome(d(), answer)).toMatchObject({ code: 403, seen: 'forbidden', reason: 'provider-not-listed', hop: 'edge', rule: 'inbound.3-provider-allowed' });
    expect((await d().admin.providers()).map((p) => p.id)).not.toContain('yahoo');
    expect((await d().admin.links()).map((l) => l.provider)).not.toContain('yahoo');
  });

  it('a removed provider that hangs up is not dialed again: its users can no longer reach the organization', async () => {
    await d().bot(ALICE);
    const yuki = await d().bot(YUKI);
    await d().admin.removeProvider('yahoo');
    await d().providers.yahoo!.dropFederationLink();
    await yuki.until(() => !d().providers.yahoo!.linkConnected || undefined, 'the link is gone');
    const { answer } = await yuki.invite(ALICE);
    expect(answer).toMatchObject({ code: 504, diagnostic: { hop: 'provider', reason: 'edge-unreachable' } });
  });

  it('adding a provider needs every setting again, and validates them', async () => {
    await d().admin.removeProvider('yahoo');
    await expect(d().admin.addProvider({ id: 'yahoo', name: 'Yahoo!', address: { fqdn: 'not a host', port: 7302 }, public: true, allowed: true, filtering: 'verified-only', domains: ['yahoo.test'] } as never))
      .rejects.toMatchObject({ status: 400 });
    await expect(d().admin.addProvider({ id: 'clash', name: 'Clash', address: { fqdn: 'sip.clash.test', port: 1 }, public: true, allowed: true, filtering: 'verified-only', domains: ['hotmail.test'] }))
      .rejects.toMatchObject({ status: 409 });
    const yahoo = d().topology.providers.find((p) => p.id === 'yahoo')!;
    await d().admin.addProvider({ id: 'yahoo', name: 'Yahoo!', address: { fqdn: yahoo.fqdn, port: yahoo.port }, public: true, allowed: true, filtering: 'verified-only', domains: ['yahoo.test'] });
    await d().edge.ready(['yahoo']);
    const yuki = await d().bot(YUKI);
    await d().bot(ALICE);
    expect((await yuki.invite(ALICE)).answer.code).toBe(200);
  });

  it('a wrong network address makes the provider unreachable: a quick 504', async () => {
    const alice = await d().bot(ALICE);
    await d().admin.updateProvider('yahoo', { address: { fqdn: 'sip.yahoo.test', port: 1 } });
    const { answer } = await alice.invite(YUKI);
    expect(await outcome(d(), answer)).toMatchObject({ code: 504, reason: 'provider-unreachable', hop: 'edge' });
    const links = await d().admin.links();
    expect(links.find((l) => l.provider === 'yahoo')?.state).not.toBe('connected');
  });

  it('every admin change is audited with the value before and after', async () => {
    await d().admin.updateProvider('yahoo', { filtering: 'contacts-only' });
    const audit = await d().admin.audit();
    const last = audit.at(-1)!;
    expect(last).toMatchObject({ action: 'provider.update', target: 'yahoo', before: { filtering: 'verified-only' }, after: { filtering: 'contacts-only' } });
  });
});

describe('the global switch', () => {
  it('off: nothing crosses the edge, in either direction, whatever else is set', async () => {
    const alice = await d().bot(ALICE);
    const yuki = await d().bot(YUKI);
    await d().admin.setFederation(false);
    expect(await outcome(d(), (await yuki.invite(ALICE)).answer)).toMatchObject({ code: 403, seen: 'forbidden', reason: 'federation-disabled', hop: 'edge' });
    expect(await outcome(d(), (await alice.invite(YUKI)).answer)).toMatchObject({ code: 403, reason: 'federation-disabled', hop: 'edge' });
    expect(await outcome(d(), await alice.subscribe(YUKI))).toMatchObject({ code: 403, reason: 'federation-disabled' });
    await d().admin.setFederation(true);
    expect((await alice.invite(YUKI)).answer.code).toBe(200);
  });
});
