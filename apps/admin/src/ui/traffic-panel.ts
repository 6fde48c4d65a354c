import { LitElement, css, html } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { ProviderEntry, TrafficEntry } from '@fedlab/protocol';
import type { AdminClient } from '@fedlab/sdk';
import { NO_FILTER, clockTime, matchesTraffic, type TrafficFilter } from '../logic/format.ts';
import { outcomeBadge } from './templates.ts';
import { clientContext } from '../state/contexts.ts';
import { base } from './styles.ts';
import type { TraceDialog } from './trace-dialog.ts';
import './trace-dialog.ts';

/**
 * The requests crossing the edge as they happen (newest first), filterable by provider, user and outcome; a row
 * opens the request's whole trace as a ladder diagram.
 */
@customElement('fl-traffic-panel')
export class TrafficPanel extends LitElement {
  /** The session (from the page's context; a test may set it). */
  @consume({ context: clientContext, subscribe: true }) @property({ attribute: false }) client: AdminClient | undefined = undefined;
  @property({ attribute: false }) entries: TrafficEntry[] = [];
  @property({ attribute: false }) providers: ProviderEntry[] = [];
  @state() filter: TrafficFilter = { ...NO_FILTER };

  static override styles = [base, css`
    :host { display: block; }
    .card { padding: 16px; display: grid; gap: 12px; }
    .filters { display: grid; grid-template-columns: repeat(3, minmax(160px, 240px)) 1fr; gap: 8px 12px; align-items: end; }
    @media (max-width: 720px) { .filters { grid-template-columns: 1fr; } }
    tbody tr { cursor: pointer; }
    .open { font-family: var(--mono); font-size: 12.5px; padding: 0 6px; min-height: 26px; }
    .dir { color: var(--muted); font-size: 12px; }
    td.addr { font-family: var(--mono); font-size: 12.5px; overflow-wrap: anywhere; }
  `];

  providerName = (id: string) => this.providers.find((p) => p.id === id)?.name ?? id;

  override render() {
    const shown = this.entries.filter((e) => matchesTraffic(e, this.filter)).reverse();
    const providerIds = [...new Set([...this.providers.map((p) => p.id), ...this.entries.flatMap((e) => (e.provider ? [e.provider] : []))])];
    return html`
      <section class="card" aria-labelledby="traffic-title">
        <div class="panel-head">
          <div>
            <h2 id="traffic-title">Live traffic</h2>
            <p>Every request crossing the Access Edge, as it happens, with the answer it got. Open one to see its trace, hop by hop.</p>
          </div>
        </div>
        <form class="filters" role="search" aria-label="Filter the traffic" @input=${this.#filter} @change=${this.#filter} @submit=${(e: Event) => e.preventDefault()}>
          <div class="field">
            <label for="f-provider">Provider</label>
            <select id="f-provider" name="provider" data-testid="traffic-filter-provider">
              <option value="">Any provider</option>
              ${providerIds.map((id) => html`<option value=${id} ?selected=${this.filter.provider === id}>${this.providerName(id)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="f-user">User</label>
            <input id="f-user" name="user" type="search" placeholder="Sender or recipient" data-testid="traffic-filter-user" .value=${this.filter.user} />
          </div>
          <div class="field">
            <label for="f-outcome">Outcome</label>
            <select id="f-outcome" name="outcome" data-testid="traffic-filter-outcome">
              <option value="">Any outcome</option>
              <option value="accepted" ?selected=${this.filter.outcome === 'accepted'}>Accepted (2xx)</option>
              <option value="rejected" ?selected=${this.filter.outcome === 'rejected'}>Rejected or failed</option>
            </select>
          </div>
          <p class="muted" aria-live="polite" data-testid="traffic-count">${shown.length} of ${this.entries.length} requests</p>
        </form>
        <div class="table-wrap">
          <table data-testid="traffic-table">
            <caption class="visually-hidden">Requests crossing the edge, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th><th scope="col">Kind</th><th scope="col">Sender</th><th scope="col">Recipient</th>
                <th scope="col">Provider</th><th scope="col">Outcome</th><th scope="col">Decided at</th>
              </tr>
            </thead>
            <tbody>${shown.map((e) => this.#row(e))}</tbody>
          </table>
          ${shown.length ? '' : html`<p class="empty" data-testid="traffic-empty">${this.entries.length ? 'No request matches the filters.' : 'Nothing has crossed the edge yet. Requests appear here as they happen.'}</p>`}
        </div>
      </section>
      <fl-trace-dialog .providerName=${this.providerName}></fl-trace-dialog>
    `;
  }

  #row(e: TrafficEntry) {
    return html`
      <tr data-testid="traffic-row-${e.requestId}" data-code=${e.code} data-reason=${e.reason} @click=${() => this.openTrace(e.requestId)}>
        <td><button class="quiet open" data-testid="traffic-open-${e.requestId}" aria-label="Open the trace of ${e.kind} from ${e.from} to ${e.to} at ${clockTime(e.at)}"
          @click=${(event: Event) => { event.stopPropagation(); void this.openTrace(e.requestId); }}>${clockTime(e.at)}</button></td>
        <td>${e.kind}<div class="dir">${e.direction}</div></td>
        <td class="addr">${e.from}</td>
        <td class="addr">${e.to}</td>
        <td>${e.provider ? this.providerName(e.provider) : '—'}</td>
        <td>${outcomeBadge(e.code, e.reason, `traffic-outcome-${e.requestId}`)}</td>
        <td>${e.hop}</td>
      </tr>
    `;
  }

  /** Opens the ladder diagram of one request. */
  openTrace(requestId: string) {
    return this.renderRoot.querySelector<TraceDialog>('fl-trace-dialog')!.open(requestId);
  }

  #filter(event: Event) {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    if (!target.name) return;
    this.filter = { ...this.filter, [target.name]: target.value };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-traffic-panel': TrafficPanel;
  }
}
