import { describe, expect, it } from 'vitest';
import { loadTopology } from '@fedlab/topology';
import { clientAppConfig } from './app-config.ts';

describe('clientAppConfig', () => {
  const topology = loadTopology();
  const endpoints = {
    home: 'http://127.0.0.1:7100',
    providers: { msn: 'http://127.0.0.1:7301', yahoo: 'http://127.0.0.1:7302', aol: 'http://127.0.0.1:7303', fabrikam: 'http://127.0.0.1:7304' },
  };

  it('gives the browser the organization and every provider, with their domains and URLs', () => {
    expect(clientAppConfig(topology, endpoints)).toEqual({
      organization: { name: 'Contoso', domains: ['contoso.test'], url: 'http://127.0.0.1:7100' },
      providers: [
        { id: 'msn', name: 'MSN', domains: ['hotmail.test', 'msn.test'], url: 'http://127.0.0.1:7301' },
        { id: 'yahoo', name: 'Yahoo!', domains: ['yahoo.test'], url: 'http://127.0.0.1:7302' },
        { id: 'aol', name: 'AOL', domains: ['aol.test', 'aim.test'], url: 'http://127.0.0.1:7303' },
        { id: 'fabrikam', name: 'Fabrikam (partner)', domains: ['fabrikam.test'], url: 'http://127.0.0.1:7304' },
      ],
    });
  });

  it('tells nothing about users, lists or edge settings', () => {
    const json = JSON.stringify(clientAppConfig(topology, endpoints));
    expect(json).not.toContain('alice');
    expect(json).not.toContain('filtering');
    expect(json).not.toContain('enablement');
  });

  it('refuses a provider without an endpoint', () => {
    expect(() => clientAppConfig(topology, { home: endpoints.home, providers: { msn: 'http://x' } })).toThrow('client config: no endpoint for provider yahoo');
  });
});
