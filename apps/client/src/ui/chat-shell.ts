import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { Address, Presence } from '@fedlab/protocol';
import type { ClientAppConfig } from '../app-config.ts';
import { contactRows, type ContactLookups } from '../logic/contacts.ts';
import type { DirectoryIndex } from '../logic/directory.ts';
import { providerName, sideFor } from '../logic/servers.ts';
import type { ChatStore } from '../state/chat-store.ts';
import { appConfigContext, directoryContext, storeContext } from '../state/contexts.ts';
import { StoreController } from '../state/store-controller.ts';
import type { UiEvent } from './events.ts';
import { emit } from './events.ts';
import { base } from './styles.ts';
import { shellStyles } from './chat-shell-styles.ts';
import type { ChatView } from './chat-view.ts';
import type { ThreadView } from './thread-list.ts';
import type { PromptView } from './prompt-list.ts';
import type { AddContact } from './add-contact.ts';
import './add-contact.ts';
import './chat-view.ts';
import './connection-banner.ts';
import './connection-status.ts';
import './contact-list.ts';
import './own-presence.ts';
import './privacy-panel.ts';
import './prompt-list.ts';
import './thread-list.ts';
import './toast-stack.ts';

type Tab = 'contacts' | 'chats' | 'privacy';
const TABS: { id: Tab; label: string }[] = [
  { id: 'contacts', label: 'Contacts' },
  { id: 'chats', label: 'Chats' },
  { id: 'privacy', label: 'Privacy' },
];

/**
 * The signed-in client: header with the connection state, a sidebar (me, prompts, contacts, chats, privacy) and
 * the open conversation. At phone width it shows the sidebar or the conversation, one at a time.
 */
@customElement('fl-chat-shell')
export class ChatShell extends LitElement {
  static override styles = [base, shellStyles];

  @consume({ context: storeContext, subscribe: true }) @property({ attribute: false }) store!: ChatStore;
  @consume({ context: appConfigContext, subscribe: true }) @property({ attribute: false }) config!: ClientAppConfig;
  @consume({ context: directoryContext, subscribe: true }) @property({ attribute: false }) directory!: DirectoryIndex;
  /** At phone width: the sidebar or the conversation. */
  @property({ reflect: true }) view: 'list' | 'chat' = 'list';
  @state() private tab: Tab = 'contacts';
  @query('fl-chat-view') private chatView: ChatView | undefined;
  @query('fl-add-contact') private addContact: AddContact | undefined;
  /** Every change of the store (the sdk's events, the UI's own state) re-renders the shell. */
  readonly #store = new StoreController(this, () => this.store);
  #focusChat = false;

  protected override firstUpdated(): void {
    this.addContact?.focus();
  }

  protected override updated(): void {
    if (this.#focusChat) {
      this.#focusChat = false;
      void this.chatView?.focusComposer();
    }
    const unread = this.store.totalUnread;
    document.title = `${unread ? `(${unread}) ` : ''}${this.#nameOf(this.store.client.address)} · fedlab Chat`;
  }

  override render() {
    const client = this.store.client;
    const profile = client.profile;
    return html`<div class="topbar">
        <div class="brand"><span class="logo" aria-hidden="true">f</span><span class="brand-name">fedlab Chat</span></div>
        <span class="spacer"></span>
        <span class="signed-in truncate">${client.address}</span>
        <fl-connection-status .state=${client.state} .detail=${this.store.connectionDetail}></fl-connection-status>
        <button class="btn small" data-testid="sign-out" @click=${() => emit(this, 'sign-out', {})}>Sign out</button>
      </div>
      <fl-connection-banner .state=${client.state} .detail=${this.store.connectionDetail} .server=${this.#side(client.address) ?? ''}></fl-connection-banner>
      <fl-toasts
        .toasts=${this.store.toasts}
        @open-chat=${(e: UiEvent<'open-chat'>) => this.#open(e.detail.peer)}
        @dismiss-toast=${(e: UiEvent<'dismiss-toast'>) => this.store.dismissToast(e.detail.id)}
      ></fl-toasts>
      <div class="body">
        <aside aria-label="Me and my contacts">
          <div class="me">
            <fl-own-presence
              .name=${profile?.displayName ?? this.#nameOf(client.address)}
              .address=${client.address}
              .side=${profile?.kind === 'provider' ? (profile.provider ?? '') : this.config.organization.name}
              .verified=${profile?.kind === 'provider' ? this.directory.get(client.address)?.verified : undefined}
              .presence=${client.presence}
              ?disabled=${client.state !== 'connected'}
              @presence-change=${(e: UiEvent<'presence-change'>) => void this.store.setPresence(e.detail)}
            ></fl-own-presence>
          </div>
          ${this.#renderPrompts()}
          <div role="tablist" aria-label="Sidebar" @keydown=${this.#tabKey}>${TABS.map((t) => this.#renderTab(t.id, t.label))}</div>
          <div role="tabpanel" id="panel-${this.tab}" aria-labelledby="tab-${this.tab}" data-testid="panel-${this.tab}">${this.#renderPanel()}</div>
        </aside>
        <main>${this.#renderMain()}</main>
      </div>`;
  }

