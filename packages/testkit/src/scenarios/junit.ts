import { dirname } from 'node:path';
import { formatFailure } from './report.ts';
import type { RunSummary, ScenarioResult } from './run.ts';

/**
 * JUnit XML, as CI systems read it: one testsuite per folder of scenarios, one testcase per scenario. A failed
 * expectation is a <failure>, a step that could not be carried out an <error>; known issues and scenarios that
 * cannot run here are <skipped>. The full failure report (step, expected, got, trace) is the element's text.
 */
export function toJUnit(summary: RunSummary): string {
  const suites = new Map<string, ScenarioResult[]>();
  for (const r of summary.results) {
    const folder = dirname(r.displayPath);
    suites.set(folder, [...(suites.get(folder) ?? []), r]);
  }
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const totals = tally(summary.results);
  out.push(`<testsuites name="fedlab scenarios" tests="${summary.results.length}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds(summary.durationMs)}">`);
  for (const [folder, results] of suites) {
    const t = tally(results);
    const time = results.reduce((sum, r) => sum + r.durationMs, 0);
    out.push(`  <testsuite name="${attr(folder)}" tests="${results.length}" failures="${t.failures}" errors="${t.errors}" skipped="${t.skipped}" time="${seconds(time)}">`);
    for (const r of results) {
      const open = `    <testcase classname="${attr(classname(folder))}" name="${attr(r.name)}" file="${attr(r.displayPath)}" time="${seconds(r.durationMs)}"`;
      if (r.status === 'passed') {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      if (r.status === 'skipped') out.push(`      <skipped message="${attr(r.skipReason ?? '')}"/>`);
      else if (r.status === 'known-issue') out.push(`      <skipped message="${attr(`known issue: ${r.knownIssue ?? ''}`)}">${text(formatFailure(r))}</skipped>`);
      else {
        const f = r.failure!;
        const element = f.error ? 'error' : 'failure';
        const message = `step ${f.step}: ${f.description}: expected ${f.expected.join('; ')}; got ${f.actual.join('; ')}`;
        out.push(`      <${element} message="${attr(message)}" type="${f.error ? 'StepError' : 'ExpectationFailed'}">${text(formatFailure(r))}</${element}>`);
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function tally(results: ScenarioResult[]): { failures: number; errors: number; skipped: number } {
  const failed = results.filter((r) => r.status === 'failed');
  return {
    failures: failed.filter((r) => !r.failure?.error).length,
    errors: failed.filter((r) => r.failure?.error).length,
    skipped: results.filter((r) => r.status === 'skipped' || r.status === 'known-issue').length,
  };
}

/** A folder as a dotted class name: `inbound/im` → `inbound.im`, `/home/qa/suite` → `home.qa.suite`. */
function classname(folder: string): string {
  const dotted = folder.replace(/^[a-zA-Z]:/, '').replace(/^[\\/]+/, '').replace(/[\\/]/g, '.');
  return folder === '.' || !dotted ? 'scenarios' : dotted;
}

/** XML 1.0 allows neither most control characters nor lone surrogates, even escaped: they are dropped. */
function clean(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/\u001b\[[0-9;]*m/g, '').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

export function attr(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
