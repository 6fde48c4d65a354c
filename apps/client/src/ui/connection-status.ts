import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ConnectionState } from '@fedlab/sdk';
import { CONNECTION_LABELS } from '../logic/connection.ts';
import { base } from './styles.ts';


/** The connection state, always on screen: a pill with a dot, announced politely when it changes. */
@customElement('fl-connection-status')
export class ConnectionStatus extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: inline-flex;
      }
      .pill {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        padding: 0.2rem 0.65rem 0.2rem 0.5rem;
        border-radius: 999px;
        font-size: 0.78rem;
        font-weight: 600;
        white-space: nowrap;
        background: var(--fl-surface-3);
        color: var(--fl-text-2);
      }
      .dot {
        width: 0.5rem;
        height: 0.5rem;
        border-radius: 50%;
        background: currentColor;
      }
      .connected {
        background: var(--fl-ok-soft);
        color: var(--fl-ok-text);
      }
      .connecting,
      .reconnecting {
        background: var(--fl-warn-soft);
        color: var(--fl-warn-text);
      }
      .connecting .dot,
      .reconnecting .dot {
        animation: pulse 1s ease-in-out infinite alternate;
      }
      .disconnected,
      .signed-out,
      .refused {
        background: var(--fl-danger-soft);
        color: var(--fl-danger);
      }
      @keyframes pulse {
        from {
          opacity: 1;
        }
        to {
          opacity: 0.25;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .dot {
          animation: none !important;
        }
      }
    `,
  ];

  @property() state: ConnectionState = 'connecting';
  /** Why, when the connection is not up (shown as a tooltip; the banner says it in full). */
  @property() detail: string | undefined;

  override render() {
    return html`<span class="pill ${this.state}" role="status" data-testid="connection-state" data-state=${this.state} title=${this.detail ?? ''}
      ><span class="dot" aria-hidden="true"></span>${CONNECTION_LABELS[this.state]}</span
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-connection-status': ConnectionStatus;
  }
}
