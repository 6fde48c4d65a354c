import { ensureDataDir, runServer, startOrExit } from '@fedlab/server';
import { readConfig } from './config.ts';
import { buildHome } from './home.ts';

await startOrExit('home', async () => {
  const config = readConfig();
  ensureDataDir(config.database);
  const home = await buildHome({ ...config, log: (line) => console.log(`[home] ${line}`) });
  await runServer('home', home, config.port, config.host);
});
