import type { Answer, HopDecision } from '@fedlab/protocol';
import { decidingDecision } from '@fedlab/policy';
import type { LoadedStep } from './load.ts';
import type { ExpectDoc } from './parts.ts';
import type { ScenarioRun } from './scenario-run.ts';
import { StepError, describeError } from './step-error.ts';

interface Check {
  label: string;
  want: string;
  got: string;
  ok: boolean;
}

/**
 * Compares the answer of a request step with its `expect`; fetches the trace when the expectation needs it. When
 * the answer holds, `delivery` checks `expect.delivered`.
 */
export async function checkAnswer(run: ScenarioRun, step: LoadedStep, answer: Answer, ms: number, delivery?: () => Promise<void>): Promise<void> {
  const want = step.expect;
  if (!want) return;
  const answerChecks: Check[] = [];
  const field = (label: string, w: unknown, got: unknown) => {
    if (w !== undefined) answerChecks.push({ label, want: String(w), got: String(got), ok: w === got });
  };
  field('code', want.code, answer.code);
  field('reason', want.reason, answer.diagnostic.reason);
  field('hop', want.hop, answer.diagnostic.hop);
  field('endsDialog', want.endsDialog, !!answer.endsDialog);
  if (want.withinMs !== undefined) answerChecks.push({ label: 'answered within', want: `${want.withinMs} ms`, got: `${ms} ms`, ok: ms <= want.withinMs });
  if (want.atLeastMs !== undefined) answerChecks.push({ label: 'answered after at least', want: `${want.atLeastMs} ms`, got: `${ms} ms`, ok: ms >= want.atLeastMs });
  const traceChecks = want.trace ? await checkTrace(run, want.trace, answer.requestId) : [];
  const failed = [...answerChecks, ...traceChecks].filter((c) => !c.ok);
  if (failed.length) {
    const line = (checks: Check[], pick: (c: Check) => string) => checks.map((c) => `${c.label} ${pick(c)}`).join(', ');
    const expected = [line(answerChecks, (c) => c.want), ...(traceChecks.length ? [`trace: ${line(traceChecks, (c) => c.want)}`] : [])].filter((l) => l && l !== 'trace: ');
    const actual = [
      `code ${answer.code}, reason ${answer.diagnostic.reason}, hop ${answer.diagnostic.hop}${answer.endsDialog ? ', endsDialog' : ''}, after ${ms} ms`,
      ...(traceChecks.length ? [`trace: ${line(traceChecks, (c) => c.got)}`] : []),
      `differs: ${failed.map((c) => c.label).join(', ')}`,
    ];
    throw new StepError('the answer is not the expected one', { expected, actual, requestId: answer.requestId });
  }
  if (delivery) {
    try {
      await delivery();
    } catch (error) {
      if (error instanceof StepError) throw new StepError(error.message, { ...error.detail, requestId: answer.requestId });
      throw error;
    }
  }
}

async function checkTrace(run: ScenarioRun, want: NonNullable<ExpectDoc['trace']>, requestId: string): Promise<Check[]> {
  let decisions: HopDecision[];
  try {
    decisions = await run.trace(requestId);
  } catch (error) {
    return [{ label: 'recorded', want: 'yes', got: `no (${describeError(error)})`, ok: false }];
  }
  const deciding = decidingDecision(decisions);
  const checks: Check[] = [];
  for (const field of ['hop', 'rule', 'reason', 'node', 'code'] as const) {
    const w = want[field];
    if (w !== undefined) checks.push({ label: `deciding ${field}`, want: String(w), got: String(deciding?.[field] ?? '(none)'), ok: w === deciding?.[field] });
  }
  for (const [key, value] of Object.entries(want.inputs ?? {})) {
    const got = deciding?.inputs[key];
    checks.push({ label: `deciding input ${key}`, want: String(value), got: got === undefined ? '(absent)' : String(got), ok: got === value });
  }
  const rules = new Set(decisions.map((d) => d.rule));
  for (const rule of want.includes ?? []) checks.push({ label: 'includes rule', want: rule, got: rules.has(rule) ? rule : `(absent; rules: ${[...rules].join(', ')})`, ok: rules.has(rule) });
  return checks;
}
