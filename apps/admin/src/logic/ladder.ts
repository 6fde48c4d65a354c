import { decidingDecision } from '@fedlab/policy';
import { publicReasonOf, type HopDecision, type Reason, type PublicReason, type StatusCode, type TrafficEntry } from '@fedlab/protocol';

/**
 * The ladder diagram of one request's trace (a SIP-style call flow): one column per place on the request's path
 * (the sender, the provider, the edge, the home server, the recipient's client), arrows in time order, and each
 * hop's decision (rule, inputs, answer) under the column that made it. Pure: tested in Node, drawn by
 * `<fl-trace-ladder>`.
 */

export type ColumnRole = 'sender' | 'provider' | 'edge' | 'home' | 'client' | 'recipient' | 'other';

export interface LadderColumn {
  key: string;
  role: ColumnRole;
  /** What the column is, e.g. "Access Edge". */
  title: string;
  /** Who: an address, a provider's name. */
  label: string;
  /** Outside the organization (the answer crossing to it is the public form). */
  outside: boolean;
}

export interface LadderArrow {
  type: 'arrow';
  from: number;
  to: number;
  direction: 'request' | 'answer';
  label: string;
  /** On answers: the code carried. */
  code?: StatusCode;
  /** On answers: the public form (what crosses the organization's boundary). */
  public?: boolean;
}

export interface LadderDecision {
  type: 'decision';
  column: number;
  decision: HopDecision;
  /** The hop decision that settled the request: the first that rejected it (see @fedlab/policy's trace.ts). */
  deciding: boolean;
}

export type LadderRow = LadderArrow | LadderDecision;

export interface Ladder {
  direction: 'inbound' | 'outbound' | 'internal';
  columns: LadderColumn[];
  rows: LadderRow[];
  outcome: { code: StatusCode; reason: Reason | PublicReason | 'forwarded' } | null;
}

export interface TraceInput {
  requestId: string;
  summary: TrafficEntry | null;
  decisions: HopDecision[];
}

const EDGE: Omit<LadderColumn, 'key'> = { role: 'edge', title: 'Access Edge', label: 'edge', outside: false };
const HOME: Omit<LadderColumn, 'key'> = { role: 'home', title: 'Home server', label: 'home', outside: false };

/** The path a request takes, in order, as columns. */
function pathOf(direction: Ladder['direction'], summary: TrafficEntry | null, decisions: HopDecision[], providerName: (id: string) => string): LadderColumn[] {
  const providerId = summary?.provider ?? decisions.find((d) => d.hop === 'provider')?.node;
  const provider: LadderColumn = { key: 'provider', role: 'provider', title: 'Provider', label: providerId ? providerName(providerId) : 'provider', outside: true };
  const from = summary?.from ?? '';
  const to = summary?.to ?? '';
  if (direction === 'inbound') {
    return [
      { key: 'sender', role: 'sender', title: 'Sender', label: from || 'sender', outside: true },
      provider,
      { key: 'edge', ...EDGE },
      { key: 'home', ...HOME },
      { key: 'client', role: 'client', title: "Recipient's client", label: to || clientOf(decisions) || 'client', outside: false },
    ];
  }
  if (direction === 'outbound') {
    return [
      { key: 'sender', role: 'sender', title: "Sender's client", label: from || 'sender', outside: false },
      { key: 'home', ...HOME },
      { key: 'edge', ...EDGE },
      provider,
      { key: 'recipient', role: 'recipient', title: 'Recipient', label: to || 'recipient', outside: true },
    ];
  }
  // Inside the organization, or nothing known: the places that decided, in the order they first did.
  const columns: LadderColumn[] = [{ key: 'sender', role: 'sender', title: 'Sender', label: from || 'sender', outside: false }];
  for (const d of decisions) {
    if (!columns.some((c) => c.key === d.node)) columns.push(otherColumn(d));
  }
  return columns;
}

function clientOf(decisions: HopDecision[]): string | undefined {
  return decisions.find((d) => d.hop === 'client')?.node.replace(/^client:/, '');
}

