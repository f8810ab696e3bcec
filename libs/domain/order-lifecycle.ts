/**
 * The life cycle of an order as a table (docs/domain.md, "Life cycle"): which action may
 * move an order from which state, taken by which party to the order with which role. Everything
 * the law adds on top of the table (who may issue which tier, emergencies, the enforcing
 * authority's suspensive review, the one Annex VI extension) is a guard in `decide`, so a refusal
 * always says which rule refused it.
 *
 * Pure: the caller supplies the order's facts, the actor and the time.
 */
import { EVIDENCE_ORDER_TYPES, type DataTier, type OrderType } from './data-categories.js';
import type { AuthorityType, Role } from './identity.js';

export const ORDER_STATUSES = [
  'DRAFT',
  'PENDING_VALIDATION',
  'AWAITING_CERTIFICATION',
  'AWAITING_TRANSMISSION',
  'AWAITING_RECOGNITION',
  'ISSUED',
  'ACKNOWLEDGED',
  'CLARIFICATION_REQUESTED',
  'PRESERVED',
  'PRESERVED_PENDING_PRODUCTION',
  'PRODUCED',
  'PARTIALLY_PRODUCED',
  'NOT_EXECUTED',
  'REMOVED',
  'REVOKED',
  'TRANSMISSION_REFUSED',
  'WITHDRAWN',
  'EXPIRED',
  'CLOSED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Nothing happens to an order in these states any more. */
export const TERMINAL_STATUSES: readonly OrderStatus[] = ['TRANSMISSION_REFUSED', 'WITHDRAWN', 'EXPIRED', 'CLOSED', 'REVOKED'];

/**
 * The authorities the law puts between the issuing authority and the provider on some routes
 * (the routing catalogue's `hops`, in this order when a route has several): a designated
 * authority certifies (UK-US Agreement Art 5), the requesting State's central authority transmits,
 * and the authority of the State addressed recognises the request and has the provider execute it
 * (the requested central authority, an EIO's executing authority, a 24/7 point of contact). Each
 * hop is a state the order waits in, the party that acts, and the actions that pass it on or
 * refuse it.
 */
export const HOP_KINDS = ['CERTIFICATION', 'TRANSMISSION', 'RECOGNITION'] as const;
export type HopKind = (typeof HOP_KINDS)[number];

/** The steps of the chain. CREATE is the first step of every order; the others are in the table. */
export const ORDER_ACTIONS = [
  'CREATE',
  'AMEND',
  'SUBMIT',
  'VALIDATE',
  'REFUSE_VALIDATION',
  'ISSUE',
  'ACKNOWLEDGE',
  'REQUEST_CLARIFICATION',
  'CLARIFY',
  'CONFIRM_PRESERVATION',
  'EXTEND_PRESERVATION',
  'CONFIRM_SUBSEQUENT_REQUEST',
  'REVIEW',
  'NOT_EXECUTE',
  'PRODUCE',
  'WITHDRAW',
  'CLOSE',
  'EXPIRE',
  'CERTIFY',
  'REFUSE_CERTIFICATION',
  'FORWARD',
  'REFUSE_FORWARDING',
  'COUNTERSIGN',
  'CHALLENGE',
  'REMOVE',
  'RESUME_EXECUTION',
  'REQUEST_SCRUTINY',
  'SCRUTINISE',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];
export type TransitionAction = Exclude<OrderAction, 'CREATE'>;

/** Each action in words, for messages a practitioner reads. */
export const ACTION_LABELS: Record<OrderAction, string> = {
  CREATE: 'draft the order',
  AMEND: 'amend the draft',
  SUBMIT: 'submit the order for validation',
  VALIDATE: 'validate the order',
  REFUSE_VALIDATION: 'refuse to validate the order',
  ISSUE: 'issue the order',
  ACKNOWLEDGE: 'acknowledge receipt',
  REQUEST_CLARIFICATION: 'ask for clarification',
  CLARIFY: 'clarify the order',
  CONFIRM_PRESERVATION: 'confirm preservation',
  EXTEND_PRESERVATION: 'extend the preservation (Annex VI)',
  CONFIRM_SUBSEQUENT_REQUEST: 'confirm a subsequent request for production (Annex V)',
  REVIEW: 'decide on grounds for refusal',
  NOT_EXECUTE: 'decline to execute the order (Annex III)',
  PRODUCE: 'produce the data',
  WITHDRAW: 'withdraw the order',
  CLOSE: 'close the order',
  EXPIRE: 'expire the preservation',
  CERTIFY: 'certify the order',
  REFUSE_CERTIFICATION: 'refuse to certify the order',
  FORWARD: 'pass the order on',
  REFUSE_FORWARDING: 'refuse to pass the order on',
  COUNTERSIGN: 'countersign the emergency order',
  CHALLENGE: 'ask the issuing authority to confirm the emergency order',
  REMOVE: 'confirm the removal of the content or the disabling of access to it (Annex II)',
  RESUME_EXECUTION: 'report that the grounds preventing the removal have ceased',
  REQUEST_SCRUTINY: 'ask for scrutiny of the removal order',
  SCRUTINISE: 'decide on the scrutiny of the removal order',
};

/**
 * How an organisation takes part in one order. VALIDATION_CANDIDATE: a judicial authority of the
 * issuing State that may validate it (before one decides); VALIDATING: the one that decided;
 * ADDRESSEE: the provider that answers it; CERTIFYING, TRANSMITTING, EXECUTING: the authorities of
 * the route's hops (see HOPS); SYSTEM: the exchange's own clock (expiry, lapse of ex-post
 * validation).
 */
export const ORDER_PARTIES = [
  'ISSUING',
  'VALIDATION_CANDIDATE',
  'VALIDATING',
  'CERTIFYING',
  'TRANSMITTING',
  'EXECUTING',
  'ADDRESSEE',
  'ENFORCING',
  'SCRUTINISING',
  'EVIDENCE_RECIPIENT',
  'SYSTEM',
] as const;
export type OrderParty = (typeof ORDER_PARTIES)[number];

const PARTY_LABELS: Record<OrderParty, string> = {
  ISSUING: 'the issuing authority',
  VALIDATION_CANDIDATE: 'a judicial authority asked to validate it',
  VALIDATING: 'the validating authority',
  CERTIFYING: 'the designated authority that certifies it',
  TRANSMITTING: 'the central authority that transmits it',
  EXECUTING: 'the authority of the State addressed that recognises it',
  ADDRESSEE: 'the addressee',
  ENFORCING: 'the enforcing authority',
  SCRUTINISING: 'the competent authority of the State of the main establishment or legal representative',
  EVIDENCE_RECIPIENT: 'the evidence recipient',
  SYSTEM: 'the exchange\'s clock',
};

export interface Hop {
  /** The state the order waits in for this hop. */
  status: OrderStatus;
  /** The part the hop's authority plays in the order. */
  party: OrderParty;
  /** Passes the order on (to the next hop, or into the provider's inbox). */
  pass: TransitionAction;
  /** Refuses it: the order goes no further. */
  refuse: TransitionAction;
}

export const HOPS: Record<HopKind, Hop> = {
  CERTIFICATION: { status: 'AWAITING_CERTIFICATION', party: 'CERTIFYING', pass: 'CERTIFY', refuse: 'REFUSE_CERTIFICATION' },
  TRANSMISSION: { status: 'AWAITING_TRANSMISSION', party: 'TRANSMITTING', pass: 'FORWARD', refuse: 'REFUSE_FORWARDING' },
  RECOGNITION: { status: 'AWAITING_RECOGNITION', party: 'EXECUTING', pass: 'FORWARD', refuse: 'REFUSE_FORWARDING' },
};

const HOP_STATUSES: readonly OrderStatus[] = HOP_KINDS.map((kind) => HOPS[kind].status);

/** States before receipt: the provider has not got the order yet (drafting, validation, the hops). */
export const PRE_RECEIPT_STATUSES: readonly OrderStatus[] = ['DRAFT', 'PENDING_VALIDATION', ...HOP_STATUSES];

/** The hop an order waits in, or null. */
export function hopOf(status: OrderStatus): HopKind | null {
  return HOP_KINDS.find((kind) => HOPS[kind].status === status) ?? null;
}

/** Where an order goes once made (issued, or validated): its route's first hop, or the provider's inbox. */
export function releaseStatus(hops: readonly { kind: HopKind }[]): OrderStatus {
  return hops.length > 0 ? HOPS[hops[0].kind].status : 'ISSUED';
}

/** Where an order goes when the hop it waits in passes it on: the next hop, or the provider's inbox. */
export function nextHopStatus(hops: readonly { kind: HopKind }[], status: OrderStatus): OrderStatus {
  const index = hops.findIndex((hop) => HOPS[hop.kind].status === status);
  const next = index === -1 ? undefined : hops[index + 1];
  return next ? HOPS[next.kind].status : 'ISSUED';
}

/** A user's role, or the exchange acting on a clock. */
export type ActorRole = Role | 'SYSTEM';

/** Where a transition leads: a fixed state, or one decided by the facts (see `targetStatus`). */
type Target = OrderStatus | 'SAME' | 'RESUME' | 'RELEASE' | 'NEXT_HOP' | 'VALIDATION_OUTCOME' | 'REFUSAL_OUTCOME' | 'PRODUCTION_OUTCOME' | 'SCRUTINY_OUTCOME';

export interface Transition {
  action: TransitionAction;
  from: readonly OrderStatus[];
  to: Target;
  /** Who may take it: each party with the roles its members act in. */
  actors: readonly { party: OrderParty; roles: readonly ActorRole[] }[];
  /** Only for these order types (both when absent). */
  types?: readonly OrderType[];
  basis: string;
}

const ISSUING_SIDE: readonly OrderParty[] = ['ISSUING', 'VALIDATING'];
/** Judicial roles first: a user holding several acts in the one that lets it act alone. */
const AUTHORITY_ROLES: readonly ActorRole[] = ['VALIDATOR', 'PROSECUTOR', 'OFFICER'];
const JUDICIAL_ROLES: readonly ActorRole[] = ['VALIDATOR', 'PROSECUTOR'];
const NOT_TERMINAL = ORDER_STATUSES.filter((status) => !TERMINAL_STATUSES.includes(status));
/** States in which an emergency order issued without prior validation may be validated ex post. */
const EX_POST_STATES: readonly OrderStatus[] = [
  'ISSUED',
  'ACKNOWLEDGED',
  'CLARIFICATION_REQUESTED',
  'PRESERVED',
  'PRESERVED_PENDING_PRODUCTION',
  'PRODUCED',
  'PARTIALLY_PRODUCED',
  'NOT_EXECUTED',
];

function by(parties: readonly OrderParty[], roles: readonly ActorRole[]) {
  return parties.map((party) => ({ party, roles }));
}

/** A preservation runs from receipt, also while the addressee awaits a clarification (Art 11(1), 11(5)). */
const PRESERVING: readonly OrderStatus[] = ['ISSUED', 'ACKNOWLEDGED', 'CLARIFICATION_REQUESTED', 'PRESERVED'];
/** Who may act for a hop's authority; the route's hop narrows it (a central authority's CERTIFIER, an EIO's judicial executing authority). */
const HOP_ROLES: readonly ActorRole[] = ['CERTIFIER', 'VALIDATOR', 'PROSECUTOR', 'OFFICER'];
/** The provider still has to act on the order: it may ask the issuing authority to confirm an emergency order. */
const PROVIDER_TO_ACT: readonly OrderStatus[] = ['ISSUED', 'ACKNOWLEDGED', 'CLARIFICATION_REQUESTED', 'PRESERVED'];
/**
 * The order is made (issued, perhaps still on its way through a hop) and not ended. A
 * countersignature vouches for a made order: on a draft it would let its author amend what was
 * vouched for, or let the countersigner then issue the order it vouched for itself.
 */
const MADE = NOT_TERMINAL.filter((status) => status !== 'DRAFT' && status !== 'PENDING_VALIDATION');
/** A removal order the host State's competent authority may still scrutinise (Reg. 2021/784 Art 4). */
const SCRUTINY_STATES: readonly OrderStatus[] = ['ISSUED', 'ACKNOWLEDGED', 'NOT_EXECUTED', 'REMOVED'];
/** Whoever acts for a competent authority scrutinising a removal order. */
const SCRUTINY_ROLES: readonly ActorRole[] = ['REVIEWER', 'VALIDATOR', 'PROSECUTOR', 'OFFICER'];
const REMOVAL: readonly OrderType[] = ['REMOVAL'];

/** The table. Anything not listed is refused with the state and the action named. */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'AMEND', from: ['DRAFT'], to: 'SAME', actors: by(['ISSUING'], AUTHORITY_ROLES), basis: 'A draft has no legal effect until issued' },
  { action: 'SUBMIT', from: ['DRAFT'], to: 'PENDING_VALIDATION', actors: by(['ISSUING'], AUTHORITY_ROLES), types: EVIDENCE_ORDER_TYPES, basis: 'Reg. 2023/1543 Art 4(1)(b), 4(2)(b), 4(3)(b)' },
  { action: 'VALIDATE', from: ['PENDING_VALIDATION', ...EX_POST_STATES], to: 'VALIDATION_OUTCOME', actors: by(['VALIDATION_CANDIDATE', 'VALIDATING'], JUDICIAL_ROLES), types: EVIDENCE_ORDER_TYPES, basis: 'Reg. 2023/1543 Art 4(1)-(3), 4(5)' },
  { action: 'REFUSE_VALIDATION', from: ['PENDING_VALIDATION', ...EX_POST_STATES], to: 'REFUSAL_OUTCOME', actors: by(['VALIDATION_CANDIDATE', 'VALIDATING'], JUDICIAL_ROLES), types: EVIDENCE_ORDER_TYPES, basis: 'Reg. 2023/1543 Art 4(5): refused ex post, the order is withdrawn' },
  { action: 'ISSUE', from: ['DRAFT'], to: 'RELEASE', actors: by(['ISSUING'], AUTHORITY_ROLES), basis: 'Reg. 2023/1543 Art 4, 9(1)' },
  { action: 'CERTIFY', from: ['AWAITING_CERTIFICATION'], to: 'NEXT_HOP', actors: by(['CERTIFYING'], ['CERTIFIER']), basis: 'UK-US Agreement Art 5; COPOA 2019 s.9; 18 USC 2523 (the route\'s hop cites its article)' },
  { action: 'REFUSE_CERTIFICATION', from: ['AWAITING_CERTIFICATION'], to: 'TRANSMISSION_REFUSED', actors: by(['CERTIFYING'], ['CERTIFIER']), basis: 'UK-US Agreement Art 5: the designated authority certifies only an order that complies with the Agreement' },
  { action: 'FORWARD', from: ['AWAITING_TRANSMISSION'], to: 'NEXT_HOP', actors: by(['TRANSMITTING'], ['CERTIFIER']), basis: 'The requesting State\'s central authority transmits the letter of request (the route\'s hop cites its treaty)' },
  { action: 'FORWARD', from: ['AWAITING_RECOGNITION'], to: 'NEXT_HOP', actors: by(['EXECUTING'], HOP_ROLES), basis: 'The authority addressed recognises the request and has the provider execute it (the route\'s hop cites its article)' },
  { action: 'REFUSE_FORWARDING', from: ['AWAITING_TRANSMISSION'], to: 'TRANSMISSION_REFUSED', actors: by(['TRANSMITTING'], ['CERTIFIER']), basis: 'The requesting State\'s central authority may decline to transmit' },
  { action: 'REFUSE_FORWARDING', from: ['AWAITING_RECOGNITION'], to: 'TRANSMISSION_REFUSED', actors: by(['EXECUTING'], HOP_ROLES), basis: 'Grounds for refusing assistance or recognition (ETS 30 Art 2; Directive 2014/41/EU Art 11; ETS 185 Art 29(5))' },
  { action: 'COUNTERSIGN', from: MADE, to: 'SAME', actors: by(['ISSUING'], AUTHORITY_ROLES), basis: 'The exchange\'s safeguard against forged emergency orders: a second person of the issuing authority vouches for it' },
  { action: 'CHALLENGE', from: PROVIDER_TO_ACT, to: 'SAME', actors: by(['ADDRESSEE'], ['RESPONDER']), basis: 'The exchange\'s safeguard against forged emergency orders: the provider asks the issuing authority to confirm' },
  { action: 'ACKNOWLEDGE', from: ['ISSUED'], to: 'ACKNOWLEDGED', actors: by(['ADDRESSEE'], ['RESPONDER']), basis: 'Reg. 2023/1543 Arts 10(1), 11(1)' },
  { action: 'REQUEST_CLARIFICATION', from: ['ISSUED', 'ACKNOWLEDGED'], to: 'CLARIFICATION_REQUESTED', actors: by(['ADDRESSEE'], ['RESPONDER']), types: EVIDENCE_ORDER_TYPES, basis: 'Reg. 2023/1543 Arts 10(6), 11(5); Annex III reasons 1-3' },
  { action: 'CLARIFY', from: ['CLARIFICATION_REQUESTED'], to: 'RESUME', actors: by(ISSUING_SIDE, AUTHORITY_ROLES), types: EVIDENCE_ORDER_TYPES, basis: 'Reg. 2023/1543 Arts 10(6), 11(5)' },
  { action: 'CONFIRM_PRESERVATION', from: ['ISSUED', 'ACKNOWLEDGED'], to: 'PRESERVED', actors: by(['ADDRESSEE'], ['RESPONDER']), types: ['PRESERVATION'], basis: 'Reg. 2023/1543 Art 11(1)' },
  { action: 'EXTEND_PRESERVATION', from: PRESERVING, to: 'SAME', actors: by(ISSUING_SIDE, AUTHORITY_ROLES), types: ['PRESERVATION'], basis: 'Reg. 2023/1543 Art 11(1); Annex VI' },
  { action: 'CONFIRM_SUBSEQUENT_REQUEST', from: PRESERVING, to: 'PRESERVED_PENDING_PRODUCTION', actors: by(ISSUING_SIDE, AUTHORITY_ROLES), types: ['PRESERVATION'], basis: 'Reg. 2023/1543 Art 11(1)-(2); Annex V' },
  { action: 'REVIEW', from: ['ISSUED', 'ACKNOWLEDGED', 'CLARIFICATION_REQUESTED', 'PRODUCED', 'PARTIALLY_PRODUCED'], to: 'SAME', actors: by(['ENFORCING'], ['REVIEWER']), types: ['PRODUCTION'], basis: 'Reg. 2023/1543 Arts 8, 12' },
  { action: 'NOT_EXECUTE', from: ['ISSUED', 'ACKNOWLEDGED', 'PRESERVED'], to: 'NOT_EXECUTED', actors: by(['ADDRESSEE'], ['RESPONDER']), basis: 'Reg. 2023/1543 Arts 10(5)-(8), 11(4)-(7), 17; Annex III' },
  { action: 'PRODUCE', from: ['ISSUED', 'ACKNOWLEDGED'], to: 'PRODUCTION_OUTCOME', actors: by(['ADDRESSEE'], ['RESPONDER']), types: ['PRODUCTION'], basis: 'Reg. 2023/1543 Art 10(2)-(4), 10(8)' },
  { action: 'WITHDRAW', from: NOT_TERMINAL, to: 'WITHDRAWN', actors: [...by(ISSUING_SIDE, AUTHORITY_ROLES), ...by(['SYSTEM'], ['SYSTEM'])], basis: 'Reg. 2023/1543 Arts 4(5), 11(3), 12(2)' },
  { action: 'CLOSE', from: ['PRODUCED', 'PARTIALLY_PRODUCED', 'NOT_EXECUTED', 'PRESERVED_PENDING_PRODUCTION'], to: 'CLOSED', actors: by(ISSUING_SIDE, AUTHORITY_ROLES), basis: 'Reg. 2023/1543 Arts 10(7), 11(3)' },
  { action: 'EXPIRE', from: PRESERVING, to: 'EXPIRED', actors: by(['SYSTEM'], ['SYSTEM']), types: ['PRESERVATION'], basis: 'Reg. 2023/1543 Art 11(1)' },
  // Removal orders (Regulation (EU) 2021/784). NOT_EXECUTE above is the provider's Annex III.
  { action: 'REMOVE', from: ['ISSUED', 'ACKNOWLEDGED'], to: 'REMOVED', actors: by(['ADDRESSEE'], ['RESPONDER']), types: REMOVAL, basis: 'Reg. 2021/784 Art 3(3), 3(6); Annex II' },
  { action: 'CLARIFY', from: ['NOT_EXECUTED'], to: 'RESUME', actors: by(ISSUING_SIDE, AUTHORITY_ROLES), types: REMOVAL, basis: 'Reg. 2021/784 Art 3(8): the hour runs again from the clarification' },
  { action: 'RESUME_EXECUTION', from: ['NOT_EXECUTED'], to: 'RESUME', actors: by(['ADDRESSEE'], ['RESPONDER']), types: REMOVAL, basis: 'Reg. 2021/784 Art 3(7): the hour runs again once the grounds have ceased' },
  { action: 'REQUEST_SCRUTINY', from: SCRUTINY_STATES, to: 'SAME', actors: by(['ADDRESSEE'], ['RESPONDER']), types: REMOVAL, basis: 'Reg. 2021/784 Art 4(3)' },
  { action: 'SCRUTINISE', from: SCRUTINY_STATES, to: 'SCRUTINY_OUTCOME', actors: by(['SCRUTINISING'], SCRUTINY_ROLES), types: REMOVAL, basis: 'Reg. 2021/784 Art 4(2)-(5)' },
  { action: 'CLOSE', from: ['REMOVED'], to: 'CLOSED', actors: by(ISSUING_SIDE, AUTHORITY_ROLES), types: REMOVAL, basis: 'Reg. 2021/784 Art 3(6): the removal is confirmed' },
];

