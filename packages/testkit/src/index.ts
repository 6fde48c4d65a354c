export * from './wait.ts';
export * from './bot.ts';
export * from './deploy.ts';
export * from './processes.ts';
export * from './scenarios/index.ts';
export * from './load/index.ts';