function otherColumn(d: HopDecision): LadderColumn {
  if (d.hop === 'edge') return { key: d.node, ...EDGE, label: d.node };
  if (d.hop === 'home') return { key: d.node, ...HOME, label: d.node };
  if (d.hop === 'client') return { key: d.node, role: 'client', title: 'Client', label: d.node.replace(/^client:/, ''), outside: false };
  return { key: d.node, role: d.hop === 'provider' ? 'provider' : 'other', title: d.hop, label: d.node, outside: d.hop === 'provider' };
}

export function directionOf(summary: TrafficEntry | null, decisions: HopDecision[]): Ladder['direction'] {
  if (summary) return summary.direction;
  if (decisions.some((d) => d.rule.startsWith('inbound.'))) return 'inbound';
  if (decisions.some((d) => d.rule.startsWith('outbound.'))) return 'outbound';
  return 'internal';
}

/** The column of a decision on the path: by its hop, or by its node for a place off the usual path. */
function columnOf(columns: LadderColumn[], d: HopDecision, direction: Ladder['direction']): number {
  if (direction !== 'internal') {
    const role = d.hop === 'client' ? (direction === 'inbound' ? 'client' : 'recipient') : d.hop;
    const index = columns.findIndex((c) => c.role === role);
    if (index >= 0) return index;
  }
  const byNode = columns.findIndex((c) => c.key === d.node);
  if (byNode >= 0) return byNode;
  columns.push(otherColumn(d));
  return columns.length - 1;
}

/**
 * Lays out the ladder. The request walks forward one hop at a time to each place that decided, in time order;
 * the final answer walks back to the sender. Answers that leave the organization carry the public form.
 */
export function layoutLadder(trace: TraceInput, providerName: (id: string) => string = (id) => id): Ladder {
  const decisions = distinct(trace.decisions).sort((a, b) => a.at - b.at);
  const direction = directionOf(trace.summary, decisions);
  const decider = decidingDecision(decisions);
  const columns = pathOf(direction, trace.summary, decisions, providerName);
  const kind = trace.summary?.kind ?? 'request';
  const rows: LadderRow[] = [];
  let position = 0;
  const walkTo = (column: number) => {
    for (; position < column; position++) rows.push({ type: 'arrow', from: position, to: position + 1, direction: 'request', label: kind });
  };
  for (const decision of decisions) {
    const column = columnOf(columns, decision, direction);
    walkTo(column);
    rows.push({ type: 'decision', column, decision, deciding: decision === decider });
  }

  const last = decisions.at(-1);
  const outcome = trace.summary
    ? { code: trace.summary.code, reason: trace.summary.reason }
    : last ? { code: last.code, reason: last.reason } : null;
  // The deciding hop may lie beyond the last recorded decision (a provider that answered without a trail).
  if (trace.summary && direction !== 'internal') {
    const hopColumn = columns.findIndex((c) => c.role === trace.summary!.hop || (trace.summary!.hop === 'client' && c.role === (direction === 'inbound' ? 'client' : 'recipient')));
    if (hopColumn > position) walkTo(hopColumn);
  }
  if (outcome) {
    for (let from = position; from > 0; from--) {
      const crossesOut = columns[from - 1]!.outside && !columns[from]!.outside;
      const isPublic = crossesOut || (columns[from]!.outside && columns[from - 1]!.outside && direction === 'inbound');
      const reason = isPublic && outcome.reason !== 'forwarded' ? publicReasonOf(outcome.reason) : outcome.reason;
      rows.push({ type: 'arrow', from, to: from - 1, direction: 'answer', label: `${outcome.code} ${reason}`, code: outcome.code, ...(isPublic ? { public: true } : {}) });
    }
  }
  return { direction, columns: columns.slice(0, Math.max(position, lastColumn(rows)) + 1), rows, outcome };
}

function lastColumn(rows: LadderRow[]): number {
  return rows.reduce((max, r) => Math.max(max, r.type === 'arrow' ? Math.max(r.from, r.to) : r.column), 0);
}

/** The same decision reported twice (by the edge and again by the home server) is drawn once. */
export function distinct(decisions: readonly HopDecision[]): HopDecision[] {
  const seen = new Set<string>();
  return decisions.filter((d) => {
    const key = JSON.stringify([d.hop, d.node, d.rule, d.at, d.code, d.reason]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
