import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from './store.ts';
import { openStore, useCleanup } from './test-support.ts';

const cleanup = useCleanup();

const memory = () => openStore(cleanup);

describe('Store', () => {
  it('keeps JSON documents by collection and key', () => {
    const store = memory();
    const doc = { name: 'Yahoo!', domains: ['yahoo.test'], allowed: true, port: 7302, nested: { note: null } };
    store.put('providers', 'yahoo', doc);
    expect(store.get('providers', 'yahoo')).toEqual(doc);
    expect(store.get('providers', 'msn')).toBeUndefined();
    expect(store.get('users', 'yahoo')).toBeUndefined();
    store.put('flags', 'on', true);
    store.put('flags', 'name', 'text');
    expect([store.get('flags', 'on'), store.get('flags', 'name')]).toEqual([true, 'text']);
  });

  it('replaces a document in place: a list keeps the order in which keys were first put', () => {
    const store = memory();
    store.put('c', 'a', 1);
    store.put('c', 'b', 2);
    store.put('other', 'x', 'elsewhere');
    store.put('c', 'a', 10);
    expect(store.list('c')).toEqual([10, 2]);
    expect(store.list('empty')).toEqual([]);
  });

  it('deletes one document and clears one collection, leaving the others', () => {
    const store = memory();
    store.put('c', 'a', 1);
    store.put('c', 'b', 2);
    store.put('other', 'x', 3);
    store.delete('c', 'a');
    store.delete('c', 'missing');
    expect(store.list('c')).toEqual([2]);
    store.clear('c');
    expect(store.list('c')).toEqual([]);
    expect(store.list('other')).toEqual([3]);
  });

  it('runs a transaction whole, or not at all when it throws', () => {
    const store = memory();
    store.put('c', 'a', 1);
    expect(store.transaction(() => {
      store.put('c', 'b', 2);
      store.delete('c', 'a');
      return 'done';
    })).toBe('done');
    expect(store.list('c')).toEqual([2]);
    expect(() => store.transaction(() => {
      store.put('c', 'c', 3);
      store.clear('c');
      throw new Error('half way');
    })).toThrow('half way');
    expect(store.list('c')).toEqual([2]);
  });

  it('keeps what was put across a close and a reopen of the same file; :memory: starts empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedlab-store-'));
    cleanup(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'state.db');
    const first = new Store(path);
    first.put('users', 'alice@contoso.test', { enablement: { federation: true, publicIm: false } });
    first.close();
    const again = openStore(cleanup, path);
    expect(again.get('users', 'alice@contoso.test')).toEqual({ enablement: { federation: true, publicIm: false } });
    expect(memory().list('users')).toEqual([]);
  });
});
