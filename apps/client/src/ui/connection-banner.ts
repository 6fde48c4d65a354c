import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ConnectionState } from '@fedlab/sdk';
import { bannerFor } from '../logic/connection.ts';
import { emit } from './events.ts';
import { base } from './styles.ts';

/** The connection's trouble in a sentence, with what can be done; nothing while connected. */
@customElement('fl-connection-banner')
export class ConnectionBanner extends LitElement {
  static override styles = [
    base,
    css`
      .banner {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        flex-wrap: wrap;
        padding: 0.5rem 1rem;
        font-size: 0.85rem;
        font-weight: 550;
      }
      .warn {
        background: var(--fl-warn-soft);
        color: var(--fl-warn-text);
        border-bottom: 1px solid var(--fl-warn-border);
      }
      .danger {
        background: var(--fl-danger-soft);
        color: var(--fl-danger);
        border-bottom: 1px solid var(--fl-danger-border);
      }
      .text {
        flex: 1;
      }
    `,
  ];

  @property() state: ConnectionState = 'connected';
  @property() detail: string | undefined;
  /** The server's name: the organization or the provider. */
  @property() server = '';

  override render() {
    const banner = bannerFor(this.state, this.detail, this.server || 'the server');
    if (!banner) return nothing;
    return html`<div class="banner ${banner.tone}" role="alert" data-testid="connection-banner" data-state=${this.state}>
      <span class="text">${banner.text}</span>
      ${banner.action === 'reconnect'
        ? html`<button class="btn small" data-testid="banner-reconnect" @click=${() => emit(this, 'reconnect', {})}>Sign in again</button>`
        : banner.action === 'sign-out'
          ? html`<button class="btn small" data-testid="banner-sign-out" @click=${() => emit(this, 'sign-out', {})}>Back to sign-in</button>`
          : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-connection-banner': ConnectionBanner;
  }
}
