import { afterEach } from 'vitest';

/** When a test fails against real processes, say which log files tell what each process did. */
export function pointToLogsOnFailure(logFiles: () => string[]): void {
  afterEach((context) => {
    if (context.task.result?.state === 'fail') {
      console.error(`\nfedlab: a test failed against real processes; their logs:\n${logFiles().map((f) => `  ${f}`).join('\n')}\n`);
    }
  });
}