/**
 * Actions that can only be taken once the order reached the provider: none of their transitions
 * starts from a state before receipt, so their payloads never carry Section M.
 */
export const POST_ISSUE_ACTIONS: readonly TransitionAction[] = [...new Set(TRANSITIONS.map((t) => t.action))].filter((action) =>
  TRANSITIONS.filter((t) => t.action === action).every((t) => !t.from.some((status) => PRE_RECEIPT_STATUSES.includes(status))),
);

export type ReviewStatus = 'PENDING' | 'NO_GROUNDS' | 'GROUNDS_RAISED' | 'LAPSED';

/** What `decide` needs to know about the order, mostly computed by `orderClocks` from its steps. */
export interface OrderFacts {
  status: OrderStatus;
  type: OrderType;
  tier: DataTier;
  emergency: boolean;
  /** Who may issue and validate on the order's route (the routing result's `approvals`). */
  approvals: { issuers: readonly AuthorityType[]; validators: readonly AuthorityType[]; emergencyWithoutPriorValidation: boolean };
  /** The enforcing authority's review, when the order is notified to one. */
  review: { status: ReviewStatus; suspensive: boolean; groundsInFull: boolean } | null;
  /** Issued in an emergency without prior validation, and not validated yet. */
  exPostValidationPending: boolean;
  /** The ex-post validation deadline has passed. */
  exPostValidationLapsed: boolean;
  /** Where CLARIFY returns the order to. */
  resumeStatus: OrderStatus | null;
  preservation: { extended: boolean; withinFirstPeriod: boolean; expired: boolean } | null;
  /** The route's hops, in order, and the roles that may act for each (the catalogue's `hops`). */
  hops: readonly { kind: HopKind; roles: readonly ActorRole[] }[];
  /** Who drafted and who issued the order, and whether a second person vouched for it (emergency orders). */
  countersignature: {
    countersigned: boolean;
    drafterUserId: string | null;
    issuerUserId: string | null;
    challengeOpen: boolean;
    /** Everyone who drafted, amended, submitted, validated or issued it (absent: the drafter and issuer only). */
    preparedBy?: readonly string[];
  };
  /**
   * The hop the order waits in has a clock whose end quashes the order, and it ended: an overseas
   * production order not served within 3 months of being made (COPOA 2019 s.9).
   */
  serviceLapsed: boolean;
  /** A removal order (Reg. 2021/784): what keeps it from being executed, and the host State's scrutiny. */
  removal?: RemovalFacts | null;
}

