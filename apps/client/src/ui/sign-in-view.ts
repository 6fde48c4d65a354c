import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { normalizeAddress } from '@fedlab/protocol';
import type { ClientAppConfig } from '../app-config.ts';
import type { ConnectingInfo } from '../state/connection-controller.ts';
import type { DirectoryGroup, DirectoryUser } from '../logic/directory.ts';
import { sideFor } from '../logic/servers.ts';
import { emit } from './events.ts';
import { base } from './styles.ts';
import './avatar.ts';
import './connection-status.ts';

/**
 * Sign-in: pick anyone the running topology's servers list, or type an address, and the password. The address's
 * domain decides which server the client connects to (the home server or that user's provider), and the form
 * says which. With the password typed, picking a person signs in as her; without, it fills in her address and
 * moves to the password.
 */
@customElement('fl-sign-in')
export class SignInView extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        min-height: 100vh;
        min-height: 100dvh;
        padding: clamp(1rem, 4vw, 3rem) 1rem;
        background: var(--fl-bg);
      }
      .frame {
        max-width: 58rem;
        margin: 0 auto;
        display: grid;
        gap: 1.25rem;
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.75rem;
      }
      .logo {
        --logo-size: 2.5rem;
      }
      h1 {
        font-size: 1.35rem;
        font-weight: 700;
      }
      .card {
        padding: clamp(1rem, 3vw, 1.75rem);
        box-shadow: var(--fl-shadow);
      }
      form {
        display: grid;
        grid-template-columns: 1fr 1fr auto;
        gap: 0.5rem 0.75rem;
        align-items: end;
      }
      form .field {
        min-width: 0;
      }
      .hint {
        grid-column: 1 / -1;
        font-size: 0.8rem;
        min-height: 1.2em;
      }
      .hint code {
        font-family: var(--fl-mono);
        font-size: 0.75rem;
      }
      .groups {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
        gap: 1rem;
      }
      section {
        display: grid;
        gap: 0.5rem;
        align-content: start;
      }
      section h2 {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-size: 0.95rem;
        font-weight: 650;
      }
      ul {
        --list-gap: 0.25rem;
      }
      .user {
        width: 100%;
        display: flex;
        align-items: center;
        gap: 0.65rem;
        padding: 0.45rem 0.55rem;
        border: 1px solid transparent;
        border-radius: var(--fl-radius-sm);
        background: none;
        text-align: left;
        cursor: pointer;
      }
      .user:hover {
        background: var(--fl-accent-soft);
        border-color: var(--fl-accent-soft);
      }
      .user[aria-pressed='true'] {
        background: var(--fl-accent-soft);
        border-color: var(--fl-accent);
      }
      .who {
        display: grid;
        min-width: 0;
        flex: 1;
      }
      .who .name {
        font-weight: 600;
        font-size: 0.9rem;
      }
      .who .address {
        font-size: 0.78rem;
      }
      .tags {
        display: flex;
        gap: 0.25rem;
        flex-wrap: wrap;
        justify-content: flex-end;
      }
      .group-error {
        font-size: 0.8rem;
        color: var(--fl-danger);
      }
      .connecting {
        display: grid;
        justify-items: center;
        text-align: center;
        gap: 0.9rem;
        padding: 2rem 1rem;
      }
      .connecting p {
        max-width: 32rem;
      }
      .toolbar {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 1rem;
      }
      .alert {
        padding: 0.65rem 0.85rem;
        border-radius: var(--fl-radius-sm);
        background: var(--fl-danger-soft);
        color: var(--fl-danger);
        font-size: 0.875rem;
      }
      @media (max-width: 40rem) {
        form {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  @property({ attribute: false }) config: ClientAppConfig | undefined;
  @property({ attribute: false }) groups: DirectoryGroup[] = [];
  @property({ type: Boolean }) loading = false;
  /** Why the last sign-in failed. */
  @property() error: string | undefined;
  @property({ attribute: false }) connecting: ConnectingInfo | undefined;

  @state() private typed = '';
  @state() private password = '';
  @state() private invalid = false;
  @query('#address') private addressInput!: HTMLInputElement;
  @query('#password') private passwordInput!: HTMLInputElement;

  override firstUpdated(): void {
    this.addressInput?.focus();
  }

  override render() {
    return html`<div class="frame" data-testid="sign-in">
      <header>
        <div class="logo" aria-hidden="true">f</div>
        <div>
          <h1>fedlab Chat</h1>
          <p class="muted">Sign in as anyone in the running topology: a colleague at ${this.config?.organization.name ?? 'the organization'}, or a user of a
            public IM provider or partner.</p>
        </div>
      </header>
      ${this.connecting ? this.#renderConnecting(this.connecting) : this.#renderForm()}
    </div>`;
  }

  #renderConnecting(info: ConnectingInfo) {
    return html`<div class="card connecting" data-testid="sign-in-connecting" aria-live="polite">
      <fl-avatar size="lg" .name=${info.address} .address=${info.address}></fl-avatar>
      <p>Signing in as <strong>${info.address}</strong> to <strong>${info.sideName}</strong>…</p>
      <fl-connection-status .state=${info.state} .detail=${info.detail}></fl-connection-status>
      ${info.detail && info.state !== 'connecting' ? html`<p class="muted">${info.detail}</p>` : nothing}
      <button class="btn" data-testid="sign-in-cancel" @click=${() => emit(this, 'cancel-sign-in', {})}>Cancel</button>
    </div>`;
  }

  #renderForm() {
    const address = normalizeAddress(this.typed);
    const side = address && this.config ? sideFor(this.config, address) : undefined;
    const hint = !this.typed.trim()
      ? html`<span class="muted">Your domain decides the server you sign in to. With the password typed, one click on a person below signs in as her.</span>`
      : this.invalid && !address
        ? html`<span class="error-text" id="address-error">Enter an address like name@domain.</span>`
        : address && !side
          ? html`<span class="error-text" id="address-error">No server in this topology serves ${address.slice(address.indexOf('@') + 1)}.</span>`
          : side
            ? html`<span class="muted" data-testid="sign-in-target">Signs in to <strong>${side.name}</strong> at <code>${side.url}</code></span>`
            : nothing;
    return html`<div class="card">
        ${this.error ? html`<p class="alert" role="alert" data-testid="sign-in-error">${this.error}</p>` : nothing}
        <form @submit=${this.#submit} novalidate>
          <div class="field">
            <label for="address">Address</label>
            <input
              id="address"
              class="input"
              data-testid="sign-in-address"
              type="email"
              autocomplete="username"
              spellcheck="false"
              placeholder="alice@contoso.test"
              aria-describedby="address-hint"
              aria-invalid=${this.invalid && !(address && side) ? 'true' : 'false'}
              .value=${this.typed}
              @input=${(e: Event) => {
                this.typed = (e.target as HTMLInputElement).value;
                this.invalid = false;
              }}
            />
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input
              id="password"
              class="input"
              data-testid="sign-in-password"
              type="password"
              autocomplete="current-password"
              .value=${this.password}
              @input=${(e: Event) => (this.password = (e.target as HTMLInputElement).value)}
            />
          </div>
          <button class="btn primary" type="submit" data-testid="sign-in-submit">Sign in</button>
          <div class="hint" id="address-hint">${hint}</div>
        </form>
      </div>
      <div class="toolbar">
        <h2 class="section-title">People in this topology</h2>
        <button class="btn small ghost" data-testid="directory-refresh" ?disabled=${this.loading} @click=${() => emit(this, 'refresh-directory', {})}>
          ${this.loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      <div class="groups" data-testid="directory">${this.groups.map((g) => this.#renderGroup(g))}</div>`;
  }

  #renderGroup(group: DirectoryGroup) {
    const kind = group.side.kind === 'organization' ? 'Organization' : group.public === false ? 'Partner' : 'Public IM';
    return html`<section class="card" style="padding: 1rem" data-testid="directory-group" data-side=${group.side.id} aria-label=${group.side.name}>
      <h2>${group.side.name} <span class="badge ${group.side.kind === 'organization' ? 'accent' : ''}">${kind}</span></h2>
      <p class="muted" style="font-size: 0.78rem">${group.side.domains.join(', ')}</p>
      ${group.error ? html`<p class="group-error" role="alert">${group.error}</p>` : nothing}
      <ul class="plain-list">
        ${group.users.map((user) => this.#renderUser(user))}
      </ul>
    </section>`;
  }

  #renderUser(user: DirectoryUser) {
    return html`<li>
      <button
        class="user"
        data-testid="directory-user"
        data-address=${user.address}
        aria-label=${`Sign in as ${user.displayName}, ${user.address}${user.online ? ', signed in elsewhere' : ''}`}
        aria-pressed=${normalizeAddress(this.typed) === user.address ? 'true' : 'false'}
        @click=${() => this.#pick(user.address)}
      >
        <fl-avatar size="sm" .name=${user.displayName} .address=${user.address} .presence=${user.online ? 'available' : undefined}></fl-avatar>
        <span class="who">
          <span class="name truncate">${user.displayName}</span>
          <span class="address muted truncate">${user.address}</span>
        </span>
        <span class="tags">
          ${user.verified === undefined ? nothing : user.verified ? html`<span class="badge ok">verified</span>` : html`<span class="badge warn">unverified</span>`}
          ${user.online ? html`<span class="badge" title="Signing in here signs that session out">online</span>` : nothing}
        </span>
      </button>
    </li>`;
  }

  #submit(event: Event): void {
    event.preventDefault();
    const address = normalizeAddress(this.typed);
    if (!address || !this.config || !sideFor(this.config, address)) {
      this.invalid = true;
      this.addressInput.focus();
      return;
    }
    emit(this, 'sign-in', this.password ? { address, password: this.password } : { address });
  }

  /**
   * A person picked from the directory. With a password typed already (most people share the deployment's), she
   * signs in at once; otherwise her address goes in the form and the caret in the password field.
   */
  #pick(address: string): void {
    if (this.password) {
      emit(this, 'sign-in', { address, password: this.password });
      return;
    }
    this.typed = address;
    this.invalid = false;
    void this.updateComplete.then(() => {
      this.passwordInput.focus();
      this.passwordInput.scrollIntoView({ block: 'nearest' });
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-sign-in': SignInView;
  }
}
