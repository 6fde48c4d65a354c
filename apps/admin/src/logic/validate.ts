import {
  DOMAIN_PATTERN, FILTERING_OPTIONS, FQDN_PATTERN, PROVIDER_ID_PATTERN,
  type Filtering, type LinkFault, type ProviderEntry, type ProviderPatch,
} from '@fedlab/protocol';

/**
 * What the admin typed in the Add / Edit IM Service Provider dialog and the fault dialog, checked before anything
 * is sent, with the same patterns the edge's schema uses (the edge checks again and its errors are shown too).
 */

export type Errors<K extends string> = Partial<Record<K, string>>;
export type Checked<T, K extends string> = { ok: true; value: T } | { ok: false; errors: Errors<K> };

/** The provider dialog's fields, as text, as typed. */
export interface ProviderForm {
  id: string;
  name: string;
  fqdn: string;
  port: string;
  public: boolean;
  allowed: boolean;
  filtering: string;
  domains: string;
}
export type ProviderField = keyof ProviderForm;

const FQDN = new RegExp(FQDN_PATTERN);
const DOMAIN = new RegExp(DOMAIN_PATTERN);
const PROVIDER_ID = new RegExp(PROVIDER_ID_PATTERN);
const MAX_DOMAINS = 32;

export function isFiltering(value: string): value is Filtering {
  return (FILTERING_OPTIONS as readonly string[]).includes(value);
}

/**
 * The form for a new provider: the seed's defaults, as the product lists MSN, Yahoo! and AOL on a first start:
 * a public IM service provider, verified only, and not allowed until the admin ticks "Allow".
 */
export function emptyProviderForm(): ProviderForm {
  return { id: '', name: '', fqdn: '', port: '', public: true, allowed: false, filtering: 'verified-only', domains: '' };
}

export function formOf(entry: ProviderEntry): ProviderForm {
  return {
    id: entry.id, name: entry.name, fqdn: entry.address.fqdn, port: String(entry.address.port),
    public: entry.public, allowed: entry.allowed, filtering: entry.filtering, domains: entry.domains.join(', '),
  };
}

/** Domains as typed: separated by commas, spaces or new lines; case does not matter. */
export function splitDomains(text: string): string[] {
  return text.split(/[\s,;]+/).map((d) => d.trim().toLowerCase()).filter(Boolean);
}

/** A port as typed: digits only, 1 to 65535. */
export function parsePort(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed)) return undefined;
  const port = Number(trimmed);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/**
 * Checks the provider dialog. `takenIds`: the ids already in the list (an added provider needs a new one).
 * The FQDN and the domains are lower-cased (DNS names are case-insensitive); the name is trimmed.
 */
export function checkProviderForm(form: ProviderForm, takenIds: readonly string[] = []): Checked<ProviderEntry, ProviderField> {
  const errors: Errors<ProviderField> = {};
  const id = form.id.trim();
  if (!id) errors.id = 'Enter a short id, e.g. northwind.';
  else if (!PROVIDER_ID.test(id)) errors.id = 'Use a lower-case letter, then up to 31 lower-case letters, digits or hyphens.';
  else if (takenIds.includes(id)) errors.id = `There is already a provider with the id ${id}.`;

  const name = form.name.trim();
  if (!name) errors.name = 'Enter the name admins will see, e.g. Northwind Traders.';
  else if (name.length > 64) errors.name = 'Keep the name to 64 characters.';

  const fqdn = form.fqdn.trim().toLowerCase().replace(/\.$/, '');
  if (!fqdn) errors.fqdn = "Enter the FQDN of the provider's Access Edge, e.g. sip.example.com.";
  else if (!FQDN.test(fqdn)) errors.fqdn = 'Not a valid FQDN: use letters, digits and hyphens in dot-separated labels (no scheme, no port, no spaces).';

  const port = parsePort(form.port);
  if (port === undefined) errors.port = 'Enter a port from 1 to 65535.';

  if (!isFiltering(form.filtering)) errors.filtering = 'Choose one of the three filtering options.';

  const domains = splitDomains(form.domains);
  const bad = domains.filter((d) => !DOMAIN.test(d));
  const repeated = domains.filter((d, i) => domains.indexOf(d) !== i);
  if (!domains.length) errors.domains = 'Enter at least one domain the provider serves, e.g. example.com.';
  else if (bad.length) errors.domains = `Not a domain name: ${bad.join(', ')} (a domain has at least two labels, e.g. example.com).`;
  else if (repeated.length) errors.domains = `Listed more than once: ${[...new Set(repeated)].join(', ')}.`;
  else if (domains.length > MAX_DOMAINS) errors.domains = `At most ${MAX_DOMAINS} domains.`;

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      id, name, address: { fqdn, port: port! }, public: form.public, allowed: form.allowed,
      filtering: form.filtering as Filtering, domains,
    },
  };
}

/** The settings that differ between the entry as it was and as edited (the PATCH body); empty when nothing changed. */
export function providerPatch(before: ProviderEntry, after: ProviderEntry): ProviderPatch {
  const patch: ProviderPatch = {};
  if (before.name !== after.name) patch.name = after.name;
  if (before.address.fqdn !== after.address.fqdn || before.address.port !== after.address.port) patch.address = after.address;
  if (before.public !== after.public) patch.public = after.public;
  if (before.allowed !== after.allowed) patch.allowed = after.allowed;
  if (before.filtering !== after.filtering) patch.filtering = after.filtering;
  if (before.domains.join(',') !== after.domains.join(',')) patch.domains = after.domains;
  return patch;
}

/** The fault dialog's fields: numbers as typed (empty: none), switches as booleans. */
export interface FaultForm {
  latencyMs: string;
  jitterMs: string;
  bandwidthBps: string;
  down: boolean;
  unresponsive: boolean;
}
export type FaultField = keyof FaultForm | 'form';

export function faultFormOf(fault: LinkFault | undefined): FaultForm {
  const text = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    latencyMs: text(fault?.latencyMs), jitterMs: text(fault?.jitterMs), bandwidthBps: text(fault?.bandwidthBps),
    down: !!fault?.down, unresponsive: !!fault?.unresponsive,
  };
}

const MAX_DELAY_MS = 60_000;

/** Checks the fault dialog; at least one fault must be set (clearing has its own button). */
export function checkFaultForm(form: FaultForm): Checked<LinkFault, FaultField> {
  const errors: Errors<FaultField> = {};
  const fault: LinkFault = {};
  const whole = (field: 'latencyMs' | 'jitterMs' | 'bandwidthBps', min: number, max: number, message: string) => {
    const text = form[field].trim();
    if (!text) return;
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) errors[field] = message;
    else fault[field] = value;
  };
  whole('latencyMs', 0, MAX_DELAY_MS, `Latency is a whole number of milliseconds from 0 to ${MAX_DELAY_MS}.`);
  whole('jitterMs', 0, MAX_DELAY_MS, `Jitter is a whole number of milliseconds from 0 to ${MAX_DELAY_MS}.`);
  whole('bandwidthBps', 1, Number.MAX_SAFE_INTEGER, 'Bandwidth is a whole number of bytes per second, at least 1.');
  if (form.down) fault.down = true;
  if (form.unresponsive) fault.unresponsive = true;
  if (!Object.keys(errors).length && !Object.keys(fault).length) errors.form = 'Set at least one fault, or use Clear fault to remove them all.';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: fault };
}
