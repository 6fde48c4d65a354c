/**
 * `fedlab load` against a running fedlab in process mode (`--target DIR`), the way QA sizes a deployment: the
 * smoke profile's users are created through the admin APIs and driven by two generator worker processes, its SLOs
 * hold, and afterwards the target has neither the users nor the provider settings of the run. Then the HTML
 * report, looked at in Chromium: every plot is drawn, with its lines, and the SLO table says each objective was met.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { deployProcesses, loadCli, type ProcessDeployment } from '@fedlab/testkit';
import { keepScreenshot, launchBrowser, newPage } from '../support/browser.ts';
import { pointToLogsOnFailure } from '../support/logs.ts';

const SMOKE = fileURLToPath(new URL('../../packages/testkit/load/smoke.yaml', import.meta.url));

let d: ProcessDeployment;
let dir: string;
let browser: Browser;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fedlab-load-e2e-'));
  d = await deployProcesses({ workDir: dir, database: 'memory' });
  writeFileSync(join(dir, 'admin-token'), `${d.adminToken}\n`);
  writeFileSync(join(dir, 'password'), `${d.password}\n`);
  browser = await launchBrowser();
}, 120_000);
pointToLogsOnFailure(() => d?.processes.map((p) => p.logFile) ?? []);
afterAll(async () => {
  await browser?.close();
  await d?.close();
});

describe('fedlab load --target (process mode)', () => {
  it('meets the smoke profile\'s SLOs, leaves the target as it found it, and draws every plot', async () => {
    const before = await d.admin.state();
    const usersBefore = (await d.admin.users()).length;
    let output = '';
    const code = await loadCli([SMOKE, '--target', dir, '--workers', '2', '--out', join(dir, 'report'), '--no-color'], (t) => (output += t), false);
    expect(code, output).toBe(0);
    expect(output).toContain('smoke on target');
    expect(output).toContain('generator: 2 worker processes');
    // CPU and memory of every server process, found by its listening port.
    for (const name of ['home', 'edge', 'msn', 'yahoo']) expect(output).toMatch(new RegExp(`${name} \\d`));

    expect((await d.admin.users()).length).toBe(usersBefore);
    expect((await d.admin.state()).providers).toEqual(before.providers);

    const page = await newPage(browser, { width: 1100, height: 900 });
    await page.goto(pathToFileURL(join(dir, 'report', 'report.html')).href);
    await expect.poll(() => page.title()).toBe('fedlab load: smoke');
    const plots = await page.locator('figure.plot').evaluateAll((figures) => figures.map((f) => ({
      id: f.getAttribute('data-plot'),
      lines: f.querySelectorAll('svg path.series').length,
      width: f.querySelector('svg')!.getBoundingClientRect().width,
    })));
    expect(plots.map((p) => p.id)).toEqual(['latency', 'latency-by-kind', 'throughput', 'signed-in', 'errors', 'cpu', 'memory']);
    for (const plot of plots.filter((p) => p.id !== 'errors')) {
      expect(plot.lines, `${plot.id} has lines`).toBeGreaterThan(0);
      expect(plot.width, `${plot.id} is drawn wide`).toBeGreaterThan(800);
    }
    // One CPU line per server process, per generator process (two workers and the coordinator), and the machine.
    expect(plots.find((p) => p.id === 'cpu')!.lines).toBe(d.processes.length + 3 + 1);
    const slos = await page.locator('table.slos tr.pass').count();
    expect(slos).toBeGreaterThan(5);
    expect(await page.locator('table.slos tr.fail').count()).toBe(0);
    await keepScreenshot(page, 'load-report');
  }, 120_000);
});
