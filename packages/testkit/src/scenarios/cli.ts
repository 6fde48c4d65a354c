import { parseArgs } from 'node:util';
import { ScenarioFileError } from './load.ts';
import { formatProblem } from './yaml-document.ts';
import { COLOR, PLAIN, formatFailure, formatProgress, formatSummary, type Style } from './report.ts';
import { RunnerError, runScenarios, type RunEvent, type RunOptions } from './run.ts';

export const RUN_USAGE = `usage: fedlab run <files or folders> [options]

Runs scenario files (docs/scenarios.md). Folders are searched for *.yaml / *.yml.

  --target DIR        run against a running fedlab (its work dir: endpoints.json, topology.json, admin-token, password),
                      e.g. --target .fedlab after npm start; without it, an in-process topology is started
  --admin-token TOKEN the target's admin token (else FEDLAB_ADMIN_TOKEN, else DIR/admin-token)
  --password PASSWORD the target's sign-in password (else FEDLAB_PASSWORD, else DIR/password)
  --reset             reset the target (edge, home server, providers) to its topology first (admin only)
  --junit FILE        also write a JUnit XML report
  --jobs N            scenarios run at the same time where they may (default 4)
  --filter TEXT       only scenarios whose name or path contains TEXT
  --wait-ms N         how long a waiting step waits before it fails (default 8000)
  --timeout-ms N      in-process: the base of the hops' deadlines before a 408 (default 1000)
  --topology FILE     in-process: the topology to start (default: the shipped one)
  --verbose           print every step as it runs
  --no-color          plain output
  -h, --help          this text

Exit code: 0 when every scenario passed (known issues do not count), 1 when one failed, 2 when the files are
invalid or the target cannot be used.`;

/** `fedlab run …`: returns the exit code. */
export async function runCli(args: string[], out: (line: string) => void = (l) => console.log(l)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        password: { type: 'string' },
        'admin-token': { type: 'string' },
        reset: { type: 'boolean' },
        junit: { type: 'string' },
        jobs: { type: 'string' },
        filter: { type: 'string' },
        'wait-ms': { type: 'string' },
        'timeout-ms': { type: 'string' },
        topology: { type: 'string' },
        verbose: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    out(`fedlab run: ${(error as Error).message}\n\n${RUN_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(RUN_USAGE);
    return 0;
  }
  if (!positionals.length) {
    out(`fedlab run: name at least one scenario file or folder\n\n${RUN_USAGE}`);
    return 2;
  }
  const numbers: Record<string, number | undefined> = {};
  for (const name of ['jobs', 'wait-ms', 'timeout-ms'] as const) {
    const raw = values[name];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      out(`fedlab run: --${name} takes a whole number above 0, not ${raw}`);
      return 2;
    }
    numbers[name] = n;
  }
  const style: Style = values['no-color'] || process.env.NO_COLOR || !process.stdout.isTTY ? PLAIN : COLOR;
  const options: RunOptions = {
    ...(values.target ? { target: values.target } : {}),
    ...(values['admin-token'] ? { adminToken: values['admin-token'] } : {}),
    ...(values.password ? { password: values.password } : {}),
    ...(values.reset ? { reset: true } : {}),
    ...(values.junit ? { junit: values.junit } : {}),
    ...(values.filter ? { filter: values.filter } : {}),
    ...(values.topology ? { topologyPath: values.topology } : {}),
    ...(numbers.jobs ? { jobs: numbers.jobs } : {}),
    ...(numbers['wait-ms'] ? { waitMs: numbers['wait-ms'] } : {}),
    ...(numbers['timeout-ms'] ? { timeoutMs: numbers['timeout-ms'] } : {}),
    onEvent: progress(out, style, !!values.verbose),
  };
  try {
    const summary = await runScenarios(positionals, options);
    const reports = summary.results.filter((r) => r.failure);
    if (reports.length) out('');
    for (const r of reports) out(`${formatFailure(r, style)}\n`);
    out(formatSummary(summary, style));
    if (options.junit) out(style.dim(`JUnit report: ${options.junit}`));
    return summary.failed ? 1 : 0;
  } catch (error) {
    if (error instanceof ScenarioFileError) {
      out(style.bad(`fedlab run: nothing was run; fix the scenario files first (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}):`));
      for (const p of error.problems) out(`  ${formatProblem(p)}`);
      return 2;
    }
    if (error instanceof RunnerError) {
      out(style.bad(`fedlab run: ${error.message}`));
      return 2;
    }
    throw error;
  }
}

function progress(out: (line: string) => void, style: Style, verbose: boolean): (event: RunEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'start':
        out(`fedlab run: ${plural(event.total, 'scenario')}`);
        break;
      case 'target':
        out(style.dim(`${event.label}: ${plural(event.scenarios, 'scenario')} in ${plural(event.batches, 'batch')} (side by side where they agree on shared settings; those that change them run alone)`));
        break;
      case 'step':
        if (verbose) out(style.dim(`    ${event.scenario} step ${event.number}: ${event.description}`));
        break;
      case 'result':
        out(formatProgress(event.result, event.done, event.total, style));
        break;
      default:
        break;
    }
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : word.endsWith('ch') ? 'es' : 's'}`;
}
