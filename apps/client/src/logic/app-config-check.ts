import type { ClientAppConfig } from '../app-config.ts';

/** Checks GET /config.json before the app relies on it; names the first thing wrong. */
export function parseAppConfig(raw: unknown): ClientAppConfig {
  const fail = (what: string): never => {
    throw new Error(`config.json: ${what}`);
  };
  const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((d) => typeof d === 'string');
  const isUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\//.test(v);
  const config = raw as ClientAppConfig | null;
  const org = config?.organization;
  if (!org || typeof org.name !== 'string' || !isStrings(org.domains) || !isUrl(org.url)) fail('organization needs a name, domains and an http(s) url');
  if (!Array.isArray(config!.providers)) fail('providers must be a list');
  config!.providers.forEach((p, i) => {
    if (!p || typeof p.id !== 'string' || typeof p.name !== 'string' || !isStrings(p.domains) || !isUrl(p.url)) {
      fail(`providers[${i}] needs an id, a name, domains and an http(s) url`);
    }
  });
  return {
    organization: { name: org!.name, domains: [...org!.domains], url: org!.url.replace(/\/+$/, '') },
    providers: config!.providers.map((p) => ({ id: p.id, name: p.name, domains: [...p.domains], url: p.url.replace(/\/+$/, '') })),
  };
}
