import { runServer } from '@fedlab/server';
import { readConfig } from './config.ts';
import { buildAdminServer } from './server.ts';

const config = readConfig();
const server = await buildAdminServer({ config: config.endpoints });
await runServer('admin page', server, config.port, config.host);
