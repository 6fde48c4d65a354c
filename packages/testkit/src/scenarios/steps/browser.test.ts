/**
 * Bots do what a browser does: typing notices, writing as in the chat page, and expectations on what a person sees (a contact's presence and
 * subscription, a conversation's state and why it ended). Run against today's behaviour; the wrong fixtures show
 * that these steps fail with a report a QA engineer can act on. A scenario file outside the working directory is
 * named by its path, in the report and in JUnit.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatFailure } from '../report.ts';
import { runScenarios, type RunSummary, type ScenarioResult } from '../run.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const outside = mkdtempSync(join(tmpdir(), 'fedlab-qa-'));
const passing = join(outside, 'what-a-person-sees.yaml');
const junit = join(outside, 'report.xml');

let summary: RunSummary;
const result = (file: string): ScenarioResult => summary.results.find((r) => r.file === file)!;

beforeAll(async () => {
  copyFileSync(fixture('what-a-person-sees.yaml'), passing);
  summary = await runScenarios([passing, fixture('wrong-typing.yaml'), fixture('wrong-conversation.yaml')], { waitMs: 2500, junit });
}, 60_000);

describe('steps that do what a browser does', () => {
  it('send typing notices, write as in the chat page, and see subscriptions and conversations as a chat client shows them', () => {
    const r = result(passing);
    if (r.status !== 'passed') expect.fail(formatFailure(r));
    expect(r.steps.map((s) => s.description)).toContain('typing sam → alice');
    expect(r.steps.find((s) => s.description === 'typing alice → sam')!.answer).toMatchObject({ code: 200 });
    expect(r.steps.find((s) => s.description.startsWith('write sam → bob'))!.answer).toMatchObject({ code: 480, reason: 'temporarily-unavailable' });
  });

  it('prove with a sentinel that a typing notice never showed, and say so when it did', () => {
    const r = result(fixture('wrong-typing.yaml'));
    expect(r.status).toBe('failed');
    const report = formatFailure(r);
    expect(report).toMatch(/step 3: +typing alice → bob/);
    expect(report).toContain("never: bob's client shows that alice is typing (proved with a sentinel)");
    expect(report).toMatch(/got +it arrived/);
  });

  it('report what the person sees of the conversation when it is not what was expected', () => {
    const r = result(fixture('wrong-conversation.yaml'));
    expect(r.status).toBe('failed');
    const report = formatFailure(r);
    expect(report).toMatch(/expected +alice's conversation with bob is ended \(ended-by-us\)/);
    expect(report).toMatch(/got +alice's conversation with bob is ended \(ended-by-peer\); sessions: outgoing ended \(ended-by-peer\)/);
    expect(report).toMatch(/trace of request/);
  });
});

describe('a scenario file outside the working directory', () => {
  it('is shown by its path, and JUnit names its suite and class after that path, not ..', () => {
    expect(result(passing).displayPath).toBe(passing);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain(`<testsuite name="${outside}" tests="1"`);
    expect(xml).toContain(`classname="${outside.replace(/^\//, '').replace(/\//g, '.')}" name="(fixture) typing notices`);
    expect(xml).not.toMatch(/name="\.\.|classname="\.\./);
  });
});
