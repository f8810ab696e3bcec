import { loadCatalogue } from '../routing/catalogue.js';
import { evaluateRouting } from '../routing/evaluate.js';
import { routingInput, routingProvider } from '../routing/fixtures.js';
import { clockWork, eventsOfStep, nextClockAt } from './order-events.js';
import type { HistoryStep, OrderState } from './order-facts.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = Date.parse('2026-09-01T10:00:00Z');
const at = (ms: number) => new Date(t0 + ms);
const step = (action: HistoryStep['action'], ms: number, fromStatus: HistoryStep['fromStatus'], toStatus: HistoryStep['toStatus'], payload: Record<string, unknown> = {}): HistoryStep => ({ action, at: at(ms).toISOString(), fromStatus, toStatus, payload });
const created = step('CREATE', -HOUR, null, 'DRAFT');

function order(type: 'PRODUCTION' | 'PRESERVATION', emergency: boolean, history: HistoryStep[]): OrderState {
  const selected = evaluateRouting(loadCatalogue(), routingInput({ date: '2026-09-01', orderType: type, dataCategories: ['SUBSCRIBER'], emergency }), routingProvider()).selected!;
  return { status: history.at(-1)!.toStatus, type, tier: 'LOW', emergency, enforcingState: null, route: selected, history, resumeStatus: null };
}

/** Runs the clock job at each instant, recording what it sends, as the job does. */
function run(state: OrderState, instants: number[]): { at: number; types: string[] }[] {
  const sent: string[] = [];
  return instants.map((ms) => {
    const work = clockWork(state, sent, at(ms));
    sent.push(...work.passed);
    return { at: ms, types: work.send.map((mark) => mark.type) };
  });
}

describe('events of a step', () => {
  it('tells every party of each step, and the addressee when the order reaches its inbox', () => {
    expect(eventsOfStep({ action: 'SUBMIT', fromStatus: 'DRAFT', toStatus: 'PENDING_VALIDATION' })).toEqual([{ type: 'order.updated', recipients: 'EVERY_PARTY' }]);
    expect(eventsOfStep({ action: 'VALIDATE', fromStatus: 'PENDING_VALIDATION', toStatus: 'ISSUED' }).map((e) => e.type)).toEqual(['order.received', 'order.updated']);
    expect(eventsOfStep({ action: 'ISSUE', fromStatus: 'DRAFT', toStatus: 'ISSUED' })[0]).toEqual({ type: 'order.received', recipients: ['ADDRESSEE', 'SCRUTINISING'] });
  });

  it('tells each hop\'s authority when the order reaches it, and the addressee only after the last hop', () => {
    // A UK overseas production order: validated by the court, certified by the Home Office, then the provider's.
    expect(eventsOfStep({ action: 'VALIDATE', fromStatus: 'PENDING_VALIDATION', toStatus: 'AWAITING_CERTIFICATION' })[0]).toEqual({ type: 'order.received', recipients: ['CERTIFYING'] });
    expect(eventsOfStep({ action: 'CERTIFY', fromStatus: 'AWAITING_CERTIFICATION', toStatus: 'ISSUED' })[0]).toEqual({ type: 'order.received', recipients: ['ADDRESSEE', 'SCRUTINISING'] });
    // Mutual legal assistance: the requesting central authority transmits, the requested one recognises.
    expect(eventsOfStep({ action: 'ISSUE', fromStatus: 'DRAFT', toStatus: 'AWAITING_TRANSMISSION' })[0]).toEqual({ type: 'order.received', recipients: ['TRANSMITTING'] });
    expect(eventsOfStep({ action: 'FORWARD', fromStatus: 'AWAITING_TRANSMISSION', toStatus: 'AWAITING_RECOGNITION' })[0]).toEqual({ type: 'order.received', recipients: ['EXECUTING'] });
    // A refusal at a hop tells every party, and nobody receives anything new.
    expect(eventsOfStep({ action: 'REFUSE_FORWARDING', fromStatus: 'AWAITING_RECOGNITION', toStatus: 'TRANSMISSION_REFUSED' })).toEqual([{ type: 'order.updated', recipients: 'EVERY_PARTY' }]);
  });

  it('tells the issuing authority when a provider challenges an emergency order', () => {
    expect(eventsOfStep({ action: 'CHALLENGE', fromStatus: 'ISSUED', toStatus: 'ISSUED' })).toEqual([
      { type: 'order.challenged', recipients: ['ISSUING'] },
      { type: 'order.updated', recipients: 'EVERY_PARTY' },
    ]);
    expect(eventsOfStep({ action: 'COUNTERSIGN', fromStatus: 'ISSUED', toStatus: 'ISSUED' })).toEqual([{ type: 'order.updated', recipients: 'EVERY_PARTY' }]);
  });
});

