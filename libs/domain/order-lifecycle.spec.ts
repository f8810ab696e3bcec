import { loadCatalogue } from '../routing/catalogue.js';
import type { DataTier, OrderType } from './data-categories.js';
import { ROLES } from './identity.js';
import {
  HOP_KINDS,
  ORDER_PARTIES,
  ORDER_STATUSES,
  POST_ISSUE_ACTIONS,
  TRANSITIONS,
  decide,
  type Actor,
  type ActorRole,
  type OrderFacts,
  type OrderParty,
  type OrderStatus,
  type TransitionAction,
} from './order-lifecycle.js';

const catalogue = loadCatalogue();
const approvalsOf = (code: string, tier: DataTier) => catalogue.instruments.find((i) => i.code === code)!.approvals[tier];

/**
 * The life cycle of docs/domain.md, written out independently of the table in
 * order-lifecycle.ts: `ACTION: states | parties | roles | types`. Every (state, action, party,
 * role, type) combination not listed here must be refused.
 */
const EXPECTED = `
AMEND: DRAFT | ISSUING | OFFICER PROSECUTOR VALIDATOR | PRESERVATION PRODUCTION REMOVAL
SUBMIT: DRAFT | ISSUING | OFFICER PROSECUTOR VALIDATOR | PRESERVATION PRODUCTION
ISSUE: DRAFT | ISSUING | OFFICER PROSECUTOR VALIDATOR | PRESERVATION PRODUCTION REMOVAL
CERTIFY: AWAITING_CERTIFICATION | CERTIFYING | CERTIFIER | PRESERVATION PRODUCTION REMOVAL
REFUSE_CERTIFICATION: AWAITING_CERTIFICATION | CERTIFYING | CERTIFIER | PRESERVATION PRODUCTION REMOVAL
FORWARD: AWAITING_TRANSMISSION | TRANSMITTING | CERTIFIER | PRESERVATION PRODUCTION REMOVAL
FORWARD: AWAITING_RECOGNITION | EXECUTING | CERTIFIER VALIDATOR PROSECUTOR OFFICER | PRESERVATION PRODUCTION REMOVAL
REFUSE_FORWARDING: AWAITING_TRANSMISSION | TRANSMITTING | CERTIFIER | PRESERVATION PRODUCTION REMOVAL
REFUSE_FORWARDING: AWAITING_RECOGNITION | EXECUTING | CERTIFIER VALIDATOR PROSECUTOR OFFICER | PRESERVATION PRODUCTION REMOVAL
COUNTERSIGN: AWAITING_CERTIFICATION AWAITING_TRANSMISSION AWAITING_RECOGNITION ISSUED ACKNOWLEDGED CLARIFICATION_REQUESTED PRESERVED PRESERVED_PENDING_PRODUCTION PRODUCED PARTIALLY_PRODUCED NOT_EXECUTED REMOVED | ISSUING | OFFICER PROSECUTOR VALIDATOR | PRESERVATION PRODUCTION REMOVAL
CHALLENGE: ISSUED ACKNOWLEDGED CLARIFICATION_REQUESTED PRESERVED | ADDRESSEE | RESPONDER | PRESERVATION PRODUCTION REMOVAL
VALIDATE: PENDING_VALIDATION ISSUED ACKNOWLEDGED CLARIFICATION_REQUESTED PRESERVED PRESERVED_PENDING_PRODUCTION PRODUCED PARTIALLY_PRODUCED NOT_EXECUTED | VALIDATION_CANDIDATE VALIDATING | PROSECUTOR VALIDATOR | PRESERVATION PRODUCTION
REFUSE_VALIDATION: PENDING_VALIDATION ISSUED ACKNOWLEDGED CLARIFICATION_REQUESTED PRESERVED PRESERVED_PENDING_PRODUCTION PRODUCED PARTIALLY_PRODUCED NOT_EXECUTED | VALIDATION_CANDIDATE VALIDATING | PROSECUTOR VALIDATOR | PRESERVATION PRODUCTION
ACKNOWLEDGE: ISSUED | ADDRESSEE | RESPONDER | PRESERVATION PRODUCTION REMOVAL
REQUEST_CLARIFICATION: ISSUED ACKNOWLEDGED | ADDRESSEE | RESPONDER | PRESERVATION PRODUCTION
CLARIFY: CLARIFICATION_REQUESTED | ISSUING VALIDATING | OFFICER PROSECUTOR VALIDATOR | PRESERVATION PRODUCTION
CONFIRM_PRESERVATION: ISSUED ACKNOWLEDGED | ADDRESSEE | RESPONDER | PRESERVATION
EXTEND_PRESERVATION: ISSUED ACKNOWLEDGED CLARIFICATION_REQUESTED PRESERVED | ISSUING VALIDATING | OFFICER PROSECUTOR VALIDATOR | PRESERVATION
CONFIRM_SUBSEQUENT_REQUEST: ISSUED ACKNOWLEDGED CLARIFICATION_REQUESTED PRESERVED | ISSUING VALIDATING | OFFICER PROSECUTOR VALIDATOR | PRESERVATION
REVIEW: ISSUED ACKNOWLEDGED CLARIFICATION_REQUESTED PRODUCED PARTIALLY_PRODUCED | ENFORCING | REVIEWER | PRODUCTION
NOT_EXECUTE: ISSUED ACKNOWLEDGED PRESERVED | ADDRESSEE | RESPONDER | PRESERVATION PRODUCTION REMOVAL
PRODUCE: ISSUED ACKNOWLEDGED | ADDRESSEE | RESPONDER | PRODUCTION
WITHDRAW: DRAFT PENDING_VALIDATION AWAITING_CERTIFICATION AWAITING_TRANSMISSION AWAITING_RECOGNITION ISSUED ACKNOWLEDGED CLARIFICATION_REQUESTED PRESERVED PRESERVED_PENDING_PRODUCTION PRODUCED PARTIALLY_PRODUCED NOT_EXECUTED REMOVED | ISSUING VALIDATING | OFFICER PROSECUTOR VALIDATOR | PRESERVATION PRODUCTION REMOVAL
WITHDRAW: DRAFT PENDING_VALIDATION AWAITING_CERTIFICATION AWAITING_TRANSMISSION AWAITING_RECOGNITION ISSUED ACKNOWLEDGED CLARIFICATION_REQUESTED PRESERVED PRESERVED_PENDING_PRODUCTION PRODUCED PARTIALLY_PRODUCED NOT_EXECUTED REMOVED | SYSTEM | SYSTEM | PRESERVATION PRODUCTION REMOVAL
CLOSE: PRODUCED PARTIALLY_PRODUCED NOT_EXECUTED PRESERVED_PENDING_PRODUCTION | ISSUING VALIDATING | OFFICER PROSECUTOR VALIDATOR | PRESERVATION PRODUCTION REMOVAL
EXPIRE: ISSUED ACKNOWLEDGED CLARIFICATION_REQUESTED PRESERVED | SYSTEM | SYSTEM | PRESERVATION
CLARIFY: NOT_EXECUTED | ISSUING VALIDATING | OFFICER PROSECUTOR VALIDATOR | REMOVAL
CLOSE: REMOVED | ISSUING VALIDATING | OFFICER PROSECUTOR VALIDATOR | REMOVAL
REMOVE: ISSUED ACKNOWLEDGED | ADDRESSEE | RESPONDER | REMOVAL
RESUME_EXECUTION: NOT_EXECUTED | ADDRESSEE | RESPONDER | REMOVAL
REQUEST_SCRUTINY: ISSUED ACKNOWLEDGED NOT_EXECUTED REMOVED | ADDRESSEE | RESPONDER | REMOVAL
SCRUTINISE: ISSUED ACKNOWLEDGED NOT_EXECUTED REMOVED | SCRUTINISING | REVIEWER VALIDATOR PROSECUTOR OFFICER | REMOVAL
`;

