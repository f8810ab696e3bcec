/**
 * The clocks of an order (docs/domain.md, "Clocks") as a pure function of its steps: given the same
 * history and the same "now", the same deadlines, so anyone holding the signed chain can
 * recompute and prove them. Every clock starts at receipt: the instant the order reached the
 * provider's inbox, which on this exchange is the step that issued it, or on a route through other
 * authorities the step of the last of them that passed it on. A hop's own clocks (an EIO's
 * recognition within 30 days) run from the moment that hop received the order.
 *
 * The durations come from the route (the routing result's `deadlines`, already chosen for the
 * order's emergency, tier and review), so the same code serves every instrument.
 */
import type { OrderType } from './data-categories.js';
import { fromStates, HOPS, PRE_RECEIPT_STATUSES, TERMINAL_STATUSES, type HopKind, type OrderAction, type OrderStatus, type ReviewStatus, type ScrutinyStatus } from './order-lifecycle.js';

export interface ClockStep {
  action: OrderAction;
  at: Date;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  /** The step's payload; read: ISSUE `withoutPriorValidation`, REVIEW `decision` and `partial`. */
  payload: Record<string, unknown>;
}

/** A hop of the route and the names of the instrument's clocks that run against it. */
export interface ClockHop {
  kind: HopKind;
  deadlines: readonly string[];
}

export interface ClockInput {
  type: OrderType;
  emergency: boolean;
  /** The enforcing authority of the addressee's State is notified (Reg. 2023/1543 Art 8). */
  enforcingReview: boolean;
  /** `{ clock, duration }` from the route: PRODUCTION, ENFORCING_REVIEW, PRESERVATION, PRESERVATION_EXTENSION, EX_POST_VALIDATION. */
  deadlines: readonly { clock: string; duration: string }[];
  steps: readonly ClockStep[];
  /** The route's hops, in order (none for a route straight to the provider). */
  hops?: readonly ClockHop[];
  /** A removal order copied to the competent authority of another Member State (Reg. 2021/784 Art 4). */
  scrutiny?: boolean;
}

/**
 * The host State's scrutiny of a removal order (Reg. 2021/784 Art 4): on its own initiative within
 * 72 hours of the copy (sent at receipt); on a request of the provider or the content provider made
 * within 48 hours, within 72 hours of the request.
 */
export interface ScrutinyClock {
  status: ScrutinyStatus;
  /** Until when the provider or content provider may ask for scrutiny. */
  requestDueAt: Date | null;
  requestedAt: Date | null;
  /** When the authority's window ends: the later of receipt + 72 h and request + 72 h. */
  endsAt: Date | null;
  decidedAt: Date | null;
  reason: string | null;
}

/** Where one hop of the route stands. */
export interface HopClock {
  kind: HopKind;
  /** When the order reached the hop's authority; null before. */
  receivedAt: Date | null;
  /** When the hop's authority passed it on or refused it, or the order was withdrawn while it held it. */
  actedAt: Date | null;
  outcome: 'PENDING' | 'PASSED' | 'REFUSED' | 'WITHDRAWN' | null;
  /** The instrument's clocks against this hop, from its receipt. */
  deadlines: { clock: string; dueAt: Date; overdue: boolean }[];
}

export interface ReviewClock {
  status: ReviewStatus;
  /** Suspends production (outside emergencies, Art 8(4)). */
  suspensive: boolean;
  /** When the review ends at the latest (receipt + 10 days, or 96 hours in an emergency). */
  endsAt: Date | null;
  decidedAt: Date | null;
  grounds: string[];
  partial: boolean;
}

export interface OrderClocks {
  receivedAt: Date | null;
  /** Production deadline, moved by the time spent waiting for clarification. */
  dueAt: Date | null;
  overdue: boolean;
  /** The production clock is stopped while a clarification is awaited. */
  clockSuspended: boolean;
  preservationExpiresAt: Date | null;
  preservationExtended: boolean;
  /** End of the first 60 days, inside which the one Annex VI extension must come. */
  preservationFirstPeriodEndsAt: Date | null;
  exPostValidationDueAt: Date | null;
  /**
   * The end of the service period of the hop the order waits in (`SERVICE`: an overseas
   * production order not served within 3 months of being made is quashed, COPOA 2019 s.9).
   */
  serviceDueAt: Date | null;
  review: ReviewClock | null;
  hops: HopClock[];
  /** A removal order: when its hour started (receipt, or the step after which it runs again, Art 3(7), 3(8)). */
  removalClockStartedAt?: Date | null;
  /** A removal order copied to another Member State's competent authority. */
  scrutiny?: ScrutinyClock | null;
}

/** A hop clock whose end quashes the order rather than only making the hop late. */
const LAPSING_HOP_CLOCK = 'SERVICE';

/** States in which the production clock runs against the provider: those the provider may produce from. */
const AWAITING_PROVIDER: readonly OrderStatus[] = fromStates('PRODUCE');
/** States in which the removal hour runs against the provider: those it may confirm a removal from. */
const AWAITING_REMOVAL: readonly OrderStatus[] = fromStates('REMOVE', 'REMOVAL');
/** States in which a preservation runs (those it may expire from), and its end once expired. */
const PRESERVING: readonly OrderStatus[] = [...fromStates('EXPIRE'), 'EXPIRED'];
const DEFAULT_EX_POST_VALIDATION = 'PT48H';