describe('reminders and deadlines, as a table', () => {
  const issued = step('ISSUE', 0, 'DRAFT', 'ISSUED');

  it('reminds 24 hours and 1 hour before a 10-day deadline, then says overdue once the deadline passed', () => {
    const production = order('PRODUCTION', false, [created, issued]);
    expect(run(production, [0, 9 * DAY - 1, 9 * DAY, 10 * DAY - HOUR, 10 * DAY, 10 * DAY + 1, 11 * DAY])).toEqual([
      { at: 0, types: [] },
      { at: 9 * DAY - 1, types: [] },
      { at: 9 * DAY, types: ['order.due_soon'] },
      { at: 10 * DAY - HOUR, types: ['order.due_soon'] },
      { at: 10 * DAY, types: [] },
      { at: 10 * DAY + 1, types: ['order.overdue'] },
      { at: 11 * DAY, types: [] },
    ]);
  });

  it('reminds 2 hours and 30 minutes before an 8-hour emergency deadline', () => {
    const emergency = order('PRODUCTION', true, [created, step('ISSUE', 0, 'DRAFT', 'ISSUED', { withoutPriorValidation: true })]);
    expect(run(emergency, [6 * HOUR - 1, 6 * HOUR, 7.5 * HOUR, 8 * HOUR + 1]).map((r) => r.types)).toEqual([[], ['order.due_soon'], ['order.due_soon'], ['order.overdue']]);
  });

  it('sends only the latest reminder of a deadline when several passed together (a late job)', () => {
    const production = order('PRODUCTION', false, [created, issued]);
    expect(run(production, [10 * DAY - 30 * 60_000]).map((r) => r.types)).toEqual([['order.due_soon']]);
    const work = clockWork(production, [], at(10 * DAY - 30 * 60_000));
    expect(work.send.map((mark) => mark.key)).toEqual([expect.stringMatching(/^due_soon:3600000@/)]);
    expect(work.passed).toHaveLength(2);
  });

  it('stops while a clarification is awaited, and reminds of the moved deadline afterwards', () => {
    const paused = order('PRODUCTION', false, [created, issued, step('REQUEST_CLARIFICATION', DAY, 'ISSUED', 'CLARIFICATION_REQUESTED')]);
    expect(run(paused, [9 * DAY, 20 * DAY]).map((r) => r.types)).toEqual([[], []]);
    const resumed = order('PRODUCTION', false, [...paused.history, step('CLARIFY', 3 * DAY, 'CLARIFICATION_REQUESTED', 'ISSUED')]);
    // Two days stood still: the deadline is day 12.
    expect(nextClockAt(resumed, [], at(3 * DAY))).toEqual(at(11 * DAY));
    expect(run(resumed, [11 * DAY, 12 * DAY + 1]).map((r) => r.types)).toEqual([['order.due_soon'], ['order.overdue']]);
  });

  it('announces a preservation\'s end 7 days ahead, and has the exchange expire it at its end', () => {
    const preserved = order('PRESERVATION', false, [created, issued, step('CONFIRM_PRESERVATION', HOUR, 'ISSUED', 'PRESERVED')]);
    expect(nextClockAt(preserved, [], at(HOUR))).toEqual(at(53 * DAY));
    expect(run(preserved, [53 * DAY]).map((r) => r.types)).toEqual([['preservation.expiring']]);
    expect(nextClockAt(preserved, [`preservation_expiring@${at(60 * DAY).toISOString()}`], at(53 * DAY))).toEqual(at(60 * DAY));
    expect(clockWork(preserved, [], at(60 * DAY)).stepDue).toBe(true);
  });

  it('has nothing to watch on an order that is closed or not yet received', () => {
    expect(nextClockAt(order('PRODUCTION', false, [created]), [], at(0))).toBeNull();
    const closed = order('PRODUCTION', false, [created, issued, step('PRODUCE', DAY, 'ISSUED', 'PRODUCED'), step('CLOSE', 2 * DAY, 'PRODUCED', 'CLOSED')]);
    expect(nextClockAt(closed, [], at(2 * DAY))).toBeNull();
  });
});