export type ScrutinyStatus = 'PENDING' | 'NO_INFRINGEMENT' | 'INFRINGEMENT' | 'LAPSED';

export interface RemovalFacts {
  /**
   * Why the provider reported it cannot execute (Annex III): IMPOSSIBILITY (force majeure or de facto
   * impossibility, Art 3(7): the provider says when the grounds cease), ERRORS (manifest errors or
   * insufficient information, Art 3(8): the issuing authority clarifies); null when none is pending.
   */
  impediment: 'IMPOSSIBILITY' | 'ERRORS' | null;
  /** The host State's scrutiny (Art 4); null when the order stays within one State. */
  scrutiny: { status: ScrutinyStatus; requested: boolean; requestOpen: boolean } | null;
}

export interface Actor {
  parties: readonly OrderParty[];
  roles: readonly ActorRole[];
  authorityType: AuthorityType | null;
  /** The person acting, when the rule is about persons (a countersignature is never by the drafter or issuer). */
  userId?: string | null;
}

/** Facts about the request itself that change where it leads. */
export interface ActionInput {
  /** PRODUCE: whether something was withheld (Annex III reasons for it). */
  partial?: boolean;
  /** SCRUTINISE: the competent authority found an infringement (Reg. 2021/784 Art 4(4)). */
  infringement?: boolean;
}

