/** Every place that can decide the fate of a request. */
export const HOPS = ['client', 'provider', 'edge', 'home'] as const;
export type Hop = (typeof HOPS)[number];
