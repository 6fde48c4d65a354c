import { runServer } from '@fedlab/server';
import { readConfig } from './config.ts';
import { buildClientServer } from './server.ts';

const config = readConfig();
const server = await buildClientServer({ config: config.app });
await runServer('client', server, config.port, config.host);
