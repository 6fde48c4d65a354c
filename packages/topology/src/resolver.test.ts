import { getServers, setServers } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDnsServer } from './fake-dns.test-support.ts';
import { SrvResolver, describeResolution, federationSrvName, resolutionInputs } from './index.ts';

const TAILSPIN = '_sipfederationtls._tcp.tailspin.test';
const RECORDS = { [TAILSPIN]: { target: 'sip.tailspin.test', port: 7306 } };

/** A clock a test moves by hand. */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('the SRV resolver in topology mode (the topology is the DNS)', () => {
  it('names the Access Edge of a domain the topology has a record for, and nothing for others', async () => {
    const t = clock();
    const resolver = new SrvResolver({ mode: 'topology', records: RECORDS, cacheMs: 60_000, now: t.now });
    expect(federationSrvName('tailspin.test')).toBe(TAILSPIN);
    const found = await resolver.resolve('tailspin.test');
    expect(found).toEqual({
      domain: 'tailspin.test', record: TAILSPIN, target: { fqdn: 'sip.tailspin.test', port: 7306 }, source: 'topology', cached: false,
      resolvedAt: 1_000_000, expiresAt: 1_060_000,
    });
    expect(describeResolution(found)).toBe("_sipfederationtls._tcp.tailspin.test names sip.tailspin.test:7306 (the topology's DNS).");
    expect(resolutionInputs(found)).toEqual({ record: TAILSPIN, target: 'sip.tailspin.test:7306', source: 'topology', cached: false });

    const missing = await resolver.resolve('nowhere.test');
    expect(missing).toMatchObject({ target: undefined, error: 'no such record', cached: false });
    expect(describeResolution(missing)).toBe("_sipfederationtls._tcp.nowhere.test names nothing (the topology's DNS: no such record).");
  });

  it('keeps each answer, found or not, for the cache time, and says it came from the cache', async () => {
    const t = clock();
    const resolver = new SrvResolver({ mode: 'topology', records: RECORDS, cacheMs: 1000, now: t.now });
    await resolver.resolve('tailspin.test');
    await resolver.resolve('nowhere.test');
    t.advance(999);
    expect(await resolver.resolve('tailspin.test')).toMatchObject({ cached: true, resolvedAt: 1_000_000, target: { fqdn: 'sip.tailspin.test' } });
    expect(describeResolution(await resolver.resolve('nowhere.test'))).toMatch(/, cached\)\.$/);
    t.advance(1);
    expect(await resolver.resolve('tailspin.test')).toMatchObject({ cached: false, resolvedAt: 1_001_000 });
    resolver.clear();
    expect(await resolver.resolve('tailspin.test')).toMatchObject({ cached: false });
  });

  it('keeps nothing with a cache time of 0, and at most maxEntries domains (the oldest goes first)', async () => {
    const t = clock();
    const uncached = new SrvResolver({ mode: 'topology', records: RECORDS, cacheMs: 0, now: t.now });
    await uncached.resolve('tailspin.test');
    expect(await uncached.resolve('tailspin.test')).toMatchObject({ cached: false });

    const small = new SrvResolver({ mode: 'topology', records: RECORDS, cacheMs: 60_000, now: t.now, maxEntries: 2 });
    for (const domain of ['tailspin.test', 'a.test', 'b.test']) await small.resolve(domain);
    expect(await small.resolve('b.test')).toMatchObject({ cached: true });
    expect(await small.resolve('tailspin.test')).toMatchObject({ cached: false });
  });
});

