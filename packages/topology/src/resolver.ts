import { promises as dns } from 'node:dns';
import type { Topology } from './schema.ts';

/** The SRV service a federated partner's Access Edge is published under (OCS 2007 R2's enhanced federation). */
export const FEDERATION_SRV_SERVICE = '_sipfederationtls._tcp';

export function federationSrvName(domain: string): string {
  return `${FEDERATION_SRV_SERVICE}.${domain}`;
}

/** One SRV record as `node:dns` gives it. */
export interface SrvAnswer {
  name: string;
  port: number;
  priority: number;
  weight: number;
}
export type SrvLookup = (name: string) => Promise<SrvAnswer[]>;

/** What the resolver found for a domain, with enough to say so in a trace. */
export interface SrvResolution {
  domain: string;
  /** The record asked for: `_sipfederationtls._tcp.<domain>`. */
  record: string;
  /** The Access Edge it names; undefined when it names none. */
  target: { fqdn: string; port: number } | undefined;
  /** Where the answer came from: the topology's SRV table, or the system's DNS. */
  source: 'topology' | 'dns';
  /** True when the answer came from the cache rather than a fresh lookup. */
  cached: boolean;
  resolvedAt: number;
  /** Until when the answer is kept; an answer that failed for a passing reason is not kept (equal to resolvedAt). */
  expiresAt: number;
  /** Why nothing was named: `no such record`, or the DNS error code (`ENOTFOUND`, `ETIMEOUT`, …). */
  error?: string;
}

export interface SrvResolverOptions {
  /** `topology` (FEDLAB_HOSTS=topology): the topology's `srv` table; `dns` (FEDLAB_HOSTS=dns): the system's DNS. */
  mode: 'topology' | 'dns';
  /** The topology's SRV table (topology mode). */
  records?: Topology['srv'];
  /** How long an answer is kept; 0 keeps none. */
  cacheMs: number;
  now?: () => number;
  /** How dns mode asks; `node:dns`'s `resolveSrv` by default (tests give a `Resolver` pointed at their own server). */
  lookup?: SrvLookup;
  /** How many domains' answers are kept at most; the oldest goes first. */
  maxEntries?: number;
}

/** DNS errors that are answers (the name or the record does not exist): kept like any answer. Others pass. */
const DEFINITIVE_ERRORS: ReadonlySet<string> = new Set(['ENOTFOUND', 'ENODATA', 'no such record']);

/**
 * Finds a partner domain's Access Edge through its `_sipfederationtls._tcp` SRV record, as the edge does for
 * discovered partners and allowed domains, and keeps each answer for `cacheMs` (a name that does not exist too,
 * as DNS resolvers do; a time-out or server failure is not kept). Of several records, the lowest priority wins,
 * then the highest weight, then the first: deterministic, unlike a real client's weighted choice. Concurrent
 * lookups of one domain share one query.
 */
export class SrvResolver {
  readonly #cache = new Map<string, SrvResolution>();
  readonly #pending = new Map<string, Promise<SrvResolution>>();
  readonly #now: () => number;
  readonly #lookup: SrvLookup;

  constructor(readonly options: SrvResolverOptions) {
    this.#now = options.now ?? Date.now;
    this.#lookup = options.mode === 'dns' ? (options.lookup ?? ((name) => dns.resolveSrv(name))) : (name) => this.#fromTopology(name);
  }

  async resolve(domain: string): Promise<SrvResolution> {
    const kept = this.#cache.get(domain);
    if (kept && kept.expiresAt > this.#now()) return { ...kept, cached: true };
    this.#cache.delete(domain);
    let pending = this.#pending.get(domain);
    if (!pending) {
      pending = this.#ask(domain).finally(() => this.#pending.delete(domain));
      this.#pending.set(domain, pending);
    }
    return { ...(await pending) };
  }

  /** Forgets every answer (a reset, or a changed topology). */
  clear(): void {
    this.#cache.clear();
  }

  async #ask(domain: string): Promise<SrvResolution> {
    const record = federationSrvName(domain);
    const base = { domain, record, source: this.options.mode, cached: false } as const;
    let resolution: SrvResolution;
    try {
      const target = pick(await this.#lookup(record));
      const resolvedAt = this.#now();
      resolution = { ...base, target, resolvedAt, expiresAt: resolvedAt + this.options.cacheMs, ...(target ? {} : { error: 'no such record' }) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      const resolvedAt = this.#now();
      resolution = { ...base, target: undefined, resolvedAt, expiresAt: resolvedAt + (DEFINITIVE_ERRORS.has(code) ? this.options.cacheMs : 0), error: code };
    }
    if (resolution.expiresAt > resolution.resolvedAt) this.#keep(domain, resolution);
    return resolution;
  }

  #keep(domain: string, resolution: SrvResolution): void {
    this.#cache.set(domain, resolution);
    const max = this.options.maxEntries ?? 10_000;
    if (this.#cache.size > max) this.#cache.delete(this.#cache.keys().next().value!);
  }

  async #fromTopology(name: string): Promise<SrvAnswer[]> {
    const record = this.options.records?.[name];
    if (!record) throw Object.assign(new Error(`no SRV record ${name} in the topology`), { code: 'no such record' });
    return [{ name: record.target, port: record.port, priority: 0, weight: 0 }];
  }
}

function pick(answers: SrvAnswer[]): SrvResolution['target'] {
  const best = [...answers].sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
  return best && { fqdn: best.name.toLowerCase().replace(/\.$/, ''), port: best.port };
}

/** A sentence for the trace: what was asked, what came back, from where. */
export function describeResolution(r: SrvResolution): string {
  const from = r.source === 'topology' ? "the topology's DNS" : 'the DNS';
  const when = r.cached ? ', cached' : '';
  return r.target
    ? `${r.record} names ${r.target.fqdn}:${r.target.port} (${from}${when}).`
    : `${r.record} names nothing (${from}: ${r.error ?? 'no answer'}${when}).`;
}

/** The resolution as trace inputs. */
export function resolutionInputs(r: SrvResolution): Record<string, unknown> {
  return { record: r.record, target: r.target ? `${r.target.fqdn}:${r.target.port}` : null, source: r.source, cached: r.cached, ...(r.error ? { error: r.error } : {}) };
}
