import type { Address, Answer, HopDecision } from '@fedlab/protocol';
import { AdminError, type AdminClient } from '@fedlab/sdk';
import type { Topology } from '@fedlab/topology';
import type { Endpoints } from '../deploy.ts';
import type { LoadedScenario, LoadedStep } from './load.ts';
import { ScenarioRun } from './scenario-run.ts';
import { StepError, describeError } from './step-error.ts';
import { STEP_BY_ACTION, describeStep } from './steps/index.ts';

/** A running topology the runner talks to: in-process, process mode, or `--target DIR`. */
export interface Target {
  /** How it is shown: "in-process (default topology)", "target .fedlab", … */
  label: string;
  topology: Topology;
  endpoints: Endpoints;
  admin: AdminClient;
  /** The sign-in password of users without their own (the topology's `password`). */
  password: string;
}

export interface ExecuteOptions {
  /** How long a waiting step waits before it fails. */
  waitMs: number;
  onStep?: (step: LoadedStep, text: string) => void;
}

/** Why a step failed: what was expected, what came, and the trace of the request involved. */
export interface StepFailure {
  step: number;
  line: number;
  action: string;
  /** The step in words, e.g. `send sam → alice "hello"`. */
  description: string;
  expected: string[];
  actual: string[];
  /** The request whose trace explains the failure. */
  requestId?: string;
  trace?: HopDecision[];
  /** Why there is no trace, when there is none. */
  traceNote?: string;
  /** An error, rather than an expectation that did not hold. */
  error?: boolean;
}

export interface StepOutcome {
  number: number;
  description: string;
  durationMs: number;
  requestId?: string;
  answer?: { code: number; reason: string; hop: string };
}

export interface ExecutionResult {
  users: Record<string, Address>;
  steps: StepOutcome[];
  failure?: StepFailure;
}

/**
 * Runs one scenario against a target: makes its users (fresh ones under unique addresses, as the scenario
 * describes them), runs each step (`steps/*.ts`) until one fails, and cleans up after itself whatever happened.
 */
export async function executeScenario(scenario: LoadedScenario, target: Target, options: ExecuteOptions): Promise<ExecutionResult> {
  const run = new ScenarioRun(scenario, target, options);
  const outcomes: StepOutcome[] = [];
  let failure: StepFailure | undefined;
  try {
    await run.setUp();
    for (const step of scenario.steps) {
      const description = describeStep(step);
      options.onStep?.(step, description);
      const started = Date.now();
      const outcome: StepOutcome = { number: step.number, description, durationMs: 0 };
      outcomes.push(outcome);
      try {
        const answer = await perform(run, step);
        if (answer) {
          outcome.requestId = answer.requestId;
          outcome.answer = { code: answer.code, reason: answer.diagnostic.reason, hop: answer.diagnostic.hop };
        }
      } catch (error) {
        failure = await failureOf(run, step, description, error);
      } finally {
        outcome.durationMs = Date.now() - started;
      }
      if (failure) break;
    }
  } catch (error) {
    failure = {
      step: 0, line: 1, action: 'setup', description: 'make the users of the scenario', expected: ['every user created'],
      actual: [describeError(error)], error: true,
    };
  } finally {
    await run.tearDown();
  }
  return { users: Object.fromEntries(run.addresses), steps: outcomes, ...(failure ? { failure } : {}) };
}

async function perform(run: ScenarioRun, step: LoadedStep): Promise<Answer | undefined> {
  const definition = STEP_BY_ACTION.get(step.action);
  if (!definition) throw new StepError(`the runner does not know the action ${step.action}`, { error: true });
  return (await definition.run(run, step.body, step)) ?? undefined;
}

async function failureOf(run: ScenarioRun, step: LoadedStep, description: string, error: unknown): Promise<StepFailure> {
  const detail = error instanceof StepError ? error.detail : { error: true };
  const failure: StepFailure = {
    step: step.number, line: step.line, action: step.action, description,
    expected: detail.expected ?? [], actual: detail.actual ?? [describeError(error)],
    ...(detail.error || !(error instanceof StepError) ? { error: true } : {}),
  };
  const requestId = detail.requestId ?? (STEP_BY_ACTION.get(step.action)?.waits ? run.involved(step) : undefined);
  if (requestId) {
    failure.requestId = requestId;
    try {
      failure.trace = await run.trace(requestId);
    } catch (e) {
      failure.traceNote = e instanceof AdminError && e.status === 404
        ? 'neither the edge nor the home server recorded anything under this id: the request was answered before it reached them'
        : `the trace could not be read: ${describeError(e)}`;
    }
  }
  return failure;
}
