import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../store.ts';
import { openStore, useCleanup } from '../test-support.ts';
import { PeopleStore, type PersonSeed } from './people-store.ts';

const cleanup = useCleanup();
const SEED: PersonSeed<{ level: number }>[] = [
  { address: 'ann@example.test', displayName: 'Ann', data: { level: 1 }, lists: { allow: ['x@elsewhere.test'], block: ['y@elsewhere.test'] } },
  { address: 'ben@example.test', displayName: 'Ben', data: { level: 2 } },
];

describe('PeopleStore', () => {
  it('starts everyone as the seed says, and a stored person wins over the seed on the next start', () => {
    const store = openStore(cleanup);
    const people = new PeopleStore(store, SEED, 10);
    expect(people.all().map((p) => p.address)).toEqual(['ann@example.test', 'ben@example.test']);
    expect(people.get('ann@example.test')).toEqual({ address: 'ann@example.test', displayName: 'Ann', note: '', data: { level: 1 } });
    expect(people.entries('ann@example.test')).toEqual({ allow: ['x@elsewhere.test'], block: ['y@elsewhere.test'] });
    people.update('ann@example.test', (p) => {
      p.note = 'away';
      p.data.level = 9;
    });
    people.changeList('ann@example.test', 'block', 'remove', 'y@elsewhere.test');
    const again = new PeopleStore(store, SEED, 10);
    expect(again.get('ann@example.test')).toMatchObject({ note: 'away', data: { level: 9 } });
    expect(again.entries('ann@example.test')).toEqual({ allow: ['x@elsewhere.test'], block: [] });
    // The seed itself is never changed.
    expect(SEED[0]!.data.level).toBe(1);
  });

  it('keeps each list entry as a row of its own: one change is one row written, at any list size', () => {
    const store = openStore(cleanup);
    const people = new PeopleStore(store, SEED, 5000);
    for (let i = 0; i < 3000; i++) expect(people.changeList('ben@example.test', 'block', 'add', `p${i}@elsewhere.test`)).toBe('changed');
    const rows = store.statement("SELECT COUNT(*) AS n FROM list_entries WHERE owner = 'ben@example.test'").get<{ n: number }>();
    expect(rows?.n).toBe(3000);
    expect(people.changeList('ben@example.test', 'block', 'add', 'p0@elsewhere.test')).toBe('unchanged');
    expect(people.changeList('ben@example.test', 'block', 'remove', 'p1@elsewhere.test')).toBe('changed');
    expect(people.changeList('ben@example.test', 'block', 'remove', 'p1@elsewhere.test')).toBe('unchanged');
    expect(people.lists('ben@example.test').block.includes('p2@elsewhere.test')).toBe(true);
    expect(people.lists('ben@example.test').block.includes('p1@elsewhere.test')).toBe(false);
    expect(people.onList('ben@example.test', 'allow', 'p2@elsewhere.test')).toBe(false);
  });

  it('holds at most maxListEntries per list: full, and nothing is written', () => {
    const store = openStore(cleanup);
    const people = new PeopleStore(store, SEED, 1);
    expect(people.changeList('ben@example.test', 'allow', 'add', 'a@elsewhere.test')).toBe('changed');
    expect(people.changeList('ben@example.test', 'allow', 'add', 'b@elsewhere.test')).toBe('full');
    expect(people.changeList('ben@example.test', 'block', 'add', 'b@elsewhere.test')).toBe('changed');
    expect(new PeopleStore(store, SEED, 1).entries('ben@example.test')).toEqual({ allow: ['a@elsewhere.test'], block: ['b@elsewhere.test'] });
  });

  it('creates people at run time, once; removes them with their lists; resets to the seed', () => {
    const store = openStore(cleanup);
    const people = new PeopleStore(store, SEED, 10);
    expect(people.create({ address: 'cid@example.test', displayName: 'Cid', data: { level: 3 }, lists: { block: ['z@elsewhere.test'] } })).toMatchObject({ address: 'cid@example.test' });
    expect(people.create({ address: 'ann@example.test', displayName: 'Ann again', data: { level: 0 } })).toBeUndefined();
    expect(people.remove('cid@example.test')).toBe(true);
    expect(people.remove('cid@example.test')).toBe(false);
    expect(new PeopleStore(store, SEED, 10).get('cid@example.test')).toBeUndefined();
    expect(store.statement("SELECT COUNT(*) AS n FROM list_entries WHERE owner = 'cid@example.test'").get<{ n: number }>()?.n).toBe(0);
    people.create({ address: 'dee@example.test', displayName: 'Dee', data: { level: 4 } });
    people.changeList('ann@example.test', 'allow', 'add', 'w@elsewhere.test');
    people.reset();
    expect(people.all().map((p) => p.address)).toEqual(['ann@example.test', 'ben@example.test']);
    expect(people.entries('ann@example.test')).toEqual({ allow: ['x@elsewhere.test'], block: ['y@elsewhere.test'] });
    expect(new PeopleStore(store, SEED, 10).all()).toHaveLength(2);
  });

  it('changes nothing in memory when a write fails at run time (the database is locked by someone else)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedlab-people-'));
    cleanup(() => rmSync(dir, { recursive: true, force: true }));
    const store = openStore(cleanup, join(dir, 'people.db'));
    const people = new PeopleStore(store, SEED, 10);
    const other = new Store(join(dir, 'people.db'));
    cleanup(() => other.close());
    other.statement('BEGIN EXCLUSIVE').run();
    expect(() => people.changeList('ann@example.test', 'block', 'add', 'q@elsewhere.test')).toThrow(expect.objectContaining({ name: 'StorageError', sqliteCode: 'SQLITE_BUSY' }));
    expect(() => people.update('ann@example.test', (p) => (p.note = 'lost'))).toThrow(expect.objectContaining({ name: 'StorageError' }));
    expect(people.onList('ann@example.test', 'block', 'q@elsewhere.test')).toBe(false);
    expect(people.get('ann@example.test')?.note).toBe('');
    other.statement('COMMIT').run();
    expect(people.changeList('ann@example.test', 'block', 'add', 'q@elsewhere.test')).toBe('changed');
  });
});
