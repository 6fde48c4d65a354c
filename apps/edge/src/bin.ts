import { ensureDataDir, runServer, startOrExit } from '@fedlab/server';
import { readConfig } from './config.ts';
import { buildEdge } from './edge.ts';

await startOrExit('edge', async () => {
  const config = readConfig();
  ensureDataDir(config.database);
  const edge = await buildEdge({ ...config, log: (line) => console.log(`[edge] ${line}`) });
  await runServer('edge', edge, config.port, config.host);
});
