import { LitElement, css, html } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { AdminClient } from '@fedlab/sdk';
import { callServer } from './call.ts';
import { errorLine } from './templates.ts';
import { clientContext } from '../state/contexts.ts';
import { base } from './styles.ts';
import type { ConfirmDialog } from './confirm-dialog.ts';
import './confirm-dialog.ts';

/** The organization-wide switch: federation and public IM connectivity, on or off, with what it means; off asks first. */
@customElement('fl-global-switch')
export class GlobalSwitch extends LitElement {
  /** The session (from the page's context; a test may set it). */
  @consume({ context: clientContext, subscribe: true }) @property({ attribute: false }) client: AdminClient | undefined = undefined;
  @property({ type: Boolean }) enabled = false;
  @state() busy = false;
  @state() error = '';

  static override styles = [base, css`
    :host { display: block; }
    .card { padding: 14px 16px; display: grid; gap: 8px; }
    .row { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    .row h3 { flex: 1; min-width: 220px; }
    .card.off { border-color: #f0b8b3; background: #fffafa; }
  `];

  override render() {
    return html`
      <section class="card ${this.enabled ? '' : 'off'}" aria-labelledby="global-title">
        <div class="row">
          <h3 id="global-title">Federation and public IM connectivity</h3>
          <span class="badge ${this.enabled ? 'ok' : 'bad'}" data-testid="global-state">${this.enabled ? 'On' : 'Off'}</span>
          <button class="switch" role="switch" aria-checked=${this.enabled ? 'true' : 'false'} aria-labelledby="global-title"
            data-testid="global-switch" ?disabled=${this.busy || !this.client} @click=${this.#toggle}></button>
        </div>
        <p class="muted">When off, nothing crosses the Access Edge in either direction, whatever the provider list and each user's enablement say; when on, those settings decide.</p>
        ${errorLine(this.error, 'global-error')}
      </section>
      <fl-confirm-dialog></fl-confirm-dialog>
    `;
  }

  async #toggle() {
    this.error = '';
    if (this.enabled) {
      const sure = await this.renderRoot.querySelector<ConfirmDialog>('fl-confirm-dialog')!.ask({
        heading: 'Turn off federation and public IM connectivity?',
        message: 'Nothing will cross the Access Edge, in either direction, for anyone in the organization, whatever the provider list and each user\'s enablement say. Every conversation and presence subscription with the outside ends now. The provider list and the enablement stay as they are.',
        confirmLabel: 'Turn off',
        danger: true,
      });
      if (!sure) return;
    }
    const set = await callServer(this.client, (c) => c.setFederation(!this.enabled), {
      busy: (on) => (this.busy = on),
      failed: (message) => (this.error = message),
    });
    if (set.ok) this.enabled = set.value.federationEnabled;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-global-switch': GlobalSwitch;
  }
}
