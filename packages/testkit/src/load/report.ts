import type { Aggregate, IntervalPoint } from './aggregate.ts';
import { summarize, type LatencySummary } from './histogram.ts';
import type { DeliveryCounts, DeliveryLedger } from './ledger.ts';
import type { LoadProfile } from './profile.ts';
import { KINDS, outcomeOf, type Kind } from './recorder.ts';
import type { ProcessSeries, ResourceSampler, Role } from './resources.ts';
import type { SloResult } from './slo.ts';
import type { TimelineMark } from './timeline.ts';

/**
 * The JSON report of a load run: a stable format (`format`, `version`), keys in a fixed order, every latency in
 * milliseconds, every CPU figure in % of one core. The HTML report and the JUnit file are made from it.
 */
export interface LoadReport {
  format: 'fedlab-load-report';
  version: 1;
  profile: { name: string; file: string; description?: string; seed: number };
  target: { label: string; kind: string };
  startedAt: string;
  phases: { rampUpMs: number; steadyMs: number; drainMs: number };
  /** Wall time of the load (ramp-up and steady), ms. */
  durationMs: number;
  /** When the run was ended early (Ctrl-C), ms from the start; null when it ran its course. */
  interruptedAtMs: number | null;
  users: { total: number; signingIn: number; peakSignedIn: number; populations: { name: string; at: string; users: number }[] };
  totals: { requests: number; ok: number; rejected: number; errors: number; errorRate: number; throughput: number };
  requests: RequestRow[];
  delivery: DeliveryCounts & { byRow: ({ kind: Kind; path: string } & DeliveryCounts)[]; examples: Record<string, string[]> };
  series: { intervalMs: number; points: IntervalPoint[] };
  processes: ProcessReport[];
  machine: { cores: number; points: { t: number; cpu: number }[]; avgCpu: number };
  /**
   * The generator's own cost: CPU of its processes (summed), and the p99 of its event loop delay per interval, in
   * the worst interval and in a typical one (the median): a loop that lags delays the answers it measures.
   */
  generator: { processes: number; workers: boolean; cpu: { avg: number; max: number }; loopDelayP99Ms: number; loopDelayMedianMs: number };
  verdict: { limitedBy: ('generator' | 'system' | 'machine')[]; text: string };
  timeline: TimelineMark[];
  slos: { slo: string; value: number; shown: string; passed: boolean }[];
  passed: boolean;
  warnings: string[];
}

export interface RequestRow {
  kind: Kind;
  path: string;
  count: number;
  ok: number;
  rejected: number;
  errors: number;
  latencyMs: LatencySummary;
  codes: Record<string, number>;
  reasons: Record<string, number>;
}

export interface ProcessReport {
  name: string;
  pid: number;
  role: Role;
  cpu: { avg: number; max: number };
  rssMb: { max: number; last: number };
  points: ProcessSeries['points'];
}

/** Above this average CPU (% of one core) a single-threaded process is taken as saturated. */
const SATURATED = 85;
/** Above this event loop delay (p99, ms) the generator's own timing is no longer to be trusted. */
const LAGGING_MS = 100;

export interface ReportInputs {
  profile: LoadProfile;
  target: { label: string; kind: string };
  startedAt: Date;
  durationMs: number;
  interruptedAtMs: number | null;
  users: { total: number; signingIn: number };
  aggregate: Aggregate;
  ledger: DeliveryLedger;
  sampler: ResourceSampler;
  generator: { processes: number; workers: boolean; loopDelayP99Ms: number; loopDelayMedianMs: number };
  timeline: TimelineMark[];
  slos: SloResult[];
}

