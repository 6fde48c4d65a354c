import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOPOLOGY_PATH, loadTopology } from '@fedlab/topology';
import { readConfig } from './config.ts';
import { buildAdminServer } from './server.ts';

const dist = mkdtempSync(join(tmpdir(), 'fedlab-admin-dist-'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>fedlab admin</title>');
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('the admin page server', () => {
  it('serves the page and where the edge and the home server are, and nothing about the token', async () => {
    const server = await buildAdminServer({ config: { edge: 'http://127.0.0.1:7200', home: 'http://127.0.0.1:7100' }, distDir: dist });
    const port = await server.listen(0, '127.0.0.1');
    try {
      const config = await fetch(`http://127.0.0.1:${port}/config.json`);
      expect(await config.json()).toEqual({ edge: 'http://127.0.0.1:7200', home: 'http://127.0.0.1:7100' });
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('fedlab admin');
    } finally {
      await server.close();
    }
  });

  it('refuses to start without a build, and says what to run', async () => {
    await expect(buildAdminServer({ config: { edge: 'e', home: 'h' }, distDir: join(dist, 'missing') })).rejects.toThrow(/npm run build/);
  });
});

describe('the admin page configuration', () => {
  const topology = loadTopology(DEFAULT_TOPOLOGY_PATH);

  it('defaults: the topology’s ports on 127.0.0.1, listening on 127.0.0.1:7500', () => {
    expect(readConfig({})).toEqual({
      endpoints: { edge: `http://127.0.0.1:${topology.edge.port}`, home: `http://127.0.0.1:${topology.home.port}` },
      port: 7500,
      host: '127.0.0.1',
    });
  });

  it('reads each setting from the environment', () => {
    expect(readConfig({
      FEDLAB_PUBLIC_HOST: 'lab.example.test', FEDLAB_EDGE_PORT: '8200', FEDLAB_HOME_PORT: '8100', FEDLAB_ADMIN_PORT: '0', FEDLAB_BIND: '0.0.0.0',
    })).toEqual({ endpoints: { edge: 'http://lab.example.test:8200', home: 'http://lab.example.test:8100' }, port: 0, host: '0.0.0.0' });
    expect(readConfig({ FEDLAB_PUBLIC_HOST: '::1' }).endpoints.edge).toBe(`http://[::1]:${topology.edge.port}`);
  });

  it('says which setting is wrong', () => {
    expect(() => readConfig({ FEDLAB_ADMIN_PORT: 'seventy' })).toThrow(/FEDLAB_ADMIN_PORT must be a whole number from 0 to 65535/);
    expect(() => readConfig({ FEDLAB_TOPOLOGY: '/nonexistent/topology.json' })).toThrow(/cannot read topology/);
  });
});