export type Refusal =
  /** The state does not allow the action (409 ORDER_INVALID_TRANSITION). */
  | 'INVALID_TRANSITION'
  /** The actor's party or role may not take it (403). */
  | 'FORBIDDEN'
  /** The enforcing authority's review suspends production (409 ORDER_REVIEW_PENDING). */
  | 'REVIEW_PENDING';

export type Decision =
  | { allowed: true; to: OrderStatus; party: OrderParty; role: ActorRole; transition: Transition; effects: Effects }
  | { allowed: false; refusal: Refusal; message: string };

/** What the step does beside changing the state. */
export interface Effects {
  /** ISSUE by police in an emergency: the 48-hour ex-post validation clock starts. */
  startsExPostValidation?: boolean;
  /** VALIDATE ex post: the clock stops. */
  completesExPostValidation?: boolean;
}

export function transitionsFor(action: TransitionAction): Transition[] {
  return TRANSITIONS.filter((transition) => transition.action === action);
}

/**
 * The states from which the table allows `action` (for `type`, or either type): state lists used
 * elsewhere (the clocks, the SQL that finds orders with a clock running) are derived from here,
 * never written out again.
 */
export function fromStates(action: TransitionAction, type?: OrderType): OrderStatus[] {
  const states = new Set(transitionsFor(action).filter((t) => !type || !t.types || t.types.includes(type)).flatMap((t) => t.from));
  return ORDER_STATUSES.filter((status) => states.has(status));
}

