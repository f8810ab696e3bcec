/**
 * Who may read what of an order, beside who may act on it (the life-cycle table). Which
 * organisations are parties at all is recorded per order (`order_parties`); these rules say what
 * each part played lets it read. One place, so a controller, the bundle and the documents never
 * decide it differently.
 */
import type { OrderFacts, OrderParty, OrderStatus } from './order-lifecycle.js';
import { isReceipt } from './order-clocks.js';

/** The parts an organisation can play that are recorded on the order (the exchange's clock is not a party). */
export type RecordedParty = Exclude<OrderParty, 'SYSTEM'>;

/**
 * Section M of the EPOC (case summary, necessity grounds) is for the issuing side and the
 * enforcing authority, never the provider (Reg. 2023/1543 Art 9(3) and Annex I section M). The
 * same grounds are what the authorities between the parties decide on, so they read them too:
 * a designated authority reviews the order's justification before certifying it (UK-US Agreement
 * Arts 4, 5; 18 USC 2523(b)(4)(D)(iii)); a letter of request states the offence and a summary of
 * the facts for both central authorities (ETS 30 Art 14); an EIO gives the executing authority its
 * grounds (Directive 2014/41/EU Art 5(1), Annex A); an Art 29 request gives the requested Party
 * a summary of the facts and the necessity of preservation (ETS 185 Art 29(2)(b), (e)). Each hop
 * of the routing catalogue cites its own basis (`groundsBasis`).
 */
export const SECTION_M_READERS: readonly RecordedParty[] = ['ISSUING', 'VALIDATION_CANDIDATE', 'VALIDATING', 'CERTIFYING', 'TRANSMITTING', 'EXECUTING', 'ENFORCING'];

export function readsSectionM(parties: readonly RecordedParty[]): boolean {
  return parties.some((party) => SECTION_M_READERS.includes(party));
}

/**
 * A document copy is for the addressee (every party reads it), for the enforcing authority (it
 * carries Section M), or for the authorities of the route (a letter of request, which states the
 * facts, goes to the central authorities; the provider receives the requested State's own order).
 */
export function readsDocument(audience: 'ADDRESSEE' | 'ENFORCING_AUTHORITY' | 'AUTHORITIES', parties: readonly RecordedParty[]): boolean {
  return audience === 'ADDRESSEE' || readsSectionM(parties);
}

/**
 * The step that released the order into the provider's inbox (receipt), or Infinity before it.
 * Steps before it (drafting, submission, a refused validation) can quote Section M.
 */
export function releaseSeq(steps: readonly { seq: number; fromStatus: OrderStatus | null; toStatus: OrderStatus }[]): number {
  return steps.find(isReceipt)?.seq ?? Number.POSITIVE_INFINITY;
}

/**
 * Every party reads the whole chain (it must verify from step 1), but a step's payload and record
 * only if it reads Section M or the step came with or after receipt; before that, by digest.
 */
export function readsStepPayload(parties: readonly RecordedParty[], seq: number, release: number): boolean {
  return readsSectionM(parties) || seq >= release;
}

/**
 * Data obtained under a withdrawn order, or one the enforcing authority refused in full, may not
 * be used (Reg. 2023/1543 Arts 4(5), 12(2)): the issuing side sees none of it and gets no bundle.
 * Answers why, or null when the evidence may be used.
 */
export function evidenceBarred(facts: Pick<OrderFacts, 'status' | 'review'>): string | null {
  if (facts.status === 'WITHDRAWN') return 'the order was withdrawn, and data obtained under it may not be used (Reg. 2023/1543 Art 4(5))';
  if (facts.review?.status === 'GROUNDS_RAISED' && facts.review.groundsInFull) {
    return 'the enforcing authority raised grounds for refusal in full, and the data may not be used (Reg. 2023/1543 Art 12(2))';
  }
  return null;
}

/** Parties that see the evidence of an order: the provider that delivers it, the issuing side and the evidence recipient. */
export const EVIDENCE_READERS: readonly RecordedParty[] = ['ADDRESSEE', 'ISSUING', 'VALIDATING', 'EVIDENCE_RECIPIENT'];

/**
 * Which evidence `parties` see: the provider sees all it uploaded (produced or not); the issuing
 * side and the recipient see only what a production step delivered, and nothing once the evidence
 * is barred; anyone else sees none (403).
 */
export function evidenceView(parties: readonly RecordedParty[], facts: Pick<OrderFacts, 'status' | 'review'>): 'ALL' | 'PRODUCED' | 'NONE' | 'FORBIDDEN' {
  if (!parties.some((party) => EVIDENCE_READERS.includes(party))) return 'FORBIDDEN';
  if (parties.includes('ADDRESSEE')) return 'ALL';
  return evidenceBarred(facts) ? 'NONE' : 'PRODUCED';
}

/** The evidence bundle goes to the issuing authority and the evidence recipient. */
export const BUNDLE_RECEIVERS: readonly RecordedParty[] = ['ISSUING', 'EVIDENCE_RECIPIENT'];

export function receivesBundle(parties: readonly RecordedParty[]): boolean {
  return parties.some((party) => BUNDLE_RECEIVERS.includes(party));
}

/**
 * The issuing authority's record on the exchange (how many orders it sent, how old its
 * certificate was) is for the provider weighing an order it received, an emergency one above all:
 * only the addressee sees it.
 */
export function seesIssuerRecord(parties: readonly RecordedParty[]): boolean {
  return parties.includes('ADDRESSEE');
}

/** Only the provider that produces evidence encrypts it to the evidence recipient's certificates. */
export function encryptsEvidence(parties: readonly RecordedParty[]): boolean {
  return parties.includes('ADDRESSEE');
}

/**
 * Grounds for refusal raised in full oblige the issuing authority to withdraw the order (Reg.
 * 2023/1543 Art 12(2)), until it has: the same condition that bars the evidence.
 */
export function issuerMustWithdraw(facts: { status: OrderFacts['status']; review: Pick<NonNullable<OrderFacts['review']>, 'status' | 'groundsInFull'> | null }): boolean {
  return facts.status !== 'WITHDRAWN' && facts.review?.status === 'GROUNDS_RAISED' && facts.review.groundsInFull;
}