const allowed = new Set<string>();
for (const line of EXPECTED.trim().split('\n')) {
  const [action, rest] = line.split(': ');
  const [states, parties, roles, types] = rest.split(' | ').map((part) => part.split(' '));
  for (const state of states) for (const party of parties) for (const role of roles) for (const type of types) allowed.add(`${state} ${action} ${party} ${role} ${type}`);
}

/** Facts under which every guard of the law is satisfied, so only the table decides. */
function permissive(action: TransitionAction, status: OrderStatus, type: OrderType): OrderFacts {
  return {
    status,
    type,
    tier: 'LOW',
    emergency: true,
    approvals: { issuers: ['COURT', 'INVESTIGATING_JUDGE', 'PROSECUTOR', 'POLICE'], validators: ['COURT', 'INVESTIGATING_JUDGE', 'PROSECUTOR', 'POLICE'], emergencyWithoutPriorValidation: true },
    review: { status: 'PENDING', suspensive: false, groundsInFull: false },
    // Ex-post validation pending lets VALIDATE act after issue; CLOSE waits for it (tested below).
    exPostValidationPending: action !== 'CLOSE',
    // The exchange withdraws only a lapsed emergency order; a validator validates only in time.
    exPostValidationLapsed: action === 'WITHDRAW',
    resumeStatus: 'ACKNOWLEDGED',
    preservation: { extended: false, withinFirstPeriod: true, expired: action === 'EXPIRE' },
    // Every hop, any role the table allows for it: the catalogue's route narrows the roles (tested below).
    hops: HOP_KINDS.map((kind) => ({ kind, roles: ['CERTIFIER', 'VALIDATOR', 'PROSECUTOR', 'OFFICER'] })),
    countersignature: { countersigned: false, drafterUserId: 'drafter', issuerUserId: 'issuer', challengeOpen: false },
    serviceLapsed: false,
    // A removal order: clarified after errors, resumed after an impossibility; scrutiny open, and over for CLOSE (tested below).
    removal: { impediment: action === 'RESUME_EXECUTION' ? 'IMPOSSIBILITY' : 'ERRORS', scrutiny: { status: action === 'CLOSE' ? 'NO_INFRINGEMENT' : 'PENDING', requested: false, requestOpen: true } },
  };
}

