/**
 * The life cycle of an order as a table (docs/domain.md, "Life cycle"): which action may
 * move an order from which state, taken by which party to the order with which role. Everything
 * the law adds on top of the table (who may issue which tier, emergencies, the enforcing
 * authority's suspensive review, the one Annex VI extension) is a guard in `decide`, so a refusal
 * always says which rule refused it.
 *
 * Pure: the caller supplies the order's facts, the actor and the time.
 */
import type { DataTier, OrderType } from './data-categories.js';
import type { AuthorityType, Role } from './identity.js';

export const ORDER_STATUSES = [
  'DRAFT',
  'PENDING_VALIDATION',
  'ISSUED',
  'ACKNOWLEDGED',
  'CLARIFICATION_REQUESTED',
  'PRESERVED',
  'PRESERVED_PENDING_PRODUCTION',
  'PRODUCED',
  'PARTIALLY_PRODUCED',
  'NOT_EXECUTED',
  'WITHDRAWN',
  'EXPIRED',
  'CLOSED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Nothing happens to an order in these states any more. */
export const TERMINAL_STATUSES: readonly OrderStatus[] = ['WITHDRAWN', 'EXPIRED', 'CLOSED'];

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
};

/**
 * How an organisation takes part in one order. VALIDATION_CANDIDATE: a judicial authority of the
 * issuing State that may validate it (before one decides); VALIDATING: the one that decided;
 * SYSTEM: the exchange's own clock (expiry, lapse of ex-post validation).
 */
export const ORDER_PARTIES = ['ISSUING', 'VALIDATION_CANDIDATE', 'VALIDATING', 'ADDRESSEE', 'ENFORCING', 'EVIDENCE_RECIPIENT', 'SYSTEM'] as const;
export type OrderParty = (typeof ORDER_PARTIES)[number];

const PARTY_LABELS: Record<OrderParty, string> = {
  ISSUING: 'the issuing authority',
  VALIDATION_CANDIDATE: 'a judicial authority asked to validate it',
  VALIDATING: 'the validating authority',
  ADDRESSEE: 'the addressee',
  ENFORCING: 'the enforcing authority',
  EVIDENCE_RECIPIENT: 'the evidence recipient',
  SYSTEM: 'the exchange\'s clock',
};

/** A user's role, or the exchange acting on a clock. */
export type ActorRole = Role | 'SYSTEM';

/** Where a transition leads: a fixed state, or one decided by the facts (see `targetStatus`). */
type Target = OrderStatus | 'SAME' | 'RESUME' | 'VALIDATION_OUTCOME' | 'REFUSAL_OUTCOME' | 'PRODUCTION_OUTCOME';

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

/** The table. Anything not listed is refused with the state and the action named. */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'AMEND', from: ['DRAFT'], to: 'SAME', actors: by(['ISSUING'], AUTHORITY_ROLES), basis: 'A draft has no legal effect until issued' },
  { action: 'SUBMIT', from: ['DRAFT'], to: 'PENDING_VALIDATION', actors: by(['ISSUING'], AUTHORITY_ROLES), basis: 'Reg. 2023/1543 Art 4(1)(b), 4(2)(b), 4(3)(b)' },
  { action: 'VALIDATE', from: ['PENDING_VALIDATION', ...EX_POST_STATES], to: 'VALIDATION_OUTCOME', actors: by(['VALIDATION_CANDIDATE', 'VALIDATING'], JUDICIAL_ROLES), basis: 'Reg. 2023/1543 Art 4(1)-(3), 4(5)' },
  { action: 'REFUSE_VALIDATION', from: ['PENDING_VALIDATION', ...EX_POST_STATES], to: 'REFUSAL_OUTCOME', actors: by(['VALIDATION_CANDIDATE', 'VALIDATING'], JUDICIAL_ROLES), basis: 'Reg. 2023/1543 Art 4(5): refused ex post, the order is withdrawn' },
  { action: 'ISSUE', from: ['DRAFT'], to: 'ISSUED', actors: by(['ISSUING'], AUTHORITY_ROLES), basis: 'Reg. 2023/1543 Art 4, 9(1)' },
  { action: 'ACKNOWLEDGE', from: ['ISSUED'], to: 'ACKNOWLEDGED', actors: by(['ADDRESSEE'], ['RESPONDER']), basis: 'Reg. 2023/1543 Arts 10(1), 11(1)' },
  { action: 'REQUEST_CLARIFICATION', from: ['ISSUED', 'ACKNOWLEDGED'], to: 'CLARIFICATION_REQUESTED', actors: by(['ADDRESSEE'], ['RESPONDER']), basis: 'Reg. 2023/1543 Arts 10(6), 11(5); Annex III reasons 1-3' },
  { action: 'CLARIFY', from: ['CLARIFICATION_REQUESTED'], to: 'RESUME', actors: by(ISSUING_SIDE, AUTHORITY_ROLES), basis: 'Reg. 2023/1543 Arts 10(6), 11(5)' },
  { action: 'CONFIRM_PRESERVATION', from: ['ISSUED', 'ACKNOWLEDGED'], to: 'PRESERVED', actors: by(['ADDRESSEE'], ['RESPONDER']), types: ['PRESERVATION'], basis: 'Reg. 2023/1543 Art 11(1)' },
  { action: 'EXTEND_PRESERVATION', from: PRESERVING, to: 'SAME', actors: by(ISSUING_SIDE, AUTHORITY_ROLES), types: ['PRESERVATION'], basis: 'Reg. 2023/1543 Art 11(1); Annex VI' },
  { action: 'CONFIRM_SUBSEQUENT_REQUEST', from: PRESERVING, to: 'PRESERVED_PENDING_PRODUCTION', actors: by(ISSUING_SIDE, AUTHORITY_ROLES), types: ['PRESERVATION'], basis: 'Reg. 2023/1543 Art 11(1)-(2); Annex V' },
  { action: 'REVIEW', from: ['ISSUED', 'ACKNOWLEDGED', 'CLARIFICATION_REQUESTED', 'PRODUCED', 'PARTIALLY_PRODUCED'], to: 'SAME', actors: by(['ENFORCING'], ['REVIEWER']), types: ['PRODUCTION'], basis: 'Reg. 2023/1543 Arts 8, 12' },
  { action: 'NOT_EXECUTE', from: ['ISSUED', 'ACKNOWLEDGED', 'PRESERVED'], to: 'NOT_EXECUTED', actors: by(['ADDRESSEE'], ['RESPONDER']), basis: 'Reg. 2023/1543 Arts 10(5)-(8), 11(4)-(7), 17; Annex III' },
  { action: 'PRODUCE', from: ['ISSUED', 'ACKNOWLEDGED'], to: 'PRODUCTION_OUTCOME', actors: by(['ADDRESSEE'], ['RESPONDER']), types: ['PRODUCTION'], basis: 'Reg. 2023/1543 Art 10(2)-(4), 10(8)' },
  { action: 'WITHDRAW', from: NOT_TERMINAL, to: 'WITHDRAWN', actors: [...by(ISSUING_SIDE, AUTHORITY_ROLES), ...by(['SYSTEM'], ['SYSTEM'])], basis: 'Reg. 2023/1543 Arts 4(5), 11(3), 12(2)' },
  { action: 'CLOSE', from: ['PRODUCED', 'PARTIALLY_PRODUCED', 'NOT_EXECUTED', 'PRESERVED_PENDING_PRODUCTION'], to: 'CLOSED', actors: by(ISSUING_SIDE, AUTHORITY_ROLES), basis: 'Reg. 2023/1543 Arts 10(7), 11(3)' },
  { action: 'EXPIRE', from: PRESERVING, to: 'EXPIRED', actors: by(['SYSTEM'], ['SYSTEM']), types: ['PRESERVATION'], basis: 'Reg. 2023/1543 Art 11(1)' },
];

