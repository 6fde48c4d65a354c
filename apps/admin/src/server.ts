import { fileURLToPath } from 'node:url';
import { buildWebApp, type WebAppServer } from '@fedlab/server';

/** The Vite build of the page (`npm run build` in apps/admin). */
export const DEFAULT_DIST_DIR = fileURLToPath(new URL('../dist', import.meta.url));

export interface AdminServerOptions {
  /** Where the browser finds the edge and the home server; served at GET /config.json. */
  config: { edge: string; home: string };
  /** The built page; default apps/admin/dist. */
  distDir?: string;
}

export type AdminServer = WebAppServer;

/**
 * The admin page's web server: the built page and its runtime configuration. It holds no token and proxies
 * nothing: the page talks to the edge and the home server itself, with the token the admin types in.
 */
export function buildAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const { edge, home } = options.config;
  return buildWebApp({ name: 'admin', distDir: options.distDir ?? DEFAULT_DIST_DIR, config: { edge, home } });
}
