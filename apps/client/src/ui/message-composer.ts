import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { MAX_TEXT_LENGTH } from '@fedlab/protocol';
import { emit } from './events.ts';
import { base } from './styles.ts';

/** Where a message is written: Enter sends, Shift+Enter starts a new line; typing is announced to the peer. */
@customElement('fl-composer')
export class MessageComposer extends LitElement {
  static override styles = [
    base,
    css`
      form {
        display: flex;
        gap: 0.5rem;
        align-items: flex-end;
      }
      textarea {
        flex: 1;
        min-width: 0;
        resize: none;
        min-height: 2.6rem;
        max-height: 10rem;
        line-height: 1.4;
        padding: 0.55rem 0.75rem;
        border-radius: var(--fl-radius);
      }
      .btn {
        min-height: 2.6rem;
        border-radius: var(--fl-radius);
      }
      .hint {
        margin-top: 0.3rem;
        font-size: 0.72rem;
      }
      @media (max-width: 47.99rem) {
        .hint {
          display: none;
        }
      }
    `,
  ];

  /** Names the text box for assistive technology, e.g. "Message to Yuki Yamada". */
  @property() label = 'Message';
  @property({ type: Boolean }) disabled = false;
  /** Why it is disabled, shown in place of the hint. */
  @property() disabledReason = '';
  @state() private text = '';
  @query('textarea') private textarea!: HTMLTextAreaElement;

  override focus(): void {
    this.textarea?.focus();
  }

  override render() {
    return html`<form @submit=${this.#submit}>
        <label class="visually-hidden" for="text">${this.label}</label>
        <textarea
          id="text"
          class="input"
          rows="1"
          data-testid="composer"
          maxlength=${MAX_TEXT_LENGTH}
          placeholder="Write a message…"
          aria-describedby="hint"
          ?disabled=${this.disabled}
          .value=${this.text}
          @input=${this.#input}
          @keydown=${this.#keydown}
        ></textarea>
        <button class="btn primary" type="submit" data-testid="send" ?disabled=${this.disabled || !this.text.trim()}>Send</button>
      </form>
      <p class="hint muted" id="hint">${this.disabled && this.disabledReason ? this.disabledReason : 'Enter to send · Shift+Enter for a new line'}</p>`;
  }

  #input(event: Event): void {
    const area = event.target as HTMLTextAreaElement;
    this.text = area.value;
    area.style.height = 'auto';
    area.style.height = `${area.scrollHeight + 2}px`;
    if (this.text.trim()) emit(this, 'typing', {});
  }

  #keydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#send();
    }
  }

  #submit(event: Event): void {
    event.preventDefault();
    this.#send();
    this.textarea.focus();
  }

  #send(): void {
    if (this.disabled || !this.text.trim()) return;
    emit(this, 'send-message', { text: this.text });
    this.text = '';
    this.textarea.style.height = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'fl-composer': MessageComposer;
  }
}
