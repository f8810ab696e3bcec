import { loadCatalogue } from '../routing/catalogue.js';
import { routingInput, routingProvider } from '../routing/fixtures.js';
import { evaluateRouting } from '../routing/evaluate.js';
import type { RoutingInput } from '../routing/types.js';
import { addDuration, durationMs, isReceipt, orderClocks, type ClockInput, type ClockStep } from './order-clocks.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = new Date('2026-09-01T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const catalogue = loadCatalogue();

/** The deadlines routing fixes for such an order, so the clocks are tested on the real catalogue. */
function route(overrides: Partial<RoutingInput>) {
  const result = evaluateRouting(catalogue, routingInput({ date: '2026-09-01', ...overrides }), routingProvider());
  if (!result.selected) throw new Error('no route');
  return result.selected;
}

function input(overrides: Partial<RoutingInput>, steps: ClockStep[]): ClockInput {
  const selected = route(overrides);
  return { type: overrides.orderType ?? 'PRODUCTION', emergency: overrides.emergency ?? false, enforcingReview: selected.enforcingReview, deadlines: selected.deadlines, steps };
}

const step = (action: ClockStep['action'], ms: number, fromStatus: ClockStep['fromStatus'], toStatus: ClockStep['toStatus'], payload: Record<string, unknown> = {}): ClockStep => ({
  action,
  at: at(ms),
  fromStatus,
  toStatus,
  payload,
});
const created = step('CREATE', -HOUR, null, 'DRAFT');
const issued = (payload: Record<string, unknown> = {}) => step('ISSUE', 0, 'DRAFT', 'ISSUED', payload);

describe('production clocks', () => {
  const subscriber = { orderType: 'PRODUCTION' as const, dataCategories: ['SUBSCRIBER' as const] };

  it('has no deadline before receipt', () => {
    expect(orderClocks(input(subscriber, [created]), at(0))).toMatchObject({ receivedAt: null, dueAt: null, overdue: false });
  });

  it('gives 10 days from receipt, and is overdue only after them', () => {
    const clocks = (now: number) => orderClocks(input(subscriber, [created, issued()]), at(now));
    expect(clocks(0)).toMatchObject({ receivedAt: t0, dueAt: at(10 * DAY), overdue: false, review: null });
    expect(clocks(10 * DAY).overdue).toBe(false);
    expect(clocks(10 * DAY + 1).overdue).toBe(true);
  });

  it('gives 8 hours in an emergency', () => {
    const clocks = orderClocks(input({ ...subscriber, emergency: true }, [created, issued({ withoutPriorValidation: true })]), at(HOUR));
    expect(clocks.dueAt).toEqual(at(8 * HOUR));
    expect(clocks.exPostValidationDueAt).toEqual(at(48 * HOUR));
  });

  it('stops while a clarification is awaited and resumes with the time added', () => {
    const requested = step('REQUEST_CLARIFICATION', 2 * DAY, 'ISSUED', 'CLARIFICATION_REQUESTED');
    const paused = orderClocks(input(subscriber, [created, issued(), requested]), at(5 * DAY));
    expect(paused).toMatchObject({ clockSuspended: true, overdue: false, dueAt: at(13 * DAY) });
    const clarified = step('CLARIFY', 6 * DAY, 'CLARIFICATION_REQUESTED', 'ISSUED');
    const resumed = (now: number) => orderClocks(input(subscriber, [created, issued(), requested, clarified]), at(now));
    expect(resumed(7 * DAY)).toMatchObject({ clockSuspended: false, dueAt: at(14 * DAY), overdue: false });
    expect(resumed(14 * DAY + 1).overdue).toBe(true);
  });

  it('is not overdue once the provider answered', () => {
    const produced = step('PRODUCE', 11 * DAY, 'ISSUED', 'PRODUCED');
    expect(orderClocks(input(subscriber, [created, issued(), produced]), at(20 * DAY)).overdue).toBe(false);
  });
});

