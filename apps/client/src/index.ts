// The server side of the chat client only: Node code imports `@fedlab/client` without any DOM code.
export { buildClientServer, DEFAULT_DIST_DIR, type ClientServer, type ClientServerOptions } from './server.ts';
export { clientAppConfig, type ClientAppConfig } from './app-config.ts';
export { readConfig, DEFAULT_CLIENT_PORT, type ClientConfig } from './config.ts';
