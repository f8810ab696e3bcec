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
  // Removal orders (Reg. 2021/784, docs/removal-orders.md): the provider's Annex II with the hashes
  // of what it removed; its report that force majeure ceased (an optional note); the request for the
  // host State's scrutiny and that authority's decision (each with a reason).
  REMOVE: { label: 'action.REMOVE', needsInput: true },
  RESUME_EXECUTION: { label: 'action.RESUME_EXECUTION', needsInput: true },
  REQUEST_SCRUTINY: { label: 'action.REQUEST_SCRUTINY', needsInput: true },
  SCRUTINISE: { label: 'action.SCRUTINISE', needsInput: true },
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
  'REMOVE',
  'RESUME_EXECUTION',
  'REQUEST_CLARIFICATION',
  'NOT_EXECUTE',
  'REQUEST_SCRUTINY',
  'CHALLENGE',
  'REVIEW',
  'SCRUTINISE',
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

/** Reg. 2021/784 Annex III reasons the issuing authority answers by clarifying (Art 3(8)); the others the provider lifts itself (Art 3(7)). */
const TCO_CLARIFICATION_REASONS: readonly string[] = ['MANIFEST_ERRORS', 'INSUFFICIENT_INFORMATION'];

type Impediment = NonNullable<OrderFacts['removal']>['impediment'];

/**
 * What keeps a removal order from being executed, read off its last Annex III report as
 * libs/domain/order-facts.ts does; `undefined` when the steps are not loaded (the caller decides).
 */
export function impedimentOf(order: Order, steps?: readonly Step[]): Impediment | undefined {
  if (order.status !== 'NOT_EXECUTED') return null;
  if (!steps) return undefined;
  const report = [...steps].reverse().find((step) => step.action === 'NOT_EXECUTE');
  const reasons = (report?.payload as { reasons?: unknown } | undefined)?.reasons;
  const codes = Array.isArray(reasons) ? reasons.map((reason) => (typeof reason === 'object' && reason !== null ? String((reason as { code?: unknown }).code) : String(reason))) : [];
  return codes.some((code) => TCO_CLARIFICATION_REASONS.includes(code)) ? 'ERRORS' : 'IMPOSSIBILITY';
}

/** The removal facts `decide` needs: the impediment, and the host State's scrutiny as the order shows it. */
function removalFactsOf(order: Order, now: Date, impediment: Impediment): OrderFacts['removal'] {
  if (order.type !== 'REMOVAL') return null;
  const scrutiny = order.removal?.scrutiny ?? null;
  return {
    impediment,
    scrutiny: scrutiny
      ? {
          status: scrutiny.status,
          requested: scrutiny.requestedAt !== null,
          requestOpen: scrutiny.requestDueAt !== null && now.getTime() <= Date.parse(scrutiny.requestDueAt),
        }
      : null,
  };
}

/** What `decide` needs, read off the order (and its steps, when loaded). */
export function factsOf(order: Order, now: Date, steps?: readonly Step[], impediment: Impediment = impedimentOf(order, steps) ?? null): OrderFacts {
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
      // Everyone who wrote or made it (drafted, amended, submitted, validated, issued) is no second person.
      preparedBy: steps?.filter((step) => PREPARING.includes(step.action)).flatMap((step) => (step.actor.userId ? [step.actor.userId] : [])) ?? [],
    },
    // The hop's service period ran out (COPOA 2019 s.9): the order is quashed, nothing to certify.
    serviceLapsed: order.transmission.some((hop) => hop.deadlines.some((deadline) => deadline.clock === 'SERVICE' && deadline.overdue)),
    removal: removalFactsOf(order, now, impediment),
  };
}

const PREPARING: readonly string[] = ['CREATE', 'AMEND', 'SUBMIT', 'VALIDATE', 'ISSUE'];

/**
 * Without the steps the console cannot tell a removal order's impediment (Annex III errors, which
 * the issuer clarifies, or force majeure, which the provider lifts): it offers each its button, and
 * the API decides.
 */
const IMPEDIMENT_LIFTED_BY: Partial<Record<ConsoleAction, Impediment>> = { CLARIFY: 'ERRORS', RESUME_EXECUTION: 'IMPOSSIBILITY' };

/** The actions to offer as buttons, in reading order. */
export function availableActions(order: Order, me: Me, now: Date, steps?: readonly Step[]): AvailableAction[] {
  const facts = factsOf(order, now, steps);
  const unknownImpediment = order.type === 'REMOVAL' && impedimentOf(order, steps) === undefined;
  const actor = { parties: order.parties, roles: me.user.roles, authorityType: me.organisation.authorityType ?? null, userId: me.user.id };
  const available: AvailableAction[] = [];
  for (const action of DISPLAY_ORDER) {
    const spec = ACTIONS[action];
    if (!spec) continue;
    const lifted = unknownImpediment ? IMPEDIMENT_LIFTED_BY[action] : undefined;
    const factsFor = lifted ? { ...facts, removal: { ...facts.removal!, impediment: lifted } } : facts;
    const decision = decide(action, factsFor, actor, action === 'PRODUCE' ? { partial: false } : {});
    if (decision.allowed) available.push({ action, spec });
    else if (decision.refusal === 'REVIEW_PENDING') available.push({ action, spec, blocked: 'REVIEW_PENDING' });
  }
  return available;
}