/**
 * Actions that can only be taken once the order is issued: none of their transitions starts from
 * a draft or a pending validation, so their payloads never carry Section M.
 */
export const POST_ISSUE_ACTIONS: readonly TransitionAction[] = [...new Set(TRANSITIONS.map((t) => t.action))].filter((action) =>
  TRANSITIONS.filter((t) => t.action === action).every((t) => !t.from.includes('DRAFT') && !t.from.includes('PENDING_VALIDATION')),
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
}

export interface Actor {
  parties: readonly OrderParty[];
  roles: readonly ActorRole[];
  authorityType: AuthorityType | null;
}

/** Facts about the request itself that change where it leads. */
export interface ActionInput {
  /** PRODUCE: whether something was withheld (Annex III reasons for it). */
  partial?: boolean;
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
    case 'VALIDATION_OUTCOME':
      return facts.status === 'PENDING_VALIDATION' ? 'ISSUED' : facts.status;
    case 'REFUSAL_OUTCOME':
      return facts.status === 'PENDING_VALIDATION' ? 'DRAFT' : 'WITHDRAWN';
    case 'PRODUCTION_OUTCOME':
      return input.partial ? 'PARTIALLY_PRODUCED' : 'PRODUCED';
    default:
      return to;
  }
}

function refuse(refusal: Refusal, message: string): Decision {
  return { allowed: false, refusal, message };
}

/** A judicial member of an authority the route lets issue this order alone. */
function qualifiedIssuer(facts: OrderFacts, actor: Actor, role: ActorRole): boolean {
  return actor.authorityType !== null && facts.approvals.issuers.includes(actor.authorityType) && JUDICIAL_ROLES.includes(role);
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
    return refuse('FORBIDDEN', `only ${facts.approvals.issuers.join(', ')} may issue this ${facts.tier.toLowerCase()}-tier ${facts.type.toLowerCase()} order alone; submit it for validation`);
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
    if (facts.exPostValidationPending) {
      return refuse('INVALID_TRANSITION', 'an emergency order issued without prior validation must first be validated ex post, or it is withdrawn (Reg. 2023/1543 Art 4(5))');
    }
    if (facts.review?.status === 'GROUNDS_RAISED' && facts.review.groundsInFull) {
      return refuse('INVALID_TRANSITION', 'the enforcing authority raised grounds for refusal in full: the order must be withdrawn (Reg. 2023/1543 Art 12(2))');
    }
    return undefined;
  },
  EXPIRE: (facts) => (facts.preservation?.expired ? undefined : refuse('INVALID_TRANSITION', 'the preservation period has not ended')),
  WITHDRAW: (facts, _actor, _role, party) =>
    party === 'SYSTEM' && !(facts.exPostValidationPending && facts.exPostValidationLapsed)
      ? refuse('INVALID_TRANSITION', 'the exchange withdraws an order only when its ex-post validation lapsed')
      : undefined,
};

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
