import { describe, expect, it } from 'vitest';
import { toJUnit } from './junit.ts';
import type { RunSummary, ScenarioResult } from './run.ts';

const base = { file: '/x', target: 'in-process', users: {}, steps: [], durationMs: 1500 };
const results: ScenarioResult[] = [
  { ...base, displayPath: 'scenarios/inbound/a.yaml', name: 'passes & "quotes" <ok>', status: 'passed' },
  {
    ...base, displayPath: 'scenarios/inbound/b.yaml', name: 'fails', status: 'failed',
    failure: { step: 2, line: 9, action: 'invite', description: 'invite sam → alice', expected: ['code 200'], actual: ['code 403 <forbidden> & \u0007bell'] },
  },
  {
    ...base, displayPath: 'scenarios/faults/c.yaml', name: 'errs', status: 'failed',
    failure: { step: 1, line: 5, action: 'signIn', description: 'signIn sam', expected: [], actual: ['sam could not sign in'], error: true },
  },
  { ...base, displayPath: 'scenarios/faults/d.yaml', name: 'known', status: 'known-issue', knownIssue: 'bug 1', failure: { step: 1, line: 5, action: 'send', description: 'send', expected: ['a'], actual: ['b'] } },
  { ...base, displayPath: 'scenarios/faults/e.yaml', name: 'elsewhere', status: 'skipped', skipReason: 'needs its own topology' },
];
const outside: ScenarioResult = { ...base, displayPath: '/srv/qa/mine.yaml', name: 'outside', status: 'passed' };
const summary: RunSummary = { results, passed: 1, failed: 2, knownIssues: 1, skipped: 1, durationMs: 7500, targets: ['in-process'] };

describe('JUnit XML', () => {
  const xml = toJUnit(summary);

  it('counts tests, failures, errors and skipped, per folder and in all', () => {
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="fedlab scenarios" tests="5" failures="1" errors="1" skipped="2" time="7.500">/);
    expect(xml).toContain('<testsuite name="scenarios/inbound" tests="2" failures="1" errors="0" skipped="0" time="3.000">');
    expect(xml).toContain('<testsuite name="scenarios/faults" tests="3" failures="0" errors="1" skipped="2" time="4.500">');
  });

  it('writes a failed expectation as <failure>, a step that could not run as <error>, known issues as <skipped>', () => {
    expect(xml).toContain('<testcase classname="scenarios.inbound" name="fails" file="scenarios/inbound/b.yaml" time="1.500">');
    expect(xml).toMatch(/<failure message="step 2: invite sam → alice: expected code 200; got code 403 &lt;forbidden&gt; &amp; bell" type="ExpectationFailed">FAILED fails\n/);
    expect(xml).toMatch(/<error message="step 1: signIn sam: [^"]*" type="StepError">/);
    expect(xml).toContain('<skipped message="known issue: bug 1">');
    expect(xml).toContain('<skipped message="needs its own topology"/>');
  });

  it('names a file outside the working directory by its path', () => {
    const x = toJUnit({ ...summary, results: [outside] });
    expect(x).toContain('<testsuite name="/srv/qa" tests="1"');
    expect(x).toContain('<testcase classname="srv.qa" name="outside" file="/srv/qa/mine.yaml"');
  });

  it('escapes what XML does not allow as it is, and drops what it never allows', () => {
    expect(xml).toContain('name="passes &amp; &quot;quotes&quot; &lt;ok&gt;"');
    expect(xml).not.toContain('\u0007');
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml.match(/<\/testcase>/g)).toHaveLength(4);
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });
});
