export * from './people-server.ts';
export * from './people-store.ts';
export * from './limits.ts';
export type { Realm, Recipient, Origin } from './context.ts';
export { describeChange } from './notices.ts';
