/**
 * Which actions the signed-in user may take on an order, decided by the exchange's own life-cycle
 * table and guards (libs/domain/order-lifecycle.ts) from what the API shows: the order's status,
 * the parts the user's organisation plays in it (`parties`), the user's roles and authority type.
 * The API still has the last word: a button may be refused, and the console shows why.
 */
import { durationMs } from '../../../libs/domain/order-clocks.js';
import { decide, TRANSITIONS, type OrderFacts, type TransitionAction } from '../../../libs/domain/order-lifecycle.js';
import { routingOf, type Me, type Order, type Step } from '../api/types';
import type { MessageKey } from '../i18n/i18n';

/** Actions people take (EXPIRE is the exchange's clock). */
export type ConsoleAction = Exclude<TransitionAction, 'EXPIRE'>;

export interface ActionSpec {
  /** The button's name: the action, as the user knows it. */
  label: MessageKey;
  /** Opens a form first (reasons, decisions); otherwise the button acts at once. */
  needsInput: boolean;
}

/**
 * Every action of the table a person can take, with its button. A transition added to the table
 * shows no button until it is listed here with its form and endpoint (perform.ts); a test fails
 * until then, naming it.
 */
export const ACTIONS: { readonly [A in ConsoleAction]?: ActionSpec } = {
  AMEND: { label: 'action.AMEND', needsInput: true },
  SUBMIT: { label: 'action.SUBMIT', needsInput: true },
  ISSUE: { label: 'action.ISSUE', needsInput: false },
  VALIDATE: { label: 'action.VALIDATE', needsInput: false },
  REFUSE_VALIDATION: { label: 'action.REFUSE_VALIDATION', needsInput: true },
  ACKNOWLEDGE: { label: 'action.ACKNOWLEDGE', needsInput: false },
  REQUEST_CLARIFICATION: { label: 'action.REQUEST_CLARIFICATION', needsInput: true },
  CLARIFY: { label: 'action.CLARIFY', needsInput: true },
  CONFIRM_PRESERVATION: { label: 'action.CONFIRM_PRESERVATION', needsInput: false },
  EXTEND_PRESERVATION: { label: 'action.EXTEND_PRESERVATION', needsInput: true },
  CONFIRM_SUBSEQUENT_REQUEST: { label: 'action.CONFIRM_SUBSEQUENT_REQUEST', needsInput: true },
  REVIEW: { label: 'action.REVIEW', needsInput: true },
  NOT_EXECUTE: { label: 'action.NOT_EXECUTE', needsInput: true },
  PRODUCE: { label: 'action.PRODUCE', needsInput: true },
  WITHDRAW: { label: 'action.WITHDRAW', needsInput: true },
  CLOSE: { label: 'action.CLOSE', needsInput: false },
  // The authorities between the issuing side and the provider (docs/state-to-state.md): passing the
  // order on acts at once, like an approval; a refusal says why, for the issuing side to read.
  CERTIFY: { label: 'action.CERTIFY', needsInput: false },
  REFUSE_CERTIFICATION: { label: 'action.REFUSE_CERTIFICATION', needsInput: true },
  FORWARD: { label: 'action.FORWARD', needsInput: false },
  REFUSE_FORWARDING: { label: 'action.REFUSE_FORWARDING', needsInput: true },
  // Emergency orders a provider can trust: a second person vouches (an optional note), the
  // provider asks for confirmation (a reason).
  COUNTERSIGN: { label: 'action.COUNTERSIGN', needsInput: true },
  CHALLENGE: { label: 'action.CHALLENGE', needsInput: true },
};

/** In the order a person reads them: the step forward first, withdrawal last. */
export const DISPLAY_ORDER: readonly ConsoleAction[] = [
  'ISSUE',
  'SUBMIT',
  'AMEND',
  'VALIDATE',
  'REFUSE_VALIDATION',
  'CERTIFY',
  'REFUSE_CERTIFICATION',
  'FORWARD',
  'REFUSE_FORWARDING',
  'COUNTERSIGN',
  'ACKNOWLEDGE',
  'CONFIRM_PRESERVATION',
  'PRODUCE',
  'REQUEST_CLARIFICATION',
  'NOT_EXECUTE',
  'CHALLENGE',
  'REVIEW',
  'CLARIFY',
  'EXTEND_PRESERVATION',
  'CONFIRM_SUBSEQUENT_REQUEST',
  'CLOSE',
  'WITHDRAW',
];

