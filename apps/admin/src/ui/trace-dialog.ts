import { LitElement, css, html } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { AdminClient, TraceView } from '@fedlab/sdk';
import { clockTime } from '../logic/format.ts';
import { layoutLadder } from '../logic/ladder.ts';
import { explainFailure } from '../logic/session.ts';
import { errorLine, outcomeBadge } from './templates.ts';
import { clientContext } from '../state/contexts.ts';
import { base } from './styles.ts';
import type { TraceLadder } from './trace-ladder.ts';
import './trace-ladder.ts';

/** One request's whole trace, hop by hop, as a ladder diagram, in a modal dialog. */
@customElement('fl-trace-dialog')
export class TraceDialog extends LitElement {
  /** The session (from the page's context; a test may set it). */
  @consume({ context: clientContext, subscribe: true }) @property({ attribute: false }) client: AdminClient | undefined = undefined;
  @property({ attribute: false }) providerName: (id: string) => string = (id) => id;
  @state() trace: TraceView | undefined = undefined;
  @state() requestId = '';
  @state() loading = false;
  @state() error = '';
  #sequence = 0;

  static override styles = [base, css`
    dialog { width: min(1180px, calc(100vw - 24px)); }
    .summary { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; }
    .summary dt { color: var(--muted); font-size: 12px; }
    .summary dd { margin: 0; }
    .summary div { display: grid; }
    fl-trace-ladder { border: 1px solid var(--border); border-radius: 8px; background: #fcfcfd; max-height: calc(100vh - 260px); overflow: auto; }
  `];

  async open(requestId: string) {
    const sequence = ++this.#sequence;
    this.requestId = requestId;
    this.trace = undefined;
    this.error = '';
    this.loading = true;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog')!;
    if (!dialog.open) dialog.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>('[data-testid=trace-close]')?.focus();
    if (!this.client) return;
    try {
      const trace = await this.client.trace(requestId);
      if (sequence === this.#sequence) {
        this.trace = trace;
        await this.updateComplete;
        await this.renderRoot.querySelector<TraceLadder>('fl-trace-ladder')?.revealDeciding();
      }
    } catch (error) {
      if (sequence === this.#sequence) this.error = explainFailure(error, this.client.endpoints);
    } finally {
      if (sequence === this.#sequence) this.loading = false;
    }
  }

  close() {
    this.renderRoot.querySelector('dialog')?.close();
  }

  override render() {
    const t = this.trace;
    const s = t?.summary;
    return html`
      <dialog data-testid="trace-dialog" aria-labelledby="trace-title">
        <div class="dialog-body">
          <header>
            <h2 id="trace-title">Trace of request <span class="mono">${this.requestId}</span></h2>
            <button type="button" data-testid="trace-close" @click=${() => this.close()}>Close</button>
          </header>
          ${s ? html`
            <dl class="summary" data-testid="trace-summary">
              <div><dt>When</dt><dd>${clockTime(s.at)}</dd></div>
              <div><dt>Kind</dt><dd>${s.kind}</dd></div>
              <div><dt>Direction</dt><dd>${s.direction}</dd></div>
              <div><dt>From</dt><dd class="mono">${s.from}</dd></div>
              <div><dt>To</dt><dd class="mono">${s.to}</dd></div>
              <div><dt>Provider</dt><dd>${s.provider ? this.providerName(s.provider) : '—'}</dd></div>
              <div><dt>Outcome</dt><dd data-testid="trace-outcome">${outcomeBadge(s.code, s.reason)} <span class="muted">decided at ${s.hop}</span></dd></div>
            </dl>` : ''}
          ${this.loading ? html`<p class="muted" role="status">Loading the trace…</p>` : ''}
          ${errorLine(this.error, 'trace-error')}
          ${t ? html`<fl-trace-ladder .ladder=${layoutLadder(t, this.providerName)}></fl-trace-ladder>` : ''}
        </div>
      </dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-trace-dialog': TraceDialog;
  }
}