const ACTIONS = [...new Set(TRANSITIONS.map((t) => t.action))];
const ACTOR_ROLES: ActorRole[] = [...ROLES, 'SYSTEM'];
const TYPES: OrderType[] = ['PRESERVATION', 'PRODUCTION', 'REMOVAL'];

describe('the life-cycle table', () => {
  it('covers every action of the written-out life cycle', () => {
    expect(ACTIONS.sort()).toEqual([...new Set(EXPECTED.trim().split('\n').map((line) => line.split(':')[0]))].sort());
  });

  it('allows exactly the listed (state, action, party, role, type) combinations and refuses every other', () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const status of ORDER_STATUSES) {
      for (const action of ACTIONS) {
        for (const type of TYPES) {
          for (const party of ORDER_PARTIES) {
            for (const role of ACTOR_ROLES) {
              const actor: Actor = { parties: [party], roles: [role], authorityType: role === 'OFFICER' ? 'POLICE' : 'COURT' };
              const decision = decide(action, permissive(action, status, type), actor);
              const key = `${status} ${action} ${party} ${role} ${type}`;
              if (decision.allowed !== allowed.has(key)) mismatches.push(`${key}: ${decision.allowed ? 'allowed' : `refused (${decision.message})`}`);
              checked += 1;
            }
          }
        }
      }
    }
    expect(checked).toBe(ORDER_STATUSES.length * ACTIONS.length * TYPES.length * ORDER_PARTIES.length * ACTOR_ROLES.length);
    expect(mismatches).toEqual([]);
  });

  it('answers 409-style refusals for the state and 403-style refusals for the actor', () => {
    const facts = permissive('ACKNOWLEDGE', 'DRAFT', 'PRODUCTION');
    const wrongState = decide('ACKNOWLEDGE', facts, { parties: ['ADDRESSEE'], roles: ['RESPONDER'], authorityType: null });
    expect(wrongState).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    expect(!wrongState.allowed && wrongState.message).toContain('DRAFT');
    const wrongActor = decide('ACKNOWLEDGE', { ...facts, status: 'ISSUED' }, { parties: ['ISSUING'], roles: ['OFFICER'], authorityType: 'POLICE' });
    expect(wrongActor).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
  });
});

function facts(overrides: Partial<OrderFacts> & { instrument?: string } = {}): OrderFacts {
  const { instrument = 'EU_PRODUCTION_ORDER', ...rest } = overrides;
  const tier = rest.tier ?? 'LOW';
  return {
    status: 'DRAFT',
    type: instrument === 'EU_PRESERVATION_ORDER' ? 'PRESERVATION' : 'PRODUCTION',
    tier,
    emergency: false,
    approvals: approvalsOf(instrument, tier),
    review: null,
    exPostValidationPending: false,
    exPostValidationLapsed: false,
    resumeStatus: null,
    preservation: null,
    hops: hopsOf(instrument),
    countersignature: { countersigned: false, drafterUserId: 'drafter', issuerUserId: 'issuer', challengeOpen: false },
    serviceLapsed: false,
    ...rest,
  };
}

