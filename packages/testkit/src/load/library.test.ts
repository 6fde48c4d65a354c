/**
 * The smoke profile of the library, run as `fedlab load` runs it, in-process: its SLOs hold (nothing lost,
 * duplicated, delivered after a failure or out of order; every request answered; few errors), and its reports
 * are written. Also: what the CLI does with a missed SLO and with an invalid profile.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCli } from './cli.ts';
import type { LoadReport } from './report.ts';

const SMOKE = fileURLToPath(new URL('../../load/smoke.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fedlab-load-test-'));

let code: number;
let output: string;
let report: LoadReport;
beforeAll(async () => {
  let text = '';
  code = await loadCli([SMOKE, '--out', join(dir, 'smoke'), '--junit', join(dir, 'smoke', 'junit.xml'), '--no-color'], (t) => (text += t), false);
  output = text;
  report = JSON.parse(readFileSync(join(dir, 'smoke', 'report.json'), 'utf8')) as LoadReport;
}, 90_000);

describe('the smoke profile, in-process', () => {
  it('meets every SLO of the profile (exit code 0)', () => {
    expect(code, output).toBe(0);
    expect(report.slos.filter((s) => !s.passed), output).toEqual([]);
    expect(report.slos.length).toBeGreaterThan(5);
  });

  it('drove every kind of work over every path it names', () => {
    const kinds = new Set(report.requests.map((r) => r.kind));
    for (const kind of ['sign-in', 'presence', 'subscribe', 'invite', 'message', 'typing']) expect(kinds.has(kind as never), kind).toBe(true);
    // Which pairs chat is drawn at random: colleagues always, some provider users both ways.
    const paths = [...new Set(report.requests.filter((r) => r.kind === 'message' || r.kind === 'invite').map((r) => r.path))];
    expect(paths).toContain('colleague');
    expect(paths.some((p) => p.startsWith('inbound ')), paths.join(', ')).toBe(true);
    expect(paths.some((p) => p.startsWith('outbound ')), paths.join(', ')).toBe(true);
    expect(report.delivery.accepted).toBeGreaterThan(0);
    expect(report.delivery.delivered, JSON.stringify(report.delivery)).toBe(report.delivery.accepted);
  });

  it('writes a stable JSON report, an HTML page with the plots, and JUnit', () => {
    expect(Object.keys(report)).toEqual([
      'format', 'version', 'profile', 'target', 'startedAt', 'phases', 'durationMs', 'interruptedAtMs', 'users', 'totals', 'requests', 'delivery', 'series', 'processes', 'machine', 'generator', 'verdict', 'timeline', 'slos', 'passed', 'warnings',
    ]);
    expect([report.format, report.version]).toEqual(['fedlab-load-report', 1]);
    expect(report.series.points.length).toBeGreaterThan(5);
    const html = readFileSync(join(dir, 'smoke', 'report.html'), 'utf8');
    for (const plot of ['latency', 'latency-by-kind', 'throughput', 'signed-in', 'errors', 'cpu', 'memory']) expect(html).toContain(`data-plot="${plot}"`);
    expect(html).not.toMatch(/<script|https?:\/\//);
    const junit = readFileSync(join(dir, 'smoke', 'junit.xml'), 'utf8');
    expect(junit).toContain(`tests="${report.slos.length}" failures="0"`);
    expect(output).toMatch(/every SLO met/);
  });
});

describe('fedlab load, the CLI', () => {
  it('exits 1 when an SLO is missed, and says which in the summary and in JUnit', async () => {
    const file = join(dir, 'tiny.yaml');
    writeFileSync(file, 'name: tiny\npopulations:\n  staff: { at: home, users: 3 }\nbehaviour: { presence: 2/s }\nphases: { steady: 2s, drain: 2s }\nslos: ["p50 < 0.001ms", "lost == 0"]\n');
    let text = '';
    const exit = await loadCli([file, '--out', join(dir, 'tiny'), '--junit', join(dir, 'tiny', 'junit.xml')], (t) => (text += t), false);
    expect(exit, text).toBe(1);
    expect(text).toMatch(/✗ p50 < 0\.001ms\s+measured/);
    expect(text).toMatch(/1 of 2 SLOs missed/);
    expect(readFileSync(join(dir, 'tiny', 'junit.xml'), 'utf8')).toMatch(/<failure message="p50 &lt; 0\.001ms: measured [\d.]+ ms" type="SloMissed">/);
  }, 30_000);

  it('exits 2 on an invalid profile, runs nothing, and lists every problem with its line', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\npopulations:\n  staff: { at: home, users: 3, talksTo: { stuff: 1 } }\nbehaviour: { presense: 2/s }\nphases: { steady: 2 s }\n');
    let text = '';
    expect(await loadCli([file], (t) => (text += t), false)).toBe(2);
    expect(text).toContain('fedlab load: nothing was run; fix the profile first (2 problems):');
    expect(text).toMatch(/bad\.yaml:4:\d+: behaviour\.presense: unknown property 'presense' \(did you mean 'presence'\?\)/);
    expect(text).toMatch(/bad\.yaml:5:\d+: phases\.steady: '2 s' does not have the right form/);
  });

  it('prints its usage, and refuses options that do not go together', async () => {
    let text = '';
    expect(await loadCli(['--help'], (t) => (text += t), false)).toBe(0);
    expect(text).toContain('usage: fedlab load <profile.yaml> [options]');
    expect(await loadCli([SMOKE, '--processes', '--target', '.fedlab'], (t) => (text += t), false)).toBe(2);
    expect(await loadCli([SMOKE, '--workers', 'two'], (t) => (text += t), false)).toBe(2);
  });
});
