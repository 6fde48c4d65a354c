/**
 * The scenario library against a running topology in process mode (every app its own process, as `npm start`
 * runs it), the way a QA engineer runs it: `fedlab run scenarios --target DIR --reset`. One running topology
 * serves the whole suite (fresh users per scenario), and is left as it was found.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployProcesses, loadScenarios, runCli, type ProcessDeployment } from '@fedlab/testkit';
import { pointToLogsOnFailure } from '../support/logs.ts';

const LIBRARY = fileURLToPath(new URL('../../packages/testkit/scenarios', import.meta.url));

let d: ProcessDeployment;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fedlab-target-'));
  d = await deployProcesses({ workDir: dir, timeoutMs: 1000, database: 'memory' });
  // what `fedlab up` keeps in its work dir
  writeFileSync(join(dir, 'admin-token'), `${d.adminToken}\n`);
  writeFileSync(join(dir, 'password'), `${d.password}\n`);
}, 120_000);
pointToLogsOnFailure(() => d?.processes.map((p) => p.logFile) ?? []);
afterAll(() => d?.close());

describe('fedlab run --target (process mode)', () => {
  it('runs the whole library against the running topology and leaves it as it found it', async () => {
    await d.admin.allowProvider('aol');
    const before = await d.admin.state();
    const usersBefore = (await d.admin.users()).length;

    const lines: string[] = [];
    const code = await runCli([LIBRARY, '--target', dir, '--no-color'], (l) => lines.push(l));
    const out = lines.join('\n');
    expect(code, out).toBe(0);
    expect(out).not.toContain('FAILED');
    const ownTopology = loadScenarios([LIBRARY]).scenarios.filter((s) => s.topologyFile).length;
    expect(out).toContain(`${ownTopology} skipped`);

    const after = await d.admin.state();
    expect(after.federationEnabled).toBe(before.federationEnabled);
    const byId = (list: { id: string }[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(after.providers), 'the provider list as it was (a removed and re-added entry comes last)').toEqual(byId(before.providers));
    const links = (list: typeof before.links) => list.map((l) => [l.provider, l.state, l.fault]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(links(after.links)).toEqual(links(before.links));
    expect((await d.admin.users()).length, 'the fresh users are deleted').toBe(usersBefore);
  }, 180_000);

  it('--reset puts the target back to its topology first (admin only)', async () => {
    const lines: string[] = [];
    const code = await runCli([join(LIBRARY, 'providers', 'not-allowed-by-default.yaml'), '--target', dir, '--reset', '--no-color'], (l) => lines.push(l));
    expect(code, lines.join('\n')).toBe(0);
    expect((await d.admin.providers()).find((p) => p.id === 'aol')?.allowed, 'reset to the topology: AOL not allowed').toBe(false);

    const refused: string[] = [];
    expect(await runCli([LIBRARY, '--target', dir, '--reset', '--admin-token', 'wrong'], (l) => refused.push(l))).toBe(2);
    expect(refused.join('\n')).toContain('refused the admin token');
  }, 60_000);
});
