import type { HopDecision } from '@fedlab/protocol';
import { decidingDecision, isForwarded } from '@fedlab/policy';
import type { RunSummary, ScenarioResult } from './run.ts';

/** ANSI colours when the output is a terminal; plain text otherwise (CI logs, tests). */
export interface Style {
  ok(s: string): string;
  bad(s: string): string;
  warn(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
export const PLAIN: Style = { ok: (s) => s, bad: (s) => s, warn: (s) => s, dim: (s) => s, bold: (s) => s };
export const COLOR: Style = { ok: ansi(32), bad: ansi(31), warn: ansi(33), dim: ansi(2), bold: ansi(1) };

const MARK: Record<ScenarioResult['status'], string> = { passed: '✓', failed: '✗', 'known-issue': '!', skipped: '-' };

/** One line per finished scenario: `[ 3/41] ✓ inbound/x.yaml  what it shows  (212 ms)`. */
export function formatProgress(result: ScenarioResult, done: number, total: number, style: Style = PLAIN): string {
  const width = String(total).length;
  const colour = result.status === 'passed' ? style.ok : result.status === 'failed' ? style.bad : style.warn;
  const note = result.status === 'skipped' ? `skipped: ${result.skipReason}` : result.status === 'known-issue' ? 'known issue' : `${result.durationMs} ms`;
  const line = `[${String(done).padStart(width)}/${total}] ${colour(MARK[result.status])} ${result.displayPath}  ${result.name}  ${style.dim(`(${note})`)}`;
  return result.note ? `${line}\n${' '.repeat(width * 2 + 6)}${style.warn(result.note)}` : line;
}

/**
 * The full story of a failed scenario: the step, what was expected, what came, and the trace of the request
 * involved, every hop's rule, inputs and explanation, the deciding one marked.
 */
export function formatFailure(result: ScenarioResult, style: Style = PLAIN): string {
  const f = result.failure;
  if (!f) return '';
  const lines: string[] = [];
  const head = result.status === 'known-issue' ? style.warn('KNOWN ISSUE') : style.bad('FAILED');
  lines.push(`${head} ${style.bold(result.name)}`);
  lines.push(`  file:     ${result.displayPath}${f.line ? `:${f.line}` : ''}`);
  if (result.knownIssue) lines.push(`  known:    ${result.knownIssue.trim()}`);
  const users = Object.entries(result.users);
  if (users.length) lines.push(`  users:    ${users.map(([alias, address]) => `${alias} = ${address}`).join(', ')}`);
  lines.push(`  step ${f.step}:   ${f.description}${f.error ? style.dim('  (the step could not be carried out)') : ''}`);
  const block = (label: string, items: string[]) => items.forEach((item, i) => lines.push(`  ${(i === 0 ? label : '').padEnd(10)}${item}`));
  block('expected', f.expected);
  block('got', f.actual.map((a) => (f.error ? a : style.bad(a))));
  if (f.requestId) {
    if (f.trace?.length) {
      lines.push(`  trace of request ${f.requestId} (every hop's decision in order; ► decided):`);
      lines.push(...formatTrace(f.trace, style).map((l) => `    ${l}`));
    } else lines.push(`  trace of request ${f.requestId}: ${f.traceNote ?? 'empty'}`);
  }
  return lines.join('\n');
}

export function formatTrace(decisions: HopDecision[], style: Style = PLAIN): string[] {
  const deciding = decidingDecision(decisions);
  const nodeWidth = Math.min(40, Math.max(...decisions.map((d) => d.node.length)));
  const ruleWidth = Math.max(...decisions.map((d) => d.rule.length));
  const lines: string[] = [];
  for (const d of decisions) {
    const mark = d === deciding ? '►' : ' ';
    const outcome = isForwarded(d) ? style.dim('pass') : `${d.code} ${d.reason}`;
    const row = `${mark} ${d.hop.padEnd(8)} ${d.node.padEnd(nodeWidth)}  ${d.rule.padEnd(ruleWidth)}  ${outcome}`;
    lines.push(d === deciding ? style.bold(row) : row);
    const indent = ' '.repeat(11);
    lines.push(`${indent}${d.explanation}`);
    if (Object.keys(d.inputs).length) lines.push(style.dim(`${indent}inputs: ${formatInputs(d.inputs)}`));
  }
  return lines;
}

function formatInputs(inputs: Record<string, unknown>): string {
  return Object.entries(inputs).map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(', ')}]` : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`).join(', ');
}

export function formatSummary(summary: RunSummary, style: Style = PLAIN): string {
  const parts = [
    style.ok(`${summary.passed} passed`),
    summary.failed ? style.bad(`${summary.failed} failed`) : '0 failed',
    ...(summary.knownIssues ? [style.warn(`${summary.knownIssues} known issue${summary.knownIssues === 1 ? '' : 's'}`)] : []),
    ...(summary.skipped ? [style.warn(`${summary.skipped} skipped`)] : []),
  ];
  return `${parts.join(', ')} — ${summary.results.length} scenario${summary.results.length === 1 ? '' : 's'} in ${(summary.durationMs / 1000).toFixed(1)} s (${summary.targets.join('; ')})`;
}