/**
 * May `actor` take `action` on an order with these facts, and where does it lead? Checks, in
 * order: the state (and order type), the party and role, then the law's conditions.
 */
export function decide(action: TransitionAction, facts: OrderFacts, actor: Actor, input: ActionInput = {}): Decision {
  const transition = TRANSITIONS.find((t) => t.action === action && t.from.includes(facts.status) && (!t.types || t.types.includes(facts.type)));
  const kind = facts.type.toLowerCase();
  if (!transition) {
    const allowed = fromStates(action, facts.type);
    if (allowed.length === 0) return refuse('INVALID_TRANSITION', `You cannot ${ACTION_LABELS[action]} on a ${kind} order: that applies to other orders only`);
    return refuse('INVALID_TRANSITION', `You cannot ${ACTION_LABELS[action]} now: this ${kind} order is ${facts.status}, and that is possible only while it is ${allowed.join(', ')}`);
  }
  const match = transition.actors
    .filter((entry) => actor.parties.includes(entry.party))
    .map((entry) => ({ party: entry.party, role: entry.roles.find((r) => actor.roles.includes(r)) }))
    .find((entry) => entry.role !== undefined);
  if (!match?.role) {
    const who = transition.actors.map((entry) => `${PARTY_LABELS[entry.party]} (${entry.roles.join(', ')})`).join(' or ');
    return refuse('FORBIDDEN', `Only ${who} may ${ACTION_LABELS[action]} on this order while it is ${facts.status}`);
  }
  const { party, role } = match;
  const guard = guards[action]?.(facts, actor, role, party);
  if (guard) return guard;
  const effects: Effects = {};
  if (action === 'ISSUE' && !qualifiedIssuer(facts, actor, role)) effects.startsExPostValidation = true;
  if (action === 'VALIDATE' && facts.status !== 'PENDING_VALIDATION') effects.completesExPostValidation = true;
  return { allowed: true, to: targetStatus(transition.to, facts, input), party, role, transition, effects };
}

