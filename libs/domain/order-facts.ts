/**
 * An order as the law reads it: its clocks and the facts `decide` needs, computed from what the
 * exchange keeps of the order (its route and the history of its steps) and the time. Pure, so
 * the same history always gives the same answer, and every service asks here instead of
 * re-deriving a clock or a fact of its own.
 */
import type { DataTier, OrderType } from './data-categories.js';
import type { AuthorityType } from './identity.js';
import { orderClocks, type ClockStep, type OrderClocks } from './order-clocks.js';
import { TCO_CLARIFICATION_REASONS } from './order-content.js';
import type { ActorRole, HopKind, OrderFacts, OrderStatus, RemovalFacts } from './order-lifecycle.js';

/**
 * A step as the order row keeps it for its clocks and rules (the signed bytes are in the chain):
 * with who took it (absent on steps recorded before the exchange kept it).
 */
export type HistoryStep = Omit<ClockStep, 'at'> & { at: string; actor?: { userId: string | null; organisationId: string | null } };

/** A hop of the order's route as the route stored it: who may act for it, and its clocks. */
export interface RouteHop {
  kind: HopKind;
  roles: readonly ActorRole[];
  deadlines: readonly string[];
}

export interface Approvals {
  issuers: readonly AuthorityType[];
  validators: readonly AuthorityType[];
  emergencyWithoutPriorValidation: boolean;
}

/** What the law needs to know of an order: its state, what it asks for, its route and history. */
export interface OrderState {
  status: OrderStatus;
  type: OrderType;
  tier: DataTier;
  emergency: boolean;
  /** The State whose enforcing authority reviews the order, when it is notified (Reg. 2023/1543 Art 8). */
  enforcingState: string | null;
  /** The route's approvals, deadlines and hops; null only for a route that no longer exists. */
  route: { approvals: Approvals; deadlines: readonly { clock: string; duration: string }[]; hops?: readonly RouteHop[] } | null;
  history: readonly HistoryStep[];
  resumeStatus: OrderStatus | null;
  /** The user who drafted the order. */
  createdBy?: string | null;
  /** A removal order: the State whose competent authority receives a copy and may scrutinise it (Reg. 2021/784 Art 4). */
  scrutinyState?: string | null;
}

const NO_APPROVALS: Approvals = { issuers: [], validators: [], emergencyWithoutPriorValidation: false };

export function clocksOf(order: OrderState, now: Date): OrderClocks {
  return orderClocks(
    {
      type: order.type,
      emergency: order.emergency,
      enforcingReview: order.enforcingState !== null,
      deadlines: order.route?.deadlines ?? [],
      steps: order.history.map((step) => ({ ...step, at: new Date(step.at) })),
      hops: order.route?.hops ?? [],
      scrutiny: order.scrutinyState != null,
    },
    now,
  );
}

/** The steps by which people write or make an order, before it is made. */
const PREPARING_ACTIONS: readonly string[] = ['CREATE', 'AMEND', 'SUBMIT', 'VALIDATE', 'ISSUE'];

/** The emergency countersignature (COUNTERSIGN), if there is one, and who drafted and issued the order. */
export function countersignatureOf(order: Pick<OrderState, 'history' | 'createdBy'>): {
  step: HistoryStep | null;
  drafterUserId: string | null;
  issuerUserId: string | null;
  /** The provider challenged the order and no countersignature came since. */
  challengeOpen: boolean;
  /** Everyone who wrote or made the order (drafted, amended, submitted, validated, issued): none of them vouches for it. */
  preparedBy: string[];
} {
  const drafted = order.history.find((step) => step.action === 'CREATE');
  const issued = order.history.find((step) => step.action === 'ISSUE');
  const step = order.history.find((candidate) => candidate.action === 'COUNTERSIGN') ?? null;
  return {
    step,
    drafterUserId: drafted?.actor?.userId ?? order.createdBy ?? null,
    issuerUserId: issued?.actor?.userId ?? null,
    challengeOpen: step === null && order.history.some((candidate) => candidate.action === 'CHALLENGE'),
    preparedBy: [
      ...new Set([
        ...(order.createdBy ? [order.createdBy] : []),
        ...order.history.filter((candidate) => PREPARING_ACTIONS.includes(candidate.action)).flatMap((candidate) => (candidate.actor?.userId ? [candidate.actor.userId] : [])),
      ]),
    ],
  };
}

