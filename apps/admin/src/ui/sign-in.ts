import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { base } from './styles.ts';

/**
 * The sign-in screen: the admin token, checked with a call before anything else is shown. The token is typed
 * into a password field and handed to the app in a `sign-in` event; it never goes into a URL.
 */
@customElement('fl-admin-sign-in')
export class SignInForm extends LitElement {
  @property({ type: Boolean }) busy = false;
  @property({ type: String }) error = '';
  @property({ type: String }) edge = '';

  static override styles = [base, css`
    :host { display: grid; place-items: center; min-height: 100vh; padding: 24px; background: var(--bg); }
    .card { width: min(440px, 100%); padding: 28px; display: grid; gap: 18px; box-shadow: 0 8px 24px rgb(16 24 40 / 0.08); }
    .brand { display: flex; align-items: center; gap: 10px; }
    .logo { width: 34px; height: 34px; border-radius: 8px; background: var(--accent); color: #fff; display: grid; place-items: center; font-weight: 700; }
    form { display: grid; gap: 14px; }
    button.primary { justify-content: center; min-height: 38px; }
    h1 { font-size: 18px; }
    .foot { font-size: 12.5px; }
  `];

  override render() {
    return html`
      <main class="card">
        <div class="brand">
          <div class="logo" aria-hidden="true">f</div>
          <div><h1>fedlab admin</h1><p class="muted">Access Edge administration</p></div>
        </div>
        <form data-testid="sign-in-form" @submit=${this.#submit} novalidate>
          <div class="field">
            <label for="token">Admin token</label>
            <input id="token" name="token" type="password" autocomplete="current-password" spellcheck="false" required
              data-testid="sign-in-token" aria-describedby="token-hint ${this.error ? 'token-error' : ''}" aria-invalid=${this.error ? 'true' : 'false'}
              ?disabled=${this.busy} />
            <span class="hint" id="token-hint">Printed by <code>npm start</code> and kept in <code>.fedlab/admin-token</code> (or set with FEDLAB_ADMIN_TOKEN).</span>
          </div>
          ${this.error ? html`<p class="alert bad" role="alert" id="token-error" data-testid="sign-in-error">${this.error}</p>` : ''}
          <button class="primary" type="submit" data-testid="sign-in-submit" ?disabled=${this.busy}>${this.busy ? 'Checking…' : 'Sign in'}</button>
        </form>
        ${this.edge ? html`<p class="muted foot">Access Edge: <span class="mono">${this.edge}</span></p>` : ''}
      </main>
    `;
  }

  override firstUpdated() {
    this.renderRoot.querySelector<HTMLInputElement>('#token')?.focus();
  }

  #submit(event: SubmitEvent) {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#token')!;
    this.dispatchEvent(new CustomEvent('sign-in', { detail: { token: input.value }, bubbles: true, composed: true }));
  }

  /** After a failure: the field keeps the focus so the admin can correct it. */
  focusToken() {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#token');
    input?.focus();
    input?.select();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-admin-sign-in': SignInForm;
  }
}