/** The hops of an instrument's route, as the stored route gives them to `decide`. */
function hopsOf(code: string): OrderFacts['hops'] {
  return catalogue.instruments.find((i) => i.code === code)!.hops.map(({ kind, roles }) => ({ kind, roles }));
}

const police: Actor = { parties: ['ISSUING'], roles: ['OFFICER'], authorityType: 'POLICE' };
const prosecutor: Actor = { parties: ['ISSUING'], roles: ['PROSECUTOR', 'VALIDATOR'], authorityType: 'PROSECUTOR' };
const judge: Actor = { parties: ['ISSUING'], roles: ['VALIDATOR'], authorityType: 'INVESTIGATING_JUDGE' };
const validator = (authorityType: Actor['authorityType']): Actor => ({ parties: ['VALIDATION_CANDIDATE'], roles: ['VALIDATOR', 'PROSECUTOR'], authorityType });
const provider: Actor = { parties: ['ADDRESSEE'], roles: ['RESPONDER'], authorityType: null };

describe('who may issue (Reg. 2023/1543 Art 4)', () => {
  it('lets a prosecutor issue low-tier production orders and preservation orders of any tier, but not traffic or content production', () => {
    expect(decide('ISSUE', facts({ tier: 'LOW' }), prosecutor)).toMatchObject({ allowed: true, to: 'ISSUED', effects: {} });
    expect(decide('ISSUE', facts({ tier: 'HIGH', instrument: 'EU_PRESERVATION_ORDER' }), prosecutor)).toMatchObject({ allowed: true });
    const high = decide('ISSUE', facts({ tier: 'HIGH' }), prosecutor);
    expect(high).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
    expect(!high.allowed && high.message).toContain('COURT, INVESTIGATING_JUDGE');
  });

  it('lets a judge issue any tier', () => {
    expect(decide('ISSUE', facts({ tier: 'HIGH' }), judge)).toMatchObject({ allowed: true });
  });

  it('never lets police issue alone outside an emergency', () => {
    expect(decide('ISSUE', facts({ tier: 'LOW' }), police)).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
    expect(decide('SUBMIT', facts({ tier: 'LOW' }), police)).toMatchObject({ allowed: true, to: 'PENDING_VALIDATION' });
  });

  it('lets police issue an emergency low-tier production or any preservation, starting the 48-hour ex-post validation', () => {
    expect(decide('ISSUE', facts({ tier: 'LOW', emergency: true }), police)).toMatchObject({ allowed: true, effects: { startsExPostValidation: true } });
    expect(decide('ISSUE', facts({ tier: 'HIGH', emergency: true, instrument: 'EU_PRESERVATION_ORDER' }), police)).toMatchObject({ allowed: true, effects: { startsExPostValidation: true } });
    const content = decide('ISSUE', facts({ tier: 'HIGH', emergency: true }), police);
    expect(content).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
    expect(!content.allowed && content.message).toContain('Art 4(5)');
  });
});

describe('validation', () => {
  const pending = (tier: DataTier) => facts({ status: 'PENDING_VALIDATION', tier });

  it('issues on approval and returns the order to its drafter on refusal', () => {
    expect(decide('VALIDATE', pending('HIGH'), validator('INVESTIGATING_JUDGE'))).toMatchObject({ allowed: true, to: 'ISSUED' });
    expect(decide('REFUSE_VALIDATION', pending('HIGH'), validator('COURT'))).toMatchObject({ allowed: true, to: 'DRAFT' });
  });

  it('does not let a prosecutor validate traffic or content production', () => {
    expect(decide('VALIDATE', pending('HIGH'), validator('PROSECUTOR'))).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
    expect(decide('VALIDATE', pending('LOW'), validator('PROSECUTOR'))).toMatchObject({ allowed: true });
  });

  it('validates an emergency order ex post in place, or withdraws it on refusal, within 48 hours only', () => {
    const emergency = facts({ status: 'PRODUCED', emergency: true, exPostValidationPending: true });
    expect(decide('VALIDATE', emergency, validator('COURT'))).toMatchObject({ allowed: true, to: 'PRODUCED', effects: { completesExPostValidation: true } });
    expect(decide('REFUSE_VALIDATION', emergency, validator('COURT'))).toMatchObject({ allowed: true, to: 'WITHDRAWN' });
    expect(decide('VALIDATE', { ...emergency, exPostValidationLapsed: true }, validator('COURT'))).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    expect(decide('VALIDATE', { ...emergency, exPostValidationPending: false }, validator('COURT'))).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
  });

  it('lets the exchange withdraw an emergency order only once its ex-post validation lapsed', () => {
    const system: Actor = { parties: ['SYSTEM'], roles: ['SYSTEM'], authorityType: null };
    const emergency = facts({ status: 'ACKNOWLEDGED', emergency: true, exPostValidationPending: true });
    expect(decide('WITHDRAW', emergency, system)).toMatchObject({ allowed: false });
    expect(decide('WITHDRAW', { ...emergency, exPostValidationLapsed: true }, system)).toMatchObject({ allowed: true, to: 'WITHDRAWN' });
  });
});

