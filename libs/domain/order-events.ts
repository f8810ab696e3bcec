/**
 * What the exchange tells the parties of an order, and when: the events of a step, the reminders
 * of its clocks, and who receives each. Events are thin: they name the order, its state and
 * version, never its content (a receiver reads the order through the API, as a party).
 *
 * Pure, like the clocks: the same history and the same "now" give the same events, so a clock
 * job that runs twice (or on two instances) sends nothing twice once it records the marks sent.
 */
import { isReceipt, type OrderClocks } from './order-clocks.js';
import { clocksOf, clockStepDue, type OrderState } from './order-facts.js';
import { HOPS, fromStates, hopOf, type OrderAction, type OrderParty, type OrderStatus } from './order-lifecycle.js';

export const EVENT_TYPES = ['order.received', 'order.updated', 'order.due_soon', 'order.overdue', 'preservation.expiring', 'order.challenged'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The body every receiver gets (Standard Webhooks: `{ type, timestamp, data }`). */
export interface EventData {
  orderId: string;
  reference: string;
  status: OrderStatus;
  version: number;
  action?: OrderAction;
  dueAt?: string | null;
}

/** Parts an organisation plays in an order that receive events: every recorded party. */
export type Recipients = readonly Exclude<OrderParty, 'SYSTEM'>[] | 'EVERY_PARTY';

export interface EventToSend {
  type: EventType;
  /** Who receives it, by the part played in the order when the event is written. */
  recipients: Recipients;
}

/**
 * The events of one step: every party learns of it (`order.updated`). When the step puts the
 * order in an inbox, its new holder also gets `order.received`: the addressee at receipt, or the
 * authority of the hop it now waits at (a designated authority to certify, a central authority to
 * transmit, an authority of the State addressed to recognise). A provider's challenge of an
 * emergency order is also `order.challenged` to the issuing authority, which must answer it.
 */
export function eventsOfStep(step: { action: OrderAction; fromStatus: OrderStatus | null; toStatus: OrderStatus }): EventToSend[] {
  const events: EventToSend[] = [{ type: 'order.updated', recipients: 'EVERY_PARTY' }];
  const hop = hopOf(step.toStatus);
  // A removal order's copy reaches the host State's competent authority at the same time (Reg. 2021/784 Art 4(1)).
  if (isReceipt(step)) events.unshift({ type: 'order.received', recipients: ['ADDRESSEE', 'SCRUTINISING'] });
  else if (hop && step.fromStatus !== step.toStatus) events.unshift({ type: 'order.received', recipients: [HOPS[hop].party as Exclude<OrderParty, 'SYSTEM'>] });
  if (step.action === 'CHALLENGE') events.unshift({ type: 'order.challenged', recipients: ['ISSUING'] });
  return events;
}

/**
 * Reminders before a deadline, by the deadline's length: a 10-day production gets them 24 hours
 * and 1 hour before, an 8-hour emergency production 2 hours and 30 minutes before; a preservation
 * is announced 7 days before it expires.
 */
const HOUR = 3_600_000;
const PRODUCTION_REMINDERS_MS = [24 * HOUR, HOUR];
const EMERGENCY_REMINDERS_MS = [2 * HOUR, 30 * 60_000];
const PRESERVATION_NOTICE_MS = 7 * 24 * HOUR;
/** A deadline this short or shorter is an emergency's (8 hours), whatever the route calls it. */
const SHORT_DEADLINE_MS = 12 * HOUR;

/** A moment a clock of the order passes, and what it sends then. Its key names it uniquely, deadline included. */
export interface ClockMark {
  key: string;
  type: Exclude<EventType, 'order.received' | 'order.updated' | 'order.challenged'>;
  at: Date;
  /** The deadline it concerns (sent as `dueAt`). */
  deadline: Date;
}

/** States in which the production deadline runs against the provider. */
const AWAITING_PROVIDER: readonly OrderStatus[] = fromStates('PRODUCE');

/** Every mark the order's clocks pass, sent or not, from its state now. */
export function clockMarks(order: OrderState, now: Date, clocks: OrderClocks = clocksOf(order, now)): ClockMark[] {
  const marks: ClockMark[] = [];
  if (clocks.dueAt && !clocks.clockSuspended && AWAITING_PROVIDER.includes(order.status)) {
    const dueAt = clocks.dueAt;
    const length = clocks.receivedAt ? dueAt.getTime() - clocks.receivedAt.getTime() : Number.POSITIVE_INFINITY;
    for (const before of length <= SHORT_DEADLINE_MS ? EMERGENCY_REMINDERS_MS : PRODUCTION_REMINDERS_MS) {
      // A reminder due before the order arrived (two hours before a one-hour removal) is no reminder.
      if (before >= length) continue;
      marks.push({ key: `due_soon:${before}@${dueAt.toISOString()}`, type: 'order.due_soon', at: new Date(dueAt.getTime() - before), deadline: dueAt });
    }
    // Overdue is the first instant after the deadline (an answer at the deadline is on time).
    marks.push({ key: `overdue@${dueAt.toISOString()}`, type: 'order.overdue', at: new Date(dueAt.getTime() + 1), deadline: dueAt });
  }
  if (clocks.preservationExpiresAt) {
    const expiresAt = clocks.preservationExpiresAt;
    marks.push({ key: `preservation_expiring@${expiresAt.toISOString()}`, type: 'preservation.expiring', at: new Date(expiresAt.getTime() - PRESERVATION_NOTICE_MS), deadline: expiresAt });
  }
  return marks;
}

/**
 * What the clock job does for an order now: the marks to send (passed and not sent yet; of
 * several reminders of one deadline passed together, only the latest, and none once it is
 * overdue), every mark passed (to
 * record as sent), the exchange's own step if one is due, and when to look at the order next.
 */
export function clockWork(order: OrderState, sent: readonly string[], now: Date): { send: ClockMark[]; passed: string[]; stepDue: boolean; next: Date | null } {
  const clocks = clocksOf(order, now);
  const marks = clockMarks(order, now, clocks);
  const passed = marks.filter((mark) => mark.at.getTime() <= now.getTime() && !sent.includes(mark.key));
  const sameDeadline = (a: ClockMark, b: ClockMark) => a.deadline.getTime() === b.deadline.getTime();
  // A reminder superseded by a later one of the same deadline, or by its passing, is not sent.
  const send = passed.filter(
    (mark) => !passed.some((later) => sameDeadline(later, mark) && ((later.type === mark.type && later.at.getTime() > mark.at.getTime()) || (mark.type === 'order.due_soon' && later.type === 'order.overdue'))),
  );
  const stepDue = clockStepDue(order, now, clocks) !== null;
  const upcoming = [
    ...marks.filter((mark) => mark.at.getTime() > now.getTime()).map((mark) => mark.at),
    // The exchange's own steps: a preservation's end, an ex-post validation's lapse, the first
    // instant after a service period (an order served on its last instant is in time).
    ...[clocks.preservationExpiresAt, clocks.exPostValidationDueAt, clocks.serviceDueAt && new Date(clocks.serviceDueAt.getTime() + 1)].filter(
      (at): at is Date => at !== null && at.getTime() > now.getTime(),
    ),
  ];
  const next = stepDue ? now : upcoming.length ? new Date(Math.min(...upcoming.map((at) => at.getTime()))) : null;
  return { send, passed: passed.map((mark) => mark.key), stepDue, next };
}

/** When the clock job should next look at the order (null: no clock runs). */
export function nextClockAt(order: OrderState, sent: readonly string[], now: Date): Date | null {
  return clockWork(order, sent, now).next;
}