describe('the SRV resolver in dns mode', () => {
  let server: FakeDnsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** A resolver that asks the fake server through node:dns, as FEDLAB_HOSTS=dns asks the system's DNS. */
  async function against(answers: ConstructorParameters<typeof FakeDnsServer>[0], cacheMs = 60_000) {
    server = new FakeDnsServer(answers);
    const dns = new Resolver({ timeout: 300, tries: 1 });
    dns.setServers([await server.start()]);
    const t = clock();
    return { t, resolver: new SrvResolver({ mode: 'dns', cacheMs, now: t.now, lookup: (name) => dns.resolveSrv(name) }) };
  }

  it('asks the DNS for _sipfederationtls._tcp.<domain> and takes the lowest priority, then the highest weight', async () => {
    const { resolver } = await against({
      [TAILSPIN]: { srv: [
        { target: 'backup.tailspin.test', port: 5061, priority: 20 },
        { target: 'light.tailspin.test', port: 5061, priority: 10, weight: 1 },
        { target: 'Sip.Tailspin.test', port: 7306, priority: 10, weight: 50 },
      ] },
    });
    const found = await resolver.resolve('tailspin.test');
    expect(found).toMatchObject({ source: 'dns', target: { fqdn: 'sip.tailspin.test', port: 7306 }, cached: false });
    expect(describeResolution(found)).toBe('_sipfederationtls._tcp.tailspin.test names sip.tailspin.test:7306 (the DNS).');
    expect(server!.asked).toEqual([TAILSPIN]);
  });

  it('keeps an answer and a name that does not exist, and asks again once they expire', async () => {
    const { resolver, t } = await against({ [TAILSPIN]: { srv: [{ target: 'sip.tailspin.test', port: 7306 }] } }, 5000);
    await resolver.resolve('tailspin.test');
    const missing = await resolver.resolve('nowhere.test');
    expect(missing).toMatchObject({ target: undefined, error: 'ENOTFOUND', expiresAt: missing.resolvedAt + 5000 });
    await resolver.resolve('tailspin.test');
    await resolver.resolve('nowhere.test');
    expect(server!.asked).toEqual([TAILSPIN, federationSrvName('nowhere.test')]);
    t.advance(5000);
    await resolver.resolve('tailspin.test');
    expect(server!.asked).toEqual([TAILSPIN, federationSrvName('nowhere.test'), TAILSPIN]);
  });

  it('does not keep a server failure or a time-out: the next request asks again', async () => {
    const { resolver } = await against({ [TAILSPIN]: ['servfail', 'silent', { srv: [{ target: 'sip.tailspin.test', port: 7306 }] }] });
    expect(await resolver.resolve('tailspin.test')).toMatchObject({ target: undefined, error: 'ESERVFAIL' });
    const timedOut = await resolver.resolve('tailspin.test');
    expect(timedOut).toMatchObject({ target: undefined, error: 'ETIMEOUT' });
    expect(timedOut.expiresAt).toBe(timedOut.resolvedAt);
    expect(await resolver.resolve('tailspin.test')).toMatchObject({ target: { fqdn: 'sip.tailspin.test', port: 7306 }, cached: false });
  });

  it('asks once for concurrent lookups of one domain', async () => {
    const { resolver } = await against({ [TAILSPIN]: { srv: [{ target: 'sip.tailspin.test', port: 7306 }] } });
    const answers = await Promise.all([resolver.resolve('tailspin.test'), resolver.resolve('tailspin.test'), resolver.resolve('tailspin.test')]);
    expect(answers.map((a) => a.target?.fqdn)).toEqual(['sip.tailspin.test', 'sip.tailspin.test', 'sip.tailspin.test']);
    expect(server!.asked).toEqual([TAILSPIN]);
  });

  it("asks the system's resolver (node:dns resolveSrv) when given no lookup of its own", async () => {
    server = new FakeDnsServer({ [TAILSPIN]: { srv: [{ target: 'sip.tailspin.test', port: 7306 }] } });
    const address = await server.start();
    const system = getServers();
    setServers([address]);
    try {
      expect(await new SrvResolver({ mode: 'dns', cacheMs: 0 }).resolve('tailspin.test')).toMatchObject({ source: 'dns', target: { fqdn: 'sip.tailspin.test', port: 7306 } });
      expect(server.asked).toEqual([TAILSPIN]);
    } finally {
      setServers(system);
    }
  });
});
