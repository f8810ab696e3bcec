/**
 * What an order asks for: its type, the categories of data and the offence. Almost every rule of
 * Regulation (EU) 2023/1543 keys off the tier of the data (docs/domain.md, "Data categories and tiers").
 */

/**
 * PRESERVATION and PRODUCTION gather evidence (Reg. 2023/1543 and the other instruments of the
 * catalogue); REMOVAL has a hosting service provider remove terrorist content or disable access to
 * it (Regulation (EU) 2021/784 Art 3).
 */
export const ORDER_TYPES = ['PRESERVATION', 'PRODUCTION', 'REMOVAL'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/** The order types that gather evidence (every instrument but the removal order). */
export const EVIDENCE_ORDER_TYPES: readonly OrderType[] = ['PRESERVATION', 'PRODUCTION'];

/**
 * Reg. 2023/1543 Art 3(9)-(12). `IDENTIFICATION` is "data requested for the sole purpose of
 * identifying the user" (IP address and, where needed, source port and timestamp), Art 3(10).
 */
export const DATA_CATEGORIES = ['SUBSCRIBER', 'IDENTIFICATION', 'TRAFFIC', 'CONTENT'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const DATA_TIERS = ['LOW', 'HIGH'] as const;
export type DataTier = (typeof DATA_TIERS)[number];

const TIER_OF: Record<DataCategory, DataTier> = {
  SUBSCRIBER: 'LOW',
  IDENTIFICATION: 'LOW',
  TRAFFIC: 'HIGH',
  CONTENT: 'HIGH',
};

export function tierOf(category: DataCategory): DataTier {
  return TIER_OF[category];
}

/** An order is as sensitive as its most sensitive category: one traffic item makes it high tier. */
export function tierOfAll(categories: readonly DataCategory[]): DataTier {
  return categories.some((category) => TIER_OF[category] === 'HIGH') ? 'HIGH' : 'LOW';
}

/**
 * Offences that open traffic and content data below the 3-year threshold (Reg. 2023/1543
 * Art 5(4)(b),(c)): Directive 2019/713 Arts 3-8, Directive 2011/93/EU Arts 3-7, Directive
 * 2013/40/EU Arts 3-8 (each when committed wholly or partly by means of an information system),
 * Directive 2017/541 Arts 3-12 and 14.
 */
export const LISTED_OFFENCE_CATEGORIES = [
  'NON_CASH_PAYMENT_FRAUD',
  'CHILD_SEXUAL_ABUSE',
  'ATTACK_ON_INFORMATION_SYSTEMS',
  'TERRORISM',
] as const;
export type ListedOffenceCategory = (typeof LISTED_OFFENCE_CATEGORIES)[number];
