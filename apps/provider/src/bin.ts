import { ensureDataDir, runServer, startOrExit } from '@fedlab/server';
import { readConfig } from './config.ts';
import { buildProvider } from './provider.ts';

await startOrExit('provider', async () => {
  const { port, host, ...config } = readConfig();
  ensureDataDir(config.database);
  const provider = await buildProvider({ ...config, log: (line) => console.log(`[${config.provider.id}] ${line}`) });
  await runServer(`provider ${config.provider.name}`, provider, port, host);
});
