import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { base } from './styles.ts';

export interface ConfirmOptions {
  heading: string;
  message: string;
  confirmLabel: string;
  /** A destructive action: the confirm button is red and the focus starts on Cancel. */
  danger?: boolean;
}

/** A modal question with Cancel and one action; `ask()` resolves true when the admin confirms. */
@customElement('fl-confirm-dialog')
export class ConfirmDialog extends LitElement {
  @property({ attribute: false }) options: ConfirmOptions = { heading: '', message: '', confirmLabel: 'OK' };
  #settle: ((ok: boolean) => void) | undefined;

  static override styles = [base, css`dialog { width: min(480px, calc(100vw - 24px)); }`];

  async ask(options: ConfirmOptions): Promise<boolean> {
    this.#settle?.(false);
    this.options = options;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog')!;
    dialog.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>(options.danger ? '[data-testid=confirm-cancel]' : '[data-testid=confirm-ok]')?.focus();
    return new Promise((resolve) => (this.#settle = resolve));
  }

  override render() {
    const o = this.options;
    return html`
      <dialog data-testid="confirm-dialog" aria-labelledby="confirm-heading" aria-describedby="confirm-message" @close=${() => this.#done(false)}>
        <div class="dialog-body">
          <h2 id="confirm-heading">${o.heading}</h2>
          <p id="confirm-message" data-testid="confirm-message">${o.message}</p>
          <footer>
            <button type="button" data-testid="confirm-cancel" @click=${() => this.#done(false)}>Cancel</button>
            <button type="button" class=${o.danger ? 'danger' : 'primary'} data-testid="confirm-ok" @click=${() => this.#done(true)}>${o.confirmLabel}</button>
          </footer>
        </div>
      </dialog>
    `;
  }

  #done(ok: boolean) {
    const settle = this.#settle;
    this.#settle = undefined;
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog?.open) dialog.close();
    settle?.(ok);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-confirm-dialog': ConfirmDialog;
  }
}
