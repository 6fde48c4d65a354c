import './ui/admin-app.ts';
import type { AdminApp } from './ui/admin-app.ts';
import type { Endpoints } from './logic/session.ts';

/** Reads where the edge and the home server are (GET /config.json of the admin server) and starts the page. */
async function start() {
  const app = document.querySelector<AdminApp>('fl-admin-app')!;
  try {
    const response = await fetch('/config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`GET /config.json answered ${response.status}`);
    const config = (await response.json()) as Partial<Endpoints>;
    if (typeof config.edge !== 'string' || typeof config.home !== 'string') throw new Error('/config.json does not name the edge and the home server');
    app.endpoints = { edge: config.edge, home: config.home };
  } catch (error) {
    app.configError = `The admin page cannot read its configuration: ${(error as Error).message}. Start it with \`npm start\` (or apps/admin's bin).`;
  }
}

void start();
