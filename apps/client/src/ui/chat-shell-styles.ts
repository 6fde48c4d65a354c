import { css } from 'lit';

/** The layout of <fl-chat-shell>: header, notices, sidebar and conversation; one of the two at phone width. */
export const shellStyles = css`
    :host {
      display: grid;
      grid-template-rows: auto auto auto minmax(0, 1fr);
      height: 100vh;
      height: 100dvh;
      background: var(--fl-bg);
    }
    .topbar {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      padding: 0.55rem 1rem;
      background: var(--fl-topbar);
      color: var(--fl-on-topbar);
    }
    .brand {
      display: flex;
      align-items: center;
      gap: 0.55rem;
      font-weight: 700;
      letter-spacing: -0.01em;
      white-space: nowrap;
    }
    .spacer {
      flex: 1;
    }
    .signed-in {
      font-size: 0.8rem;
      opacity: 0.85;
    }
    .topbar .btn {
      background: transparent;
      color: inherit;
      border-color: rgba(255, 255, 255, 0.3);
    }
    .topbar .btn:hover {
      background: rgba(255, 255, 255, 0.1);
    }
    .body {
      display: grid;
      grid-template-columns: minmax(19rem, 23rem) 1fr;
      min-height: 0;
    }
    aside {
      display: flex;
      flex-direction: column;
      min-height: 0;
      border-right: 1px solid var(--fl-border);
      background: var(--fl-surface);
    }
    .me {
      padding: 1rem;
      border-bottom: 1px solid var(--fl-border);
    }
    .prompts {
      padding: 0.75rem 1rem;
      border-bottom: 1px solid var(--fl-border);
      display: grid;
      gap: 0.5rem;
      max-height: 40vh;
      overflow-y: auto;
    }
    [role='tablist'] {
      display: flex;
      gap: 0.25rem;
      padding: 0.5rem 0.75rem 0;
      border-bottom: 1px solid var(--fl-border);
    }
    [role='tab'] {
      flex: 1;
      display: inline-flex;
      justify-content: center;
      gap: 0.35rem;
      align-items: center;
      padding: 0.55rem 0.5rem;
      border: 0;
      border-bottom: 2px solid transparent;
      background: none;
      font-weight: 600;
      font-size: 0.85rem;
      color: var(--fl-muted);
      cursor: pointer;
    }
    [role='tab'][aria-selected='true'] {
      color: var(--fl-accent-strong);
      border-bottom-color: var(--fl-accent);
    }
    .counter.quiet {
      background: var(--fl-surface-3);
      color: var(--fl-text-2);
      font-weight: 600;
    }
    [role='tabpanel'] {
      flex: 1;
      overflow-y: auto;
      padding: 0.75rem;
      display: grid;
      gap: 0.75rem;
      align-content: start;
    }
    main {
      min-width: 0;
      min-height: 0;
      display: flex;
      flex-direction: column;
    }
    .welcome {
      margin: auto;
      padding: 2rem;
      max-width: 28rem;
      text-align: center;
      display: grid;
      gap: 0.6rem;
    }
    .welcome h2 {
      font-size: 1.15rem;
    }
    .welcome .art {
      width: 4.5rem;
      height: 4.5rem;
      justify-self: center;
    }
    @media (max-width: 47.99rem) {
      .body {
        grid-template-columns: 1fr;
      }
      .signed-in,
      .brand-name {
        display: none;
      }
      .topbar {
        padding: 0.5rem 0.75rem;
      }
      :host([view='chat']) aside,
      :host([view='list']) main {
        display: none;
      }
      aside {
        border-right: 0;
      }
    }
  `;
