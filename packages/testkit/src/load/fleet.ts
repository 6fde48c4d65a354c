import { fork, type ChildProcess } from 'node:child_process';
import { Crowd, type CrowdDelta, type CrowdSetup, type Unanswered } from './crowd.ts';

/** The messages between the coordinator and a worker. */
export type ToWorker =
  | { type: 'setup'; setup: CrowdSetup; index: number }
  | { type: 'start'; t0: number; intervalMs: number }
  | { type: 'factor'; factor: number }
  | { type: 'drain'; timeoutMs: number }
  | { type: 'flush' }
  | { type: 'close' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'delta'; delta: CrowdDelta }
  | { type: 'drained'; unanswered: Unanswered[] }
  | { type: 'flushed' }
  | { type: 'closed' };

/** One process of the generator, as the coordinator drives it: the coordinator itself, or a worker. */
export interface CrowdHandle {
  index: number;
  pid: number;
  start(t0: number, intervalMs: number): void;
  setFactor(factor: number): void;
  drain(timeoutMs: number): Promise<Unanswered[]>;
  /** Reports what came in since the drain: once every process has drained, deliveries to this one are complete. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The generator's processes. With no workers the users run in the coordinator's own process (small loads, tests);
 * with workers, each runs its share in a child process, so that the generator can use more than one core and
 * its own CPU cost shows per process. Every process reports a delta once an interval, aligned on t0.
 */
export async function startFleet(setups: CrowdSetup[], workers: boolean, onDelta: (index: number, delta: CrowdDelta) => void): Promise<CrowdHandle[]> {
  if (!workers) return setups.map((setup, index) => localCrowd(setup, index, onDelta));
  return Promise.all(setups.map((setup, index) => workerCrowd(setup, index, onDelta)));
}

function localCrowd(setup: CrowdSetup, index: number, onDelta: (index: number, delta: CrowdDelta) => void): CrowdHandle {
  const crowd = new Crowd(setup, index);
  let ticker: ReturnType<typeof setTimeout> | undefined;
  return {
    index, pid: process.pid,
    start(t0, intervalMs) {
      crowd.start(t0);
      const tick = () => {
        const next = setup.t0 + (Math.floor((Date.now() - setup.t0) / intervalMs) + 1) * intervalMs;
        ticker = setTimeout(() => {
          onDelta(index, crowd.take(next));
          tick();
        }, next - Date.now());
      };
      tick();
    },
    setFactor: (factor) => crowd.setFactor(factor),
    async drain(timeoutMs) {
      const unanswered = await crowd.drain(timeoutMs);
      clearTimeout(ticker);
      onDelta(index, crowd.take());
      return unanswered;
    },
    async flush() {
      onDelta(index, crowd.take());
    },
    async close() {
      clearTimeout(ticker);
      crowd.close();
    },
  };
}

async function workerCrowd(setup: CrowdSetup, index: number, onDelta: (index: number, delta: CrowdDelta) => void): Promise<CrowdHandle> {
  const child: ChildProcess = fork(new URL('./worker.ts', import.meta.url), [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: { type: FromWorker['type']; resolve: (m: FromWorker) => void }[] = [];
  let exited = false;
  child.on('message', (message: FromWorker) => {
    if (message.type === 'delta') onDelta(index, message.delta);
    const i = waiters.findIndex((w) => w.type === message.type);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(message);
  });
  const next = <T extends FromWorker['type']>(type: T) => new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
    if (exited) return reject(new Error(`worker ${index} has exited`));
    waiters.push({ type, resolve: resolve as (m: FromWorker) => void });
    child.once('exit', (code) => reject(new Error(`worker ${index} exited with code ${code}`)));
  });
  child.on('exit', () => {
    exited = true;
  });
  const post = (message: ToWorker) => {
    if (!exited) child.send(message);
  };
  post({ type: 'setup', setup, index });
  await next('ready');
  return {
    index, pid: child.pid!,
    start: (t0, intervalMs) => post({ type: 'start', t0, intervalMs }),
    setFactor: (factor) => post({ type: 'factor', factor }),
    async drain(timeoutMs) {
      post({ type: 'drain', timeoutMs });
      return (await next('drained')).unanswered;
    },
    async flush() {
      post({ type: 'flush' });
      await next('flushed');
    },
    async close() {
      if (exited) return;
      const closed = next('closed').catch(() => undefined);
      post({ type: 'close' });
      await closed;
      if (!exited) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
