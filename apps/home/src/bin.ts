import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { runServer } from '@fedlab/server';
import { readConfig } from './config.ts';
import { buildHome } from './home.ts';

const config = readConfig();
if (config.database !== ':memory:') mkdirSync(dirname(config.database), { recursive: true });
const home = await buildHome({ ...config, log: (line) => console.log(`[home] ${line}`) });
await runServer('home', home, config.port, config.host);
