import { LitElement, css, html } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { LinkStatus, ProviderEntry } from '@fedlab/protocol';
import type { AdminClient } from '@fedlab/sdk';
import { describeFault, hasFault } from '../logic/format.ts';
import { callServer } from './call.ts';
import { errorLine, linkBadge } from './templates.ts';
import { clientContext } from '../state/contexts.ts';
import { base } from './styles.ts';
import type { FaultDialog } from './fault-dialog.ts';
import './fault-dialog.ts';

/**
 * The links of the edge (one per listed provider, and the home server's) with their live state and current
 * fault; set latency, jitter, bandwidth, link down or an unresponsive peer on any of them, and clear them.
 */
@customElement('fl-faults-panel')
export class FaultsPanel extends LitElement {
  /** The session (from the page's context; a test may set it). */
  @consume({ context: clientContext, subscribe: true }) @property({ attribute: false }) client: AdminClient | undefined = undefined;
  @property({ attribute: false }) links: LinkStatus[] = [];
  @property({ attribute: false }) providers: ProviderEntry[] = [];
  @state() busy = '';
  @state() error = '';

  static override styles = [base, css`
    :host { display: block; }
    .card { padding: 16px; display: grid; gap: 12px; }
    .actions { display: flex; gap: 4px; flex-wrap: wrap; justify-content: flex-end; }
    .fault.on { color: var(--warn); font-weight: 600; }
  `];

  #label(name: string) {
    return name === 'home' ? 'Home server' : (this.providers.find((p) => p.id === name)?.name ?? name);
  }

  override render() {
    return html`
      <section class="card" aria-labelledby="faults-title">
        <div class="panel-head">
          <div>
            <h2 id="faults-title">Faults</h2>
            <p>Put QA faults on a link of the edge: to a provider, or to the home server. A fault stays until it is cleared.</p>
          </div>
        </div>
        ${errorLine(this.error, 'faults-error')}
        <div class="table-wrap">
          <table class="cards" data-testid="faults-table">
            <caption class="visually-hidden">Links of the edge and their faults</caption>
            <thead><tr><th scope="col">Link</th><th scope="col">State</th><th scope="col">Current fault</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>${this.links.map((l) => this.#row(l))}</tbody>
          </table>
          ${this.links.length ? '' : html`<p class="empty">The edge has no link yet.</p>`}
        </div>
      </section>
      <fl-fault-dialog></fl-fault-dialog>
    `;
  }

  #row(l: LinkStatus) {
    const name = l.provider;
    const label = this.#label(name);
    const faulty = hasFault(l.fault);
    const busy = this.busy === name || !this.client;
    return html`
      <tr data-testid="link-row-${name}">
        <td><strong>${label}</strong><div class="muted mono">${name === 'home' ? 'home ↔ edge' : `${name} ↔ edge`}</div></td>
        <td data-label="State">${linkBadge(l, `link-state-${name}`)}${l.detail ? html`<div class="muted">${l.detail}</div>` : ''}</td>
        <td class="fault ${faulty ? 'on' : ''}" data-label="Current fault" data-testid="link-fault-${name}">${describeFault(l.fault)}</td>
        <td>
          <div class="actions">
            <button data-testid="fault-set-${name}" aria-label="Set a fault on the ${label} link" ?disabled=${busy}
              @click=${() => this.#dialog.open({ name, label }, l.fault)}>Set fault…</button>
            <button data-testid="fault-clear-${name}" aria-label="Clear the faults of the ${label} link" ?disabled=${busy || !faulty}
              @click=${() => this.#run(name, (c) => c.clearFault(name))}>Clear fault</button>
            ${name === 'home' ? '' : html`<button class="quiet" data-testid="fault-reset-${name}" aria-label="Reset the connection of the ${label} link" ?disabled=${busy}
              @click=${() => this.#run(name, (c) => c.resetLink(name))}>Reset connection</button>`}
          </div>
        </td>
      </tr>
    `;
  }

  get #dialog(): FaultDialog {
    return this.renderRoot.querySelector('fl-fault-dialog')!;
  }

  async #run(name: string, action: (client: AdminClient) => Promise<unknown>) {
    this.error = '';
    await callServer(this.client, action, {
      busy: (on) => (this.busy = on ? name : ''),
      failed: (message) => (this.error = `${this.#label(name)}: ${message}`),
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-faults-panel': FaultsPanel;
  }
}
