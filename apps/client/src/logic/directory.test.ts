import { describe, expect, it } from 'vitest';
import type { ClientAppConfig } from '../app-config.ts';
import { DirectoryIndex, directoryUsers, fetchDirectory } from './directory.ts';
import { sidesOf } from './servers.ts';

const config: ClientAppConfig = {
  organization: { name: 'Contoso', domains: ['contoso.test'], url: 'http://home' },
  providers: [
    { id: 'yahoo', name: 'Yahoo!', domains: ['yahoo.test'], url: 'http://yahoo' },
    { id: 'aol', name: 'AOL', domains: ['aol.test'], url: 'http://aol' },
  ],
};
const [org, yahoo] = sidesOf(config);

describe("a server's /directory", () => {
  it('keeps valid users of that side, with name, online and verification', () => {
    const raw = {
      provider: { id: 'yahoo', public: true },
      users: [
        { address: 'yuki@yahoo.test', displayName: 'Yuki Yamada', verified: true, online: true },
        { address: 'yan@yahoo.test', displayName: '  ', verified: false, online: false },
      ],
    };
    expect(directoryUsers(raw, yahoo!)).toEqual([
      { address: 'yuki@yahoo.test', displayName: 'Yuki Yamada', online: true, verified: true },
      { address: 'yan@yahoo.test', displayName: 'yan', online: false, verified: false },
    ]);
  });

  it('drops what is not a user of that side: bad addresses, other domains, non-objects', () => {
    const raw = { users: [{ address: 'NOT AN ADDRESS' }, { address: 'alice@contoso.test', displayName: 'Alice' }, null, 'x', { address: 'ok@yahoo.test', displayName: 7 }] };
    expect(directoryUsers(raw, yahoo!)).toEqual([{ address: 'ok@yahoo.test', displayName: 'ok', online: false }]);
    expect(() => directoryUsers({ users: 'nope' }, org!)).toThrow('Contoso sent a directory without a user list');
  });

  it('asks every server; one that fails or answers nonsense gives a group with an error', async () => {
    const answers: Record<string, () => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>> = {
      'http://home/directory': async () => ({ ok: true, status: 200, json: async () => ({ users: [{ address: 'alice@contoso.test', displayName: 'Alice Anders', online: false }] }) }),
      'http://yahoo/directory': async () => ({ ok: false, status: 503, json: async () => ({}) }),
      'http://aol/directory': async () => {
        throw new Error('connection refused');
      },
    };
    const groups = await fetchDirectory(config, (url) => answers[url]!());
    expect(groups.map((g) => [g.side.id, g.users.length, g.error])).toEqual([
      ['organization', 1, undefined],
      ['yahoo', 0, 'Yahoo! answered 503'],
      ['aol', 0, 'AOL cannot be reached (connection refused)'],
    ]);
    const index = new DirectoryIndex(groups);
    expect(index.nameOf('alice@contoso.test')).toBe('Alice Anders');
    expect(index.nameOf('someone@aol.test')).toBe('someone');
  });

  it('reads whether a provider is public', async () => {
    const groups = await fetchDirectory(config, async (url) => ({
      ok: true,
      status: 200,
      json: async () => (url.includes('home') ? { users: [] } : { provider: { public: url.includes('yahoo') }, users: [] }),
    }));
    expect(groups.map((g) => g.public)).toEqual([undefined, true, false]);
  });
});