/**
 * Receipt: the step that put the order into the provider's inbox: an issue or a validation on a
 * route straight to the provider, or the last hop's certification or forwarding.
 */
export function isReceipt(step: { fromStatus: OrderStatus | null; toStatus: OrderStatus }): boolean {
  return step.toStatus === 'ISSUED' && step.fromStatus !== null && PRE_RECEIPT_STATUSES.includes(step.fromStatus);
}

export function orderClocks(input: ClockInput, now: Date): OrderClocks {
  const steps = input.steps;
  const status = steps.at(-1)?.toStatus ?? 'DRAFT';
  const receipt = steps.find(isReceipt);
  const receivedAt = receipt?.at ?? null;
  const duration = (clock: string) => {
    const rule = input.deadlines.find((deadline) => deadline.clock === clock);
    return rule ? durationMs(rule.duration) : null;
  };

  // Clarification: the production clock stops from the request to the answer.
  let pausedMs = 0;
  let pausedSince: Date | null = null;
  for (const step of steps) {
    if (step.action === 'REQUEST_CLARIFICATION') pausedSince = step.at;
    if (step.action === 'CLARIFY' && pausedSince) {
      pausedMs += step.at.getTime() - pausedSince.getTime();
      pausedSince = null;
    }
  }
  const clockSuspended = pausedSince !== null && status === 'CLARIFICATION_REQUESTED';
  if (clockSuspended && pausedSince) pausedMs += Math.max(0, now.getTime() - pausedSince.getTime());

  let dueAt: Date | null = null;
  const production = duration('PRODUCTION');
  if (input.type === 'PRODUCTION' && receivedAt && production !== null) dueAt = new Date(receivedAt.getTime() + production + pausedMs);
  // Removal: one hour from receipt; after an Annex III impediment, one hour from the step that lifted it (Reg. 2021/784 Art 3(3), 3(7), 3(8)).
  let removalClockStartedAt: Date | null = null;
  const removal = duration('REMOVAL');
  if (input.type === 'REMOVAL' && receivedAt && removal !== null) {
    const restart = [...steps].reverse().find((step) => step.fromStatus === 'NOT_EXECUTED' && (step.action === 'CLARIFY' || step.action === 'RESUME_EXECUTION'));
    removalClockStartedAt = restart && restart.at.getTime() > receivedAt.getTime() ? restart.at : receivedAt;
    dueAt = new Date(removalClockStartedAt.getTime() + removal);
  }
  const awaiting = input.type === 'REMOVAL' ? AWAITING_REMOVAL : AWAITING_PROVIDER;
  const overdue = dueAt !== null && !clockSuspended && awaiting.includes(status) && now.getTime() > dueAt.getTime();

  // Preservation: 60 days from receipt, +30 once (Annex VI), indefinite after Annex V.
  let preservationExpiresAt: Date | null = null;
  let preservationFirstPeriodEndsAt: Date | null = null;
  const preservationExtended = steps.some((step) => step.action === 'EXTEND_PRESERVATION');
  const preservation = duration('PRESERVATION');
  if (input.type === 'PRESERVATION' && receivedAt && preservation !== null) {
    preservationFirstPeriodEndsAt = new Date(receivedAt.getTime() + preservation);
    const extension = preservationExtended ? (duration('PRESERVATION_EXTENSION') ?? 0) : 0;
    if (PRESERVING.includes(status)) preservationExpiresAt = new Date(preservationFirstPeriodEndsAt.getTime() + extension);
  }

  // Emergency issued by police without prior validation: 48 hours from issue to validate.
  let exPostValidationDueAt: Date | null = null;
  const emergencyIssue = steps.find((step) => step.action === 'ISSUE' && step.payload.withoutPriorValidation === true);
  const validatedAfter = emergencyIssue && steps.some((step) => step.action === 'VALIDATE' && step.at.getTime() >= emergencyIssue.at.getTime());
  if (emergencyIssue && !validatedAfter && !TERMINAL_STATUSES.includes(status)) {
    exPostValidationDueAt = new Date(emergencyIssue.at.getTime() + (duration('EX_POST_VALIDATION') ?? durationMs(DEFAULT_EX_POST_VALIDATION)));
  }

  const hops = (input.hops ?? []).map((hop) => hopClock(hop, steps, input.deadlines, now));
  const waitingHop = hops.find((hop) => hop.outcome === 'PENDING');
  return {
    receivedAt,
    dueAt,
    overdue,
    clockSuspended,
    preservationExpiresAt,
    preservationExtended,
    preservationFirstPeriodEndsAt,
    exPostValidationDueAt,
    serviceDueAt: waitingHop?.deadlines.find((deadline) => deadline.clock === LAPSING_HOP_CLOCK)?.dueAt ?? null,
    review: input.enforcingReview ? reviewClock(input, receivedAt, duration('ENFORCING_REVIEW'), now) : null,
    hops,
    removalClockStartedAt,
    scrutiny: input.type === 'REMOVAL' && input.scrutiny ? scrutinyClock(steps, receivedAt, duration, now) : null,
  };
}

