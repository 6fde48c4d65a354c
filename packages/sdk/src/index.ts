export * from './emitter.ts';
export type * from './client-model.ts';
export * from './sign-in-error.ts';
export * from './client.ts';
export * from './admin.ts';
