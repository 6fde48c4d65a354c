import { runServer } from '@fedlab/server';
import { readConfig } from './config.ts';
import { buildProvider } from './provider.ts';

const config = readConfig();
const { port: _port, host: _host, ...options } = config;
const provider = await buildProvider({ ...options, log: (line) => console.log(`[${config.provider.id}] ${line}`) });
await runServer(`provider ${config.provider.name}`, provider, config.port, config.host);
