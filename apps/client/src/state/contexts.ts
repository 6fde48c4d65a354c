import { createContext } from '@lit/context';
import type { ClientAppConfig } from '../app-config.ts';
import type { DirectoryIndex } from '../logic/directory.ts';
import type { ChatStore } from './chat-store.ts';

/**
 * What every element of the signed-in client may need, provided once by <fl-chat-app> (Lit's context protocol)
 * instead of being handed down through every element: the signed-in person's store, the topology's servers and
 * the people they list. An element that is given the property directly (a component test) uses that instead.
 */
export const storeContext = createContext<ChatStore>(Symbol('fl-chat-store'));
export const appConfigContext = createContext<ClientAppConfig>(Symbol('fl-app-config'));
export const directoryContext = createContext<DirectoryIndex>(Symbol('fl-directory'));
