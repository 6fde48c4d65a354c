import { newHistogram, summarize, type Histogram } from './histogram.ts';
import type { DeliveryCounts } from './ledger.ts';
import { KINDS, outcomeOf, type Kind } from './recorder.ts';

/**
 * Service level objectives, as a profile writes them: `p99 < 50ms`, `p99{kind=message,path=inbound msn} < 200ms`,
 * `errorRate < 0.1%`, `lost == 0`, `requests{code=429} == 0`, `throughput >= 100/s`, `signedIn >= 10000`. They decide
 * the exit code.
 */

const LATENCY = { p50: 'p50', p90: 'p90', p99: 'p99', 'p99.9': 'p999', p999: 'p999', max: 'max', mean: 'mean' } as const;
const RATIOS = ['errorRate', 'rejectedRate', 'successRate'] as const;
const COUNTS = ['requests', 'errors', 'rejected', 'lost', 'duplicated', 'deliveredAfterFailure', 'failedButDelivered', 'unanswered', 'outOfOrder'] as const;
const DELIVERY_COUNTS = new Set(['lost', 'duplicated', 'deliveredAfterFailure', 'failedButDelivered', 'unanswered', 'outOfOrder']);
export const SLO_METRICS = [...Object.keys(LATENCY), ...RATIOS, ...COUNTS, 'throughput', 'signedIn'];
const SELECTOR_KEYS = ['kind', 'path', 'code', 'reason'] as const;
type Operator = '<' | '<=' | '>' | '>=' | '==';

export interface Slo {
  /** As written in the profile. */
  text: string;
  metric: string;
  selector: Partial<Record<(typeof SELECTOR_KEYS)[number], string>>;
  operator: Operator;
  /** In the metric's own unit: ms, a fraction, a count, answers per second. */
  threshold: number;
}

export interface SloResult {
  slo: Slo;
  /** The measured value, in the metric's unit. */
  value: number;
  passed: boolean;
  /** The value as a person reads it, with its unit. */
  shown: string;
}

const SYNTAX = /^\s*([a-zA-Z0-9.]+)(?:\{([^}]*)\})?\s*(<=|>=|==|<|>)\s*([0-9.]+)\s*(ms|s|%|\/s)?\s*$/;

