import { runServer } from '@fedlab/server';
import { readConfig } from './config.ts';
import { buildProvider } from './provider.ts';

const config = readConfig();
const provider = await buildProvider({ provider: config.provider, timeoutMs: config.timeoutMs, ...(config.adminToken ? { adminToken: config.adminToken } : {}), ...(config.federationToken ? { federationToken: config.federationToken } : {}), log: (line) => console.log(`[${config.provider.id}] ${line}`) });
await runServer(`provider ${config.provider.name}`, provider, config.port, config.host);
