import { describe, expect, it } from 'vitest';
import { Watchers } from './watchers.ts';
import { openStore, useCleanup } from './test-support.ts';

const cleanup = useCleanup();
const ALICE = 'alice@contoso.test';
const YUKI = 'yuki@yahoo.test';
const SAM = 'sam@hotmail.test';

const memoryStore = () => openStore(cleanup);

describe('Watchers', () => {
  it('keeps who watches whom, each pair once', () => {
    const watchers = new Watchers();
    watchers.add(ALICE, YUKI);
    watchers.add(ALICE, SAM);
    watchers.add(ALICE, YUKI);
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

  it('hands out a copy of the watchers', () => {
    const watchers = new Watchers();
    watchers.add(ALICE, YUKI);
    watchers.of(ALICE).push(SAM);
    expect(watchers.of(ALICE)).toEqual([YUKI]);
  });

  it('with a store, survives a restart: a new instance on the same store finds the pairs', () => {
    const store = memoryStore();
    const before = new Watchers(store);
    before.add(ALICE, YUKI);
    before.add(ALICE, SAM);
    before.add(YUKI, ALICE);
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