function targetStatus(to: Target, facts: OrderFacts, input: ActionInput): OrderStatus {
  switch (to) {
    case 'SAME':
      return facts.status;
    case 'RESUME':
      return facts.resumeStatus ?? 'ISSUED';
    case 'RELEASE':
      return releaseStatus(facts.hops);
    case 'NEXT_HOP':
      return nextHopStatus(facts.hops, facts.status);
    case 'VALIDATION_OUTCOME':
      return facts.status === 'PENDING_VALIDATION' ? releaseStatus(facts.hops) : facts.status;
    case 'REFUSAL_OUTCOME':
      return facts.status === 'PENDING_VALIDATION' ? 'DRAFT' : 'WITHDRAWN';
    case 'PRODUCTION_OUTCOME':
      return input.partial ? 'PARTIALLY_PRODUCED' : 'PRODUCED';
    case 'SCRUTINY_OUTCOME':
      return input.infringement ? 'REVOKED' : facts.status;
    default:
      return to;
  }
}

function refuse(refusal: Refusal, message: string): Decision {
  return { allowed: false, refusal, message };
}

/**
 * A member of an authority the route lets issue this order alone, acting in that authority's own
 * role: a judicial role, or an officer of police where the route lets police issue (a Budapest
 * Art 29 request, a voluntary disclosure request).
 */
