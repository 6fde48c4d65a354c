/**
 * What the limits of discovered partners cost per request, and that the cost does not grow with what the
 * limiter remembers (O(1) per request). Prints each case's rate and its ratio to a baseline measured in the same
 * run (one partner writing to one recipient): these machines are noisy, so only side-by-side ratios mean anything.
 *
 *   npx tsx scripts/bench-partners.ts
 */
import type { Reason } from '@fedlab/protocol';
import { PartnerLimiter } from '../apps/edge/src/partner-limiter.ts';

const RUN_MS = 400;
// Limits that never refuse: what is measured is the bookkeeping, not the refusals.
const LIMITS = { watchListRecipients: 1_000_000, requestsPerSecond: 1_000_000_000, suspiciousRequestsPerSecond: 1_000_000_000, suspiciousWindow: 100 };
const REASONS: Reason[] = ['accepted-verified', 'user-not-found'];

/** Requests a second through admit and record, with `partners` partners that each know `recipients` recipients. */
function rate(partners: number, recipients: number): number {
  let now = 0;
  const limiter = new PartnerLimiter({ limits: LIMITS, now: () => now });
  const domains = Array.from({ length: partners }, (_, i) => `partner${i}.test`);
  const addresses = Array.from({ length: recipients }, (_, i) => `user${i}@contoso.test`);
  for (const domain of domains) for (const address of addresses) limiter.admit(domain, address); // what it remembers
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < RUN_MS) {
    for (let i = 0; i < 1000; i++, n++) {
      now += 1;
      const domain = domains[n % partners]!;
      limiter.admit(domain, addresses[n % recipients]!);
      limiter.record(domain, REASONS[n % 2]!);
    }
  }
  return n / ((performance.now() - started) / 1000);
}

const CASES: [string, number, number][] = [
  ['1 partner, 1 recipient (baseline)', 1, 1],
  ['1 partner, 999 recipients', 1, 999],
  ['1,000 partners, 100 recipients each', 1000, 100],
  ['10,000 partners, 10 recipients each', 10_000, 10],
];
rate(1, 1); // warm-up (JIT)
// Three rounds, the cases interleaved, the best of each kept: a busy neighbour slows a round, never speeds it up.
const best = CASES.map(() => 0);
for (let round = 0; round < 3; round++) CASES.forEach(([, partners, recipients], i) => (best[i] = Math.max(best[i]!, rate(partners, recipients))));
console.log('\nfedlab bench: the limits of discovered partners (admit + record per request), best of 3\n');
CASES.forEach(([label], i) => console.log(`${label.padEnd(40)} ${Math.round(best[i]!).toLocaleString('en').padStart(12)} /s   ×${(best[i]! / best[0]!).toFixed(2)}`));
