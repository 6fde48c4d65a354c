import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import type { ClientAppConfig } from '../app-config.ts';
import { parseAppConfig } from '../logic/app-config-check.ts';
import { DirectoryIndex, fetchDirectory, type DirectoryGroup } from '../logic/directory.ts';
import { ConnectionController } from '../state/connection-controller.ts';
import { appConfigContext, directoryContext, storeContext } from '../state/contexts.ts';
import type { ChatStore } from '../state/chat-store.ts';
import type { UiEvent } from './events.ts';
import { base } from './styles.ts';
import './chat-shell.ts';
import './sign-in-view.ts';

/** This tab's storage and this browser's, or nothing where the browser refuses them. */
const storage = (kind: 'sessionStorage' | 'localStorage') => (): Storage | undefined => {
  try {
    return window[kind];
  } catch {
    return undefined;
  }
};

/**
 * The chat client: loads /config.json and the topology's directories, signs this tab in as one person (through
 * its ConnectionController, kept across reloads of this tab only), and shows the chat once the server has
 * welcomed her. It provides the configuration, the directory and her store to every element (state/contexts.ts).
 */
@customElement('fl-chat-app')
export class ChatApp extends LitElement {
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
  @state() private directory = new DirectoryIndex();
  @state() private store: ChatStore | undefined;
  @state() private fatal: string | undefined;
  @state() private groups: DirectoryGroup[] = [];
  @state() private loadingDirectory = false;
  readonly #connection = new ConnectionController(this, {
    tab: storage('sessionStorage'),
    browser: storage('localStorage'),
    nameOf: (address) => this.directory.nameOf(address),
  });

  readonly #provided = {
    config: new ContextProvider(this, { context: appConfigContext }),
    directory: new ContextProvider(this, { context: directoryContext }),
    store: new ContextProvider(this, { context: storeContext }),
  };

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#start();
  }

  protected override willUpdate(): void {
    // The connection decides who is signed in; the contexts hand her store, the servers and the people they list
    // to every element that needs them.
    if (this.store !== this.#connection.store) {
      this.store = this.#connection.store;
      if (this.store) void this.#loadDirectory();
      else document.title = 'fedlab Chat';
    }
    if (this.config) this.#provided.config.setValue(this.config);
    this.#provided.directory.setValue(this.directory);
    if (this.store) this.#provided.store.setValue(this.store);
  }

  override render() {
    if (this.fatal) {
      return html`<div class="fatal" role="alert" data-testid="fatal"><p>${this.fatal}</p></div>`;
    }
    if (!this.config) return html`<div class="loading muted" aria-busy="true">Loading…</div>`;
    const config = this.config;
    if (this.store) {
      return html`<fl-chat-shell
        @sign-out=${() => this.#signOut()}
        @reconnect=${() => this.#connection.reconnect(config)}
      ></fl-chat-shell>`;
    }
    return html`<fl-sign-in
      .config=${config}
      .groups=${this.groups}
      ?loading=${this.loadingDirectory}
      .error=${this.#connection.error}
      .connecting=${this.#connection.connecting}
      @sign-in=${(e: UiEvent<'sign-in'>) => void this.#connection.signIn(config, e.detail)}
      @cancel-sign-in=${() => this.#connection.cancel()}
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
    const remembered = this.#connection.remembered();
    await Promise.all([this.#loadDirectory(), remembered ? this.#connection.signIn(this.config, remembered) : undefined]);
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

  #signOut(): void {
    this.#connection.signOut();
    void this.#loadDirectory();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-chat-app': ChatApp;
  }
}
