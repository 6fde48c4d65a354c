// Server-side pieces only: the page's code lives under src/ui and src/main.ts and is built by Vite.
export * from './server.ts';
export * from './config.ts';
