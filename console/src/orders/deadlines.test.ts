import { describe, expect, it } from 'vitest';
import { isoFromNow, NOW, order, routing } from '../test/factories';
import { answerWindow, compareForValidation, deadlinesOf, isOpen, primaryDeadline, sortByDeadline, urgencyOf } from './deadlines';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('the deadline that matters', () => {
  it('is the production deadline while the provider has to answer', () => {
    const due = isoFromNow(5 * HOUR);
    expect(primaryDeadline(order({ status: 'ACKNOWLEDGED', dueAt: due }))).toEqual({ kind: 'PRODUCTION', at: due, suspended: false });
  });

  it('stops while a clarification is awaited, and counts nothing once produced', () => {
    const due = isoFromNow(5 * HOUR);
    expect(primaryDeadline(order({ status: 'CLARIFICATION_REQUESTED', dueAt: due, clockSuspended: true }))).toEqual({ kind: 'PRODUCTION', at: due, suspended: true });
    expect(primaryDeadline(order({ status: 'PRODUCED', dueAt: due }))).toBeNull();
  });

  it('is the earliest of the clocks that run: a review ending first comes first', () => {
    const reviewEnds = isoFromNow(2 * HOUR);
    const deadline = primaryDeadline(
      order({
        dueAt: isoFromNow(9 * HOUR),
        enforcingReview: { state: 'IE', status: 'PENDING', suspensive: true, endsAt: reviewEnds, decidedAt: null, grounds: [], partial: false, issuerMustWithdraw: false },
      }),
    );
    expect(deadline).toEqual({ kind: 'ENFORCING_REVIEW', at: reviewEnds, suspended: false });
  });

  it('gets more urgent as it nears, and overdue once past', () => {
    const at = (ms: number) => ({ kind: 'PRODUCTION' as const, at: isoFromNow(ms), suspended: false });
    expect(urgencyOf(at(3 * 24 * HOUR), NOW)).toBe('normal');
    expect(urgencyOf(at(20 * HOUR), NOW)).toBe('soon');
    expect(urgencyOf(at(7 * HOUR), NOW)).toBe('urgent');
    expect(urgencyOf(at(59 * MINUTE), NOW)).toBe('critical');
    expect(urgencyOf(at(-1000), NOW)).toBe('overdue');
    expect(urgencyOf({ ...at(HOUR), suspended: true }, NOW)).toBe('paused');
  });
});

describe('the answer window', () => {
  it('is read from the route: 8 hours for an emergency, one hour for a removal order', () => {
    expect(answerWindow(order({ route: routing({ production: 'PT8H' }) }))).toBe('EIGHT_HOURS');
    expect(answerWindow(order({ route: routing({ production: 'PT1H' }) }))).toBe('ONE_HOUR');
    expect(answerWindow(order({ route: routing({ production: 'P10D' }) }))).toBe('STANDARD');
  });

  it('falls back to receipt and due date when the route has no production clock', () => {
    const receivedAt = isoFromNow(-HOUR);
    expect(answerWindow(order({ route: routing({}), receivedAt, dueAt: isoFromNow(7 * HOUR) }))).toBe('EIGHT_HOURS');
    expect(answerWindow(order({ route: routing({}), receivedAt, dueAt: null }))).toBe('STANDARD');
  });
});

describe('an inbox sorted by deadline', () => {
  it('puts overdue and soonest first, then stopped clocks and open orders without one, then the rest', () => {
    const overdue = order({ reference: 'A-OVERDUE', status: 'ISSUED', dueAt: isoFromNow(-10 * MINUTE) });
    const emergency = order({ reference: 'B-EMERGENCY', status: 'ISSUED', dueAt: isoFromNow(7 * HOUR) });
    const standard = order({ reference: 'C-STANDARD', status: 'ACKNOWLEDGED', dueAt: isoFromNow(9 * 24 * HOUR) });
    const stopped = order({ reference: 'D-STOPPED', status: 'CLARIFICATION_REQUESTED', dueAt: isoFromNow(HOUR), clockSuspended: true, receivedAt: isoFromNow(-3 * HOUR) });
    const preservation = order({ reference: 'E-PRESERVE', type: 'PRESERVATION', status: 'ISSUED', dueAt: null, receivedAt: isoFromNow(-HOUR) });
    const producedLater = order({ reference: 'F-PRODUCED', status: 'PRODUCED', updatedAt: isoFromNow(-MINUTE) });
    const producedEarlier = order({ reference: 'G-PRODUCED', status: 'PRODUCED', updatedAt: isoFromNow(-HOUR) });
    const sorted = sortByDeadline([producedEarlier, standard, preservation, producedLater, stopped, emergency, overdue]);
    expect(sorted.map((entry) => entry.reference)).toEqual(['A-OVERDUE', 'B-EMERGENCY', 'C-STANDARD', 'D-STOPPED', 'E-PRESERVE', 'F-PRODUCED', 'G-PRODUCED']);
  });

  it('keeps a stable order for equal deadlines', () => {
    const due = isoFromNow(HOUR);
    const [first, second] = [order({ reference: 'EVX-B', dueAt: due }), order({ reference: 'EVX-A', dueAt: due })];
    expect(sortByDeadline([first, second]).map((entry) => entry.reference)).toEqual(['EVX-A', 'EVX-B']);
  });

  it('puts emergencies first in a validation queue, then the oldest', () => {
    const old = order({ reference: 'OLD', status: 'PENDING_VALIDATION', updatedAt: isoFromNow(-5 * HOUR) });
    const recent = order({ reference: 'RECENT', status: 'PENDING_VALIDATION', updatedAt: isoFromNow(-HOUR) });
    const urgent = order({ reference: 'URGENT', status: 'PENDING_VALIDATION', updatedAt: isoFromNow(-MINUTE), emergency: { ground: 'LIFE', justification: 'x' } });
    expect([recent, old, urgent].sort(compareForValidation).map((entry) => entry.reference)).toEqual(['URGENT', 'OLD', 'RECENT']);
  });

  it('counts down the clock of the hop an order waits in, and sorts it with the others', () => {
    const hop = (dueAt: string, outcome: 'PENDING' | 'PASSED') => ({ kind: 'RECOGNITION' as const, side: 'ADDRESSEE' as const, country: 'DE', outcome, receivedAt: isoFromNow(-HOUR), actedAt: null, authorities: [], deadlines: [{ clock: 'RECOGNITION', dueAt, overdue: false }] });
    const recognising = order({ reference: 'A-HOP', status: 'AWAITING_RECOGNITION', receivedAt: null, dueAt: null, transmission: [hop(isoFromNow(2 * HOUR), 'PENDING')] });
    expect(primaryDeadline(recognising)).toEqual({ kind: 'HOP', at: isoFromNow(2 * HOUR), suspended: false });
    expect(isOpen(recognising)).toBe(true);
    // A hop passed on has no clock left for its authority.
    expect(deadlinesOf({ ...recognising, status: 'ISSUED', transmission: [hop(isoFromNow(2 * HOUR), 'PASSED')] }).filter((deadline) => deadline.kind === 'HOP')).toEqual([]);
    const later = order({ reference: 'B-LATER', dueAt: isoFromNow(5 * HOUR) });
    expect(sortByDeadline([later, recognising]).map((entry) => entry.reference)).toEqual(['A-HOP', 'B-LATER']);
  });
});

