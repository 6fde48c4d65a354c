import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Toast } from '../state/chat-store.ts';
import { emit } from './events.ts';
import { base } from './styles.ts';

/** Short notices under the header: new conversations, new messages elsewhere, commands a server refused. */
@customElement('fl-toasts')
export class ToastStack extends LitElement {
  static override styles = [
    base,
    css`
      /* In the page's flow, under the header: a notice pushes the page down for a moment and never covers a
         control (the composer's Send button above all). */
      :host {
        display: grid;
        gap: 0.35rem;
      }
      :host(:not([empty])) {
        padding: 0.4rem 0.75rem;
        background: var(--fl-bg);
        border-bottom: 1px solid var(--fl-border);
      }
      .toast {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.35rem 0.4rem 0.35rem 0.85rem;
        border-radius: var(--fl-radius);
        background: var(--fl-toast-bg);
        color: var(--fl-toast-text);
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
  /** Reflected: no notice, no room taken. */
  @property({ type: Boolean, reflect: true }) empty = true;

  protected override willUpdate(): void {
    this.empty = this.toasts.length === 0;
  }

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
