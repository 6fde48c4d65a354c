#!/usr/bin/env node
// `npx fedlab …`: runs the TypeScript CLI (src/bin/fedlab.ts) through tsx, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin/fedlab.ts');
