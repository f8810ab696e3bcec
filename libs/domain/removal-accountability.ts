/**
 * A hosting provider's record on removal orders (Reg. 2021/784): how many it received, executed
 * within the hour, executed late, could not execute (Annex III), and saw revoked after scrutiny.
 * Systematic or persistent failure to meet the hour is what the Member States' penalties aim at
 * (Art 18(3)); the provider sees its own figures. Pure: the same orders and "now" give the same
 * figures.
 */
import { clocksOf, type OrderState } from './order-facts.js';

export interface RemovalAccountability {
  /** Orders that reached the provider's inbox. */
  received: number;
  executedWithinTheHour: number;
  executedLate: number;
  /** Reported impossible (Annex III) and not executed since. */
  impossible: number;
  revokedAfterScrutiny: number;
  /** Still awaited: within the hour, or past it. */
  pending: number;
  overdue: number;
}

export function removalAccountability(orders: readonly OrderState[], now: Date): RemovalAccountability {
  const figures: RemovalAccountability = { received: 0, executedWithinTheHour: 0, executedLate: 0, impossible: 0, revokedAfterScrutiny: 0, pending: 0, overdue: 0 };
  for (const order of orders) {
    if (order.type !== 'REMOVAL') continue;
    const clocks = clocksOf(order, now);
    if (!clocks.receivedAt) continue;
    figures.received += 1;
    const removed = order.history.find((step) => step.action === 'REMOVE');
    if (removed && clocks.dueAt) {
      if (Date.parse(removed.at) <= clocks.dueAt.getTime()) figures.executedWithinTheHour += 1;
      else figures.executedLate += 1;
    }
    if (order.status === 'NOT_EXECUTED') figures.impossible += 1;
    if (order.status === 'REVOKED' && clocks.scrutiny?.status === 'INFRINGEMENT') figures.revokedAfterScrutiny += 1;
    if (order.status === 'ISSUED' || order.status === 'ACKNOWLEDGED') {
      if (clocks.overdue) figures.overdue += 1;
      else figures.pending += 1;
    }
  }
  return figures;
}