function qualifiedIssuer(facts: OrderFacts, actor: Actor, role: ActorRole): boolean {
  if (actor.authorityType === null || !facts.approvals.issuers.includes(actor.authorityType)) return false;
  return JUDICIAL_ROLES.includes(role) || (role === 'OFFICER' && actor.authorityType === 'POLICE');
}

type Guard = (facts: OrderFacts, actor: Actor, role: ActorRole, party: OrderParty) => Decision | undefined;

/** The law's conditions beyond the table, one function per action that has any. */
const guards: Partial<Record<TransitionAction, Guard>> = {
  ISSUE: (facts, actor, role) => {
    if (qualifiedIssuer(facts, actor, role)) return undefined;
    // Art 4(5): an "other competent authority" (police), in an emergency the route allows.
    const police = role === 'OFFICER' && actor.authorityType === 'POLICE';
    if (facts.emergency && facts.approvals.emergencyWithoutPriorValidation && police) return undefined;
    if (facts.emergency && police) {
      return refuse('FORBIDDEN', `in an emergency police may issue alone only a low-tier production order or a preservation order (Reg. 2023/1543 Art 4(5)); this ${facts.tier.toLowerCase()}-tier ${facts.type.toLowerCase()} order needs prior validation: submit it`);
    }
    if (facts.approvals.issuers.length === 0) {
      return refuse('FORBIDDEN', `nobody issues this ${facts.type.toLowerCase()} order alone on its route: submit it, and ${facts.approvals.validators.join(' or ') || 'the authority the route names'} makes it`);
    }
    return refuse('FORBIDDEN', `only ${facts.approvals.issuers.join(', ')} may issue this ${facts.tier.toLowerCase()}-tier ${facts.type.toLowerCase()} order alone; submit it for validation`);
  },
  CERTIFY: (facts, _actor, role) => hopGuard(facts, role) ?? serviceGuard(facts),
  REFUSE_CERTIFICATION: (facts, _actor, role) => hopGuard(facts, role),
  FORWARD: (facts, _actor, role) => hopGuard(facts, role) ?? serviceGuard(facts),
  REFUSE_FORWARDING: (facts, _actor, role) => hopGuard(facts, role),
  COUNTERSIGN: (facts, actor) => {
    if (!facts.emergency) return refuse('INVALID_TRANSITION', 'only an emergency order is countersigned');
    if (facts.countersignature.countersigned) return refuse('INVALID_TRANSITION', 'the emergency order is already countersigned');
    const { drafterUserId, issuerUserId, preparedBy = [] } = facts.countersignature;
    if (actor.userId && (actor.userId === drafterUserId || actor.userId === issuerUserId || preparedBy.includes(actor.userId))) {
      return refuse('FORBIDDEN', 'a second person vouches for an emergency order: whoever drafted, amended, submitted or issued it may not countersign it');
    }
    return undefined;
  },
  CHALLENGE: (facts) => {
    if (!facts.emergency) return refuse('INVALID_TRANSITION', 'only an emergency order can be challenged; ask for clarification instead (Annex III)');
    if (facts.countersignature.countersigned) return refuse('INVALID_TRANSITION', 'a second person of the issuing authority has already countersigned this emergency order: that is the confirmation a challenge asks for');
    if (facts.countersignature.challengeOpen) return refuse('INVALID_TRANSITION', 'this emergency order is already challenged: the issuing authority answers by countersigning it, or withdraws it');
    return undefined;
  },
  VALIDATE: (facts, actor) => validatorGuard(facts, actor),
  REFUSE_VALIDATION: (facts, actor) => validatorGuard(facts, actor),
  REVIEW: (facts) => {
    if (!facts.review) return refuse('INVALID_TRANSITION', 'this order is not notified to an enforcing authority (Reg. 2023/1543 Art 8)');
    if (facts.review.status !== 'PENDING') return refuse('INVALID_TRANSITION', `the enforcing authority's review is already ${facts.review.status}`);
    return undefined;
  },
  PRODUCE: (facts) => {
    if (facts.review?.status === 'PENDING' && facts.review.suspensive) {
      return refuse('REVIEW_PENDING', 'the enforcing authority\'s review suspends production until it ends (Reg. 2023/1543 Art 8(4))');
    }
    if (facts.review?.status === 'GROUNDS_RAISED' && facts.review.groundsInFull) {
      return refuse('INVALID_TRANSITION', 'the enforcing authority raised grounds for refusal in full: the data may not be transferred (Reg. 2023/1543 Art 12(2))');
    }
    return undefined;
  },
  EXTEND_PRESERVATION: (facts) => {
    if (facts.preservation?.extended) return refuse('INVALID_TRANSITION', 'the preservation was already extended once (Annex VI)');
    if (!facts.preservation?.withinFirstPeriod) return refuse('INVALID_TRANSITION', 'an extension must be sent within the first 60 days (Reg. 2023/1543 Art 11(1))');
    return undefined;
  },
  CONFIRM_SUBSEQUENT_REQUEST: (facts) =>
    facts.preservation?.expired ? refuse('INVALID_TRANSITION', 'the preservation period has ended (Reg. 2023/1543 Art 11(1))') : undefined,
  CLOSE: (facts) => {
    if (facts.removal?.scrutiny?.status === 'PENDING') {
      return refuse('INVALID_TRANSITION', 'the competent authority of the host State may still scrutinise this removal order (Reg. 2021/784 Art 4(4)): close it once the scrutiny ends');
    }
    if (facts.exPostValidationPending) {
      return refuse('INVALID_TRANSITION', 'an emergency order issued without prior validation must first be validated ex post, or it is withdrawn (Reg. 2023/1543 Art 4(5))');
    }
    if (facts.review?.status === 'GROUNDS_RAISED' && facts.review.groundsInFull) {
      return refuse('INVALID_TRANSITION', 'the enforcing authority raised grounds for refusal in full: the order must be withdrawn (Reg. 2023/1543 Art 12(2))');
    }
    return undefined;
  },
  CLARIFY: (facts) =>
    facts.type === 'REMOVAL' && facts.removal?.impediment !== 'ERRORS'
      ? refuse('INVALID_TRANSITION', 'the provider did not report manifest errors or insufficient information: there is nothing to clarify (Reg. 2021/784 Art 3(8))')
      : undefined,
  RESUME_EXECUTION: (facts) =>
    facts.removal?.impediment !== 'IMPOSSIBILITY'
      ? refuse('INVALID_TRANSITION', 'the provider reported manifest errors or insufficient information: the issuing authority clarifies the order (Reg. 2021/784 Art 3(8))')
      : undefined,
  REQUEST_SCRUTINY: (facts) => {
    const scrutiny = facts.removal?.scrutiny;
    if (!scrutiny) return refuse('INVALID_TRANSITION', 'the provider\'s main establishment or legal representative is in the issuing State: there is no cross-border scrutiny (Reg. 2021/784 Art 4(1))');
    if (scrutiny.requested) return refuse('INVALID_TRANSITION', 'scrutiny of this removal order was already requested');
    if (scrutiny.status !== 'PENDING' && scrutiny.status !== 'LAPSED') return refuse('INVALID_TRANSITION', `the competent authority already decided: ${scrutiny.status}`);
    if (!scrutiny.requestOpen) return refuse('INVALID_TRANSITION', 'a request for scrutiny must be made within 48 hours of receipt (Reg. 2021/784 Art 4(3))');
    return undefined;
  },
  SCRUTINISE: (facts) => {
    const scrutiny = facts.removal?.scrutiny;
    if (!scrutiny) return refuse('INVALID_TRANSITION', 'this removal order stays within one State: there is no scrutiny (Reg. 2021/784 Art 4(1))');
    if (scrutiny.status === 'LAPSED') return refuse('INVALID_TRANSITION', 'the 72 hours for scrutiny have passed (Reg. 2021/784 Art 4(3), 4(4))');
    if (scrutiny.status !== 'PENDING') return refuse('INVALID_TRANSITION', `the scrutiny is already decided: ${scrutiny.status}`);
    return undefined;
  },
  EXPIRE: (facts) => (facts.preservation?.expired ? undefined : refuse('INVALID_TRANSITION', 'the preservation period has not ended')),
  WITHDRAW: (facts, _actor, _role, party) =>
    party === 'SYSTEM' && !(facts.exPostValidationPending && facts.exPostValidationLapsed) && !facts.serviceLapsed
      ? refuse('INVALID_TRANSITION', 'the exchange withdraws an order only when its ex-post validation lapsed or it was not served in time')
      : undefined,
};

