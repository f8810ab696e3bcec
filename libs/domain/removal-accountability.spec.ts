import type { OrderState } from './order-facts.js';
import type { OrderStatus } from './order-lifecycle.js';
import { removalAccountability } from './removal-accountability.js';

const HOUR = 3_600_000;
const t0 = Date.parse('2026-09-01T10:00:00Z');
const at = (ms: number) => new Date(t0 + ms).toISOString();
const route = { approvals: { issuers: [], validators: [], emergencyWithoutPriorValidation: false }, deadlines: [{ clock: 'REMOVAL', duration: 'PT1H' }, { clock: 'SCRUTINY', duration: 'PT72H' }] };

function order(status: OrderStatus, steps: [string, number, OrderStatus | null, OrderStatus, Record<string, unknown>?][], type: OrderState['type'] = 'REMOVAL'): OrderState {
  return {
    status,
    type,
    tier: 'HIGH',
    emergency: false,
    enforcingState: null,
    route,
    history: steps.map(([action, ms, fromStatus, toStatus, payload]) => ({ action: action as never, at: at(ms), fromStatus, toStatus, payload: payload ?? {} })),
    resumeStatus: null,
    scrutinyState: 'IE',
  };
}
const created: [string, number, OrderStatus | null, OrderStatus] = ['CREATE', -HOUR, null, 'DRAFT'];
const issued: [string, number, OrderStatus | null, OrderStatus] = ['ISSUE', 0, 'DRAFT', 'ISSUED'];

describe('a provider\'s record on removal orders', () => {
  it('counts received, within the hour, late, impossible, revoked, pending and overdue; drafts and other orders do not count', () => {
    const orders = [
      order('DRAFT', [created]),
      order('REMOVED', [created, issued, ['REMOVE', 40 * 60_000, 'ISSUED', 'REMOVED']]),
      order('REMOVED', [created, issued, ['REMOVE', HOUR, 'ISSUED', 'REMOVED']]), // at the hour: on time
      order('REMOVED', [created, issued, ['REMOVE', HOUR + 1, 'ISSUED', 'REMOVED']]),
      order('NOT_EXECUTED', [created, issued, ['NOT_EXECUTE', 10 * 60_000, 'ISSUED', 'NOT_EXECUTED', { reasons: ['FORCE_MAJEURE'] }]]),
      order('REVOKED', [created, issued, ['REMOVE', 30 * 60_000, 'ISSUED', 'REMOVED'], ['SCRUTINISE', 20 * HOUR, 'REMOVED', 'REVOKED', { decision: 'INFRINGEMENT' }]]),
      order('ISSUED', [created, ['ISSUE', 2 * HOUR, 'DRAFT', 'ISSUED']]),
      order('ACKNOWLEDGED', [created, issued, ['ACKNOWLEDGE', 60_000, 'ISSUED', 'ACKNOWLEDGED']]),
      order('ISSUED', [created, issued], 'PRODUCTION'),
    ];
    expect(removalAccountability(orders, new Date(t0 + 2.5 * HOUR))).toEqual({ received: 7, executedWithinTheHour: 3, executedLate: 1, impossible: 1, revokedAfterScrutiny: 1, pending: 1, overdue: 1 });
  });
});
