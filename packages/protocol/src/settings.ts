/** Per-provider filtering of incoming communications (the seed's three radio buttons). */
export const FILTERING_OPTIONS = ['contacts-only', 'verified-only', 'allow-all'] as const;
export type Filtering = (typeof FILTERING_OPTIONS)[number];

export const FILTERING_LABELS: Record<Filtering, string> = {
  'contacts-only': "Allow communications only from users on recipient's contact list",
  'verified-only': 'Allow communications only from users verified by this provider',
  'allow-all': 'Allow all communications from this provider',
};

/** The level a provider asserts for its user, and the level the edge stamps. */
export const VERIFICATION_LEVELS = ['verified', 'unverified'] as const;
export type Verification = (typeof VERIFICATION_LEVELS)[number];

/** What an internal user's client does with a verified subscription from someone on neither list. */
export const SUBSCRIPTION_SETTINGS = ['allow', 'block', 'prompt'] as const;
export type SubscriptionSetting = (typeof SUBSCRIPTION_SETTINGS)[number];

/** The two kinds of outside networks; a public provider is "publiccloud", a partner "federation". */
export type SourceNetwork = 'federation' | 'publiccloud';

/** Per-user enablement, set by an admin on the home server. */
export interface Enablement {
  federation: boolean;
  publicIm: boolean;
}

/** The settings an internal user keeps for himself in his client. */
export interface UserSettings {
  subscriptionSetting: SubscriptionSetting;
  blockImFromNonAllowList: boolean;
}

export const DEFAULT_USER_SETTINGS: UserSettings = { subscriptionSetting: 'prompt', blockImFromNonAllowList: false };

export interface UserLists {
  allow: string[];
  block: string[];
}