describe('the enforcing authority\'s review', () => {
  const content = { orderType: 'PRODUCTION' as const, dataCategories: ['CONTENT' as const], offence: { maxSentenceMonths: 60 } };

  it('runs 10 days from receipt, suspends production, and lapses into no grounds', () => {
    const steps = [created, issued()];
    expect(orderClocks(input(content, steps), at(DAY)).review).toMatchObject({ status: 'PENDING', suspensive: true, endsAt: at(10 * DAY) });
    expect(orderClocks(input(content, steps), at(10 * DAY)).review).toMatchObject({ status: 'LAPSED' });
    expect(orderClocks(input(content, steps), at(DAY)).dueAt).toEqual(at(10 * DAY));
  });

  it('ends early with a decision', () => {
    const review = step('REVIEW', 3 * DAY, 'ISSUED', 'ISSUED', { decision: 'GROUNDS_RAISED', grounds: ['NE_BIS_IN_IDEM'], partial: true });
    expect(orderClocks(input(content, [created, issued(), review]), at(4 * DAY)).review).toEqual({
      status: 'GROUNDS_RAISED',
      suspensive: true,
      endsAt: at(3 * DAY),
      decidedAt: at(3 * DAY),
      grounds: ['NE_BIS_IN_IDEM'],
      partial: true,
    });
  });

  it('runs 96 hours and does not suspend in an emergency', () => {
    const emergency = orderClocks(input({ ...content, emergency: true }, [created, issued()]), at(HOUR));
    expect(emergency.review).toMatchObject({ status: 'PENDING', suspensive: false, endsAt: at(96 * HOUR) });
    expect(emergency.dueAt).toEqual(at(8 * HOUR));
  });

  it('does not apply when the offence and the person are both in the issuing State (Art 8(2))', () => {
    const exempt = input({ ...content, offenceInIssuingState: true, targetResidesInIssuingState: true }, [created, issued()]);
    expect(exempt.enforcingReview).toBe(false);
    expect(orderClocks(exempt, at(DAY)).review).toBeNull();
  });
});

describe('preservation clocks', () => {
  const preservation = { orderType: 'PRESERVATION' as const, dataCategories: ['CONTENT' as const] };
  const preserved = step('CONFIRM_PRESERVATION', HOUR, 'ISSUED', 'PRESERVED');

  it('runs 60 days from receipt', () => {
    expect(orderClocks(input(preservation, [created, issued(), preserved]), at(DAY))).toMatchObject({
      dueAt: null,
      preservationExpiresAt: at(60 * DAY),
      preservationFirstPeriodEndsAt: at(60 * DAY),
      preservationExtended: false,
    });
  });

  it('adds 30 days with Annex VI', () => {
    const extended = step('EXTEND_PRESERVATION', 59 * DAY, 'PRESERVED', 'PRESERVED');
    expect(orderClocks(input(preservation, [created, issued(), preserved, extended]), at(61 * DAY))).toMatchObject({ preservationExpiresAt: at(90 * DAY), preservationExtended: true });
  });

  it('has no end after Annex V', () => {
    const annexV = step('CONFIRM_SUBSEQUENT_REQUEST', 10 * DAY, 'PRESERVED', 'PRESERVED_PENDING_PRODUCTION');
    expect(orderClocks(input(preservation, [created, issued(), preserved, annexV]), at(100 * DAY)).preservationExpiresAt).toBeNull();
  });

  it('clears the ex-post validation clock once validated', () => {
    const emergency = { ...preservation, emergency: true };
    const validated = step('VALIDATE', 20 * HOUR, 'PRESERVED', 'PRESERVED');
    expect(orderClocks(input(emergency, [created, issued({ withoutPriorValidation: true }), preserved]), at(2 * HOUR)).exPostValidationDueAt).toEqual(at(48 * HOUR));
    expect(orderClocks(input(emergency, [created, issued({ withoutPriorValidation: true }), preserved, validated]), at(21 * HOUR)).exPostValidationDueAt).toBeNull();
  });
});

describe('durationMs', () => {
  it('reads the durations the catalogue uses and refuses others', () => {
    expect(durationMs('P10D')).toBe(10 * DAY);
    expect(durationMs('PT8H')).toBe(8 * HOUR);
    expect(durationMs('PT96H')).toBe(96 * HOUR);
    expect(durationMs('P1DT2H30M')).toBe(DAY + 2.5 * HOUR);
    expect(() => durationMs('P1Y')).toThrow();
    expect(() => durationMs('P')).toThrow();
  });
});

