import { describe, expect, it } from 'vitest';
import type { Store } from './store.ts';
import { Watchers } from './watchers.ts';
import { openStore, useCleanup } from './test-support.ts';

const cleanup = useCleanup();
const ALICE = 'alice@contoso.test';
const YUKI = 'yuki@yahoo.test';
const SAM = 'sam@hotmail.test';

const memoryStore = () => openStore(cleanup);

/** Watchers on `store` (none: in memory only), with each [target, watcher] pair added. */
function watching(pairs: [string, string][], store?: Store): Watchers {
  const watchers = new Watchers(store);
  for (const [target, watcher] of pairs) watchers.add(target, watcher);
  return watchers;
}

describe('Watchers', () => {
  it('keeps who watches whom, each pair once', () => {
    const watchers = watching([[ALICE, YUKI], [ALICE, SAM], [ALICE, YUKI]]);
    expect(watchers.of(ALICE)).toEqual([YUKI, SAM]);
    expect(watchers.has(ALICE, YUKI)).toBe(true);
    expect(watchers.has(YUKI, ALICE)).toBe(false);
    expect(watchers.of(YUKI)).toEqual([]);
    watchers.remove(ALICE, YUKI);
    watchers.remove(SAM, ALICE);
    expect(watchers.of(ALICE)).toEqual([SAM]);
    watchers.clear();
    expect(watchers.has(ALICE, SAM)).toBe(false);
  });

  it('forget(address) drops every pair the address takes part in, both ways, and only those', () => {
    const store = memoryStore();
    const watchers = watching([[ALICE, YUKI], [ALICE, SAM], [YUKI, ALICE], [SAM, ALICE], [SAM, YUKI]], store);
    watchers.forget(ALICE);
    watchers.forget('nobody@contoso.test');
    expect([watchers.of(ALICE), watchers.of(YUKI), watchers.of(SAM)]).toEqual([[], [], [YUKI]]);
    expect(new Watchers(store).of(SAM)).toEqual([YUKI]);
    expect(store.list('watchers')).toEqual([{ target: SAM, watcher: YUKI }]);
  });

  it('hands out a copy of the watchers', () => {
    const watchers = watching([[ALICE, YUKI]]);
    watchers.of(ALICE).push(SAM);
    expect(watchers.of(ALICE)).toEqual([YUKI]);
  });

  it('with a store, survives a restart: a new instance on the same store finds the pairs', () => {
    const store = memoryStore();
    const before = watching([[ALICE, YUKI], [ALICE, SAM], [YUKI, ALICE]], store);
    before.remove(ALICE, SAM);
    const after = new Watchers(store);
    expect(after.of(ALICE)).toEqual([YUKI]);
    expect(after.has(YUKI, ALICE)).toBe(true);
    after.clear();
    expect(new Watchers(store).of(YUKI)).toEqual([]);
  });

  it('keeps each collection to itself', () => {
    const store = memoryStore();
    const accepted = new Watchers(store, 'watchers');
    const asked = new Watchers(store, 'subscriptions');
    accepted.add(ALICE, YUKI);
    asked.add(SAM, ALICE);
    asked.clear();
    expect(new Watchers(store, 'watchers').of(ALICE)).toEqual([YUKI]);
    expect(new Watchers(store, 'subscriptions').of(SAM)).toEqual([]);
    expect(store.list('watchers')).toEqual([{ target: ALICE, watcher: YUKI }]);
  });
});