describe('the enforcing authority\'s review (Reg. 2023/1543 Arts 8, 12)', () => {
  const reviewed = (review: OrderFacts['review'], emergency = false) => facts({ status: 'ACKNOWLEDGED', tier: 'HIGH', emergency, review });

  it('suspends production while pending outside emergencies', () => {
    expect(decide('PRODUCE', reviewed({ status: 'PENDING', suspensive: true, groundsInFull: false }), provider)).toMatchObject({ allowed: false, refusal: 'REVIEW_PENDING' });
    expect(decide('PRODUCE', reviewed({ status: 'PENDING', suspensive: false, groundsInFull: false }, true), provider)).toMatchObject({ allowed: true });
  });

  it('lets production go ahead after no grounds or a lapse, partly after partial grounds, and not at all after grounds in full', () => {
    expect(decide('PRODUCE', reviewed({ status: 'NO_GROUNDS', suspensive: true, groundsInFull: false }), provider)).toMatchObject({ allowed: true, to: 'PRODUCED' });
    expect(decide('PRODUCE', reviewed({ status: 'LAPSED', suspensive: true, groundsInFull: false }), provider, { partial: true })).toMatchObject({ allowed: true, to: 'PARTIALLY_PRODUCED' });
    expect(decide('PRODUCE', reviewed({ status: 'GROUNDS_RAISED', suspensive: true, groundsInFull: false }), provider)).toMatchObject({ allowed: true });
    expect(decide('PRODUCE', reviewed({ status: 'GROUNDS_RAISED', suspensive: true, groundsInFull: true }), provider)).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
  });

  it('takes one decision, only on a notified order', () => {
    const reviewer: Actor = { parties: ['ENFORCING'], roles: ['REVIEWER'], authorityType: 'ENFORCING_AUTHORITY' };
    expect(decide('REVIEW', reviewed({ status: 'PENDING', suspensive: true, groundsInFull: false }), reviewer)).toMatchObject({ allowed: true, to: 'ACKNOWLEDGED' });
    expect(decide('REVIEW', reviewed({ status: 'LAPSED', suspensive: true, groundsInFull: false }), reviewer)).toMatchObject({ allowed: false });
    expect(decide('REVIEW', reviewed(null), reviewer)).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
  });
});