describe('routes through other authorities', () => {
  const eio = evaluateRouting(catalogue, routingInput({ date: '2026-09-01', dataCategories: ['CONTENT'], offence: { maxSentenceMonths: 24 } }), routingProvider({ country: 'DE', establishments: [{ country: 'DE', role: 'DESIGNATED_ESTABLISHMENT', languages: ['de', 'en'] }] })).selected!;
  const eioInput = (steps: ClockStep[]): ClockInput => ({ type: 'PRODUCTION', emergency: false, enforcingReview: false, deadlines: eio.deadlines, steps, hops: eio.hops });
  const released = step('ISSUE', 0, 'DRAFT', 'AWAITING_RECOGNITION');
  const recognised = step('FORWARD', 20 * DAY, 'AWAITING_RECOGNITION', 'ISSUED');

  it('starts the provider\'s clocks when the last hop passes the order on, not when it was issued', () => {
    expect(eio.instrument).toBe('EIO');
    expect(orderClocks(eioInput([created, released]), at(DAY))).toMatchObject({ receivedAt: null, dueAt: null });
    // Directive 2014/41/EU Art 12(4): execution within 90 days of recognition.
    expect(orderClocks(eioInput([created, released, recognised]), at(21 * DAY))).toMatchObject({ receivedAt: at(20 * DAY), dueAt: at(110 * DAY) });
    expect(isReceipt({ fromStatus: 'AWAITING_RECOGNITION', toStatus: 'ISSUED' })).toBe(true);
    expect(isReceipt({ fromStatus: 'ACKNOWLEDGED', toStatus: 'ISSUED' })).toBe(false);
  });

  it('runs the hop\'s own clocks from the moment the hop received the order (Art 12(3): 30 days to recognise)', () => {
    const waiting = orderClocks(eioInput([created, released]), at(31 * DAY)).hops[0];
    expect(waiting).toMatchObject({ kind: 'RECOGNITION', receivedAt: t0, actedAt: null, outcome: 'PENDING' });
    expect(waiting.deadlines).toEqual([
      { clock: 'ACKNOWLEDGEMENT', dueAt: at(7 * DAY), overdue: true },
      { clock: 'RECOGNITION', dueAt: at(30 * DAY), overdue: true },
    ]);
    const done = orderClocks(eioInput([created, released, recognised]), at(31 * DAY)).hops[0];
    expect(done).toMatchObject({ outcome: 'PASSED', actedAt: at(20 * DAY) });
    expect(done.deadlines.every((deadline) => !deadline.overdue)).toBe(true);
    const refused = orderClocks(eioInput([created, released, step('REFUSE_FORWARDING', DAY, 'AWAITING_RECOGNITION', 'TRANSMISSION_REFUSED')]), at(2 * DAY)).hops[0];
    expect(refused.outcome).toBe('REFUSED');
  });

  it('adds calendar months for a statute\'s months (COPOA 2019 s.9: served within 3 months)', () => {
    expect(addDuration(new Date('2026-11-30T09:00:00Z'), 'P3M')).toEqual(new Date('2027-02-28T09:00:00Z'));
    expect(addDuration(new Date('2026-09-01T09:00:00Z'), 'P1Y2M3DT4H')).toEqual(new Date('2027-11-04T13:00:00Z'));
    expect(() => addDuration(t0, 'P')).toThrow();
  });
});

