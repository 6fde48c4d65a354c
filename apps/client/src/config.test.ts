import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@fedlab/server';
import { DEFAULT_TOPOLOGY_PATH } from '@fedlab/topology';
import { readConfig } from './config.ts';

describe('the client bin’s settings', () => {
  it('has a default for everything: the shipped topology, 127.0.0.1, port 7400', () => {
    const config = readConfig({});
    expect({ port: config.port, host: config.host, publicHost: config.publicHost }).toEqual({ port: 7400, host: '127.0.0.1', publicHost: '127.0.0.1' });
    expect(config.app.organization.url).toBe('http://127.0.0.1:7100');
    expect(config.app.providers.map((p) => p.url)).toEqual(['http://127.0.0.1:7301', 'http://127.0.0.1:7302', 'http://127.0.0.1:7303', 'http://127.0.0.1:7304']);
  });

  it('reads the port, the bind address and the public host from the environment', () => {
    const config = readConfig({ FEDLAB_CLIENT_PORT: '8400', FEDLAB_BIND: '0.0.0.0', FEDLAB_PUBLIC_HOST: 'fedlab.example.test' });
    expect({ port: config.port, host: config.host }).toEqual({ port: 8400, host: '0.0.0.0' });
    expect(config.app.organization.url).toBe('http://fedlab.example.test:7100');
    expect(readConfig({ FEDLAB_PUBLIC_HOST: '::1' }).app.providers[0]!.url).toBe('http://[::1]:7301');
  });

  it('reads another topology, and its ports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedlab-client-'));
    try {
      const topology = JSON.parse(readFileSync(DEFAULT_TOPOLOGY_PATH, 'utf8'));
      topology.home.port = 9100;
      topology.client.port = 9400;
      const file = join(dir, 'topology.json');
      writeFileSync(file, JSON.stringify(topology));
      const config = readConfig({ FEDLAB_TOPOLOGY: file });
      expect(config.port).toBe(9400);
      expect(config.app.organization.url).toBe('http://127.0.0.1:9100');
      delete topology.client;
      writeFileSync(file, JSON.stringify(topology));
      expect(readConfig({ FEDLAB_TOPOLOGY: file }).port).toBe(7400);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad port with a clear message', () => {
    expect(() => readConfig({ FEDLAB_CLIENT_PORT: 'seventy' })).toThrow(ConfigError);
    expect(() => readConfig({ FEDLAB_CLIENT_PORT: '70000' })).toThrow('FEDLAB_CLIENT_PORT must be a whole number from 0 to 65535, not "70000"');
  });
});
