import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOPOLOGY_PATH } from '@fedlab/topology';
import { readConfig } from './config.ts';

const TOKENS = { FEDLAB_ADMIN_TOKEN: 'adm', FEDLAB_INTERNAL_TOKEN: 'int', FEDLAB_PASSWORD: 'pw' };

describe('readConfig', () => {
  it('takes its defaults from the shipped topology, the edge found through its hosts map', () => {
    expect(readConfig(TOKENS)).toMatchObject({
      adminToken: 'adm', internalToken: 'int', edgeUrl: 'http://127.0.0.1:7200', database: join('.fedlab/data', 'home.db'),
      port: 7100, host: '127.0.0.1', timeoutMs: 2000, topology: { organization: { name: 'Contoso' } },
    });
  });

  it('takes the edge URL, database, port, bind address and time-out from the environment', () => {
    expect(readConfig({ ...TOKENS, FEDLAB_EDGE_URL: 'http://edge:7200', FEDLAB_DATA_DIR: '/var/fedlab', FEDLAB_HOME_PORT: '0', FEDLAB_BIND: '0.0.0.0', FEDLAB_TIMEOUT_MS: '120000' }))
      .toMatchObject({ edgeUrl: 'http://edge:7200', database: '/var/fedlab/home.db', port: 0, host: '0.0.0.0', timeoutMs: 120000 });
    expect(readConfig({ ...TOKENS, FEDLAB_DATA_DIR: '/var/fedlab', FEDLAB_DATABASE: ':memory:' }).database).toBe(':memory:');
  });

  it('dials the edge FQDN itself when the topology has no hosts map', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedlab-home-config-'));
    try {
      const { hosts: _hosts, ...topology } = JSON.parse(readFileSync(DEFAULT_TOPOLOGY_PATH, 'utf8'));
      writeFileSync(join(dir, 'topology.json'), JSON.stringify(topology));
      expect(readConfig({ ...TOKENS, FEDLAB_TOPOLOGY: join(dir, 'topology.json') }).edgeUrl).toBe('http://edge.contoso.test:7200');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the sign-in failure limits, 10 and 30 a minute by default', () => {
    expect(readConfig(TOKENS).signInLimits).toEqual({ perAddress: 10, perSource: 30, windowMs: 60_000 });
    expect(readConfig({ ...TOKENS, FEDLAB_SIGN_IN_FAILURES_PER_ADDRESS: '3', FEDLAB_SIGN_IN_FAILURES_PER_SOURCE: '100000' }).signInLimits).toMatchObject({ perAddress: 3, perSource: 100_000 });
    expect(() => readConfig({ ...TOKENS, FEDLAB_SIGN_IN_FAILURES_PER_SOURCE: '0' })).toThrow('FEDLAB_SIGN_IN_FAILURES_PER_SOURCE must be a whole number from 1 to 1000000, not "0"');
    expect(() => readConfig({ FEDLAB_ADMIN_TOKEN: 'adm', FEDLAB_INTERNAL_TOKEN: 'int' })).toThrow('FEDLAB_PASSWORD is required');
  });

  it('names what is missing or wrong', () => {
    expect(() => readConfig({ FEDLAB_INTERNAL_TOKEN: 'int' })).toThrow('FEDLAB_ADMIN_TOKEN is required');
    expect(() => readConfig({ FEDLAB_ADMIN_TOKEN: 'adm' })).toThrow('FEDLAB_INTERNAL_TOKEN is required');
    expect(() => readConfig({ ...TOKENS, FEDLAB_HOME_PORT: '-1' })).toThrow('FEDLAB_HOME_PORT must be a whole number from 0 to 65535, not "-1"');
    expect(() => readConfig({ ...TOKENS, FEDLAB_TIMEOUT_MS: '1.5' })).toThrow('FEDLAB_TIMEOUT_MS must be a whole number from 50 to 120000, not "1.5"');
    expect(() => readConfig({ ...TOKENS, FEDLAB_TOPOLOGY: '/nonexistent.json' })).toThrow(/cannot read topology \/nonexistent.json/);
  });
});
