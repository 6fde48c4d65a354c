import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { LinkStatus } from '@fedlab/protocol';
import { describeFault, hasFault, isAccepted, linkStateLabel } from '../logic/format.ts';

/** Small pieces of markup shared by the panels (functions, not elements). Every value is bound as text. */

const LINK_TONE: Record<string, string> = { connected: 'ok', connecting: 'warn', unreachable: 'bad', 'fqdn-mismatch': 'bad', 'auth-failed': 'bad' };

export function linkBadge(status: LinkStatus | undefined | null, testid: string): TemplateResult {
  const tone = status ? (LINK_TONE[status.state] ?? '') : '';
  const title = status ? [status.detail, hasFault(status.fault) ? `fault: ${describeFault(status.fault)}` : ''].filter(Boolean).join(' · ') : 'The edge has no link for this provider.';
  return html`<span class="badge ${tone}" data-testid=${testid} data-state=${status?.state ?? 'none'} title=${title}>${linkStateLabel(status?.state)}</span>${
    hasFault(status?.fault) ? html` <span class="badge warn plain" title=${describeFault(status?.fault)}>fault</span>` : ''}`;
}

export function outcomeBadge(code: number, reason: string, testid?: string): TemplateResult {
  const tone = isAccepted(code) ? 'ok' : code === 403 ? 'bad' : 'warn';
  return html`<span class="badge plain ${tone}" data-testid=${ifDefined(testid)}><span class="code">${code}</span> ${reason}</span>`;
}

/** A failure line under a panel or in a dialog (role=alert: read out when it appears). */
export function errorLine(message: string | null | undefined, testid: string): TemplateResult | string {
  return message ? html`<p class="alert bad" role="alert" data-testid=${testid}>${message}</p>` : '';
}
