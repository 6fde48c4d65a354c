import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { runServer } from '@fedlab/server';
import { readConfig } from './config.ts';
import { buildEdge } from './edge.ts';

const config = readConfig();
if (config.database !== ':memory:') mkdirSync(dirname(config.database), { recursive: true });
const edge = await buildEdge({ ...config, log: (line) => console.log(`[edge] ${line}`) });
await runServer('edge', edge, config.port, config.host);