describe('clarification and preservation', () => {
  it('returns a clarified order to the state it was in', () => {
    const issuer: Actor = { parties: ['ISSUING'], roles: ['OFFICER'], authorityType: 'POLICE' };
    expect(decide('CLARIFY', facts({ status: 'CLARIFICATION_REQUESTED', resumeStatus: 'ACKNOWLEDGED' }), issuer)).toMatchObject({ allowed: true, to: 'ACKNOWLEDGED' });
    expect(decide('CLARIFY', facts({ status: 'CLARIFICATION_REQUESTED', resumeStatus: 'ISSUED' }), issuer)).toMatchObject({ allowed: true, to: 'ISSUED' });
  });

  const preserved = (preservation: OrderFacts['preservation']) => facts({ instrument: 'EU_PRESERVATION_ORDER', status: 'PRESERVED', preservation });

  it('extends a preservation once, inside the first 60 days', () => {
    expect(decide('EXTEND_PRESERVATION', preserved({ extended: false, withinFirstPeriod: true, expired: false }), prosecutor)).toMatchObject({ allowed: true, to: 'PRESERVED' });
    expect(decide('EXTEND_PRESERVATION', preserved({ extended: true, withinFirstPeriod: true, expired: false }), prosecutor)).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    expect(decide('EXTEND_PRESERVATION', preserved({ extended: false, withinFirstPeriod: false, expired: false }), prosecutor)).toMatchObject({ allowed: false });
  });

  it('accepts Annex V only before the preservation ends, and expires a preservation only once it ended', () => {
    const system: Actor = { parties: ['SYSTEM'], roles: ['SYSTEM'], authorityType: null };
    expect(decide('CONFIRM_SUBSEQUENT_REQUEST', preserved({ extended: false, withinFirstPeriod: true, expired: false }), prosecutor)).toMatchObject({ allowed: true, to: 'PRESERVED_PENDING_PRODUCTION' });
    expect(decide('CONFIRM_SUBSEQUENT_REQUEST', preserved({ extended: true, withinFirstPeriod: false, expired: true }), prosecutor)).toMatchObject({ allowed: false });
    expect(decide('EXPIRE', preserved({ extended: false, withinFirstPeriod: false, expired: false }), system)).toMatchObject({ allowed: false });
    expect(decide('EXPIRE', preserved({ extended: false, withinFirstPeriod: false, expired: true }), system)).toMatchObject({ allowed: true, to: 'EXPIRED' });
  });

  it('never produces under a preservation order', () => {
    expect(decide('PRODUCE', preserved(null), provider)).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
  });
});

describe('closing', () => {
  const issuer: Actor = { parties: ['ISSUING'], roles: ['VALIDATOR'], authorityType: 'INVESTIGATING_JUDGE' };
  it('waits for the ex-post validation of an emergency order (Art 4(5))', () => {
    const produced = facts({ status: 'PRODUCED', emergency: true, exPostValidationPending: true });
    expect(decide('CLOSE', produced, issuer)).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    expect(decide('CLOSE', { ...produced, exPostValidationPending: false }, issuer)).toMatchObject({ allowed: true, to: 'CLOSED' });
  });

  it('is refused after grounds raised in full: the issuer must withdraw (Art 12(2))', () => {
    const refused = facts({ status: 'PRODUCED', tier: 'HIGH', emergency: true, review: { status: 'GROUNDS_RAISED', suspensive: false, groundsInFull: true } });
    expect(decide('CLOSE', refused, issuer)).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    expect(decide('WITHDRAW', refused, issuer)).toMatchObject({ allowed: true, to: 'WITHDRAWN' });
  });
});

describe('several roles', () => {
  it('acts in the judicial role when a user also holds OFFICER, and takes the emergency path only for police', () => {
    const both: Actor = { parties: ['ISSUING'], roles: ['OFFICER', 'PROSECUTOR'], authorityType: 'PROSECUTOR' };
    expect(decide('ISSUE', facts({ tier: 'LOW' }), both)).toMatchObject({ allowed: true, role: 'PROSECUTOR', effects: {} });
    const reviewerOfficer: Actor = { parties: ['ISSUING'], roles: ['OFFICER'], authorityType: 'ENFORCING_AUTHORITY' };
    expect(decide('ISSUE', facts({ tier: 'LOW', emergency: true }), reviewerOfficer)).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
  });
});

describe('post-issue actions', () => {
  it('are those no transition takes from a draft or a pending validation', () => {
    expect([...POST_ISSUE_ACTIONS].sort()).toEqual(['ACKNOWLEDGE', 'CHALLENGE', 'CLARIFY', 'CLOSE', 'CONFIRM_PRESERVATION', 'CONFIRM_SUBSEQUENT_REQUEST', 'EXPIRE', 'EXTEND_PRESERVATION', 'NOT_EXECUTE', 'PRODUCE', 'REMOVE', 'REQUEST_CLARIFICATION', 'REQUEST_SCRUTINY', 'RESUME_EXECUTION', 'REVIEW', 'SCRUTINISE']);
  });
});

describe('actors', () => {
  it('names every party the table uses', () => {
    const used = new Set<OrderParty>(TRANSITIONS.flatMap((t) => t.actors.map((a) => a.party)));
    expect([...used].sort()).toEqual(ORDER_PARTIES.filter((p) => p !== 'EVIDENCE_RECIPIENT').sort());
  });
});

