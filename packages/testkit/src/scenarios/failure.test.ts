/**
 * A failing expectation must fail with a report a QA engineer can act on: the step, what was expected, what came,
 * and the trace of the request with the rule that decided. The fixtures are deliberately wrong scenarios.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { formatFailure, formatProgress } from './report.ts';
import { runScenarios, type RunSummary, type ScenarioResult } from './run.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const FIXTURES = ['wrong-expectation.yaml', 'wrong-delivery.yaml', 'wrong-wait.yaml', 'fixed-known-issue.yaml'].map(fixture);

let summary: RunSummary;
const result = (name: string): ScenarioResult => summary.results.find((r) => r.file === fixture(name))!;

beforeAll(async () => {
  summary = await runScenarios(FIXTURES, { waitMs: 1500 });
}, 60_000);

describe('a failing expectation', () => {
  it('fails the scenario and names the step, the expectation, the answer and the deciding rule of the trace', () => {
    const r = result('wrong-expectation.yaml');
    expect(r.status).toBe('failed');
    expect(r.failure).toMatchObject({ step: 2, action: 'invite' });
    expect(r.failure!.error).toBeUndefined();
    const report = formatFailure(r);
    expect(report).toContain('wrong-expectation.yaml:11');
    expect(report).toMatch(/step 2: +invite sam → alice/);
    expect(report).toMatch(/expected +code 200, reason accepted/);
    expect(report).toMatch(/got +code 403, reason forbidden, hop edge/);
    expect(report).toContain('differs: code, reason');
    // the whole trace, the deciding hop marked, with its rule, inputs and explanation
    expect(report).toMatch(/► edge +edge +inbound\.3-provider-allowed +403 provider-blocked/);
    expect(report).toContain('inputs: provider=msn, listed=true, allowed=false');
    expect(report).toContain('MSN is temporarily blocked.');
    expect(report).toMatch(/ +edge +edge +inbound\.2-global-switch +pass/);
    expect(report).toMatch(/users: +alice = alice\.[0-9a-f]+@contoso\.test, sam = sam\.[0-9a-f]+@hotmail\.test/);
  });

  it('proves a non-delivery with a sentinel, and says so when the message came', () => {
    const r = result('wrong-delivery.yaml');
    expect(r.status).toBe('failed');
    const report = formatFailure(r);
    expect(report).toMatch(/step 3: +send fiona → alice "this one arrives"/);
    expect(report).toContain('never: alice gets "this one arrives" from fiona (proved with a sentinel)');
    expect(report).toMatch(/got +it arrived/);
    expect(report).toMatch(/trace of request \S+ \(every hop's decision/);
  });

  it('reports what a waiting step saw, with the trace of the last request between the people it names', () => {
    const r = result('wrong-wait.yaml');
    expect(r.status).toBe('failed');
    const report = formatFailure(r);
    expect(report).toMatch(/expected +fiona sees alice as available/);
    expect(report).toMatch(/got +fiona sees alice as offline \(subscription rejected, last answer 403 forbidden\)/);
    expect(report).toMatch(/► home +home +inbound\.8-subscription +403 subscription-setting-block/);
  });

  it('passes a scenario marked knownIssue that passes, saying that the mark may be stale', () => {
    const r = result('fixed-known-issue.yaml');
    expect(r.status).toBe('passed');
    expect(formatProgress(r, 4, 4)).toMatch(/✓ .*fixed-known-issue\.yaml.*\n +marked knownIssue, but every step passed this time: if the issue is fixed, remove the mark/);
  });
});

describe('fedlab run (the CLI)', () => {
  it('exits 1 on a failure, prints the report and writes JUnit XML', async () => {
    const lines: string[] = [];
    const junit = join(mkdtempSync(join(tmpdir(), 'fedlab-junit-')), 'report.xml');
    const code = await runCli([fixture('wrong-expectation.yaml'), '--junit', junit, '--no-color'], (l) => lines.push(l));
    const out = lines.join('\n');
    expect(code).toBe(1);
    expect(out).toMatch(/\[1\/1\] ✗ .*wrong-expectation\.yaml/);
    expect(out).toContain('inbound.3-provider-allowed');
    expect(out).toMatch(/0 passed, 1 failed/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuites name="fedlab scenarios" tests="1" failures="1" errors="0" skipped="0"');
    expect(xml).toMatch(/<failure message="step 2: invite sam → alice: expected code 200, reason accepted; got code 403/);
  }, 30_000);

  it('exits 2 and runs nothing when a file is invalid, naming file, line, step and problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedlab-bad-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: bad\nsteps:\n  - signIn: alice\n  - sned: { from: alice, to: bob }\n');
    const lines: string[] = [];
    const code = await runCli([bad, '--no-color'], (l) => lines.push(l));
    expect(code).toBe(2);
    const out = lines.join('\n');
    expect(out).toContain('nothing was run');
    expect(out).toMatch(/bad\.yaml:4:\d+: step 2: unknown action 'sned' \(did you mean 'send'\?\)/);
  });

  it('exits 2 on a target that is not running', async () => {
    const lines: string[] = [];
    const code = await runCli([fixture('wrong-expectation.yaml'), '--target', mkdtempSync(join(tmpdir(), 'fedlab-none-'))], (l) => lines.push(l));
    expect(code).toBe(2);
    expect(lines.join('\n')).toContain('has no endpoints.json');
  });

  it('answers --help with the options', async () => {
    const lines: string[] = [];
    expect(await runCli(['--help'], (l) => lines.push(l))).toBe(0);
    for (const option of ['--target', '--reset', '--junit', '--jobs', '--admin-token']) expect(lines.join('\n')).toContain(option);
  });
});
