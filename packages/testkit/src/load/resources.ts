import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/**
 * CPU and memory of processes over time, read from /proc (Linux): `/proc/<pid>/stat` for the CPU time a process
 * used, `/proc/<pid>/statm` for its resident memory, `/proc/stat` for the whole machine. CPU is given in % of one
 * core, so a single-threaded process is saturated near 100 %.
 */

export type Role = 'system' | 'generator';

export interface WatchedProcess {
  name: string;
  pid: number;
  role: Role;
}

export interface ResourcePoint {
  /** ms from the start of the run. */
  t: number;
  /** % of one core over the last sampling period. */
  cpu: number;
  /** Resident memory, MB. */
  rssMb: number;
}

export interface ProcessSeries extends WatchedProcess {
  points: ResourcePoint[];
}

const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux build we run on
const PAGE_BYTES = 4096;

/** CPU seconds (user + system) a process has used, or undefined when it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

export function rssMb(pid: number): number | undefined {
  try {
    return (Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_BYTES) / 1_048_576;
  } catch {
    return undefined;
  }
}

/** The whole machine: busy and total jiffies of all cores, from /proc/stat. */
function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    const total = values.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** The processes (pid) that listen on these TCP ports, found through /proc/net/tcp and each process's sockets. */
export function pidsListeningOn(ports: number[]): Map<number, number> {
  const inodes = new Map<string, number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // 0A: LISTEN
      const port = parseInt(cols[1]!.split(':')[1]!, 16);
      if (ports.includes(port)) inodes.set(cols[9]!, port);
    }
  }
  const found = new Map<number, number>();
  if (!inodes.size) return found;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link = '';
      try {
        link = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      const port = inode ? inodes.get(inode) : undefined;
      if (port !== undefined && !found.has(port)) found.set(port, Number(entry));
    }
  }
  return found;
}

/** Samples every watched process (and the machine) once a period; keeps a series per process. */
export class ResourceSampler {
  readonly series: ProcessSeries[];
  readonly machine: { t: number; cpu: number }[] = [];
  readonly #last = new Map<number, { cpu: number; at: number }>();
  #lastMachine = machineTicks();
  readonly cores: number;

  constructor(processes: WatchedProcess[], cores: number) {
    this.series = processes.map((p) => ({ ...p, points: [] }));
    this.cores = cores;
    const now = performance.now();
    for (const p of processes) {
      const cpu = cpuSeconds(p.pid);
      if (cpu !== undefined) this.#last.set(p.pid, { cpu, at: now });
    }
  }

  add(process: WatchedProcess): void {
    if (this.series.some((s) => s.pid === process.pid)) return;
    this.series.push({ ...process, points: [] });
    const cpu = cpuSeconds(process.pid);
    if (cpu !== undefined) this.#last.set(process.pid, { cpu, at: performance.now() });
  }

  /** One sample of every process at t (ms from the start). */
  sample(t: number): void {
    const now = performance.now();
    for (const s of this.series) {
      const cpu = cpuSeconds(s.pid);
      const rss = rssMb(s.pid);
      const last = this.#last.get(s.pid);
      if (cpu === undefined || rss === undefined) continue;
      if (last && now > last.at) s.points.push({ t, cpu: Math.max(0, ((cpu - last.cpu) / ((now - last.at) / 1000)) * 100), rssMb: Math.round(rss * 10) / 10 });
      this.#last.set(s.pid, { cpu, at: now });
    }
    const ticks = machineTicks();
    if (ticks && this.#lastMachine && ticks.total > this.#lastMachine.total) {
      // % of one core, like the processes: 200 % is a two-core machine fully busy.
      const busy = ((ticks.busy - this.#lastMachine.busy) / (ticks.total - this.#lastMachine.total)) * 100 * this.cores;
      this.machine.push({ t, cpu: Math.round(busy * 10) / 10 });
    }
    this.#lastMachine = ticks;
  }
}