/** The facts `decide` reads, at `now`. Pass `clocks` when already computed for the same `now`. */
export function factsOf(order: OrderState, now: Date, clocks: OrderClocks = clocksOf(order, now)): OrderFacts {
  const due = clocks.exPostValidationDueAt;
  return {
    status: order.status,
    type: order.type,
    tier: order.tier,
    emergency: order.emergency,
    approvals: order.route?.approvals ?? NO_APPROVALS,
    review: clocks.review
      ? { status: clocks.review.status, suspensive: clocks.review.suspensive, groundsInFull: clocks.review.status === 'GROUNDS_RAISED' && !clocks.review.partial }
      : null,
    exPostValidationPending: due !== null,
    exPostValidationLapsed: due !== null && now.getTime() >= due.getTime(),
    resumeStatus: order.resumeStatus,
    preservation:
      order.type === 'PRESERVATION' && clocks.preservationFirstPeriodEndsAt
        ? {
            extended: clocks.preservationExtended,
            withinFirstPeriod: now.getTime() < clocks.preservationFirstPeriodEndsAt.getTime(),
            expired: clocks.preservationExpiresAt !== null && now.getTime() >= clocks.preservationExpiresAt.getTime(),
          }
        : null,
    hops: (order.route?.hops ?? []).map(({ kind, roles }) => ({ kind, roles })),
    countersignature: (({ step, drafterUserId, issuerUserId, challengeOpen, preparedBy }) => ({ countersigned: step !== null, drafterUserId, issuerUserId, challengeOpen, preparedBy }))(
      countersignatureOf(order),
    ),
    serviceLapsed: clocks.serviceDueAt !== null && now.getTime() > clocks.serviceDueAt.getTime(),
    removal: order.type === 'REMOVAL' ? removalFacts(order, clocks, now) : null,
  };
}

function removalFacts(order: OrderState, clocks: OrderClocks, now: Date): RemovalFacts {
  let impediment: RemovalFacts['impediment'] = null;
  if (order.status === 'NOT_EXECUTED') {
    const report = [...order.history].reverse().find((step) => step.action === 'NOT_EXECUTE');
    const reasons = Array.isArray(report?.payload.reasons) ? report.payload.reasons.map((reason) => (typeof reason === 'object' && reason !== null ? String((reason as { code?: unknown }).code) : String(reason))) : [];
    impediment = reasons.some((reason) => (TCO_CLARIFICATION_REASONS as readonly string[]).includes(reason)) ? 'ERRORS' : 'IMPOSSIBILITY';
  }
  const scrutiny = clocks.scrutiny
    ? {
        status: clocks.scrutiny.status,
        requested: clocks.scrutiny.requestedAt !== null,
        requestOpen: clocks.scrutiny.requestDueAt !== null && now.getTime() <= clocks.scrutiny.requestDueAt.getTime(),
      }
    : null;
  return { impediment, scrutiny };
}

/** A step the exchange itself must take because a clock ran out. */
export interface ClockStepDue {
  action: 'EXPIRE' | 'WITHDRAW';
  reason: 'PRESERVATION_PERIOD_ENDED' | 'EX_POST_VALIDATION_LAPSED' | 'SERVICE_PERIOD_ENDED';
  /** When the clock ran out (recorded in the step). */
  endedAt: Date;
}

/**
 * The exchange's own step due on this order at `now`, if a clock ran out: a preservation past its
 * end expires (Reg. 2023/1543 Art 11(1)); an emergency order not validated within 48 hours is
 * withdrawn (Art 4(5)); an overseas production order not served within 3 months of being made is
 * treated as quashed (COPOA 2019 s.9) and withdrawn. Null when nothing is due. Whether the state still allows it is the
 * table's business (`decide` with the SYSTEM party).
 */
export function clockStepDue(order: OrderState, now: Date, clocks: OrderClocks = clocksOf(order, now)): ClockStepDue | null {
  const facts = factsOf(order, now, clocks);
  if (facts.preservation?.expired && clocks.preservationExpiresAt) {
    return { action: 'EXPIRE', reason: 'PRESERVATION_PERIOD_ENDED', endedAt: clocks.preservationExpiresAt };
  }
  if (facts.exPostValidationLapsed && clocks.exPostValidationDueAt) {
    return { action: 'WITHDRAW', reason: 'EX_POST_VALIDATION_LAPSED', endedAt: clocks.exPostValidationDueAt };
  }
  if (facts.serviceLapsed && clocks.serviceDueAt) {
    return { action: 'WITHDRAW', reason: 'SERVICE_PERIOD_ENDED', endedAt: clocks.serviceDueAt };
  }
  return null;
}
