import { describe, expect, it } from 'vitest';
import type { ClientAppConfig } from '../app-config.ts';
import { providerName, sideFor, sidesOf } from './servers.ts';

const config: ClientAppConfig = {
  organization: { name: 'Contoso', domains: ['contoso.test'], url: 'http://h:7100' },
  providers: [
    { id: 'msn', name: 'MSN', domains: ['hotmail.test', 'msn.test'], url: 'http://h:7301' },
    { id: 'yahoo', name: 'Yahoo!', domains: ['yahoo.test'], url: 'http://h:7302' },
  ],
};

describe('picking the server for an address', () => {
  it("sends the organization's users to the home server", () => {
    expect(sideFor(config, 'alice@contoso.test')).toEqual({ kind: 'organization', id: 'organization', name: 'Contoso', domains: ['contoso.test'], url: 'http://h:7100' });
  });

  it("sends a provider's users to their provider, whichever of its domains", () => {
    expect(sideFor(config, 'sam@hotmail.test')?.url).toBe('http://h:7301');
    expect(sideFor(config, 'newbie@msn.test')?.id).toBe('msn');
    expect(sideFor(config, 'yuki@yahoo.test')?.name).toBe('Yahoo!');
  });

  it('finds nobody for a domain no server serves, nor for a look-alike domain', () => {
    expect(sideFor(config, 'x@example.test')).toBeUndefined();
    expect(sideFor(config, 'x@evil-yahoo.test')).toBeUndefined();
    expect(sideFor(config, 'x@sub.yahoo.test')).toBeUndefined();
  });

  it('lists the organization first, then the providers in topology order', () => {
    expect(sidesOf(config).map((s) => s.id)).toEqual(['organization', 'msn', 'yahoo']);
  });

  it("names a provider from the id the edge stamps, or keeps the id", () => {
    expect(providerName(config, 'yahoo')).toBe('Yahoo!');
    expect(providerName(config, 'gone')).toBe('gone');
    expect(providerName(config, undefined)).toBeUndefined();
  });
});
