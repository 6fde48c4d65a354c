import { LitElement, css, html } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import { REQUEST_KINDS, STATUS_CODES, type ProviderEntry, type TrafficEntry } from '@fedlab/protocol';
import type { AdminClient } from '@fedlab/sdk';
import { clockTime } from '../logic/format.ts';
import { explainFailure } from '../logic/session.ts';
import { NO_FILTER, matchesTraffic, pageOf, trafficRows, type TrafficFilter, type TrafficRow } from '../logic/traffic.ts';
import { clientContext } from '../state/contexts.ts';
import { errorLine, outcomeBadge } from './templates.ts';
import { base } from './styles.ts';
import type { TraceDialog } from './trace-dialog.ts';
import './trace-dialog.ts';

/** How many older requests one "Load older" asks the edge for. */
const OLDER_BATCH = 500;

/**
 * The requests crossing the edge as they happen (newest first), filtered by kind, provider, code, user and outcome,
 * typing notices folded, 50 rows a page; older requests than the page keeps come from the edge on demand. A row
 * opens the request's whole trace as a ladder diagram.
 */
@customElement('fl-traffic-panel')
export class TrafficPanel extends LitElement {
  /** The session (from the page's context; a test may set it). */
  @consume({ context: clientContext, subscribe: true }) @property({ attribute: false }) client: AdminClient | undefined = undefined;
  /** The stream the page keeps (the newest 1000), oldest first. */
  @property({ attribute: false }) entries: TrafficEntry[] = [];
  @property({ attribute: false }) providers: ProviderEntry[] = [];
  @state() filter: TrafficFilter = { ...NO_FILTER };
  @state() fold = true;
  @state() page = 0;
  /** Requests older than the stream, loaded from the edge (oldest first). */
  @state() older: TrafficEntry[] = [];
  /** The edge has nothing older than `older`. */
  @state() exhausted = false;
  @state() loading = false;
  @state() error = '';

  static override styles = [base, css`
    :host { display: block; }
    .card { padding: 16px; display: grid; gap: 12px; }
    .filters { display: grid; grid-template-columns: repeat(5, minmax(120px, 1fr)); gap: 8px 12px; align-items: end; }
    @media (max-width: 900px) { .filters { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
    @media (max-width: 420px) { .filters { grid-template-columns: 1fr; } }
    .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; }
    .bar .spacer { flex: 1; }
    .pager { display: flex; align-items: center; gap: 8px; }
    tbody tr { cursor: pointer; }
    .open { font-family: var(--mono); font-size: 12.5px; padding: 0 6px; min-height: 26px; }
    .dir { color: var(--muted); font-size: 12px; }
    .fold { color: var(--muted); font-size: 12px; }
    td.addr { font-family: var(--mono); font-size: 12.5px; overflow-wrap: anywhere; }
  `];

  providerName = (id: string) => this.providers.find((p) => p.id === id)?.name ?? id;