describe('routes through other authorities', () => {
  const certifier = (party: OrderParty): Actor => ({ parties: [party], roles: ['CERTIFIER'], authorityType: 'CENTRAL_AUTHORITY' });
  const crownCourt: Actor = { parties: ['VALIDATION_CANDIDATE'], roles: ['VALIDATOR'], authorityType: 'COURT' };
  const uk = (status: OrderStatus) => facts({ instrument: 'UK_US_DAA', status, tier: 'HIGH' });
  const mla = (status: OrderStatus) => facts({ instrument: 'MLA', status });

  it('UK overseas production order: the officer applies, the judge makes it, the Home Office certifies, then the provider has it', () => {
    expect(decide('ISSUE', uk('DRAFT'), police)).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
    const judgeAlone = decide('ISSUE', uk('DRAFT'), { ...judge, authorityType: 'COURT' });
    expect(!judgeAlone.allowed && judgeAlone.message).toContain('nobody issues this production order alone');
    expect(decide('SUBMIT', uk('DRAFT'), police)).toMatchObject({ allowed: true, to: 'PENDING_VALIDATION' });
    expect(decide('VALIDATE', uk('PENDING_VALIDATION'), crownCourt)).toMatchObject({ allowed: true, to: 'AWAITING_CERTIFICATION' });
    expect(decide('CERTIFY', uk('AWAITING_CERTIFICATION'), certifier('CERTIFYING'))).toMatchObject({ allowed: true, to: 'ISSUED' });
    expect(decide('REFUSE_CERTIFICATION', uk('AWAITING_CERTIFICATION'), certifier('CERTIFYING'))).toMatchObject({ allowed: true, to: 'TRANSMISSION_REFUSED' });
    // The provider has nothing to act on before the certification.
    expect(decide('ACKNOWLEDGE', uk('AWAITING_CERTIFICATION'), provider)).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    // Not served within 3 months of its making, the order is quashed: nobody certifies it any more,
    // and the exchange withdraws it.
    const quashed = decide('CERTIFY', { ...uk('AWAITING_CERTIFICATION'), serviceLapsed: true }, certifier('CERTIFYING'));
    expect(quashed).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    expect(!quashed.allowed && quashed.message).toContain('COPOA 2019 s.9');
    expect(decide('WITHDRAW', { ...uk('AWAITING_CERTIFICATION'), serviceLapsed: true }, { parties: ['SYSTEM'], roles: ['SYSTEM'], authorityType: null })).toMatchObject({ allowed: true, to: 'WITHDRAWN' });
    expect(decide('WITHDRAW', uk('AWAITING_CERTIFICATION'), { parties: ['SYSTEM'], roles: ['SYSTEM'], authorityType: null })).toMatchObject({ allowed: false });
  });

  it('mutual legal assistance: issued to the requesting central authority, forwarded to the requested one, forwarded to the provider', () => {
    expect(decide('ISSUE', mla('DRAFT'), prosecutor)).toMatchObject({ allowed: true, to: 'AWAITING_TRANSMISSION' });
    expect(decide('FORWARD', mla('AWAITING_TRANSMISSION'), certifier('TRANSMITTING'))).toMatchObject({ allowed: true, to: 'AWAITING_RECOGNITION' });
    expect(decide('FORWARD', mla('AWAITING_RECOGNITION'), certifier('EXECUTING'))).toMatchObject({ allowed: true, to: 'ISSUED' });
    // Each central authority takes its own hop only.
    expect(decide('FORWARD', mla('AWAITING_TRANSMISSION'), certifier('EXECUTING'))).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
    expect(decide('FORWARD', mla('AWAITING_RECOGNITION'), certifier('TRANSMITTING'))).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
    expect(decide('REFUSE_FORWARDING', mla('AWAITING_RECOGNITION'), certifier('EXECUTING'))).toMatchObject({ allowed: true, to: 'TRANSMISSION_REFUSED' });
    // The issuing side may withdraw while the request travels; nobody acts on a refused one.
    expect(decide('WITHDRAW', mla('AWAITING_RECOGNITION'), prosecutor)).toMatchObject({ allowed: true, to: 'WITHDRAWN' });
    expect(decide('WITHDRAW', mla('TRANSMISSION_REFUSED'), prosecutor)).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
  });

  it('an EIO: the executing authority recognises it in a judicial role, not as a certifier', () => {
    const eio = (status: OrderStatus) => facts({ instrument: 'EIO', status });
    expect(decide('ISSUE', eio('DRAFT'), prosecutor)).toMatchObject({ allowed: true, to: 'AWAITING_RECOGNITION' });
    const executing = (roles: Actor['roles']): Actor => ({ parties: ['EXECUTING'], roles, authorityType: 'PROSECUTOR' });
    expect(decide('FORWARD', eio('AWAITING_RECOGNITION'), executing(['PROSECUTOR']))).toMatchObject({ allowed: true, to: 'ISSUED', role: 'PROSECUTOR' });
    const certifying = decide('FORWARD', eio('AWAITING_RECOGNITION'), executing(['CERTIFIER']));
    expect(certifying).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
    expect(!certifying.allowed && certifying.message).toContain('PROSECUTOR or VALIDATOR');
  });

  it('a route straight to the provider has no hop to take', () => {
    expect(decide('ISSUE', facts(), judge)).toMatchObject({ allowed: true, to: 'ISSUED' });
    const noHop = decide('CERTIFY', facts({ status: 'AWAITING_CERTIFICATION' }), certifier('CERTIFYING'));
    expect(noHop).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
  });
});

