/**
 * The scenario library (packages/testkit/scenarios), run in-process as `fedlab run` runs it: every scenario
 * passes, or fails exactly where its knownIssue says the system does not yet do what POLICY.md says.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES, RULES_AWAITING_WIRING } from '@fedlab/policy';
import { collectScenarioFiles } from './load.ts';
import { formatFailure } from './report.ts';
import { runScenarios, type RunSummary } from './run.ts';

const LIBRARY = fileURLToPath(new URL('../../scenarios', import.meta.url));
const files = collectScenarioFiles([LIBRARY]).files;

let summary: RunSummary;
beforeAll(async () => {
  summary = await runScenarios([LIBRARY]);
}, 90_000);

describe('the scenario library, in-process', () => {
  it.each(files.map((f) => [relative(LIBRARY, f), f]))('%s', (_name, file) => {
    const result = summary.results.find((r) => r.file === file);
    expect(result, 'the runner ran it').toBeDefined();
    if (result!.status === 'failed') expect.fail(`\n${formatFailure(result!)}`);
    expect(['passed', 'known-issue']).toContain(result!.status);
  });
});

describe('what the library covers', () => {
  const docs = files.map((f) => parse(readFileSync(f, 'utf8')) as { steps: { expect?: { trace?: { rule?: string; includes?: string[] } } }[] });
  const asserted = new Set(docs.flatMap((d) => d.steps.flatMap((s) => [s.expect?.trace?.rule, ...(s.expect?.trace?.includes ?? [])]).filter(Boolean)));

  it('asserts on every rule of the policy in some trace', () => {
    // Rules the edge does not decide by yet cannot be reached; each leaves RULES_AWAITING_WIRING once it is wired.
    expect(Object.keys(RULES).filter((rule) => !asserted.has(rule))).toEqual([...RULES_AWAITING_WIRING]);
  });

  it('keeps each file short: one behaviour per file', () => {
    const long = files.filter((f) => readFileSync(f, 'utf8').split('\n').length > 60).map((f) => relative(LIBRARY, f));
    expect(long).toEqual([]);
  });
});
