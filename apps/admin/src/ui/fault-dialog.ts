import { LitElement, css, html } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { LinkFault } from '@fedlab/protocol';
import type { AdminClient } from '@fedlab/sdk';
import { checkFaultForm, faultFormOf, type Errors, type FaultField, type FaultForm } from '../logic/validate.ts';
import { callServer } from './call.ts';
import { errorLine } from './templates.ts';
import { clientContext } from '../state/contexts.ts';
import { base } from './styles.ts';

type NumberField = 'latencyMs' | 'jitterMs' | 'bandwidthBps';
type Switch = 'down' | 'unresponsive';

const NUMBERS: { field: NumberField; id: string; label: string; hint: string }[] = [
  { field: 'latencyMs', id: 'latency', label: 'Added latency (ms)', hint: 'Each request waits this long on the link.' },
  { field: 'jitterMs', id: 'jitter', label: 'Jitter (ms)', hint: 'A random extra wait of up to this much.' },
  { field: 'bandwidthBps', id: 'bandwidth', label: 'Bandwidth (bytes/s)', hint: 'Each payload waits its size divided by this.' },
];
const SWITCHES: { field: Switch; label: string; hint: string }[] = [
  { field: 'down', label: 'Link down', hint: 'Nothing passes; senders get a quick 504 (or 408).' },
  { field: 'unresponsive', label: 'Peer unresponsive', hint: 'The peer receives but never answers; senders get 408.' },
];

/** Sets the QA faults of one link (a provider's or the home server's), replacing the ones it had. */
@customElement('fl-fault-dialog')
export class FaultDialog extends LitElement {
  /** The session (from the page's context; a test may set it). */
  @consume({ context: clientContext, subscribe: true }) @property({ attribute: false }) client: AdminClient | undefined = undefined;
  @state() link: { name: string; label: string } = { name: '', label: '' };
  @state() form: FaultForm = faultFormOf(undefined);
  @state() errors: Errors<FaultField> = {};
  @state() serverError = '';
  @state() busy = false;

  static override styles = [base, css`
    dialog { width: min(520px, calc(100vw - 24px)); }
    .grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; }
    @media (max-width: 520px) { .grid { grid-template-columns: 1fr; } }
  `];

  async open(link: { name: string; label: string }, current: LinkFault | undefined) {
    this.link = link;
    this.form = faultFormOf(current);
    this.errors = {};
    this.serverError = '';
    await this.updateComplete;
    this.renderRoot.querySelector('dialog')!.showModal();
    this.renderRoot.querySelector<HTMLInputElement>('#fault-latency')?.focus();
  }

  close() {
    this.renderRoot.querySelector('dialog')?.close();
  }

  override render() {
    return html`
      <dialog data-testid="fault-dialog" aria-labelledby="fault-title">
        <form @submit=${this.#submit} @input=${this.#input} @change=${this.#input} novalidate>
          <header><h2 id="fault-title">Fault on the ${this.link.label} link</h2></header>
          <p class="muted">Faults replace the ones the link has now. Under each fault the sender gets a clear answer (408 or 504), never a silent loss; clearing them lets the link recover by itself.</p>
          <div class="grid">
            ${NUMBERS.map((n) => html`
              <div class="field">
                <label for="fault-${n.id}">${n.label}</label>
                <input id="fault-${n.id}" name=${n.field} inputmode="numeric" .value=${this.form[n.field]} data-testid="fault-field-${n.id}"
                  aria-invalid=${this.errors[n.field] ? 'true' : 'false'} aria-describedby="fault-${n.id}-hint" />
                <span class="hint" id="fault-${n.id}-hint">${n.hint}</span>
                ${this.errors[n.field] ? html`<span class="error" role="alert" data-testid="fault-error-${n.id}">${this.errors[n.field]}</span>` : ''}
              </div>`)}
          </div>
          ${SWITCHES.map((s) => html`
            <label class="check">
              <input type="checkbox" name=${s.field} .checked=${this.form[s.field]} data-testid="fault-field-${s.field}" />
              <span>${s.label}<br /><small class="muted">${s.hint}</small></span>
            </label>`)}
          ${errorLine(this.errors.form, 'fault-error-form')}
          ${errorLine(this.serverError, 'fault-dialog-error')}
          <footer>
            <button type="button" data-testid="fault-dialog-cancel" @click=${() => this.close()}>Cancel</button>
            <button type="submit" class="primary" data-testid="fault-dialog-save" ?disabled=${this.busy}>${this.busy ? 'Setting…' : 'Set fault'}</button>
          </footer>
        </form>
      </dialog>
    `;
  }

  #input(event: Event) {
    const target = event.target as HTMLInputElement;
    if (!target.name) return;
    this.form = { ...this.form, [target.name]: target.type === 'checkbox' ? target.checked : target.value };
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const checked = checkFaultForm(this.form);
    this.errors = checked.ok ? {} : checked.errors;
    this.serverError = '';
    if (!checked.ok) return;
    const set = await callServer(this.client, (c) => c.setFault(this.link.name, checked.value), {
      busy: (on) => (this.busy = on),
      failed: (message) => (this.serverError = `The edge refused: ${message}`),
    });
    if (!set.ok) return;
    this.close();
    this.dispatchEvent(new CustomEvent('fault-set', { detail: { link: this.link.name, fault: checked.value }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-fault-dialog': FaultDialog;
  }
}
