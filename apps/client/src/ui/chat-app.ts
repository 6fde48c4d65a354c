import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Address } from '@fedlab/protocol';
import { FedlabClient } from '@fedlab/sdk';
import type { ClientAppConfig } from '../app-config.ts';
import { parseAppConfig } from '../logic/app-config-check.ts';
import { DirectoryIndex, fetchDirectory, type DirectoryGroup } from '../logic/directory.ts';
import { sideFor } from '../logic/servers.ts';
import { forgetAddress, rememberAddress, rememberedAddress } from '../logic/storage.ts';
import { ChatStore } from '../state/chat-store.ts';
import type { UiEvent } from './events.ts';
import { base } from './styles.ts';
import type { ConnectingInfo } from './sign-in-view.ts';
import './chat-shell.ts';
import './sign-in-view.ts';

/** This tab's sessionStorage, or nothing where the browser refuses it. */
function tabStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * The chat client: loads /config.json and the topology's directories, signs this tab in as one person (kept
 * across reloads of this tab only), and shows the chat once the server has welcomed her.
 */
@customElement('fl-chat-app')
export class FedlabApp extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        min-height: 100vh;
      }
      .loading,
      .fatal {
        display: grid;
        place-items: center;
        min-height: 100vh;
        padding: 2rem;
        text-align: center;
      }
      .fatal p {
        max-width: 30rem;
      }
    `,
  ];

  @state() private config: ClientAppConfig | undefined;
  @state() private fatal: string | undefined;
  @state() private groups: DirectoryGroup[] = [];
  @state() private directory = new DirectoryIndex();
  @state() private loadingDirectory = false;
  @state() private signInError: string | undefined;
  @state() private connecting: ConnectingInfo | undefined;
  @state() private store: ChatStore | undefined;
  /** The sign-in on its way, and how to give it up. */
  #pending: { client: FedlabClient; cancel: () => void } | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#teardown();
  }

  override render() {
    if (this.fatal) {
      return html`<div class="fatal" role="alert" data-testid="fatal"><p>${this.fatal}</p></div>`;
    }
    if (!this.config) return html`<div class="loading muted" aria-busy="true">Loading…</div>`;
    if (this.store) {
      return html`<fl-chat-shell
        .store=${this.store}
        .config=${this.config}
        .directory=${this.directory}
        @sign-out=${() => this.#signOut()}
        @reconnect=${() => this.#reconnect()}
      ></fl-chat-shell>`;
    }
    return html`<fl-sign-in
      .config=${this.config}
      .groups=${this.groups}
      ?loading=${this.loadingDirectory}
      .error=${this.signInError}
      .connecting=${this.connecting}
      @sign-in=${(e: UiEvent<'sign-in'>) => void this.#signIn(e.detail.address)}
      @cancel-sign-in=${() => this.#cancelSignIn()}
      @refresh-directory=${() => void this.#loadDirectory()}
    ></fl-sign-in>`;
  }

  async #start(): Promise<void> {
    try {
      const response = await fetch('/config.json');
      if (!response.ok) throw new Error(`GET /config.json answered ${response.status}`);
      this.config = parseAppConfig(await response.json());
    } catch (error) {
      this.fatal = `The client cannot load its configuration: ${(error as Error).message}. It is served by the client server (npm start at the repository root).`;
      return;
    }
    const remembered = rememberedAddress(tabStorage());
    await Promise.all([this.#loadDirectory(), remembered ? this.#signIn(remembered) : undefined]);
  }

  async #loadDirectory(): Promise<void> {
    if (!this.config) return;
    this.loadingDirectory = true;
    try {
      this.groups = await fetchDirectory(this.config);
      this.directory = new DirectoryIndex(this.groups);
    } finally {
      this.loadingDirectory = false;
    }
  }

  async #signIn(address: Address): Promise<void> {
    const side = this.config && sideFor(this.config, address);
    if (!side) {
      this.signInError = `No server in this topology serves ${address}.`;
      return;
    }
    this.#cancelSignIn();
    this.signInError = undefined;
    const client = new FedlabClient({ url: side.url, address });
    const cancelled = new Promise<'cancelled'>((resolve) => (this.#pending = { client, cancel: () => resolve('cancelled') }));
    this.connecting = { address, sideName: side.name, state: client.state };
    const off = client.on('state', (state, detail) => {
      if (this.#pending?.client === client) this.connecting = { address, sideName: side.name, state, detail };
    });
    try {
      if ((await Promise.race([client.signedIn(), cancelled])) === 'cancelled') return;
    } catch (error) {
      this.#pending = undefined;
      this.connecting = undefined;
      this.signInError = `${side.name} refused the sign-in: ${(error as Error).message}`;
      forgetAddress(tabStorage());
      client.close();
      return;
    } finally {
      off();
    }
    this.#pending = undefined;
    this.connecting = undefined;
    rememberAddress(tabStorage(), address);
    this.store = new ChatStore(client, { nameOf: (a) => this.directory.nameOf(a) });
    void this.#loadDirectory();
  }

  #cancelSignIn(): void {
    this.#pending?.client.close();
    this.#pending?.cancel();
    this.#pending = undefined;
    this.connecting = undefined;
  }

  #teardown(): void {
    this.#cancelSignIn();
    this.store?.dispose();
    this.store?.client.close();
    this.store = undefined;
  }

  #signOut(): void {
    this.#teardown();
    forgetAddress(tabStorage());
    document.title = 'fedlab Chat';
    void this.#loadDirectory();
  }

  #reconnect(): void {
    const address = this.store?.client.address;
    this.#teardown();
    if (address) void this.#signIn(address);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-chat-app': FedlabApp;
  }
}
