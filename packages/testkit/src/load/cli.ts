import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblem } from '../scenarios/yaml-document.ts';
import { COLOR, PLAIN, type Style } from '../scenarios/report.ts';
import { RunnerError } from '../scenarios/run.ts';
import { toHtml } from './html.ts';
import { loadJUnit } from './junit.ts';
import { ProfileError } from './profile.ts';
import { Progress } from './progress.ts';
import type { LoadReport } from './report.ts';
import { runLoad, type LoadOptions } from './run.ts';
import { formatMs } from './units.ts';

export const LOAD_USAGE = `usage: fedlab load <profile.yaml> [options]

Runs a load profile (docs/load.md) and writes its reports. Without a target option, a fresh topology is started
in this process.

  --processes          a fresh topology, every app its own process: CPU and memory per process, generator apart
  --target DIR         a running fedlab (its work dir, e.g. .fedlab after npm start): the users are created
                       through the admin APIs and deleted afterwards; the provider list is put back
  --admin-token TOKEN  the target's admin token (else FEDLAB_ADMIN_TOKEN, else DIR/admin-token)
  --password PASSWORD  the target's sign-in password (else FEDLAB_PASSWORD, else DIR/password)
  --topology FILE      fresh targets: the topology to start (default: the shipped one)
  --timeout-ms N       fresh targets: the base of every deadline (default 2000)
  --workers N          generator worker processes (default: none up to 1500 users, else one per 2500 users)
  --connect-limit N    sign-ins under way at once, over all processes (default 100)
  --out DIR            where report.json, report.html and (with SLOs) junit.xml go (default .fedlab/load/<name>)
  --junit FILE         also write the JUnit XML there (one testcase per SLO)
  --keep-users         --target: leave the users created for the run
  --no-color           plain output (also when the output is not a terminal, or NO_COLOR is set)
  -h, --help           this text

Exit code: 0 when every SLO was met (or the profile has none), 1 when one was missed, 2 when the profile is
invalid (nothing ran) or the target cannot be used.`;