describe('removal order clocks (Reg. 2021/784), as a table', () => {
  const removalRoute = () => {
    const result = evaluateRouting(
      catalogue,
      routingInput({ date: '2026-09-01', orderType: 'REMOVAL', dataCategories: ['CONTENT'], offence: { maxSentenceMonths: 0 }, issuer: { authorityType: 'POLICE', designations: ['TCO_COMPETENT_AUTHORITY'] } }),
      routingProvider({ services: ['HOSTING'], establishments: [{ country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en'] }] }),
    );
    return result.selected!;
  };
  const removal = (steps: ClockStep[], scrutiny = true): ClockInput => ({ type: 'REMOVAL', emergency: false, enforcingReview: false, deadlines: removalRoute().deadlines, steps, scrutiny });
  const MIN = 60_000;
  const removed = (ms: number) => step('REMOVE', ms, 'ISSUED', 'REMOVED');
  const impossible = (ms: number, reasons: string[]) => step('NOT_EXECUTE', ms, 'ISSUED', 'NOT_EXECUTED', { reasons });
  const resumed = (ms: number) => step('RESUME_EXECUTION', ms, 'NOT_EXECUTED', 'ISSUED');
  const clarified = (ms: number) => step('CLARIFY', ms, 'NOT_EXECUTED', 'ISSUED');

  it.each([
    ['issued, 59 minutes later', [created, issued()], 59 * MIN, { dueAt: at(HOUR), overdue: false }],
    ['issued, at the hour exactly (on time)', [created, issued()], HOUR, { dueAt: at(HOUR), overdue: false }],
    ['issued, one millisecond after the hour', [created, issued()], HOUR + 1, { dueAt: at(HOUR), overdue: true }],
    ['removed after 40 minutes, looked at a day later', [created, issued(), removed(40 * MIN)], DAY, { dueAt: at(HOUR), overdue: false }],
    ['removed late, after 90 minutes: no longer awaited', [created, issued(), removed(90 * MIN)], 2 * HOUR, { dueAt: at(HOUR), overdue: false }],
    ['force majeure reported after 20 minutes: the clock waits', [created, issued(), impossible(20 * MIN, ['FORCE_MAJEURE'])], 5 * HOUR, { dueAt: at(HOUR), overdue: false }],
    ['force majeure ended at 5 h: one hour from then (Art 3(7))', [created, issued(), impossible(20 * MIN, ['FORCE_MAJEURE']), resumed(5 * HOUR)], 5 * HOUR + 30 * MIN, { dueAt: at(6 * HOUR), overdue: false, removalClockStartedAt: at(5 * HOUR) }],
    ['force majeure ended at 5 h, still not removed at 6 h 01', [created, issued(), impossible(20 * MIN, ['FORCE_MAJEURE']), resumed(5 * HOUR)], 6 * HOUR + MIN, { dueAt: at(6 * HOUR), overdue: true }],
    ['insufficient information, clarified at 3 h: one hour from the clarification (Art 3(8))', [created, issued(), impossible(10 * MIN, ['INSUFFICIENT_INFORMATION']), clarified(3 * HOUR)], 3 * HOUR, { dueAt: at(4 * HOUR), overdue: false }],
    ['not yet received', [created], 0, { dueAt: null, overdue: false }],
  ] as const)('%s', (_name, steps, now, expected) => {
    expect(orderClocks(removal([...steps]), at(now))).toMatchObject(expected);
  });

  it.each([
    ['pending within 72 hours of the copy', [created, issued()], 71 * HOUR, { status: 'PENDING', endsAt: at(72 * HOUR), requestDueAt: at(48 * HOUR) }],
    ['open up to its last instant', [created, issued()], 72 * HOUR, { status: 'PENDING' }],
    ['lapsed after 72 hours without a decision', [created, issued()], 72 * HOUR + 1, { status: 'LAPSED' }],
    ['decided: no infringement', [created, issued(), step('SCRUTINISE', 10 * HOUR, 'ISSUED', 'ISSUED', { decision: 'NO_INFRINGEMENT', reason: 'Propaganda.' })], 100 * HOUR, { status: 'NO_INFRINGEMENT', decidedAt: at(10 * HOUR), reason: 'Propaganda.' }],
    ['decided: infringement', [created, issued(), removed(30 * MIN), step('SCRUTINISE', 20 * HOUR, 'REMOVED', 'REVOKED', { decision: 'INFRINGEMENT' })], 100 * HOUR, { status: 'INFRINGEMENT' }],
    ['requested at 47 h: the authority has 72 hours from the request (Art 4(3))', [created, issued(), step('REQUEST_SCRUTINY', 47 * HOUR, 'ISSUED', 'ISSUED')], 100 * HOUR, { status: 'PENDING', requestedAt: at(47 * HOUR), endsAt: at(119 * HOUR) }],
    ['requested at 10 h: the 72 hours from the copy still bind', [created, issued(), step('REQUEST_SCRUTINY', 10 * HOUR, 'ISSUED', 'ISSUED')], 50 * HOUR, { status: 'PENDING', endsAt: at(82 * HOUR) }],
  ] as const)('scrutiny %s', (_name, steps, now, expected) => {
    expect(orderClocks(removal([...steps]), at(now)).scrutiny).toMatchObject(expected);
  });

  it('has no scrutiny when the provider is established in the issuing State', () => {
    expect(orderClocks(removal([created, issued()], false), at(HOUR)).scrutiny).toBeNull();
  });
});
