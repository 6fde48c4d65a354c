import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('readConfig', () => {
  it('runs as the named provider of the shipped topology, with its defaults', () => {
    const config = readConfig({ FEDLAB_PROVIDER: 'yahoo' });
    expect(config).toMatchObject({ port: 7302, host: '127.0.0.1', timeoutMs: 2000, provider: { id: 'yahoo', fqdn: 'sip.yahoo.test', domains: ['yahoo.test'] } });
    expect(config).not.toHaveProperty('adminToken');
    expect(config).not.toHaveProperty('federationToken');
  });

  it('takes the port, bind address, time-out and tokens from the environment', () => {
    expect(readConfig({
      FEDLAB_PROVIDER: 'fabrikam', FEDLAB_PROVIDER_PORT: '0', FEDLAB_BIND: '0.0.0.0', FEDLAB_TIMEOUT_MS: '50',
      FEDLAB_ADMIN_TOKEN: 'adm', FEDLAB_FEDERATION_TOKEN: 'fed',
    })).toMatchObject({ port: 0, host: '0.0.0.0', timeoutMs: 50, adminToken: 'adm', federationToken: 'fed', provider: { id: 'fabrikam', public: false } });
  });

  it('names what is wrong with a bad environment', () => {
    expect(() => readConfig({})).toThrow('FEDLAB_PROVIDER is required');
    expect(() => readConfig({ FEDLAB_PROVIDER: 'icq' })).toThrow('FEDLAB_PROVIDER=icq is not in the topology (known: msn, yahoo, aol, fabrikam)');
    expect(() => readConfig({ FEDLAB_PROVIDER: 'msn', FEDLAB_PROVIDER_PORT: 'http' })).toThrow('FEDLAB_PROVIDER_PORT must be a whole number from 0 to 65535, not "http"');
    expect(() => readConfig({ FEDLAB_PROVIDER: 'msn', FEDLAB_PROVIDER_PORT: '70000' })).toThrow(/FEDLAB_PROVIDER_PORT must be a whole number/);
    expect(() => readConfig({ FEDLAB_PROVIDER: 'msn', FEDLAB_TIMEOUT_MS: '10' })).toThrow('FEDLAB_TIMEOUT_MS must be a whole number from 50 to 120000, not "10"');
    expect(() => readConfig({ FEDLAB_PROVIDER: 'msn', FEDLAB_TOPOLOGY: '/nonexistent/topology.json' })).toThrow(/cannot read topology \/nonexistent\/topology.json/);
  });
});
