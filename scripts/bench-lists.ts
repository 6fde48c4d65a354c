/**
 * What one change of an Allow or Block list costs at any list size. Measures, in one run on this machine, one
 * entry added and removed again on lists of 10, 1,000 and 12,000 entries, stored as the servers store them (a
 * row per entry, in a SQLite file), and, for comparison, as earlier versions did (the whole user, lists inside,
 * rewritten as one document). Prints each cost as a ratio to the 10-entry list's, measured side by side: these
 * machines are noisy, so only ratios mean anything.
 *
 *   npx tsx scripts/bench-lists.ts [-- --changes 2000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PeopleStore, Store } from '@fedlab/server';

const argIndex = process.argv.indexOf('--changes');
const CHANGES = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 1000;
const SIZES = [10, 1000, 12_000];
const OWNER = 'ann@example.test';
const dir = mkdtempSync(join(tmpdir(), 'fedlab-bench-lists-'));

const ROUNDS = 15;

/** A way to change one list of `size` entries, and to close it. */
interface Subject {
  change(i: number): void;
  close(): void;
}

function rows(size: number): Subject {
  const store = new Store(join(dir, `rows-${size}.db`));
  const people = new PeopleStore(store, [{ address: OWNER, displayName: 'Ann', data: {} }], 100_000);
  store.transaction(() => {
    for (let i = 0; i < size; i++) people.changeList(OWNER, 'block', 'add', `p${i}@elsewhere.test`);
  });
  return { change: (i) => people.changeList(OWNER, 'block', i % 2 ? 'remove' : 'add', 'new@elsewhere.test'), close: () => store.close() };
}

function document(size: number): Subject {
  const store = new Store(join(dir, `doc-${size}.db`));
  const user = { address: OWNER, lists: { allow: [] as string[], block: Array.from({ length: size }, (_, i) => `p${i}@elsewhere.test`) } };
  return {
    change(i) {
      if (i % 2) user.lists.block.pop();
      else user.lists.block.push('new@elsewhere.test');
      store.put('users', OWNER, user);
    },
    close: () => store.close(),
  };
}

/**
 * Microseconds per change of each subject: the subjects take turns, round after round, each a batch of changes
 * per round, and each keeps its median batch. Load that comes and goes on a shared machine hits them alike.
 */
function measure(subjects: Subject[]): number[] {
  const batch = Math.max(2, Math.floor(CHANGES / ROUNDS));
  const samples = subjects.map(() => [] as number[]);
  for (const s of subjects) for (let i = 0; i < 50; i++) s.change(i); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    subjects.forEach((s, k) => {
      const started = performance.now();
      for (let i = 0; i < batch; i++) s.change(i);
      samples[k]!.push(((performance.now() - started) / batch) * 1000);
    });
  }
  return samples.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!);
}

try {
  const subjects = SIZES.flatMap((size) => [rows(size), document(size)]);
  const costs = measure(subjects);
  subjects.forEach((s) => s.close());
  const cost = (k: number) => costs[k]!;
  console.log(`one list change (median of ${ROUNDS} rounds, ${CHANGES} changes per size), as a ratio to a list of ${SIZES[0]} entries:`);
  SIZES.forEach((size, i) => {
    const [row, doc] = [cost(2 * i), cost(2 * i + 1)];
    console.log(`  ${String(size).padStart(6)} entries: a row per entry ${row.toFixed(1)} µs (×${(row / cost(0)).toFixed(2)}), whole document ${doc.toFixed(1)} µs (×${(doc / cost(1)).toFixed(2)})`);
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
