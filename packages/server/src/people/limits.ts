import { envInt } from '../env.ts';

/**
 * The bounds of what one person may hold on a server (issue: bounded state with clear errors). Each has its own
 * error: `list-full` (a command), `session-limit`, `subscription-limit`, `prompt-limit` (403 answers).
 */
export interface PeopleLimits {
  /** Entries of one Allow or Block list. */
  maxListEntries: number;
  /** Open IM sessions of one person. */
  maxSessionsPerUser: number;
  /** Presence subscriptions one person may ask for, and watchers one person may have (each). */
  maxSubscriptionsPerUser: number;
  /** Subscription requests waiting for one person's answer (home server). */
  maxPromptsPerUser: number;
  /** An IM session unused this long ends, on both sides. */
  sessionIdleMs: number;
}

export const DEFAULT_LIMITS: PeopleLimits = {
  maxListEntries: 1000,
  maxSessionsPerUser: 100,
  maxSubscriptionsPerUser: 1000,
  maxPromptsPerUser: 100,
  sessionIdleMs: 30 * 60_000,
};

/** Requests (to another person) a user may send: a burst, then so many a second (429 past it). */
export const DEFAULT_RATE_LIMIT = { perSecond: 50, burst: 200 };
/** Commands (own presence, lists, settings, prompt answers) a user may send: a burst, then so many a second. */
export const DEFAULT_COMMAND_RATE_LIMIT = { perSecond: 10, burst: 50 };

/**
 * The limits from the environment, each with its default:
 * FEDLAB_MAX_LIST_ENTRIES (1000), FEDLAB_MAX_SESSIONS (100), FEDLAB_MAX_SUBSCRIPTIONS (1000),
 * FEDLAB_MAX_PROMPTS (100), FEDLAB_SESSION_IDLE_MS (1800000: 30 minutes).
 */
export function limitsFromEnv(env: Record<string, string | undefined>): PeopleLimits {
  return {
    maxListEntries: envInt(env, 'FEDLAB_MAX_LIST_ENTRIES', DEFAULT_LIMITS.maxListEntries, { min: 1, max: 100_000 }),
    maxSessionsPerUser: envInt(env, 'FEDLAB_MAX_SESSIONS', DEFAULT_LIMITS.maxSessionsPerUser, { min: 1, max: 100_000 }),
    maxSubscriptionsPerUser: envInt(env, 'FEDLAB_MAX_SUBSCRIPTIONS', DEFAULT_LIMITS.maxSubscriptionsPerUser, { min: 1, max: 100_000 }),
    maxPromptsPerUser: envInt(env, 'FEDLAB_MAX_PROMPTS', DEFAULT_LIMITS.maxPromptsPerUser, { min: 1, max: 100_000 }),
    sessionIdleMs: envInt(env, 'FEDLAB_SESSION_IDLE_MS', DEFAULT_LIMITS.sessionIdleMs, { min: 100, max: 7 * 24 * 3_600_000 }),
  };
}
