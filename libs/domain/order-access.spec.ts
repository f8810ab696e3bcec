import { ORDER_PARTIES, type OrderFacts } from './order-lifecycle.js';
import { encryptsEvidence, evidenceBarred, evidenceView, issuerMustWithdraw, readsDocument, seesIssuerRecord, readsSectionM, readsStepPayload, receivesBundle, releaseSeq, type RecordedParty } from './order-access.js';

const PARTIES = ORDER_PARTIES.filter((party): party is RecordedParty => party !== 'SYSTEM');
const facts = (status: OrderFacts['status'], review: OrderFacts['review'] = null) => ({ status, review });

describe('who reads what of an order', () => {
  it('keeps Section M from the provider and the evidence recipient, whatever else they are', () => {
    expect(PARTIES.filter((party) => readsSectionM([party])).sort()).toEqual(['CERTIFYING', 'ENFORCING', 'EXECUTING', 'ISSUING', 'TRANSMITTING', 'VALIDATING', 'VALIDATION_CANDIDATE']);
    expect(readsSectionM(['ADDRESSEE', 'EVIDENCE_RECIPIENT'])).toBe(false);
    expect(readsDocument('ENFORCING_AUTHORITY', ['ADDRESSEE'])).toBe(false);
    expect(readsDocument('ENFORCING_AUTHORITY', ['ENFORCING'])).toBe(true);
    expect(readsDocument('ADDRESSEE', ['EVIDENCE_RECIPIENT'])).toBe(true);
    // A letter of request is for the authorities of the route, never the provider.
    expect(PARTIES.filter((party) => readsDocument('AUTHORITIES', [party])).sort()).toEqual(['CERTIFYING', 'ENFORCING', 'EXECUTING', 'ISSUING', 'TRANSMITTING', 'VALIDATING', 'VALIDATION_CANDIDATE']);
  });

  it('shows the provider of a route through other authorities only the steps from the last hop on', () => {
    const steps = [
      { seq: 1, fromStatus: null, toStatus: 'DRAFT' as const },
      { seq: 2, fromStatus: 'DRAFT' as const, toStatus: 'AWAITING_TRANSMISSION' as const },
      { seq: 3, fromStatus: 'AWAITING_TRANSMISSION' as const, toStatus: 'AWAITING_RECOGNITION' as const },
      { seq: 4, fromStatus: 'AWAITING_RECOGNITION' as const, toStatus: 'ISSUED' as const },
    ];
    const release = releaseSeq(steps);
    expect(release).toBe(4);
    expect([1, 2, 3, 4].map((seq) => readsStepPayload(['ADDRESSEE'], seq, release))).toEqual([false, false, false, true]);
    expect([1, 2, 3, 4].map((seq) => readsStepPayload(['EXECUTING'], seq, release))).toEqual([true, true, true, true]);
  });

  it('keeps the evidence from the authorities between the parties', () => {
    for (const party of ['CERTIFYING', 'TRANSMITTING', 'EXECUTING'] as const) {
      expect(evidenceView([party], facts('PRODUCED'))).toBe('FORBIDDEN');
      expect(receivesBundle([party])).toBe(false);
    }
  });

  it('shows the provider the steps before receipt by digest only', () => {
    const steps = [
      { seq: 1, fromStatus: null, toStatus: 'DRAFT' as const },
      { seq: 2, fromStatus: 'DRAFT' as const, toStatus: 'PENDING_VALIDATION' as const },
      { seq: 3, fromStatus: 'PENDING_VALIDATION' as const, toStatus: 'ISSUED' as const },
    ];
    const release = releaseSeq(steps);
    expect(release).toBe(3);
    expect([1, 2, 3].map((seq) => readsStepPayload(['ADDRESSEE'], seq, release))).toEqual([false, false, true]);
    expect([1, 2, 3].map((seq) => readsStepPayload(['VALIDATING'], seq, release))).toEqual([true, true, true]);
    expect(releaseSeq(steps.slice(0, 2))).toBe(Number.POSITIVE_INFINITY);
  });

  it('bars the evidence of a withdrawn order, or one refused in full, and only those', () => {
    expect(evidenceBarred(facts('WITHDRAWN'))).toMatch(/Art 4\(5\)/);
    expect(evidenceBarred(facts('PRODUCED', { status: 'GROUNDS_RAISED', suspensive: true, groundsInFull: true }))).toMatch(/Art 12\(2\)/);
    expect(evidenceBarred(facts('PRODUCED', { status: 'GROUNDS_RAISED', suspensive: true, groundsInFull: false }))).toBeNull();
    expect(evidenceBarred(facts('CLOSED'))).toBeNull();
  });

  it('lets the provider see all it uploaded, the issuing side what was produced unless barred, and nobody else', () => {
    expect(evidenceView(['ADDRESSEE'], facts('WITHDRAWN'))).toBe('ALL');
    expect(evidenceView(['ISSUING'], facts('PRODUCED'))).toBe('PRODUCED');
    expect(evidenceView(['EVIDENCE_RECIPIENT'], facts('WITHDRAWN'))).toBe('NONE');
    expect(evidenceView(['ENFORCING'], facts('PRODUCED'))).toBe('FORBIDDEN');
    expect(evidenceView(['VALIDATION_CANDIDATE'], facts('PRODUCED'))).toBe('FORBIDDEN');
    expect(PARTIES.filter((party) => receivesBundle([party])).sort()).toEqual(['EVIDENCE_RECIPIENT', 'ISSUING']);
  });

  it('gives the issuer record and evidence encryption to the addressee alone, and asks the issuer to withdraw after grounds in full', () => {
    expect(PARTIES.filter((party) => seesIssuerRecord([party]))).toEqual(['ADDRESSEE']);
    expect(PARTIES.filter((party) => encryptsEvidence([party]))).toEqual(['ADDRESSEE']);
    expect(issuerMustWithdraw(facts('PRODUCED', { status: 'GROUNDS_RAISED', suspensive: true, groundsInFull: true }))).toBe(true);
    expect(issuerMustWithdraw(facts('PRODUCED', { status: 'GROUNDS_RAISED', suspensive: true, groundsInFull: false }))).toBe(false);
    expect(issuerMustWithdraw(facts('WITHDRAWN', { status: 'GROUNDS_RAISED', suspensive: true, groundsInFull: true }))).toBe(false);
    expect(issuerMustWithdraw(facts('PRODUCED'))).toBe(false);
  });
});
