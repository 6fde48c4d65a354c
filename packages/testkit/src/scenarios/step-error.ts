import { AdminError } from '@fedlab/sdk';

/** What a step found that it did not expect: the expectation that failed, or a step that could not be carried out. */
export interface StepErrorDetail {
  expected?: string[];
  actual?: string[];
  /** The request whose trace explains the failure. */
  requestId?: string;
  /** The step could not be carried out (rather than an expectation that did not hold). */
  error?: boolean;
}

export class StepError extends Error {
  constructor(message: string, readonly detail: StepErrorDetail = {}) {
    super(message);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof AdminError) return `admin API answered ${error.status} ${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
