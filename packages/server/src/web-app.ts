import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import { createHttp } from './http.ts';
import { OriginPolicy } from './origins.ts';

export interface WebAppOptions {
  /** e.g. `client` or `admin`: shown by GET /health. */
  name: string;
  /** The Vite build output to serve. */
  distDir: string;
  /** Served at GET /config.json: where the browser app finds the servers it talks to. */
  config: unknown;
}

export interface WebAppServer {
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** Serves a built browser app and its runtime configuration. Nothing listens until `listen`. */
export async function buildWebApp(options: WebAppOptions): Promise<WebAppServer> {
  if (!existsSync(`${options.distDir}/index.html`)) {
    throw new Error(`${options.name}: no build at ${options.distDir}; run \`npm run build\` first`);
  }
  // Public files only: a page's own module scripts carry an Origin header, and nothing here is secret.
  const http = await createHttp({ name: options.name, origins: OriginPolicy.any() });
  http.app.get('/config.json', async () => options.config);
  await http.app.register(fastifyStatic, { root: options.distDir, index: ['index.html'] });
  return { listen: (port = 0, host = '127.0.0.1') => http.listen(port, host), close: () => http.close() };
}
