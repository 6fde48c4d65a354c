import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

const TOKENS = { FEDLAB_ADMIN_TOKEN: 'adm', FEDLAB_INTERNAL_TOKEN: 'int' };
const SECRET = 'a-link-secret-of-msn';

describe('readConfig', () => {
  it('takes its defaults from the shipped topology, resolving FQDNs through its hosts map', () => {
    const config = readConfig(TOKENS);
    expect(config).toMatchObject({ adminToken: 'adm', internalToken: 'int', database: join('.fedlab/data', 'edge.db'), port: 7200, host: '127.0.0.1', timeoutMs: 2000 });
    expect(config.linkSecrets).toEqual({});
    expect(config.origins.list()).toEqual(expect.arrayContaining(['http://127.0.0.1:7400', 'http://localhost:7500']));
    expect(config.topology.hosts).toMatchObject({ 'sip.yahoo.test': '127.0.0.1' });
    expect(readConfig({ ...TOKENS, FEDLAB_HOSTS: 'topology' }).topology.hosts).toBeDefined();
  });

  it('leaves name resolution to the DNS with FEDLAB_HOSTS=dns', () => {
    expect(readConfig({ ...TOKENS, FEDLAB_HOSTS: 'dns' }).topology).not.toHaveProperty('hosts');
  });

  it('takes the link secrets, origins, database, port, bind address and time-out from the environment', () => {
    const config = readConfig({
      ...TOKENS, FEDLAB_LINK_SECRETS: `msn=${SECRET}, yahoo=${SECRET}-2`, FEDLAB_DATA_DIR: '/srv/fedlab', FEDLAB_EDGE_PORT: '0', FEDLAB_BIND: '0.0.0.0', FEDLAB_TIMEOUT_MS: '50',
      FEDLAB_PUBLIC_HOST: 'fedlab.example', FEDLAB_ALLOWED_ORIGINS: 'https://qa.example:8443,http://tools.example',
    });
    expect(config).toMatchObject({ linkSecrets: { msn: SECRET, yahoo: `${SECRET}-2` }, database: '/srv/fedlab/edge.db', port: 0, host: '0.0.0.0', timeoutMs: 50 });
    expect(config.origins.list()).toEqual(['http://fedlab.example:7400', 'http://fedlab.example:7500', 'https://qa.example:8443', 'http://tools.example']);
    expect(readConfig({ ...TOKENS, FEDLAB_DATABASE: ':memory:' }).database).toBe(':memory:');
  });

  it('names what is missing or wrong', () => {
    expect(() => readConfig({ ...TOKENS, FEDLAB_LINK_SECRETS: 'msn' })).toThrow('FEDLAB_LINK_SECRETS must be id=secret pairs');
    expect(() => readConfig({ ...TOKENS, FEDLAB_LINK_SECRETS: 'msn=short' })).toThrow('FEDLAB_LINK_SECRETS must be id=secret pairs');
    expect(() => readConfig({ ...TOKENS, FEDLAB_HOSTS: 'etc-hosts' })).toThrow('FEDLAB_HOSTS must be "topology" or "dns", not "etc-hosts"');
    expect(() => readConfig({ FEDLAB_INTERNAL_TOKEN: 'int' })).toThrow('FEDLAB_ADMIN_TOKEN is required');
    expect(() => readConfig({ FEDLAB_ADMIN_TOKEN: 'adm' })).toThrow('FEDLAB_INTERNAL_TOKEN is required');
    expect(() => readConfig({ ...TOKENS, FEDLAB_EDGE_PORT: '65536' })).toThrow('FEDLAB_EDGE_PORT must be a whole number from 0 to 65535, not "65536"');
    expect(() => readConfig({ ...TOKENS, FEDLAB_TIMEOUT_MS: '120001' })).toThrow('FEDLAB_TIMEOUT_MS must be a whole number from 50 to 120000, not "120001"');
    expect(() => readConfig({ ...TOKENS, FEDLAB_TOPOLOGY: '/nonexistent.json' })).toThrow(/cannot read topology \/nonexistent.json/);
  });
});
