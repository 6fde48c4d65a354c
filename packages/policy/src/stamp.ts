import type { Filtering, Verification } from '@fedlab/protocol';

/**
 * Rule 4, the trust stamp. contacts-only trusts nothing (unverified); allow-all trusts everything (verified);
 * verified-only keeps what the provider asserted, and a request with no assertion is unverified
 * (POLICY.md, Decision).
 */
export function stampedVerification(filtering: Filtering, asserted: Verification | undefined): Verification {
  switch (filtering) {
    case 'contacts-only':
      return 'unverified';
    case 'allow-all':
      return 'verified';
    case 'verified-only':
      return asserted ?? 'unverified';
  }
}
