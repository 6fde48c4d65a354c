import { randomBytes } from 'node:crypto';
import { LINK_SECRET_PATTERN } from '@fedlab/protocol';
import { ConfigError } from './env.ts';

/** A fresh secret: 144 random bits, URL-safe (admin tokens, passwords, link secrets). */
export function newSecret(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * The link secret of every provider of a topology: the topology's own (`linkSecret`), else one already known
 * (`known`, e.g. kept in `.fedlab/`), else a new one. `npm start`, `deploy()` and `deployProcesses()` call it.
 */
export function linkSecretsFor(providers: { id: string; linkSecret?: string | undefined }[], known: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(providers.map((p) => [p.id, p.linkSecret ?? known[p.id] ?? newSecret()]));
}

/** `FEDLAB_LINK_SECRETS` for the edge: `msn=…,yahoo=…`. */
export function formatLinkSecrets(secrets: Record<string, string>): string {
  return Object.entries(secrets).map(([id, secret]) => `${id}=${secret}`).join(',');
}

export function parseLinkSecrets(value: string | undefined, name = 'FEDLAB_LINK_SECRETS'): Record<string, string> {
  const secrets: Record<string, string> = {};
  const pattern = new RegExp(LINK_SECRET_PATTERN);
  for (const pair of (value ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf('=');
    const id = pair.slice(0, at);
    const secret = pair.slice(at + 1);
    if (at <= 0 || !pattern.test(secret)) throw new ConfigError(`${name} must be id=secret pairs separated by commas (secrets of 16–256 letters, digits, _+/=-); "${id || pair}" is not`);
    secrets[id] = secret;
  }
  return secrets;
}
