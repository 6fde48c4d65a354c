/**
 * What crossing the edge costs. Measures, in one run on this machine, the round trip of IM messages
 * between two colleagues (the baseline: client → home → client) and across the edge (client → provider →
 * edge → home → client), and prints ratios against that baseline: these machines are noisy, so only
 * ratios measured side by side mean anything. Bounded: a few thousand messages, loopback only.
 *
 *   npm run bench [-- --messages 2000]
 */
import { decideInbound } from '@fedlab/policy';
import { deploy } from '@fedlab/testkit';

const argIndex = process.argv.indexOf('--messages');
const MESSAGES = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 1000;

// The per-sender rate limit would measure itself: lifted for the run.
const d = await deploy({ timeoutMs: 5000, rateLimit: { perSecond: 1e9, burst: 1e9 } });
await d.admin.allowProvider('yahoo');

async function roundTrips(from: string, to: string, label: string): Promise<{ label: string; perMessageMs: number; throughput: number }> {
  const sender = await d.bot(from, { resubscribe: false });
  const recipient = await d.bot(to, { resubscribe: false });
  await recipient.changeList('allow', 'add', from);
  const { session } = await sender.invite(to);
  for (let i = 0; i < 50; i++) await sender.send(session.id, `warm-up ${i}`); // JIT, sockets
  const started = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    const answer = await sender.send(session.id, `m${i}`);
    if (answer.code !== 200) throw new Error(`${label}: message ${i} answered ${answer.code}`);
  }
  const sequential = performance.now() - started;
  const burstStart = performance.now();
  await Promise.all(Array.from({ length: 150 }, (_, i) => sender.send(session.id, `burst ${i}`)));
  const burst = performance.now() - burstStart;
  sender.close();
  recipient.close();
  return { label, perMessageMs: sequential / MESSAGES, throughput: 150 / (burst / 1000) };
}

function policyRate(): number {
  const input = {
    kind: 'invite' as const, from: 'yuki@yahoo.test', to: 'alice@contoso.test', link: { provider: 'yahoo', domains: ['yahoo.test'] },
    entry: { id: 'yahoo', name: 'Yahoo!', fqdn: 'sip.yahoo.test', public: true, allowed: true, filtering: 'verified-only' as const, domains: ['yahoo.test'] },
    orgDomains: ['contoso.test'], federationEnabled: true, asserted: 'verified' as const,
    recipient: { enablement: { federation: true, publicIm: true }, lists: { allow: [], block: [] }, settings: { subscriptionSetting: 'prompt' as const, blockImFromNonAllowList: false }, online: true },
  };
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < 300) {
    for (let i = 0; i < 1000; i++) decideInbound(input);
    n += 1000;
  }
  return n / ((performance.now() - started) / 1000);
}

const internal = await roundTrips('dave@contoso.test', 'alice@contoso.test', 'internal (baseline)');
const federated = await roundTrips('yuki@yahoo.test', 'alice@contoso.test', 'across the edge');
const outbound = await roundTrips('alice@contoso.test', 'yuki@yahoo.test', 'outbound across the edge');
await d.close();

console.log(`\nfedlab bench: ${MESSAGES} sequential messages per path, then a burst of 150\n`);
console.log('path                          ms/message   ×baseline   burst msg/s   ×baseline');
for (const r of [internal, federated, outbound]) {
  console.log(
    `${r.label.padEnd(30)}${r.perMessageMs.toFixed(3).padStart(10)}${(r.perMessageMs / internal.perMessageMs).toFixed(2).padStart(12)}` +
      `${r.throughput.toFixed(0).padStart(14)}${(r.throughput / internal.throughput).toFixed(2).padStart(12)}`,
  );
}
console.log(`\npolicy: ${(policyRate() / 1000).toFixed(0)}k full inbound decisions/s (edge + home + client rules, pure)`);
process.exit(0);
