import { describe, expect, it } from 'vitest';
import { PasswordBook } from './passwords.ts';
import { Store } from './store.ts';

describe('PasswordBook', () => {
  it('checks the deployment password, or the user\'s own; a missing or non-string one never matches', async () => {
    const book = await PasswordBook.create('deployment', [{ address: 'bob@x.test', password: 'bobs' }, { address: 'eve@x.test' }]);
    expect(await book.verify('alice@x.test', 'deployment')).toBe(true);
    expect(await book.verify('alice@x.test', 'deploymenT')).toBe(false);
    expect(await book.verify('alice@x.test', undefined)).toBe(false);
    expect(await book.verify('alice@x.test', { toString: () => 'deployment' })).toBe(false);
    expect(await book.verify('bob@x.test', 'bobs')).toBe(true);
    expect(await book.verify('bob@x.test', 'deployment')).toBe(false);
    expect(await book.verify('eve@x.test', 'deployment')).toBe(true);
  });

  it('stores run-time users\' passwords as salted hashes only, and forgets them', async () => {
    const store = new Store(':memory:');
    const book = await PasswordBook.create('deployment', [], store);
    await book.setOwn('hana@x.test', 'hanas-own');
    expect(JSON.stringify(store.list('passwords'))).not.toContain('hanas-own');
    const restarted = await PasswordBook.create('deployment', [], store);
    expect(await restarted.verify('hana@x.test', 'hanas-own')).toBe(true);
    restarted.forget('hana@x.test');
    expect(await restarted.verify('hana@x.test', 'deployment')).toBe(true);
    expect(store.list('passwords')).toEqual([]);
  });

  it('keeps the topology\'s passwords through a reset, and drops the run-time ones', async () => {
    const book = await PasswordBook.create('deployment', [{ address: 'bob@x.test', password: 'bobs' }]);
    await book.setOwn('hana@x.test', 'hanas-own');
    book.reset();
    expect(await book.verify('bob@x.test', 'bobs')).toBe(true);
    expect(await book.verify('hana@x.test', 'deployment')).toBe(true);
  });
});
