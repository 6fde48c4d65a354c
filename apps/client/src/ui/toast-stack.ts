import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Toast } from '../state/chat-store.ts';
import { emit } from './events.ts';
import { base } from './styles.ts';

/** Short notices in a corner: new conversations, new messages elsewhere, commands a server refused. */
@customElement('fl-toasts')
export class ToastStack extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        position: fixed;
        right: 1rem;
        bottom: 1rem;
        z-index: 10;
        display: grid;
        gap: 0.5rem;
        width: min(22rem, calc(100vw - 2rem));
      }
      .toast {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.6rem 0.6rem 0.6rem 0.85rem;
        border-radius: var(--fl-radius);
        background: var(--fl-toast-bg);
        color: var(--fl-toast-text);
        box-shadow: 0 8px 24px rgba(15, 23, 42, 0.25);
        font-size: 0.875rem;
      }
      .toast.error {
        background: var(--fl-danger);
      }
      .text {
        flex: 1;
        min-width: 0;
      }
      .btn {
        color: inherit;
        background: rgba(255, 255, 255, 0.12);
        border-color: transparent;
      }
      .btn:hover:not(:disabled) {
        background: rgba(255, 255, 255, 0.24);
      }
    `,
  ];

  @property({ attribute: false }) toasts: Toast[] = [];

  override render() {
    return html`<div role="status" aria-live="polite" style="display: contents">
      ${this.toasts.map(
        (t) => html`<div class="toast ${t.tone}" data-testid="toast" data-peer=${t.peer ?? ''}>
          <span class="text">${t.text}</span>
          ${t.peer ? html`<button class="btn small" data-testid="toast-open" @click=${() => emit(this, 'open-chat', { peer: t.peer! })}>Open</button>` : nothing}
          <button class="btn small" aria-label="Dismiss" @click=${() => emit(this, 'dismiss-toast', { id: t.id })}>✕</button>
        </div>`,
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-toasts': ToastStack;
  }
}