export function tableActions(): TransitionAction[] {
  return [...new Set(TRANSITIONS.map((transition) => transition.action))];
}

export interface AvailableAction {
  action: ConsoleAction;
  spec: ActionSpec;
  /** The action is the user's to take, but the law holds it back for now (a suspensive review). */
  blocked?: 'REVIEW_PENDING';
}

const DAY = 86_400_000;

/** What `decide` needs, read off the order (and its steps, when loaded). */
export function factsOf(order: Order, now: Date, steps?: readonly Step[]): OrderFacts {
  const route = routingOf(order)?.selected;
  const approvals = route?.approvals ?? { issuers: [], validators: [], emergencyWithoutPriorValidation: false };
  const review = order.enforcingReview;
  const preservationRule = route?.deadlines.find((deadline) => deadline.clock === 'PRESERVATION');
  let firstPeriodMs = 60 * DAY;
  if (preservationRule) {
    try {
      firstPeriodMs = durationMs(preservationRule.duration);
    } catch {
      // keep the Regulation's 60 days
    }
  }
  const received = order.receivedAt ? Date.parse(order.receivedAt) : null;
  return {
    status: order.status,
    type: order.type,
    tier: order.tier,
    emergency: order.emergency !== null,
    approvals: {
      issuers: approvals.issuers,
      validators: approvals.validators,
      emergencyWithoutPriorValidation: approvals.emergencyWithoutPriorValidation,
    },
    review: review
      ? { status: review.status, suspensive: review.suspensive, groundsInFull: review.status === 'GROUNDS_RAISED' && !review.partial }
      : null,
    exPostValidationPending: order.exPostValidationDueAt !== null,
    exPostValidationLapsed: order.exPostValidationDueAt !== null && Date.parse(order.exPostValidationDueAt) <= now.getTime(),
    resumeStatus: null,
    preservation:
      order.type === 'PRESERVATION' && received !== null
        ? {
            extended: steps?.some((step) => step.action === 'EXTEND_PRESERVATION') ?? false,
            withinFirstPeriod: now.getTime() < received + firstPeriodMs,
            expired: order.preservationExpiresAt !== null && Date.parse(order.preservationExpiresAt) <= now.getTime(),
          }
        : null,
    hops: (route?.hops ?? []).map(({ kind, roles }) => ({ kind, roles })),
    // Who drafted and issued the order, read off its steps when loaded (as libs/domain/order-facts.ts
    // does): the drafter and the issuer are offered no countersignature. Without the steps the
    // console offers the button and the API decides.
    countersignature: {
      countersigned: order.emergencyVerification?.countersigned ?? false,
      drafterUserId: steps?.find((step) => step.action === 'CREATE')?.actor.userId ?? null,
      issuerUserId: steps?.find((step) => step.action === 'ISSUE')?.actor.userId ?? null,
      challengeOpen: !(order.emergencyVerification?.countersigned ?? false) && order.challenges.length > 0,
    },
    // The hop's service period ran out (COPOA 2019 s.9): the order is quashed, nothing to certify.
    serviceLapsed: order.transmission.some((hop) => hop.deadlines.some((deadline) => deadline.clock === 'SERVICE' && deadline.overdue)),
  };
}

/** The actions to offer as buttons, in reading order. */
export function availableActions(order: Order, me: Me, now: Date, steps?: readonly Step[]): AvailableAction[] {
  const facts = factsOf(order, now, steps);
  const actor = { parties: order.parties, roles: me.user.roles, authorityType: me.organisation.authorityType ?? null, userId: me.user.id };
  const available: AvailableAction[] = [];
  for (const action of DISPLAY_ORDER) {
    const spec = ACTIONS[action];
    if (!spec) continue;
    const decision = decide(action, facts, actor, action === 'PRODUCE' ? { partial: false } : {});
    if (decision.allowed) available.push({ action, spec });
    else if (decision.refusal === 'REVIEW_PENDING') available.push({ action, spec, blocked: 'REVIEW_PENDING' });
  }
  return available;
}