/** The hop the order waits in must be on its route, and the actor act in a role the route gives that hop. */
function hopGuard(facts: OrderFacts, role: ActorRole): Decision | undefined {
  const kind = hopOf(facts.status);
  const hop = facts.hops.find((candidate) => candidate.kind === kind);
  if (!hop) return refuse('INVALID_TRANSITION', `this order's route has no ${kind?.toLowerCase() ?? 'such'} step`);
  if (!hop.roles.includes(role)) return refuse('FORBIDDEN', `on this order's route the ${kind!.toLowerCase()} is taken by ${hop.roles.join(' or ')}`);
  return undefined;
}

/** An order that was not passed on within its service period is quashed: nobody may pass it on any more. */
function serviceGuard(facts: OrderFacts): Decision | undefined {
  if (!facts.serviceLapsed) return undefined;
  return refuse('INVALID_TRANSITION', 'this order was not served within 3 months of being made and is treated as quashed (COPOA 2019 s.9): it can no longer be certified or passed on; the exchange withdraws it');
}

function validatorGuard(facts: OrderFacts, actor: Actor): Decision | undefined {
  if (facts.status !== 'PENDING_VALIDATION' && !facts.exPostValidationPending) {
    return refuse('INVALID_TRANSITION', `${facts.status} order is not awaiting validation`);
  }
  if (facts.status !== 'PENDING_VALIDATION' && facts.exPostValidationLapsed) {
    return refuse('INVALID_TRANSITION', 'the 48 hours for ex-post validation have passed: the order is withdrawn (Reg. 2023/1543 Art 4(5))');
  }
  if (!actor.authorityType || !facts.approvals.validators.includes(actor.authorityType)) {
    return refuse('FORBIDDEN', `only ${facts.approvals.validators.join(', ')} may validate this ${facts.tier.toLowerCase()}-tier ${facts.type.toLowerCase()} order`);
  }
  return undefined;
}
