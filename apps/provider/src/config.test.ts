import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

const SECRETS = { FEDLAB_LINK_SECRET: 'the-link-secret-of-this-provider', FEDLAB_PASSWORD: 'pw' };
const SECRETS_READ = { linkSecret: SECRETS.FEDLAB_LINK_SECRET, password: 'pw' };

describe('readConfig', () => {
  it('runs as the named provider of the shipped topology, with its defaults', () => {
    const config = readConfig({ FEDLAB_PROVIDER: 'yahoo', ...SECRETS });
    expect(config).toMatchObject({ port: 7302, host: '127.0.0.1', timeoutMs: 2000, provider: { id: 'yahoo', fqdn: 'sip.yahoo.test', domains: ['yahoo.test'] }, ...SECRETS_READ });
    expect(config).not.toHaveProperty('adminToken');
    expect(config.origins.list()).toContain('http://127.0.0.1:7400');
  });

  it('takes the port, bind address, time-out and tokens from the environment', () => {
    expect(readConfig({
      FEDLAB_PROVIDER: 'fabrikam', FEDLAB_PROVIDER_PORT: '0', FEDLAB_BIND: '0.0.0.0', FEDLAB_TIMEOUT_MS: '50',
      FEDLAB_ADMIN_TOKEN: 'adm', ...SECRETS,
    })).toMatchObject({ port: 0, host: '0.0.0.0', timeoutMs: 50, adminToken: 'adm', ...SECRETS_READ, provider: { id: 'fabrikam', public: false } });
  });

  it('requires the link secret (unless the topology has one) and the deployment password', () => {
    expect(() => readConfig({ FEDLAB_PROVIDER: 'msn', FEDLAB_PASSWORD: 'pw' })).toThrow("FEDLAB_LINK_SECRET is required: the secret of msn's federation link with the edge");
    expect(() => readConfig({ FEDLAB_PROVIDER: 'msn', FEDLAB_LINK_SECRET: 'x'.repeat(16) })).toThrow('FEDLAB_PASSWORD is required');
  });

  it('names what is wrong with a bad environment', () => {
    expect(() => readConfig({})).toThrow('FEDLAB_PROVIDER is required');
    expect(() => readConfig({ FEDLAB_PROVIDER: 'icq' })).toThrow('FEDLAB_PROVIDER=icq is not in the topology (known: msn, yahoo, aol, fabrikam)');
    expect(() => readConfig({ FEDLAB_PROVIDER: 'msn', ...SECRETS, FEDLAB_ALLOWED_ORIGINS: 'not an origin' })).toThrow('FEDLAB_ALLOWED_ORIGINS: "not an origin" is not an origin like http://host:port');
    expect(() => readConfig({ FEDLAB_PROVIDER: 'msn', FEDLAB_PROVIDER_PORT: 'http' })).toThrow('FEDLAB_PROVIDER_PORT must be a whole number from 0 to 65535, not "http"');
    expect(() => readConfig({ FEDLAB_PROVIDER: 'msn', FEDLAB_PROVIDER_PORT: '70000' })).toThrow(/FEDLAB_PROVIDER_PORT must be a whole number/);
    expect(() => readConfig({ FEDLAB_PROVIDER: 'msn', FEDLAB_TIMEOUT_MS: '10' })).toThrow('FEDLAB_TIMEOUT_MS must be a whole number from 50 to 120000, not "10"');
    expect(() => readConfig({ FEDLAB_PROVIDER: 'msn', FEDLAB_TOPOLOGY: '/nonexistent/topology.json' })).toThrow(/cannot read topology \/nonexistent\/topology.json/);
  });
});
