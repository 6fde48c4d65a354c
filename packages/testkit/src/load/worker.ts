/**
 * A worker process of the generator: runs its share of the virtual users (a Crowd) and reports what they measured
 * to the coordinator once an interval, over the IPC channel. Started by fleet.ts; never on its own.
 */
import { Crowd, type CrowdSetup } from './crowd.ts';
import type { FromWorker, ToWorker } from './fleet.ts';

let crowd: Crowd | undefined;
let ticker: ReturnType<typeof setTimeout> | undefined;
const send = (message: FromWorker) => process.send!(message);

process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'setup': {
      crowd = new Crowd(message.setup as CrowdSetup, message.index);
      send({ type: 'ready' });
      break;
    }
    case 'start': {
      crowd!.start(message.t0);
      // Reports at the end of each interval of the run, aligned on t0 in every process.
      const tick = () => {
        const t0 = crowd!.setup.t0;
        const next = t0 + (Math.floor((Date.now() - t0) / message.intervalMs) + 1) * message.intervalMs;
        ticker = setTimeout(() => {
          send({ type: 'delta', delta: crowd!.take(next) });
          tick();
        }, next - Date.now());
      };
      tick();
      break;
    }
    case 'factor':
      crowd!.setFactor(message.factor);
      break;
    case 'drain':
      void crowd!.drain(message.timeoutMs).then((unanswered) => {
        clearTimeout(ticker);
        send({ type: 'delta', delta: crowd!.take() });
        send({ type: 'drained', unanswered });
      });
      break;
    case 'flush':
      send({ type: 'delta', delta: crowd!.take() });
      send({ type: 'flushed' });
      break;
    case 'close':
      clearTimeout(ticker);
      crowd?.close();
      send({ type: 'closed' });
      setImmediate(() => process.exit(0));
      break;
  }
});
// The coordinator went away: so do we.
process.on('disconnect', () => process.exit(0));