  override render() {
    const all = [...this.older, ...this.entries];
    const matching = all.filter((e) => matchesTraffic(e, this.filter)).reverse();
    const rows = trafficRows(matching, this.fold);
    const shown = pageOf(rows, this.page);
    const providerIds = [...new Set([...this.providers.map((p) => p.id), ...all.flatMap((e) => (e.provider ? [e.provider] : []))])];
    const lastPage = shown.page === shown.pages - 1;
    return html`
      <section class="card" aria-labelledby="traffic-title">
        <div class="panel-head">
          <div>
            <h2 id="traffic-title">Live traffic</h2>
            <p>Every request crossing the Access Edge, as it happens, with the answer it got. Open one to see its trace, hop by hop.</p>
          </div>
        </div>
        <form class="filters" role="search" aria-label="Filter the traffic" @input=${this.#filter} @change=${this.#filter} @submit=${(e: Event) => e.preventDefault()}>
          ${this.#select('kind', 'Kind', 'Any kind', REQUEST_KINDS.map((k) => [k, k]))}
          ${this.#select('provider', 'Provider', 'Any provider', providerIds.map((id) => [id, this.providerName(id)]))}
          ${this.#select('code', 'Code', 'Any code', Object.entries(STATUS_CODES).map(([code, meaning]) => [code, `${code} ${meaning.split(':')[0]}`]))}
          <div class="field">
            <label for="f-user">User</label>
            <input id="f-user" name="user" type="search" placeholder="Sender or recipient" data-testid="traffic-filter-user" .value=${this.filter.user} />
          </div>
          ${this.#select('outcome', 'Outcome', 'Any outcome', [['accepted', 'Accepted (2xx)'], ['rejected', 'Rejected or failed']])}
        </form>
        <div class="bar">
          <label class="check"><input type="checkbox" data-testid="traffic-fold" .checked=${this.fold}
            @change=${(e: Event) => { this.fold = (e.target as HTMLInputElement).checked; this.page = 0; }} /> Fold typing notices</label>
          <p class="muted" aria-live="polite" data-testid="traffic-count">${matching.length} of ${all.length} requests${rows.length !== matching.length ? `, ${rows.length} rows` : ''}</p>
          <span class="spacer"></span>
          <div class="pager" role="group" aria-label="Pages">
            <button data-testid="traffic-newer" ?disabled=${shown.page === 0} @click=${() => (this.page = shown.page - 1)}>Newer</button>
            <span data-testid="traffic-page">Page ${shown.page + 1} of ${shown.pages}</span>
            <button data-testid="traffic-older" ?disabled=${lastPage} @click=${() => (this.page = shown.page + 1)}>Older</button>
          </div>
        </div>
        ${errorLine(this.error, 'traffic-error')}
        <div class="table-wrap">
          <table data-testid="traffic-table">
            <caption class="visually-hidden">Requests crossing the edge, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th><th scope="col">Kind</th><th scope="col">Sender</th><th scope="col">Recipient</th>
                <th scope="col">Provider</th><th scope="col">Outcome</th><th scope="col">Decided at</th>
              </tr>
            </thead>
            <tbody>${shown.rows.map((r) => this.#row(r))}</tbody>
          </table>
          ${shown.rows.length ? '' : html`<p class="empty" data-testid="traffic-empty">${all.length ? 'No request matches the filters.' : 'Nothing has crossed the edge yet. Requests appear here as they happen.'}</p>`}
        </div>
        ${lastPage && !this.exhausted && all.length
          ? html`<div class="bar"><span class="spacer"></span><button data-testid="traffic-load-older" ?disabled=${this.loading || !this.client} @click=${() => this.#loadOlder()}>
              ${this.loading ? 'Loading…' : 'Load older requests from the edge'}</button></div>`
          : ''}
      </section>
      <fl-trace-dialog .providerName=${this.providerName}></fl-trace-dialog>
    `;
  }

  #select(name: keyof TrafficFilter, label: string, any: string, options: [string, string][]) {
    return html`<div class="field">
      <label for="f-${name}">${label}</label>
      <select id="f-${name}" name=${name} data-testid="traffic-filter-${name}">
        <option value="">${any}</option>
        ${options.map(([value, text]) => html`<option value=${value} ?selected=${this.filter[name] === value}>${text}</option>`)}
      </select>
    </div>`;
  }

  #row({ entry: e, count }: TrafficRow) {
    return html`
      <tr data-testid="traffic-row-${e.requestId}" data-code=${e.code} data-reason=${e.reason} data-count=${count} @click=${() => this.openTrace(e.requestId)}>
        <td><button class="quiet open" data-testid="traffic-open-${e.requestId}" aria-label="Open the trace of ${e.kind} from ${e.from} to ${e.to} at ${clockTime(e.at)}"
          @click=${(event: Event) => { event.stopPropagation(); void this.openTrace(e.requestId); }}>${clockTime(e.at)}</button></td>
        <td>${e.kind}${count > 1 ? html` <span class="fold" data-testid="traffic-folded">×${count}</span>` : ''}<div class="dir">${e.direction}</div></td>
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
    if (!target.name || !(target.name in this.filter)) return;
    this.filter = { ...this.filter, [target.name]: target.value };
    this.page = 0;
  }

  /** Asks the edge for the requests before the oldest one the panel has (it keeps the last 5000). */
  async #loadOlder() {
    const oldest = this.older[0] ?? this.entries[0];
    if (!this.client || !oldest) return;
    this.loading = true;
    this.error = '';
    try {
      const batch = await this.client.traffic({ before: oldest.requestId, limit: OLDER_BATCH });
      this.older = [...batch, ...this.older];
      this.exhausted = batch.length < OLDER_BATCH;
    } catch (error) {
      this.error = explainFailure(error, this.client.endpoints);
    } finally {
      this.loading = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-traffic-panel': TrafficPanel;
  }
}
