import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFileError, Store, ensureDataDir } from './store.ts';
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

  it('refuses, at start, a file that is not a database: one line naming the file and what to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedlab-store-'));
    cleanup(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'edge.db');
    writeFileSync(path, 'this is not a database, only some text that fills more than one page. '.repeat(100));
    let error: unknown;
    try {
      new Store(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).message).toBe(`cannot use the data file ${path}: file is not a database. It is damaged or not a fedlab database: move it aside (or delete it to start over) and start again`);
    expect((error as DataFileError).message).not.toContain('\n');
  });

  it('finds, at start, a data dir that cannot be written (a probe write), and a dir that cannot be made', () => {
    // Root writes anywhere it may chmod, but never in /proc.
    const dir = process.getuid?.() === 0 ? '/proc/self' : mkdtempSync(join(tmpdir(), 'fedlab-store-'));
    if (dir !== '/proc/self') {
      chmodSync(dir, 0o555);
      cleanup(() => rmSync(dir, { recursive: true, force: true }));
    }
    expect(() => new Store(join(dir, 'home.db'))).toThrow(expect.objectContaining({ name: 'DataFileError', message: expect.stringMatching(new RegExp(`^cannot use the data file ${join(dir, 'home.db')}: .*Make its directory writable, or point FEDLAB_DATA_DIR at a writable directory$`)) }));
    expect(() => ensureDataDir(join(dir, 'sub', 'home.db'))).toThrow(expect.objectContaining({ name: 'DataFileError', message: expect.stringContaining('its directory cannot be created') }));
    expect(() => ensureDataDir(':memory:')).not.toThrow();
  });
});
