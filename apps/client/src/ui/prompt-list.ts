import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Verification } from '@fedlab/protocol';
import { formatTime } from '../logic/format.ts';
import { emit } from './events.ts';
import { base } from './styles.ts';
import './avatar.ts';

/** A waiting subscription, with what the UI knows of its sender. */
export interface PromptView {
  id: string;
  from: string;
  name: string;
  /** The provider's name; absent for a colleague. */
  provider?: string | undefined;
  verification: Verification;
  at: number;
}

/**
 * Someone on neither of my lists asked to see my presence and my setting is Prompt: Allow puts her on my Allow
 * list, Block on my Block list. Prompts that waited while I was away are here at sign-in.
 */
@customElement('fl-prompt-list')
export class PromptList extends LitElement {
  static override styles = [
    base,
    css`
      ul {
        --list-gap: 0.5rem;
      }
      li {
        padding: 0.75rem;
        border: 1px solid var(--fl-warn-border);
        background: var(--fl-warn-soft);
        border-radius: var(--fl-radius);
        display: grid;
        gap: 0.6rem;
      }
      .head {
        display: flex;
        gap: 0.6rem;
        align-items: flex-start;
      }
      .text {
        display: grid;
        gap: 0.2rem;
        min-width: 0;
        font-size: 0.875rem;
      }
      .meta {
        display: flex;
        gap: 0.3rem;
        flex-wrap: wrap;
        align-items: center;
        font-size: 0.75rem;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        justify-content: flex-end;
      }
    `,
  ];

  @property({ attribute: false }) prompts: PromptView[] = [];
  /** Prompts whose answer is on its way: their buttons wait. */
  @property({ attribute: false }) answering: ReadonlySet<string> = new Set();

  override render() {
    return html`<ul class="plain-list" aria-label="Presence requests">
      ${this.prompts.map((p) => this.#renderPrompt(p))}
    </ul>`;
  }

  #renderPrompt(p: PromptView) {
    const busy = this.answering.has(p.id);
    return html`<li data-testid="prompt" data-from=${p.from}>
      <div class="head">
        <fl-avatar size="sm" .name=${p.name} .address=${p.from}></fl-avatar>
        <div class="text">
          <span><strong data-testid="prompt-name">${p.name}</strong> wants to see your presence.</span>
          <span class="muted truncate" data-testid="prompt-from">${p.from}</span>
          <span class="meta">
            <span class="badge" data-testid="prompt-provider">${p.provider ?? 'Colleague'}</span>
            <span class="badge ${p.verification === 'verified' ? 'ok' : 'warn'}" data-testid="prompt-verification">${p.verification}</span>
            <span class="muted">${formatTime(p.at)}</span>
          </span>
        </div>
      </div>
      <div class="actions">
        <button class="btn danger small" data-testid="prompt-block" ?disabled=${busy} aria-label=${`Block ${p.name}`} @click=${() => this.#answer(p, 'block')}>Block</button>
        <button class="btn primary small" data-testid="prompt-allow" ?disabled=${busy} aria-label=${`Allow ${p.name}`} @click=${() => this.#answer(p, 'allow')}>Allow</button>
      </div>
    </li>`;
  }

  #answer(p: PromptView, decision: 'allow' | 'block'): void {
    emit(this, 'answer-prompt', { id: p.id, decision });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-prompt-list': PromptList;
  }
}
