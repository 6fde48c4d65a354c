import { describe, expect, it } from 'vitest';
import { Store } from '@fedlab/server';
import type { TopologyInternalUser } from '@fedlab/topology';
import { Directory } from './directory.ts';

const SEED: TopologyInternalUser[] = [
  { address: 'alice@contoso.test', displayName: 'Alice', enablement: { federation: true, publicIm: false }, allow: ['yuki@yahoo.test'], subscriptionSetting: 'allow' },
  { address: 'bob@contoso.test', displayName: 'Bob' },
];

describe('Directory', () => {
  it('starts everyone as the topology says, with the defaults for what it leaves out', () => {
    const directory = new Directory(new Store(':memory:'), SEED);
    expect(directory.all().map((u) => u.address)).toEqual(['alice@contoso.test', 'bob@contoso.test']);
    expect(directory.get('bob@contoso.test')).toEqual({
      address: 'bob@contoso.test', displayName: 'Bob', enablement: { federation: false, publicIm: false }, lists: { allow: [], block: [] },
      settings: { subscriptionSetting: 'prompt', blockImFromNonAllowList: false }, note: '',
    });
    expect(directory.profileOf(directory.get('alice@contoso.test')!)).toEqual({
      address: 'alice@contoso.test', displayName: 'Alice', kind: 'internal', lists: { allow: ['yuki@yahoo.test'], block: [] },
      settings: { subscriptionSetting: 'allow', blockImFromNonAllowList: false }, enablement: { federation: true, publicIm: false },
    });
    expect(directory.get('nobody@contoso.test')).toBeUndefined();
  });

  it('stores each change, and a stored user wins over the topology on the next start', () => {
    const store = new Store(':memory:');
    const directory = new Directory(store, SEED);
    const after = directory.update('alice@contoso.test', (u) => {
      u.lists.block.push('amy@aim.test');
      u.enablement.publicIm = true;
    });
    expect(after?.lists.block).toEqual(['amy@aim.test']);
    expect(directory.update('nobody@contoso.test', () => undefined)).toBeUndefined();
    expect(new Directory(store, SEED).get('alice@contoso.test')).toMatchObject({ lists: { block: ['amy@aim.test'] }, enablement: { publicIm: true } });
    // The seed itself is never changed.
    expect(SEED[0]).not.toHaveProperty('block');
    expect(SEED[0]!.enablement).toEqual({ federation: true, publicIm: false });
  });

  it('hands out profiles that are copies', () => {
    const directory = new Directory(new Store(':memory:'), SEED);
    const profile = directory.profileOf(directory.get('alice@contoso.test')!);
    profile.lists.allow.push('mallory@yahoo.test');
    profile.enablement!.publicIm = true;
    expect(directory.get('alice@contoso.test')).toMatchObject({ lists: { allow: ['yuki@yahoo.test'] }, enablement: { publicIm: false } });
  });

  it('creates users at run time, once, and keeps them across a restart', () => {
    const store = new Store(':memory:');
    const directory = new Directory(store, SEED);
    expect(directory.create({ address: 'hana@contoso.test', displayName: 'Hana', block: ['troll@yahoo.test'] })).toMatchObject({ address: 'hana@contoso.test', lists: { block: ['troll@yahoo.test'] } });
    expect(directory.create({ address: 'alice@contoso.test', displayName: 'Alice again' })).toBeUndefined();
    expect(new Directory(store, SEED).all().map((u) => u.address)).toEqual(['alice@contoso.test', 'bob@contoso.test', 'hana@contoso.test']);
  });

  it('removes users, and resets to the topology', () => {
    const store = new Store(':memory:');
    const directory = new Directory(store, SEED);
    directory.create({ address: 'hana@contoso.test', displayName: 'Hana' });
    directory.update('bob@contoso.test', (u) => (u.note = 'away'));
    expect(directory.remove('hana@contoso.test')).toBe(true);
    expect(directory.remove('hana@contoso.test')).toBe(false);
    directory.create({ address: 'ivy@contoso.test', displayName: 'Ivy' });
    directory.reset();
    expect(directory.all().map((u) => u.address)).toEqual(['alice@contoso.test', 'bob@contoso.test']);
    expect(directory.get('bob@contoso.test')?.note).toBe('');
    expect(new Directory(store, SEED).all().map((u) => u.address)).toEqual(['alice@contoso.test', 'bob@contoso.test']);
  });
});