/** Parses one SLO; throws an Error whose message says what is wrong and what is possible. */
export function parseSlo(text: string): Slo {
  const match = SYNTAX.exec(text);
  if (!match) throw new Error(`'${text}' is not an objective: write metric{selector} operator value, e.g. p99 < 50ms or errorRate < 0.1%`);
  const [, metric, rawSelector, operator, rawValue, unit] = match as unknown as [string, string, string | undefined, Operator, string, string | undefined];
  if (!SLO_METRICS.includes(metric)) throw new Error(`unknown metric '${metric}'; one of: ${SLO_METRICS.join(', ')}`);
  const selector: Slo['selector'] = {};
  for (const part of (rawSelector ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [key, ...rest] = part.split('=');
    const value = rest.join('=').trim();
    if (!SELECTOR_KEYS.includes(key!.trim() as never) || !value) throw new Error(`selector '${part}': write key=value with key one of ${SELECTOR_KEYS.join(', ')}`);
    selector[key!.trim() as keyof Slo['selector']] = value;
  }
  if (selector.kind && !KINDS.includes(selector.kind as Kind)) throw new Error(`kind=${selector.kind}: one of ${KINDS.join(', ')}`);
  if ((selector.code || selector.reason) && !(metric === 'requests' || metric === 'errors' || metric === 'rejected')) {
    throw new Error(`code= and reason= narrow counts of answers (requests, errors, rejected), not ${metric}`);
  }
  const number = Number(rawValue);
  if (!Number.isFinite(number)) throw new Error(`'${rawValue}' is not a number`);
  let threshold = number;
  if (metric in LATENCY) {
    if (unit && unit !== 'ms' && unit !== 's') throw new Error(`${metric} is a latency: give ms or s, not ${unit}`);
    if (unit === 's') threshold = number * 1000;
  } else if ((RATIOS as readonly string[]).includes(metric)) {
    if (unit && unit !== '%') throw new Error(`${metric} is a share: give a % (0.1%) or a fraction (0.001)`);
    if (unit === '%') threshold = number / 100;
  } else if (metric === 'signedIn') {
    if (unit || rawSelector) throw new Error('signedIn is the peak of signed-in users: a plain number, no selector');
  } else if (metric === 'throughput') {
    if (unit && unit !== '/s') throw new Error('throughput is answers per second: give /s');
  } else if (unit) throw new Error(`${metric} is a count: give a plain number`);
  return { text: text.trim(), metric, selector, operator, threshold };
}

/** What an SLO is measured on. */
export interface SloInputs {
  rows: { kind: Kind; path: string; histogram: Histogram; codes: Record<string, number>; reasons: Record<string, number> }[];
  delivery: (filter: (kind: Kind, path: string) => boolean) => DeliveryCounts;
  /** How long the load ran (ramp-up and steady), for throughput. */
  durationMs: number;
  /** The most users signed in at once. */
  peakSignedIn: number;
}

export function evaluateSlo(slo: Slo, inputs: SloInputs): SloResult {
  const { kind, path, code, reason } = slo.selector;
  const match = (k: Kind, p: string) => (!kind || k === kind) && (!path || p === path);
  const rows = inputs.rows.filter((r) => match(r.kind, r.path));
  let value: number;
  let shown: string;
  if (slo.metric === 'signedIn') {
    value = inputs.peakSignedIn;
    shown = String(value);
  } else if (slo.metric in LATENCY) {
    const merged = newHistogram();
    for (const r of rows) merged.add(r.histogram);
    value = summarize(merged)[LATENCY[slo.metric as keyof typeof LATENCY]];
    shown = `${value} ms`;
  } else if (DELIVERY_COUNTS.has(slo.metric)) {
    value = inputs.delivery(match)[slo.metric as keyof DeliveryCounts];
    shown = String(value);
  } else {
    const answers = rows.flatMap((r) => Object.entries(r.codes).map(([c, n]) => ({ code: Number(c), n })));
    const total = answers.reduce((s, a) => s + a.n, 0);
    const of = (outcome: string) => answers.filter((a) => outcomeOf(a.code) === outcome).reduce((s, a) => s + a.n, 0);
    const counted = (outcome?: string) => {
      if (reason) return rows.reduce((s, r) => s + (r.reasons[reason] ?? 0), 0);
      return answers.filter((a) => (!code || a.code === Number(code)) && (!outcome || outcomeOf(a.code) === outcome)).reduce((s, a) => s + a.n, 0);
    };
    switch (slo.metric) {
      case 'errorRate': value = total ? of('error') / total : 0; break;
      case 'rejectedRate': value = total ? of('rejected') / total : 0; break;
      case 'successRate': value = total ? of('ok') / total : 1; break;
      case 'throughput': value = inputs.durationMs ? total / (inputs.durationMs / 1000) : 0; break;
      case 'errors': value = counted('error'); break;
      case 'rejected': value = counted('rejected'); break;
      default: value = counted(); break;
    }
    shown = (RATIOS as readonly string[]).includes(slo.metric) ? `${(value * 100).toFixed(3)}%` : slo.metric === 'throughput' ? `${value.toFixed(1)}/s` : String(value);
  }
  return { slo, value, shown, passed: compare(value, slo.operator, slo.threshold) };
}

function compare(value: number, operator: Operator, threshold: number): boolean {
  switch (operator) {
    case '<': return value < threshold;
    case '<=': return value <= threshold;
    case '>': return value > threshold;
    case '>=': return value >= threshold;
    default: return value === threshold;
  }
}
