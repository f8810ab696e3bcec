import { loadCatalogue } from '../routing/catalogue.js';
import { ISSUANCE_DOCUMENTS, documentsFor } from './order-documents.js';
import { readsDocument, readsSectionM, readsStepPayload, releaseSeq, type RecordedParty } from './order-access.js';
import { isReceipt } from './order-clocks.js';
import { HOPS, decide, type Actor, type OrderFacts, type OrderStatus } from './order-lifecycle.js';

/**
 * Every route of the catalogue that passes through other authorities, walked hop by hop through
 * the life-cycle table: who acts at each hop, which documents each step makes and for whom, and
 * who reads what (Section M, the steps' payloads) once it is taken. The provider must have
 * nothing before the last hop and never the grounds.
 */
const catalogue = loadCatalogue();
const ROUTED = catalogue.instruments.filter((instrument) => instrument.hops.length > 0);

function factsFor(code: string, status: OrderStatus): OrderFacts {
  const instrument = catalogue.instruments.find((candidate) => candidate.code === code)!;
  const type = instrument.covers.PRODUCTION ? 'PRODUCTION' : 'PRESERVATION';
  return {
    status,
    type,
    tier: 'HIGH',
    emergency: false,
    approvals: instrument.approvals.HIGH,
    review: null,
    exPostValidationPending: false,
    exPostValidationLapsed: false,
    resumeStatus: null,
    preservation: null,
    hops: instrument.hops.map(({ kind, roles }) => ({ kind, roles })),
    countersignature: { countersigned: false, drafterUserId: null, issuerUserId: null, challengeOpen: false },
    serviceLapsed: false,
  };
}

describe.each(ROUTED.map((instrument) => [instrument.code, instrument] as const))('%s', (code, instrument) => {
  const type = instrument.covers.PRODUCTION ? 'PRODUCTION' : 'PRESERVATION';
  const form = instrument.covers[type]!.form;
  const validator = instrument.approvals.HIGH.validators[0];
  const issuer = instrument.approvals.HIGH.issuers[0];

  it('goes from its making through each hop, in the catalogue\'s order, into the provider\'s inbox', () => {
    // Made: issued by a qualified issuer, or validated on the drafter's application.
    const made = issuer
      ? decide('ISSUE', factsFor(code, 'DRAFT'), { parties: ['ISSUING'], roles: [issuer === 'POLICE' ? 'OFFICER' : 'VALIDATOR', 'PROSECUTOR'], authorityType: issuer })
      : decide('VALIDATE', factsFor(code, 'PENDING_VALIDATION'), { parties: ['VALIDATION_CANDIDATE'], roles: ['VALIDATOR'], authorityType: validator });
    expect(made).toMatchObject({ allowed: true, to: HOPS[instrument.hops[0].kind].status });
    const steps: { seq: number; action: string; fromStatus: OrderStatus | null; toStatus: OrderStatus }[] = [
      { seq: 1, action: 'CREATE', fromStatus: null, toStatus: 'DRAFT' },
      { seq: 2, action: made.allowed ? made.transition.action : '', fromStatus: issuer ? 'DRAFT' : 'PENDING_VALIDATION', toStatus: made.allowed ? made.to : 'DRAFT' },
    ];
    let status = steps[1].toStatus;
    for (const [index, hop] of instrument.hops.entries()) {
      const { party, pass } = HOPS[hop.kind];
      // Nobody else takes the hop: not the issuing side, not the provider, not a role the hop does not name.
      const others: Actor[] = [
        { parties: ['ISSUING'], roles: ['VALIDATOR', 'PROSECUTOR', 'OFFICER'], authorityType: 'COURT' },
        { parties: ['ADDRESSEE'], roles: ['RESPONDER'], authorityType: null },
      ];
      for (const other of others) expect(decide(pass, factsFor(code, status), other)).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
      const actor: Actor = { parties: [party], roles: [hop.roles[0]], authorityType: hop.actingAs[0] === 'CONTACT_POINT_24_7' ? 'POLICE' : (hop.actingAs[0] as Actor['authorityType']) };
      const passed = decide(pass, factsFor(code, status), actor);
      const next = instrument.hops[index + 1];
      expect(passed).toMatchObject({ allowed: true, to: next ? HOPS[next.kind].status : 'ISSUED' });
      if (!passed.allowed) return;
      steps.push({ seq: steps.length + 1, action: pass, fromStatus: status, toStatus: passed.to });
      status = passed.to;
    }
    // The last hop's step is receipt, and the only one.
    expect(steps.filter((step) => isReceipt(step)).map((step) => step.seq)).toEqual([steps.length]);
    const release = releaseSeq(steps);

    // Documents: the route's form once, for the provider when the last hop certified it, for the authorities when addressed to them.
    const madeDocuments = steps.slice(1).flatMap((step) => documentsFor({ action: step.action as never, fromStatus: step.fromStatus!, toStatus: step.toStatus, routeForm: form, enforcingReview: false }));
    const issuance = ISSUANCE_DOCUMENTS[form];
    if ('none' in issuance) expect(madeDocuments).toEqual([]);
    else expect(madeDocuments).toEqual([{ form: issuance.document, audience: instrument.hops.some((hop) => hop.addresseeRole) ? 'AUTHORITIES' : 'ADDRESSEE' }]);

    // Who reads what: the hops' authorities read the grounds and every payload; the provider from receipt on, never the grounds.
    for (const hop of instrument.hops) {
      const party = HOPS[hop.kind].party as RecordedParty;
      expect(readsSectionM([party])).toBe(true);
      expect(steps.every((step) => readsStepPayload([party], step.seq, release))).toBe(true);
      for (const document of madeDocuments) expect(readsDocument(document.audience, [party])).toBe(true);
    }
    expect(readsSectionM(['ADDRESSEE'])).toBe(false);
    expect(steps.map((step) => readsStepPayload(['ADDRESSEE'], step.seq, release))).toEqual(steps.map((step) => step.seq >= release));
    for (const document of madeDocuments) expect(readsDocument(document.audience, ['ADDRESSEE'])).toBe(document.audience === 'ADDRESSEE');
  });

  it('stops for good when a hop refuses', () => {
    const first = instrument.hops[0];
    const { party, refuse } = HOPS[first.kind];
    const actor: Actor = { parties: [party], roles: [first.roles[0]], authorityType: null };
    expect(decide(refuse, factsFor(code, HOPS[first.kind].status), actor)).toMatchObject({ allowed: true, to: 'TRANSMISSION_REFUSED' });
    expect(decide('ACKNOWLEDGE', factsFor(code, 'TRANSMISSION_REFUSED'), { parties: ['ADDRESSEE'], roles: ['RESPONDER'], authorityType: null })).toMatchObject({ allowed: false });
  });
});

it('walks every route that has hops', () => {
  expect(ROUTED.map((instrument) => instrument.code).sort()).toEqual(['AU_US_DAA', 'BUDAPEST_ART29_PRESERVATION', 'EIO', 'MLA', 'UK_US_DAA', 'US_AU_DAA', 'US_UK_DAA']);
});
