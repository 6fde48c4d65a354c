/** Load profiles (docs/load.md): the generator, its CLI, and its reports. */
export { runLoad, type LoadOptions, type LoadEvent } from './run.ts';
export { loadCli, LOAD_USAGE, summary } from './cli.ts';
export { loadProfile, ProfileError, type LoadProfile } from './profile.ts';
export { loadProfileJsonSchema } from './schema.ts';
export { toHtml } from './html.ts';
export { loadJUnit } from './junit.ts';
export type { LoadReport, RequestRow } from './report.ts';
