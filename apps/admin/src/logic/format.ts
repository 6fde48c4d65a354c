import { FILTERING_LABELS, type LinkFault, type LinkState } from '@fedlab/protocol';
import { isFiltering } from './validate.ts';

/** How the page words things: pure functions, tested in Node. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 14:03:27.120 (local time), for the traffic stream. */
export function clockTime(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** 2025-11-25 14:03:27 (local time), for the audit log. */
export function dateTime(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function filteringLabel(filtering: string): string {
  return isFiltering(filtering) ? FILTERING_LABELS[filtering] : filtering;
}

/** The short name of each filtering option (the long seed label is shown next to it). */
export const FILTERING_SHORT: Record<string, string> = {
  'contacts-only': 'Contacts only',
  'verified-only': 'Verified only',
  'allow-all': 'Allow all',
};

export const LINK_STATE_LABELS: Record<LinkState, string> = {
  connected: 'Connected',
  connecting: 'Connecting',
  unreachable: 'Unreachable',
  'fqdn-mismatch': 'FQDN mismatch',
  'auth-failed': 'Authentication failed',
};

export function linkStateLabel(state: LinkState | undefined): string {
  return state ? (LINK_STATE_LABELS[state] ?? state) : 'No link';
}

/** A fault in one line: "latency 200 ms ± 50 ms · 1000 B/s · down". Empty fault: "none". */
export function describeFault(fault: LinkFault | undefined): string {
  if (!fault) return 'none';
  const parts: string[] = [];
  if (fault.latencyMs !== undefined || fault.jitterMs !== undefined) {
    parts.push(`latency ${fault.latencyMs ?? 0} ms${fault.jitterMs ? ` ± ${fault.jitterMs} ms` : ''}`);
  }
  if (fault.bandwidthBps !== undefined) parts.push(`bandwidth ${fault.bandwidthBps} B/s`);
  if (fault.down) parts.push('link down');
  if (fault.unresponsive) parts.push('peer unresponsive');
  return parts.length ? parts.join(' · ') : 'none';
}

export function hasFault(fault: LinkFault | undefined): boolean {
  return describeFault(fault) !== 'none';
}

/** A value of the audit log or of a hop's inputs, as plain text. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join(', ') : '(none)';
  if (isAddress(value)) return `${value.fqdn}:${value.port}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function isAddress(value: object): value is { fqdn: string; port: number } {
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as { fqdn?: unknown }).fqdn === 'string' && typeof (value as { port?: unknown }).port === 'number';
}

export interface Change {
  key: string;
  before: string;
  after: string;
}

/**
 * What an audit entry changed, setting by setting. Two objects: only the settings that differ (a key present on one
 * side only counts). Anything else: the whole value, before → after.
 */
export function describeChange(before: unknown, after: unknown): Change[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => ({ key, before: formatValue(before[key]), after: formatValue(after[key]) }));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ key: '', before: summarize(before), after: summarize(after) }];
}

/** A whole entry in a few words: a provider by name and id, anything else as text. */
function summarize(value: unknown): string {
  if (isRecord(value) && typeof value.name === 'string' && typeof value.id === 'string') return `${value.name} (${value.id})`;
  if (isRecord(value) && !Object.keys(value).length) return '(nothing)';
  return formatValue(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isAccepted(code: number): boolean {
  return code >= 200 && code < 300;
}

/** Appends to a stream kept newest last: at most `limit` entries, an entry seen again replaces the old one. */
export function appendNewest<T>(list: readonly T[], entry: T, keyOf: (item: T) => string, limit = 1000): T[] {
  const key = keyOf(entry);
  const next = list.some((e) => keyOf(e) === key) ? list.map((e) => (keyOf(e) === key ? entry : e)) : [...list, entry];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/** Who made an audited change (its `actor`), in words: the admin page, the REST API, a scenario by its name. */
export function actorLabel(actor: string | undefined): string {
  if (!actor || actor === 'rest') return 'REST API';
  if (actor === 'page') return 'Admin page';
  if (actor.startsWith('scenario:')) return `Scenario “${actor.slice('scenario:'.length)}”`;
  return actor;
}

/** Every setting a removed provider had (the audit entry's `before`), as "setting: value", in the dialog's order. */
export function lostSettings(entry: unknown): Change[] {
  if (!isRecord(entry)) return [];
  const settings: [string, string][] = [
    ['name', formatValue(entry.name)],
    ['network address', formatValue(entry.address)],
    ['type', entry.public === true ? 'public IM service provider' : entry.public === false ? 'federated partner' : formatValue(entry.public)],
    ['allowed', formatValue(entry.allowed)],
    ['filtering', typeof entry.filtering === 'string' ? filteringLabel(entry.filtering) : formatValue(entry.filtering)],
    ['domains', formatValue(entry.domains)],
  ];
  return settings.map(([key, before]) => ({ key, before, after: '—' }));
}
