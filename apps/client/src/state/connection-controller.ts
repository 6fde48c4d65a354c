import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Address } from '@fedlab/protocol';
import { FedlabClient, type ConnectionState, type FedlabClientOptions } from '@fedlab/sdk';
import type { ClientAppConfig } from '../app-config.ts';
import { sideFor } from '../logic/servers.ts';
import { signInErrorText } from '../logic/sign-in-errors.ts';
import {
  forgetSignIn, keepHistory, keepStatus, keptHistory, keptStatus, rememberSignIn, rememberedSignIn, type KeyValue, type RememberedSignIn,
} from '../logic/storage.ts';
import { ChatStore } from './chat-store.ts';

/** The sign-in on its way, as the sign-in screen shows it. */
export interface ConnectingInfo {
  address: string;
  sideName: string;
  state: ConnectionState;
  detail?: string | undefined;
}

export interface ConnectionOptions {
  /** This tab's storage (the sign-in) and this browser's (status, history); none where the browser refuses. */
  tab: () => KeyValue | undefined;
  browser: () => KeyValue | undefined;
  nameOf: (address: Address) => string;
  /** Makes the sdk client (tests give a fake). */
  connect?: (options: FedlabClientOptions) => FedlabClient;
}

/**
 * This tab's connection, for its host (<fl-chat-app>): signs one person in with the sdk (address and password),
 * shows the way there, keeps the sign-in across reloads of this tab, and once the server has welcomed her
 * makes her ChatStore (with her status and conversations as this browser kept them). Closes everything when the
 * host goes away.
 */
export class ConnectionController implements ReactiveController {
  store: ChatStore | undefined;
  connecting: ConnectingInfo | undefined;
  /** Why the last sign-in failed, in plain words. */
  error: string | undefined;
  #pending: { client: FedlabClient; cancel: () => void } | undefined;
  #password: string | undefined;

  constructor(private readonly host: ReactiveControllerHost, private readonly options: ConnectionOptions) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#close();
  }

  /** Who this tab was signed in as before a reload. */
  remembered(): RememberedSignIn | undefined {
    return rememberedSignIn(this.options.tab());
  }

  async signIn(config: ClientAppConfig, { address, password }: RememberedSignIn): Promise<void> {
    const side = sideFor(config, address);
    if (!side) return this.#set({ error: `No server in this topology serves ${address}.` });
    this.cancel();
    const connect = this.options.connect ?? ((o) => new FedlabClient(o));
    const client = connect({ url: side.url, address, ...(password ? { password } : {}) });
    const cancelled = new Promise<'cancelled'>((resolve) => (this.#pending = { client, cancel: () => resolve('cancelled') }));
    this.#set({ error: undefined, connecting: { address, sideName: side.name, state: client.state } });
    const off = client.on('state', (state, detail) => {
      if (this.#pending?.client === client) this.#set({ connecting: { address, sideName: side.name, state, detail } });
    });
    try {
      if ((await Promise.race([client.signedIn(), cancelled])) === 'cancelled') return;
    } catch (error) {
      this.#pending = undefined;
      forgetSignIn(this.options.tab());
      client.close();
      return this.#set({ connecting: undefined, error: signInErrorText((error as Error).message, address, side) });
    } finally {
      off();
    }
    this.#pending = undefined;
    this.#password = password;
    rememberSignIn(this.options.tab(), { address, ...(password ? { password } : {}) });
    const browser = this.options.browser;
    const store = new ChatStore(client, {
      nameOf: this.options.nameOf,
      history: { load: () => keptHistory(browser(), address), save: (history) => keepHistory(browser(), address, history) },
      status: { kept: () => keptStatus(browser(), address), keep: (state) => keepStatus(browser(), address, state) },
    });
    this.#set({ connecting: undefined, store });
  }

  cancel(): void {
    this.#pending?.client.close();
    this.#pending?.cancel();
    this.#pending = undefined;
    this.#set({ connecting: undefined });
  }

  signOut(): void {
    this.#close();
    forgetSignIn(this.options.tab());
  }

  /** Signs the same person in again (after being signed out elsewhere, or disconnected). */
  reconnect(config: ClientAppConfig): void {
    const address = this.store?.client.address;
    const password = this.#password;
    this.#close();
    if (address) void this.signIn(config, { address, ...(password ? { password } : {}) });
  }

  #close(): void {
    this.cancel();
    this.store?.dispose();
    this.store?.client.close();
    this.#set({ store: undefined });
  }

  #set(change: Partial<Pick<ConnectionController, 'store' | 'connecting' | 'error'>>): void {
    Object.assign(this, change);
    this.host.requestUpdate();
  }
}
