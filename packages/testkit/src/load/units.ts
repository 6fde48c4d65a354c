/** The units of load profiles: durations (30s), rates per user (6/h) and shares (80%), as the schema admits them. */

const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|min|m|h))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|min|m|h)/g;
const RATE = /^(\d+(?:\.\d+)?)\/(s|min|h)$/;
const PERCENT = /^(\d+(?:\.\d+)?)%$/;
const MS_PER: Record<string, number> = { ms: 1, s: 1000, min: 60_000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration such as `30s`, `10m`, `500ms`, `2m30s`. */
export function parseDuration(text: string): number {
  if (!DURATION.test(text)) throw new Error(`not a duration: ${text} (500ms, 30s, 10m, 2h, 2m30s)`);
  return [...text.matchAll(DURATION_PART)].reduce((ms, m) => ms + Number(m[1]) * MS_PER[m[2]!]!, 0);
}

/** Events per second of a rate such as `6/h`, `2/min`, `0.5/s`. */
export function parseRate(text: string): number {
  const match = RATE.exec(text);
  if (!match) throw new Error(`not a rate: ${text} (6/h, 2/min, 0.5/s)`);
  return (Number(match[1]) * 1000) / MS_PER[match[2]!]!;
}

/** A share between 0 and 1: `80%`, or true (1) / false (0). */
export function parseShare(value: string | boolean | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const match = PERCENT.exec(value);
  if (!match) throw new Error(`not a share: ${value} (80%)`);
  return Number(match[1]) / 100;
}

/** A duration as a person reads it: 850 ms, 12.5 s, 3 min 20 s, 1 h 05 min. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min${ms % 60_000 >= 1000 ? ` ${Math.floor((ms % 60_000) / 1000)} s` : ''}`;
  return `${Math.floor(ms / 3_600_000)} h ${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')} min`;
}

/** A latency in milliseconds with the precision it deserves: 0.42 ms, 12.3 ms, 1530 ms. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  return ms < 1 ? `${ms.toFixed(2)} ms` : ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}
