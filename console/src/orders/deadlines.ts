/**
 * Which deadline of an order matters now, how urgent it is, and the order of an inbox sorted by
 * deadline. Pure functions of the order as the API returns it and of "now".
 */
import { durationMs } from '../../../libs/domain/order-clocks.js';
import { routingOf, type Order, type OrderStatus } from '../api/types';

export type DeadlineKind = 'PRODUCTION' | 'REMOVAL' | 'SCRUTINY' | 'ENFORCING_REVIEW' | 'EX_POST_VALIDATION' | 'PRESERVATION_EXPIRY' | 'HOP';

export interface Deadline {
  kind: DeadlineKind;
  at: string;
  /** The production clock is stopped while a clarification is awaited. */
  suspended: boolean;
}

/** How long the route gave for the answer: one hour (removal orders), eight (emergencies), or more. */
export type AnswerWindow = 'ONE_HOUR' | 'EIGHT_HOURS' | 'STANDARD';

export type Urgency = 'overdue' | 'critical' | 'urgent' | 'soon' | 'normal' | 'paused';

const HOUR = 3_600_000;
/** The provider's production clock runs in these states (libs/domain/order-clocks.ts). */
const AWAITING_PROVIDER: readonly OrderStatus[] = ['ISSUED', 'ACKNOWLEDGED'];
/** Someone still has to act. */
const OPEN: readonly OrderStatus[] = ['PENDING_VALIDATION', 'AWAITING_CERTIFICATION', 'AWAITING_TRANSMISSION', 'AWAITING_RECOGNITION', 'ISSUED', 'ACKNOWLEDGED', 'CLARIFICATION_REQUESTED', 'PRESERVED', 'PRESERVED_PENDING_PRODUCTION'];

export function isOpen(order: Order): boolean {
  return OPEN.includes(order.status);
}

/** Every deadline still running on the order (or stopped, for a clarification). */
export function deadlinesOf(order: Order): Deadline[] {
  const deadlines: Deadline[] = [];
  // A removal order's hour (Reg. 2021/784 Art 3(3)) is named as such.
  if (order.dueAt && AWAITING_PROVIDER.includes(order.status)) deadlines.push({ kind: order.type === 'REMOVAL' ? 'REMOVAL' : 'PRODUCTION', at: order.dueAt, suspended: false });
  if (order.dueAt && order.status === 'CLARIFICATION_REQUESTED' && order.clockSuspended) deadlines.push({ kind: 'PRODUCTION', at: order.dueAt, suspended: true });
  const review = order.enforcingReview;
  if (review?.status === 'PENDING' && review.endsAt) deadlines.push({ kind: 'ENFORCING_REVIEW', at: review.endsAt, suspended: false });
  // The host State's 72 hours to scrutinise a removal order (Art 4(4)).
  const scrutiny = order.removal?.scrutiny;
  if (scrutiny?.status === 'PENDING' && scrutiny.endsAt && order.status !== 'DRAFT') deadlines.push({ kind: 'SCRUTINY', at: scrutiny.endsAt, suspended: false });
  if (order.exPostValidationDueAt) deadlines.push({ kind: 'EX_POST_VALIDATION', at: order.exPostValidationDueAt, suspended: false });
  if (order.preservationExpiresAt) deadlines.push({ kind: 'PRESERVATION_EXPIRY', at: order.preservationExpiresAt, suspended: false });
  // The clocks of the hop the order waits in (an EIO's recognition, COPOA's service).
  for (const hop of order.transmission) if (hop.outcome === 'PENDING') for (const deadline of hop.deadlines) deadlines.push({ kind: 'HOP', at: deadline.dueAt, suspended: false });
  return deadlines;
}

/** The running deadline that comes first; a stopped clock only when nothing else runs. */
export function primaryDeadline(order: Order): Deadline | null {
  const deadlines = deadlinesOf(order);
  const running = deadlines.filter((deadline) => !deadline.suspended).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return running[0] ?? deadlines[0] ?? null;
}

export function answerWindow(order: Order): AnswerWindow {
  let window: number | null = null;
  const rule = routingOf(order)?.selected?.deadlines.find((deadline) => deadline.clock === 'PRODUCTION' || deadline.clock === 'REMOVAL');
  if (rule) {
    try {
      window = durationMs(rule.duration);
    } catch {
      window = null;
    }
  }
  if (window === null && order.dueAt && order.receivedAt) window = Date.parse(order.dueAt) - Date.parse(order.receivedAt);
  if (window !== null && window <= HOUR) return 'ONE_HOUR';
  if (window !== null && window <= 8 * HOUR) return 'EIGHT_HOURS';
  return 'STANDARD';
}

export function urgencyOf(deadline: Deadline, now: Date): Urgency {
  if (deadline.suspended) return 'paused';
  const left = Date.parse(deadline.at) - now.getTime();
  if (left <= 0) return 'overdue';
  if (left < HOUR) return 'critical';
  if (left < 8 * HOUR) return 'urgent';
  if (left < 24 * HOUR) return 'soon';
  return 'normal';
}

/**
 * An inbox by deadline: running deadlines first, soonest (and overdue) at the top; then open
 * orders whose clock is stopped or that have none, oldest receipt first; then the rest, most
 * recently changed first. Ties keep the reference order, so the list does not jump.
 */
export function compareByDeadline(a: Order, b: Order): number {
  const rank = (order: Order) => {
    const deadline = primaryDeadline(order);
    if (deadline && !deadline.suspended) return 0;
    return isOpen(order) ? 1 : 2;
  };
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  const difference =
    ra === 0
      ? Date.parse(primaryDeadline(a)!.at) - Date.parse(primaryDeadline(b)!.at)
      : ra === 1
        ? Date.parse(a.receivedAt ?? a.createdAt) - Date.parse(b.receivedAt ?? b.createdAt)
        : Date.parse(b.updatedAt) - Date.parse(a.updatedAt);
  return difference || a.reference.localeCompare(b.reference);
}

export function sortByDeadline(orders: readonly Order[]): Order[] {
  return [...orders].sort(compareByDeadline);
}

/** A validation queue: emergencies first (their 8 hours run from receipt), then oldest first. */
export function compareForValidation(a: Order, b: Order): number {
  const ea = a.emergency ? 0 : 1;
  const eb = b.emergency ? 0 : 1;
  return ea - eb || Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || a.reference.localeCompare(b.reference);
}