describe('emergency orders a provider can trust', () => {
  const colleague: Actor = { parties: ['ISSUING'], roles: ['OFFICER'], authorityType: 'POLICE', userId: 'colleague' };
  const emergency = (overrides: Partial<OrderFacts> = {}) => facts({ status: 'ISSUED', emergency: true, ...overrides });

  it('is countersigned once by a second person of the issuing authority, never the drafter or the issuer', () => {
    expect(decide('COUNTERSIGN', emergency(), colleague)).toMatchObject({ allowed: true, to: 'ISSUED' });
    // Only a made order: on a draft the vouched-for text could still change, and the countersigner
    // could then issue the order it vouched for itself.
    for (const status of ['DRAFT', 'PENDING_VALIDATION'] as const) {
      expect(decide('COUNTERSIGN', emergency({ status }), colleague)).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    }
    expect(decide('COUNTERSIGN', emergency({ status: 'AWAITING_CERTIFICATION' }), colleague)).toMatchObject({ allowed: true, to: 'AWAITING_CERTIFICATION' });
    for (const userId of ['drafter', 'issuer']) {
      expect(decide('COUNTERSIGN', emergency(), { ...colleague, userId })).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
    }
    // Nor a colleague who amended or submitted the draft: they wrote what would be vouched for.
    const prepared = emergency({ countersignature: { countersigned: false, drafterUserId: 'drafter', issuerUserId: 'issuer', challengeOpen: false, preparedBy: ['drafter', 'amender', 'issuer'] } });
    expect(decide('COUNTERSIGN', prepared, { ...colleague, userId: 'amender' })).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
    expect(decide('COUNTERSIGN', prepared, colleague)).toMatchObject({ allowed: true });
    expect(decide('COUNTERSIGN', emergency({ countersignature: { countersigned: true, drafterUserId: 'drafter', issuerUserId: 'issuer', challengeOpen: false } }), colleague)).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    expect(decide('COUNTERSIGN', facts({ status: 'ISSUED' }), colleague)).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    // Another authority (the validating court) is not the issuing authority's second person.
    expect(decide('COUNTERSIGN', emergency(), { ...colleague, parties: ['VALIDATING'] })).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
  });

  it('is challenged by the provider while it has to act on it, and only when it is an emergency order', () => {
    expect(decide('CHALLENGE', emergency(), provider)).toMatchObject({ allowed: true, to: 'ISSUED' });
    expect(decide('CHALLENGE', emergency({ status: 'PRODUCED' }), provider)).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    expect(decide('CHALLENGE', facts({ status: 'ISSUED' }), provider)).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    expect(decide('CHALLENGE', emergency(), colleague)).toMatchObject({ allowed: false, refusal: 'FORBIDDEN' });
  });

  it('is challenged once, until the issuing authority answers with a countersignature', () => {
    const signatures = { drafterUserId: 'drafter', issuerUserId: 'issuer' };
    const open = decide('CHALLENGE', emergency({ countersignature: { ...signatures, countersigned: false, challengeOpen: true } }), provider);
    expect(open).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    expect(!open.allowed && open.message).toContain('already challenged');
    const answered = decide('CHALLENGE', emergency({ countersignature: { ...signatures, countersigned: true, challengeOpen: false } }), provider);
    expect(answered).toMatchObject({ allowed: false, refusal: 'INVALID_TRANSITION' });
    expect(!answered.allowed && answered.message).toContain('already countersigned');
  });
});