const DEFAULT_SCRUTINY = 'PT72H';
const DEFAULT_SCRUTINY_REQUEST = 'PT48H';

function scrutinyClock(steps: readonly ClockStep[], receivedAt: Date | null, duration: (clock: string) => number | null, now: Date): ScrutinyClock {
  if (!receivedAt) return { status: 'PENDING', requestDueAt: null, requestedAt: null, endsAt: null, decidedAt: null, reason: null };
  const own = new Date(receivedAt.getTime() + (duration('SCRUTINY') ?? durationMs(DEFAULT_SCRUTINY)));
  const requestDueAt = new Date(receivedAt.getTime() + (duration('SCRUTINY_REQUEST') ?? durationMs(DEFAULT_SCRUTINY_REQUEST)));
  const request = steps.find((step) => step.action === 'REQUEST_SCRUTINY');
  const onRequest = request ? new Date(request.at.getTime() + (duration('SCRUTINY_DECISION') ?? durationMs(DEFAULT_SCRUTINY))) : null;
  const endsAt = onRequest && onRequest.getTime() > own.getTime() ? onRequest : own;
  const decision = steps.find((step) => step.action === 'SCRUTINISE');
  const requestedAt = request?.at ?? null;
  if (decision) {
    const status: ScrutinyStatus = decision.payload.decision === 'INFRINGEMENT' ? 'INFRINGEMENT' : 'NO_INFRINGEMENT';
    return { status, requestDueAt, requestedAt, endsAt, decidedAt: decision.at, reason: typeof decision.payload.reason === 'string' ? decision.payload.reason : null };
  }
  // The window is open up to and including its last instant, like every deadline here.
  const status: ScrutinyStatus = now.getTime() > endsAt.getTime() ? 'LAPSED' : 'PENDING';
  return { status, requestDueAt, requestedAt, endsAt, decidedAt: null, reason: null };
}

function hopClock(hop: ClockHop, steps: readonly ClockStep[], rules: ClockInput['deadlines'], now: Date): HopClock {
  const { status, pass, refuse } = HOPS[hop.kind];
  const received = steps.find((step) => step.toStatus === status && step.fromStatus !== status);
  const acted = received ? steps.find((step) => step.fromStatus === status && step.toStatus !== status && step.at.getTime() >= received.at.getTime()) : undefined;
  let outcome: HopClock['outcome'] = null;
  if (acted) outcome = acted.action === pass ? 'PASSED' : acted.action === refuse ? 'REFUSED' : 'WITHDRAWN';
  else if (received) outcome = 'PENDING';
  const deadlines = received
    ? hop.deadlines.flatMap((clock) => {
        const rule = rules.find((candidate) => candidate.clock === clock);
        if (!rule) return [];
        const dueAt = addDuration(received.at, rule.duration);
        return [{ clock, dueAt, overdue: outcome === 'PENDING' && now.getTime() > dueAt.getTime() }];
      })
    : [];
  return { kind: hop.kind, receivedAt: received?.at ?? null, actedAt: acted?.at ?? null, outcome, deadlines };
}

function reviewClock(input: ClockInput, receivedAt: Date | null, length: number | null, now: Date): ReviewClock {
  const endsBy = receivedAt && length !== null ? new Date(receivedAt.getTime() + length) : null;
  const decision = input.steps.find((step) => step.action === 'REVIEW');
  const suspensive = !input.emergency;
  if (decision) {
    const raised = decision.payload.decision === 'GROUNDS_RAISED';
    return {
      status: raised ? 'GROUNDS_RAISED' : 'NO_GROUNDS',
      suspensive,
      endsAt: decision.at,
      decidedAt: decision.at,
      grounds: Array.isArray(decision.payload.grounds) ? decision.payload.grounds.map(String) : [],
      partial: raised && decision.payload.partial === true,
    };
  }
  // Ten days without a decision: no grounds (Art 12(1)); the review lapses.
  if (endsBy && now.getTime() >= endsBy.getTime()) return { status: 'LAPSED', suspensive, endsAt: endsBy, decidedAt: null, grounds: [], partial: false };
  return { status: 'PENDING', suspensive, endsAt: endsBy, decidedAt: null, grounds: [], partial: false };
}

const CALENDAR_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * `start` plus an ISO 8601 duration, years and months on the UTC calendar (`P3M`: a statute's
 * "3 months"); a month end the target month lacks falls on its last day.
 */
export function addDuration(start: Date, duration: string): Date {
  const match = CALENDAR_DURATION.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) throw new Error(`unsupported duration ${duration}`);
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(start.getTime());
  if (years || months) {
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + years * 12 + months);
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
  }
  return new Date(date.getTime() + ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000);
}

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** An ISO 8601 duration in days, hours, minutes and seconds (`P10D`, `PT8H`), in milliseconds. */
export function durationMs(duration: string): number {
  const match = DURATION.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) throw new Error(`unsupported duration ${duration}`);
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}
