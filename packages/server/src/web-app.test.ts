import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWebApp } from './web-app.ts';
import { useCleanup } from './test-support.ts';

const cleanup = useCleanup();

function distDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-web-'));
  cleanup(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('buildWebApp', () => {
  it('serves the build, GET /config.json and GET /health', async () => {
    const config = { organization: { name: 'Contoso', url: 'http://127.0.0.1:7100' }, providers: [] };
    const app = await buildWebApp({ name: 'client', distDir: distDir({ 'index.html': '<!doctype html><title>fedlab</title>', 'app.js': 'export {};' }), config });
    cleanup(() => app.close());
    const base = `http://127.0.0.1:${await app.listen()}`;
    const page = await fetch(`${base}/`);
    expect([page.status, await page.text()]).toEqual([200, '<!doctype html><title>fedlab</title>']);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${base}/app.js`)).status).toBe(200);
    const served = await fetch(`${base}/config.json`);
    expect(served.headers.get('content-type')).toContain('application/json');
    expect(await served.json()).toEqual(config);
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ ok: true, app: 'client' });
    expect((await fetch(`${base}/missing.js`)).status).toBe(404);
  });

  it('says what to do when there is no build', async () => {
    const empty = distDir({});
    await expect(buildWebApp({ name: 'admin', distDir: empty, config: {} })).rejects.toThrow(`admin: no build at ${empty}; run \`npm run build\` first`);
    await expect(buildWebApp({ name: 'admin', distDir: join(empty, 'nowhere'), config: {} })).rejects.toThrow(/^admin: no build at .*nowhere; run `npm run build` first$/);
  });
});