export function buildReport(i: ReportInputs): LoadReport {
  const rows = [...i.aggregate.rows.values()]
    .sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.path.localeCompare(b.path))
    .map((r): RequestRow => {
      const count = Object.values(r.codes).reduce((a, b) => a + b, 0);
      const of = (o: string) => Object.entries(r.codes).filter(([c]) => outcomeOf(Number(c)) === o).reduce((n, [, v]) => n + v, 0);
      return { kind: r.kind, path: r.path, count, ok: of('ok'), rejected: of('rejected'), errors: of('error'), latencyMs: summarize(r.histogram), codes: sorted(r.codes), reasons: sorted(r.reasons) };
    });
  const sum = (f: (r: RequestRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const requests = sum((r) => r.count);
  const processes = i.sampler.series.map((s): ProcessReport => {
    const cpus = s.points.map((p) => p.cpu);
    const rss = s.points.map((p) => p.rssMb);
    return {
      name: s.name, pid: s.pid, role: s.role,
      cpu: { avg: round(average(cpus)), max: round(Math.max(0, ...cpus)) },
      rssMb: { max: round(Math.max(0, ...rss)), last: rss.at(-1) ?? 0 },
      points: s.points,
    };
  });
  const generatorCpu = sumSeries(i.sampler.series.filter((s) => s.role === 'generator'));
  const machineAvg = round(average(i.sampler.machine.map((p) => p.cpu)));
  const byRow = [...i.ledger.byRow].map(([key, counts]) => {
    const [kind, path] = key.split('|') as [Kind, string];
    return { kind, path, ...counts };
  }).sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.path.localeCompare(b.path));
  const report: LoadReport = {
    format: 'fedlab-load-report',
    version: 1,
    profile: { name: i.profile.doc.name, file: i.profile.displayPath, ...(i.profile.doc.description ? { description: i.profile.doc.description } : {}), seed: i.profile.seed },
    target: i.target,
    startedAt: i.startedAt.toISOString(),
    phases: { rampUpMs: i.profile.rampUpMs, steadyMs: i.profile.steadyMs, drainMs: i.profile.drainMs },
    durationMs: i.durationMs,
    interruptedAtMs: i.interruptedAtMs,
    users: {
      ...i.users,
      peakSignedIn: Math.max(0, ...i.aggregate.points.map((p) => p.signedIn)),
      populations: i.profile.populations.map((p) => ({ name: p.name, at: p.doc.at, users: p.doc.users })),
    },
    totals: {
      requests, ok: sum((r) => r.ok), rejected: sum((r) => r.rejected), errors: sum((r) => r.errors),
      errorRate: requests ? sum((r) => r.errors) / requests : 0,
      throughput: i.durationMs ? round(requests / (i.durationMs / 1000)) : 0,
    },
    requests: rows,
    delivery: { ...i.ledger.totals(), byRow, examples: i.ledger.examples },
    series: { intervalMs: i.aggregate.intervalMs, points: i.aggregate.points },
    processes,
    machine: { cores: i.sampler.cores, points: i.sampler.machine, avgCpu: machineAvg },
    generator: { ...i.generator, cpu: { avg: round(average(generatorCpu)), max: round(Math.max(0, ...generatorCpu)) } },
    verdict: { limitedBy: [], text: '' },
    timeline: i.timeline,
    slos: i.slos.map((r) => ({ slo: r.slo.text, value: r.value, shown: r.shown, passed: r.passed })),
    passed: i.slos.every((r) => r.passed),
    warnings: i.profile.warnings,
  };
  report.verdict = verdictOf(report);
  return report;
}

/** Which side was the limit, from the CPU of each process, the machine and the generator's event loop. */
export function verdictOf(r: LoadReport): LoadReport['verdict'] {
  const limitedBy: LoadReport['verdict']['limitedBy'] = [];
  const said: string[] = [];
  const hot = (role: Role) => r.processes.filter((p) => p.role === role && p.cpu.avg > SATURATED);
  const inProcess = r.target.kind === 'in-process';
  const generatorHot = hot('generator');
  if (generatorHot.length || r.generator.loopDelayMedianMs > LAGGING_MS) {
    limitedBy.push('generator');
    said.push(`the generator: ${generatorHot.map((p) => `${p.name} at ${p.cpu.avg}% of a core`).join(', ') || 'its event loop lagged'} (event loop delay p99 ${r.generator.loopDelayMedianMs} ms in a typical interval, ${r.generator.loopDelayP99Ms} ms in the worst)`);
  }
  const systemHot = hot('system');
  if (systemHot.length) {
    limitedBy.push('system');
    said.push(`the system: ${systemHot.map((p) => `${p.name} at ${p.cpu.avg}% of a core`).join(', ')}`);
  }
  if (r.machine.avgCpu > 0.9 * r.machine.cores * 100) {
    limitedBy.push('machine');
    said.push(`the machine: its ${r.machine.cores} cores were ${Math.round(r.machine.avgCpu / r.machine.cores)}% busy on average (other processes included)`);
  }
  const caveat = inProcess ? ' In-process, generator and system share one process: run with --processes to tell them apart.' : '';
  const text = said.length ? `Limited by ${said.join('; and by ')}.${caveat}` : `Neither the generator nor the system was saturated: the load could go higher.${caveat}`;
  return { limitedBy, text };
}

function sumSeries(series: ProcessSeries[]): number[] {
  const byT = new Map<number, number>();
  for (const s of series) for (const p of s.points) byT.set(p.t, (byT.get(p.t) ?? 0) + p.cpu);
  return [...byT.values()];
}

function average(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
