import { LitElement, css, html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import { FILTERING_LABELS, FILTERING_OPTIONS, type ProviderEntry } from '@fedlab/protocol';
import type { AdminClient } from '@fedlab/sdk';
import { callServer } from './call.ts';
import { FILTERING_SHORT } from '../logic/format.ts';
import {
  checkProviderForm, emptyProviderForm, formOf, providerPatch, type Errors, type ProviderField, type ProviderForm,
} from '../logic/validate.ts';
import { clientContext } from '../state/contexts.ts';
import { base } from './styles.ts';

/**
 * The seed's "Add IM Service Provider" and "Edit IM Service Provider" dialogs: every setting of a provider,
 * checked as typed, then sent to the edge, whose own refusals (a domain another provider serves, say) are shown
 * in the dialog. Fires `provider-saved` when the edge has accepted.
 */
@customElement('fl-provider-dialog')
export class ProviderDialog extends LitElement {
  /** The session (from the page's context; a test may set it). */
  @consume({ context: clientContext, subscribe: true }) @property({ attribute: false }) client: AdminClient | undefined = undefined;
  @property({ attribute: false }) takenIds: string[] = [];
  @state() mode: 'add' | 'edit' = 'add';
  @state() form: ProviderForm = emptyProviderForm();
  @state() errors: Errors<ProviderField> = {};
  @state() serverError = '';
  @state() busy = false;
  /** The providers the topology knows (GET /api/providers/known): choosing one's id fills in its settings. */
  @state() known: ProviderEntry[] = [];
  /** The known provider whose settings the form was filled with. */
  @state() filledFrom = '';
  #original: ProviderEntry | undefined;
  #checked = false;

  static override styles = [base, css`
    .grid { display: grid; grid-template-columns: 1fr 140px; gap: 10px 14px; }
    .checks { display: grid; grid-template-columns: 1fr 1fr; gap: 10px 14px; }
    @media (max-width: 520px) { .checks { grid-template-columns: 1fr; } }
    .grid .wide { grid-column: 1 / -1; }
    @media (max-width: 520px) { .grid { grid-template-columns: 1fr; } }
    .option { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; align-items: start; font-weight: 400; }
    .option input { margin-top: 3px; }
    .option small { color: var(--muted); }
    input:disabled { background: var(--surface-2); color: var(--muted); }
  `];

  /** Opens the Add dialog with the seed's defaults (public, verified only, not allowed); offers the known ids. */
  openAdd() {
    void this.#open('add', undefined);
    void this.client?.knownProviders().then((known) => (this.known = known), () => (this.known = []));
  }

  /** Opens the Edit dialog with the entry's current settings. */
  openEdit(entry: ProviderEntry) {
    this.#open('edit', entry);
  }

  async #open(mode: 'add' | 'edit', entry: ProviderEntry | undefined) {
    this.mode = mode;
    this.#original = entry;
    this.form = entry ? formOf(entry) : emptyProviderForm();
    this.errors = {};
    this.serverError = '';
    this.busy = false;
    this.filledFrom = '';
    this.#checked = false;
    await this.updateComplete;
    this.renderRoot.querySelector('dialog')!.showModal();
    this.renderRoot.querySelector<HTMLInputElement>(mode === 'add' ? '#p-id' : '#p-name')?.focus();
  }

  close() {
    this.renderRoot.querySelector('dialog')?.close();
  }

  override render() {
    const f = this.form;
    const e = this.errors;
    const adding = this.mode === 'add';
    const title = adding ? 'Add IM Service Provider' : 'Edit IM Service Provider';
    return html`
      <dialog data-testid="provider-dialog" aria-labelledby="p-title" @close=${() => (this.busy = false)}>
        <form @submit=${this.#submit} @input=${this.#input} @change=${this.#input} novalidate>
          <header><h2 id="p-title">${title}</h2></header>
          <div class="grid">
            ${this.#text('id', 'Provider id', 'p-id', this.#idHint(adding), { disabled: !adding, wide: true })}
            <datalist id="known-ids">${this.#offered().map((p) => html`<option value=${p.id}>${p.name}</option>`)}</datalist>
            ${this.#text('name', 'IM service provider name', 'p-name', '', { wide: true })}
            ${this.#text('fqdn', "Network address of the provider's Access Edge (FQDN)", 'p-fqdn', 'e.g. sip.northwind.test')}
            ${this.#text('port', 'Port', 'p-port', '1–65535')}
            <div class="field wide">
              <label for="p-domains">Domains the provider serves</label>
              <textarea id="p-domains" name="domains" rows="2" spellcheck="false" .value=${f.domains} data-testid="provider-field-domains"
                aria-invalid=${e.domains ? 'true' : 'false'} aria-describedby="p-domains-hint ${e.domains ? 'p-domains-error' : ''}"></textarea>
              <span class="hint" id="p-domains-hint">Separated by commas or spaces. A sender's domain decides which provider it belongs to.</span>
              ${this.#fieldError('domains', 'p-domains-error')}
            </div>
          </div>
          <div class="checks">
            <label class="check">
              <input type="checkbox" name="allowed" .checked=${f.allowed} data-testid="provider-field-allowed" />
              <span>Allow this IM service provider<br /><small class="muted">Cleared: temporarily blocked, every setting kept.</small></span>
            </label>
            <label class="check">
              <input type="checkbox" name="public" .checked=${f.public} data-testid="provider-field-public" />
              <span>This is a public IM service provider<br /><small class="muted">Public IM connectivity; cleared: federation.</small></span>
            </label>
          </div>
          <fieldset aria-describedby=${e.filtering ? 'p-filtering-error' : ''}>
            <legend>Filtering of incoming communications</legend>
            ${FILTERING_OPTIONS.map((option) => html`
              <label class="option">
                <input type="radio" name="filtering" value=${option} .checked=${f.filtering === option} data-testid="provider-field-filtering-${option}" />
                <span>${FILTERING_LABELS[option]} <small>(${FILTERING_SHORT[option]}${option === 'verified-only' ? ', the default' : ''})</small></span>
              </label>`)}
            ${this.#fieldError('filtering', 'p-filtering-error')}
          </fieldset>
          ${this.serverError ? html`<p class="alert bad" role="alert" data-testid="provider-dialog-error">${this.serverError}</p>` : ''}
          <footer>
            <button type="button" data-testid="provider-dialog-cancel" @click=${() => this.close()}>Cancel</button>
            <button type="submit" class="primary" data-testid="provider-dialog-save" ?disabled=${this.busy}>${this.busy ? 'Saving…' : adding ? 'Add provider' : 'Save changes'}</button>
          </footer>
        </form>
      </dialog>
    `;
  }

  #text(name: 'id' | 'name' | 'fqdn' | 'port', label: string, id: string, hint: string, { disabled = false, wide = false } = {}) {
    const error = this.errors[name];
    const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`
      <div class="field ${wide ? 'wide' : ''}">
        <label for=${id}>${label}</label>
        <input id=${id} name=${name} type="text" spellcheck="false" autocomplete="off" .value=${this.form[name]} ?disabled=${disabled}
          list=${ifDefined(name === 'id' && this.mode === 'add' ? 'known-ids' : undefined)}
          inputmode=${name === 'port' ? 'numeric' : 'text'} data-testid="provider-field-${name}"
          aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy} />
        ${hint ? html`<span class="hint" id="${id}-hint" data-testid="provider-hint-${name}">${hint}</span>` : ''}
        ${this.#fieldError(name, `${id}-error`)}
      </div>
    `;
  }

  #fieldError(field: ProviderField, id: string) {
    const message = this.errors[field];
    return message ? html`<span class="error" id=${id} data-testid="provider-error-${field}">${message}</span>` : '';
  }

  #input(event: Event) {
    const target = event.target as HTMLInputElement | HTMLTextAreaElement;
    if (!target.name) return;
    const value = target instanceof HTMLInputElement && target.type === 'checkbox' ? target.checked : target.value;
    if (target instanceof HTMLInputElement && target.type === 'radio' && !target.checked) return;
    this.form = { ...this.form, [target.name]: value };
    if (target.name === 'id' && this.mode === 'add') this.#fillKnown(String(value).trim());
    if (this.#checked) this.errors = this.#check().errors;
  }

  /** Known providers that are not in the list now: the ones that can be added back. */
  #offered(): ProviderEntry[] {
    return this.known.filter((p) => !this.takenIds.includes(p.id));
  }

  /** A known provider's id was chosen: its settings as the topology gives them, not allowed (the seed's default). */
  #fillKnown(id: string) {
    const known = this.#offered().find((p) => p.id === id);
    if (!known) return;
    this.form = formOf({ ...known, allowed: false });
    this.filledFrom = known.name;
  }

  #idHint(adding: boolean): string {
    if (!adding) return 'The id cannot change.';
    if (this.filledFrom) return `Filled in with ${this.filledFrom}'s settings from the topology. Check them, then add.`;
    const offered = this.#offered();
    return offered.length
      ? `A short stable id, e.g. northwind. It cannot change later. The topology knows ${offered.map((p) => p.id).join(', ')}: choose one to fill in its settings.`
      : 'A short stable id, e.g. northwind. It cannot change later.';
  }

  #check(): { errors: Errors<ProviderField>; entry?: ProviderEntry } {
    const checked = checkProviderForm(this.form, this.mode === 'add' ? this.takenIds : []);
    return checked.ok ? { errors: {}, entry: checked.value } : { errors: checked.errors };
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    if (this.busy) return;
    this.#checked = true;
    const { errors, entry } = this.#check();
    this.errors = errors;
    this.serverError = '';
    if (!entry) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
      return;
    }
    const mode = this.mode;
    const patch = mode === 'edit' ? providerPatch(this.#original!, entry) : {};
    const saved = await callServer(this.client, async (c) => {
      if (mode === 'add') return c.addProvider(entry);
      return Object.keys(patch).length ? c.updateProvider(entry.id, patch) : entry;
    }, {
      busy: (on) => (this.busy = on),
      failed: (message) => (this.serverError = `The edge refused: ${message}`),
    });
    if (!saved.ok) return;
    this.close();
    this.dispatchEvent(new CustomEvent('provider-saved', { detail: { entry: saved.value, mode }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-provider-dialog': ProviderDialog;
  }
}
