export * from './emitter.ts';
export * from './client.ts';
export * from './admin.ts';