/** `fedlab load …`: returns the exit code. */
export async function loadCli(args: string[], out: (text: string) => void = (t) => process.stdout.write(t), terminal = !!process.stdout.isTTY): Promise<number> {
  const say = (line: string) => out(`${line}\n`);
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: {
        processes: { type: 'boolean' }, target: { type: 'string' }, 'admin-token': { type: 'string' }, password: { type: 'string' }, topology: { type: 'string' },
        'timeout-ms': { type: 'string' }, workers: { type: 'string' }, 'connect-limit': { type: 'string' }, out: { type: 'string' },
        junit: { type: 'string' }, 'keep-users': { type: 'boolean' }, 'no-color': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    say(`fedlab load: ${(error as Error).message}\n\n${LOAD_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    say(LOAD_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    say(`fedlab load: name one profile file\n\n${LOAD_USAGE}`);
    return 2;
  }
  if (values.processes && values.target) {
    say('fedlab load: --processes starts a fresh topology, --target uses a running one: choose one');
    return 2;
  }
  const numbers: Record<string, number> = {};
  for (const name of ['timeout-ms', 'workers', 'connect-limit'] as const) {
    const raw = values[name];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < (name === 'workers' ? 0 : 1)) {
      say(`fedlab load: --${name} takes a whole number${name === 'workers' ? '' : ' above 0'}, not ${raw}`);
      return 2;
    }
    numbers[name] = n;
  }
  const style: Style = values['no-color'] || process.env.NO_COLOR || !terminal ? PLAIN : COLOR;
  const progress = new Progress(out, terminal && !values['no-color'], style);
  const options: LoadOptions = {
    target: values.target ? 'running' : values.processes ? 'processes' : 'in-process',
    ...(values.target ? { dir: values.target } : {}),
    ...(values['admin-token'] ? { adminToken: values['admin-token'] } : {}),
    ...(values.password ? { password: values.password } : {}),
    ...(values.topology ? { topologyPath: values.topology } : {}),
    ...(numbers['timeout-ms'] ? { timeoutMs: numbers['timeout-ms'] } : {}),
    ...(numbers.workers !== undefined ? { workers: numbers.workers } : {}),
    ...(numbers['connect-limit'] ? { connectLimit: numbers['connect-limit'] } : {}),
    ...(values['keep-users'] ? { keepUsers: true } : {}),
    onEvent: progress.onEvent,
  };
  // Ctrl-C ends the load early: the run drains, stops what it started, and reports what it measured.
  const stop = new AbortController();
  const interrupt = () => {
    if (stop.signal.aborted) progress.line('fedlab load: stopping …');
    stop.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  let report: LoadReport;
  try {
    report = await runLoad(positionals[0]!, { ...options, signal: stop.signal });
  } catch (error) {
    progress.end();
    if (error instanceof ProfileError) {
      say(style.bad(`fedlab load: nothing was run; fix the profile first (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}):`));
      for (const p of error.problems) say(`  ${formatProblem(p)}`);
      return 2;
    }
    if (error instanceof RunnerError) {
      say(style.bad(`fedlab load: ${error.message}`));
      return 2;
    }
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  progress.end();
  const dir = resolve(values.out ?? join('.fedlab', 'load', report.profile.name));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'report.html'), toHtml(report));
  // JUnit when there is something to gate on: next to the other reports, and where --junit says.
  const junit = [...(report.slos.length ? [join(dir, 'junit.xml')] : []), ...(values.junit ? [resolve(values.junit)] : [])];
  for (const file of junit) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, loadJUnit(report));
  }
  for (const line of summary(report, style)) say(line);
  say(style.dim(`reports: ${[join(dir, 'report.html'), join(dir, 'report.json'), ...junit].join('  ')}`));
  return report.passed ? 0 : 1;
}

/** What a person reads at the end: totals, the worst rows, delivery, the verdict, the SLOs. */
export function summary(r: LoadReport, style: Style = PLAIN): string[] {
  const d = r.delivery;
  const lines = [
    '',
    style.bold(`${r.profile.name} on ${r.target.label}: ${r.totals.requests} answers in ${(r.durationMs / 1000).toFixed(1)} s (${r.totals.throughput}/s), ${r.users.peakSignedIn} of ${r.users.total} users signed in at the peak`),
    ...(r.interruptedAtMs !== null ? [style.warn(`  interrupted at ${(r.interruptedAtMs / 1000).toFixed(1)} s: what follows is what was measured until then`)] : []),
    `  ok ${r.totals.ok}, rejected by policy or state ${r.totals.rejected}, errors ${r.totals.errors} (${(r.totals.errorRate * 100).toFixed(2)}%)`,
    '',
    `  ${'kind'.padEnd(12)}${'path'.padEnd(20)}${'count'.padStart(8)}${'p50'.padStart(10)}${'p99'.padStart(10)}${'p99.9'.padStart(10)}${'max'.padStart(10)}  codes`,
    ...r.requests.map((q) => `  ${q.kind.padEnd(12)}${q.path.padEnd(20)}${String(q.count).padStart(8)}${formatMs(q.latencyMs.p50).padStart(10)}${formatMs(q.latencyMs.p99).padStart(10)}${formatMs(q.latencyMs.p999).padStart(10)}${formatMs(q.latencyMs.max).padStart(10)}  ${Object.entries(q.codes).map(([c, n]) => `${c === '0' ? 'none' : c}:${n}`).join(' ')}`),
    '',
    `  delivery: ${d.accepted} answered 200, ${d.delivered} delivered; lost ${d.lost}, duplicated ${d.duplicated}, delivered after a failure ${d.deliveredAfterFailure} (failed but delivered ${d.failedButDelivered}), out of order ${d.outOfOrder}, unanswered ${d.unanswered}`,
    `  CPU, % of one core (avg/max): ${r.target.kind === 'in-process' ? 'generator and system share this process' : `generator ${r.generator.cpu.avg}/${r.generator.cpu.max} in ${r.generator.processes + (r.generator.workers ? 1 : 0)} process(es)`}; ${r.processes.filter((p) => p.role === 'system').map((p) => `${p.name} ${p.cpu.avg}/${p.cpu.max}`).join(', ')}; machine ${r.machine.avgCpu} of ${r.machine.cores * 100}`,
    `  generator event loop delay p99: ${r.generator.loopDelayMedianMs} ms typical, ${r.generator.loopDelayP99Ms} ms worst`,
    `  ${r.verdict.text}`,
  ];
  if (r.slos.length) {
    lines.push('');
    for (const s of r.slos) lines.push(`  ${s.passed ? style.ok('✓') : style.bad('✗')} ${s.slo.padEnd(40)} measured ${s.shown}`);
    lines.push(r.passed ? style.ok('every SLO met') : style.bad(`${r.slos.filter((s) => !s.passed).length} of ${r.slos.length} SLOs missed`));
  }
  return lines;
}
