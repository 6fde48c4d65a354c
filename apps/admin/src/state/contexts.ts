import { createContext } from '@lit/context';
import type { AdminClient } from '@fedlab/sdk';
import type { LiveController } from './live-controller.ts';

/**
 * What every element of the admin page may need, provided once by <fl-admin-app> (Lit's context protocol)
 * instead of being handed down through every panel and dialog: the signed-in session's AdminClient (it carries
 * the token and the page's actor), and the live connection to the edge. An element given the property directly
 * (a component test) uses that instead.
 */
export const clientContext = createContext<AdminClient | undefined>(Symbol('fl-admin-client'));
export const liveContext = createContext<LiveController | undefined>(Symbol('fl-admin-live'));