  #renderPrompts() {
    const prompts: PromptView[] = this.store.client.prompts.map((p) => ({
      id: p.id,
      from: p.from,
      name: this.#nameOf(p.from),
      provider: providerName(this.config, p.provider),
      verification: p.verification,
      at: p.at,
    }));
    if (!prompts.length) return nothing;
    return html`<section class="prompts" aria-labelledby="prompts-title" data-testid="prompts">
      <h2 class="section-title" id="prompts-title">Presence requests (${prompts.length})</h2>
      <fl-prompt-list
        .prompts=${prompts}
        .answering=${this.store.answering}
        @answer-prompt=${(e: UiEvent<'answer-prompt'>) => void this.store.answerPrompt(e.detail.id, e.detail.decision)}
      ></fl-prompt-list>
    </section>`;
  }

  #renderTab(id: Tab, label: string) {
    const count = id === 'contacts' ? this.#rows().length : id === 'chats' ? this.store.totalUnread : 0;
    const selected = this.tab === id;
    return html`<button role="tab" id="tab-${id}" aria-controls="panel-${id}" aria-selected=${selected ? 'true' : 'false'} tabindex=${selected ? 0 : -1}
      data-testid="tab-${id}" @click=${() => (this.tab = id)}>
      ${label}${count ? html`<span class="counter ${id === 'chats' ? '' : 'quiet'}">${count}<span class="visually-hidden">${id === 'chats' ? ' unread' : ''}</span></span>` : nothing}
    </button>`;
  }

  #tabKey(event: KeyboardEvent): void {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const index = (TABS.findIndex((t) => t.id === this.tab) + step + TABS.length) % TABS.length;
    this.tab = TABS[index]!.id;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus());
  }

  #renderPanel() {
    const store = this.store;
    const client = store.client;
    const offline = client.state !== 'connected';
    switch (this.tab) {
      case 'contacts':
        return html`<fl-add-contact
            .result=${store.addResult}
            ?disabled=${offline}
            @add-contact=${(e: UiEvent<'add-contact'>) => void store.addContact(e.detail.address)}
          ></fl-add-contact>
          <fl-contact-list
            .rows=${this.#rows()}
            .unread=${store.unread}
            .selected=${store.selected}
            @open-chat=${(e: UiEvent<'open-chat'>) => this.#open(e.detail.peer)}
            @remove-contact=${(e: UiEvent<'remove-contact'>) => void store.removeContact(e.detail.address)}
            @subscribe-contact=${(e: UiEvent<'subscribe-contact'>) => void store.subscribe(e.detail.address)}
          ></fl-contact-list>`;
      case 'chats':
        return html`<fl-thread-list
          .threads=${this.#threads()}
          .selected=${store.selected}
          @open-chat=${(e: UiEvent<'open-chat'>) => this.#open(e.detail.peer)}
        ></fl-thread-list>`;
      case 'privacy': {
        const profile = client.profile;
        const entries = (list: Address[] = []) => list.map((address) => ({ address, name: this.#nameOf(address) }));
        return html`<fl-privacy-panel
          .kind=${profile?.kind ?? 'internal'}
          .provider=${profile?.provider ?? ''}
          .settings=${profile?.settings}
          .enablement=${profile?.enablement}
          .allow=${entries(profile?.lists.allow)}
          .block=${entries(profile?.lists.block)}
          ?disabled=${offline}
          @list-change=${(e: UiEvent<'list-change'>) => void store.changeList(e.detail.list, e.detail.op, e.detail.address)}
          @settings-change=${(e: UiEvent<'settings-change'>) => void store.setSettings(e.detail)}
        ></fl-privacy-panel>`;
      }
    }
  }

  #renderMain() {
    const store = this.store;
    const peer = store.selected;
    if (!peer) {
      return html`<div class="welcome" data-testid="welcome">
        <svg class="art" viewBox="0 0 64 64" aria-hidden="true">
          <rect x="6" y="10" width="38" height="28" rx="8" fill="var(--fl-accent-soft)" stroke="var(--fl-accent)" stroke-width="2" />
          <path d="M16 38 l-4 9 l11 -9" fill="var(--fl-accent-soft)" stroke="var(--fl-accent)" stroke-width="2" stroke-linejoin="round" />
          <rect x="24" y="24" width="34" height="24" rx="8" fill="var(--fl-accent)" />
          <path d="M48 48 l4 8 l-10 -8" fill="var(--fl-accent)" />
          <circle cx="33" cy="36" r="2" fill="#fff" /><circle cx="41" cy="36" r="2" fill="#fff" /><circle cx="49" cy="36" r="2" fill="#fff" />
        </svg>
        <h2>Pick someone to chat with</h2>
        <p class="muted">Open a contact, or add one by address. Your first message invites them to a conversation; each message shows whether it was
          delivered, and why not if it was not.</p>
      </div>`;
    }
    const name = this.#nameOf(peer);
    const contact = store.client.contacts.get(peer);
    const presence: Presence | undefined = contact?.subscription === 'active' ? contact.presence : undefined;
    return html`<fl-chat-view
      data-testid="chat"
      data-peer=${peer}
      .peer=${peer}
      .name=${name}
      .side=${this.#side(peer)}
      .presence=${presence}
      .items=${store.timeline(peer, name)}
      ?open=${!!store.thread(peer)?.active}
      ?typing=${store.isTyping(peer)}
      ?connected=${store.client.state === 'connected'}
      @send-message=${(e: UiEvent<'send-message'>) => void store.sendTo(peer, e.detail.text).catch((error: Error) => store.reportError(error.message))}
      @typing=${() => store.noteTyping(peer)}
      @end-session=${() => void store.endWith(peer)}
      @back=${this.#back}
    ></fl-chat-view>`;
  }

  #rows() {
    const lookups: ContactLookups = { nameOf: (a) => this.#nameOf(a), sideNameOf: (a) => this.#side(a) };
    return contactRows(this.store.client.profile, this.store.client.contacts, lookups);
  }

  #threads(): ThreadView[] {
    const store = this.store;
    return store.threads.map((t) => {
      const last = t.sessions.at(-1)!;
      const message = last.messages.at(-1);
      const contact = store.client.contacts.get(t.peer);
      const preview = message
        ? `${message.from === store.client.address ? 'You: ' : ''}${message.text}`
        : t.inviting
          ? 'Inviting…'
          : t.active
            ? 'Conversation started'
            : 'Conversation ended';
      return {
        peer: t.peer,
        name: this.#nameOf(t.peer),
        presence: contact?.subscription === 'active' ? contact.presence.state : undefined,
        preview,
        state: t.active ? 'open' : t.inviting ? 'inviting' : 'ended',
        unread: store.unread.get(t.peer) ?? 0,
        lastActivity: t.lastActivity,
      };
    });
  }

  #open(peer: Address): void {
    this.store.select(peer);
    this.view = 'chat';
    this.#focusChat = true;
  }

  #back = (): void => {
    this.store.select(undefined);
    this.view = 'list';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus());
  };

  #nameOf(address: Address): string {
    const profile = this.store.client.profile;
    return address === profile?.address ? profile.displayName : this.directory.nameOf(address);
  }

  #side(address: Address): string | undefined {
    return sideFor(this.config, address)?.name;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-chat-shell': ChatShell;
  }
}
