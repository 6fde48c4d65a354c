import { fileURLToPath } from 'node:url';
import { buildWebApp, type WebAppServer } from '@fedlab/server';
import type { ClientAppConfig } from './app-config.ts';

/** Where `npm run build` in apps/client puts the browser app. */
export const DEFAULT_DIST_DIR = fileURLToPath(new URL('../dist', import.meta.url));

export interface ClientServerOptions {
  /** Served at GET /config.json: which server each domain signs in to. */
  config: ClientAppConfig;
  /** The Vite build to serve; default apps/client/dist. */
  distDir?: string;
}

export type ClientServer = WebAppServer;

/** The chat client's web server: the built Lit app plus its runtime configuration. Nothing listens until `listen`. */
export function buildClientServer(options: ClientServerOptions): Promise<ClientServer> {
  return buildWebApp({ name: 'client', distDir: options.distDir ?? DEFAULT_DIST_DIR, config: options.config });
}
