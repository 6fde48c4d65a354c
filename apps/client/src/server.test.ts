import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from './index.ts';
import type { ClientAppConfig } from './app-config.ts';

const config: ClientAppConfig = {
  organization: { name: 'Contoso', domains: ['contoso.test'], url: 'http://127.0.0.1:7100' },
  providers: [{ id: 'yahoo', name: 'Yahoo!', domains: ['yahoo.test'], url: 'http://127.0.0.1:7302' }],
};

let dist: string;
let server: client.ClientServer;
let base: string;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'fedlab-client-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>fedlab Chat</title><fl-chat-app></fl-chat-app>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'export {};');
  server = await client.buildClientServer({ config, distDir: dist });
  base = `http://127.0.0.1:${await server.listen(0)}`;
});

afterAll(async () => {
  await server?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the client server', () => {
  it('serves the built app', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<fl-chat-app>');
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(200);
  });

  it('serves the runtime configuration at /config.json', async () => {
    const response = await fetch(`${base}/config.json`);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual(config);
  });

  it('says what to do when there is no build', async () => {
    await expect(client.buildClientServer({ config, distDir: join(dist, 'missing') })).rejects.toThrow(/no build at .*missing; run `npm run build` first/);
  });
});

describe('@fedlab/client, imported from Node', () => {
  it('exports the server side only, without any DOM', () => {
    expect(Object.keys(client).sort()).toEqual(['DEFAULT_CLIENT_PORT', 'DEFAULT_DIST_DIR', 'buildClientServer', 'clientAppConfig', 'readConfig']);
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    expect(client.DEFAULT_DIST_DIR).toMatch(/apps\/client\/dist$/);
  });
});
