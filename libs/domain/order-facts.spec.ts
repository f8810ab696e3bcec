import { loadCatalogue } from '../routing/catalogue.js';
import { evaluateRouting } from '../routing/evaluate.js';
import { PROVIDERS, routingInput, routingProvider } from '../routing/fixtures.js';
import { clockStepDue, factsOf, type HistoryStep, type OrderState } from './order-facts.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = Date.parse('2026-09-01T10:00:00Z');
const at = (ms: number) => new Date(t0 + ms);
const step = (action: HistoryStep['action'], ms: number, fromStatus: HistoryStep['fromStatus'], toStatus: HistoryStep['toStatus'], payload: Record<string, unknown> = {}): HistoryStep => ({ action, at: at(ms).toISOString(), fromStatus, toStatus, payload });

function order(type: 'PRODUCTION' | 'PRESERVATION', emergency: boolean, history: HistoryStep[]): OrderState {
  const selected = evaluateRouting(loadCatalogue(), routingInput({ date: '2026-09-01', orderType: type, dataCategories: ['SUBSCRIBER'], emergency }), routingProvider()).selected!;
  return { status: history.at(-1)!.toStatus, type, tier: 'LOW', emergency, enforcingState: null, route: selected, history, resumeStatus: null };
}

describe('the exchange\'s own steps when a clock runs out', () => {
  const created = step('CREATE', -HOUR, null, 'DRAFT');

  it('expires a preservation at the end of its 60 days from receipt, not before', () => {
    const preserved = order('PRESERVATION', false, [created, step('ISSUE', 0, 'DRAFT', 'ISSUED'), step('CONFIRM_PRESERVATION', HOUR, 'ISSUED', 'PRESERVED')]);
    expect(clockStepDue(preserved, at(60 * DAY - 1))).toBeNull();
    expect(clockStepDue(preserved, at(60 * DAY))).toEqual({ action: 'EXPIRE', reason: 'PRESERVATION_PERIOD_ENDED', endedAt: at(60 * DAY) });
    expect(factsOf(preserved, at(60 * DAY)).preservation).toMatchObject({ expired: true, withinFirstPeriod: false });
  });

  it('withdraws an emergency order police issued alone when 48 hours pass without validation', () => {
    const issued = order('PRODUCTION', true, [created, step('ISSUE', 0, 'DRAFT', 'ISSUED', { withoutPriorValidation: true })]);
    expect(clockStepDue(issued, at(48 * HOUR - 1))).toBeNull();
    expect(clockStepDue(issued, at(48 * HOUR))).toEqual({ action: 'WITHDRAW', reason: 'EX_POST_VALIDATION_LAPSED', endedAt: at(48 * HOUR) });
    const validated = order('PRODUCTION', true, [...issued.history, step('VALIDATE', 47 * HOUR, 'ISSUED', 'ISSUED')]);
    expect(clockStepDue(validated, at(49 * HOUR))).toBeNull();
  });

  it('withdraws a UK overseas production order the designated authority did not serve within 3 months of its making (COPOA 2019 s.9)', () => {
    const route = evaluateRouting(
      loadCatalogue(),
      routingInput({ issuingCountry: 'GB', date: '2026-09-01', dataCategories: ['CONTENT'], targetIsUsPerson: false, targetLocation: 'GB' }),
      PROVIDERS.examplegram,
    ).selected!;
    expect(route.instrument).toBe('UK_US_DAA');
    const made: OrderState = {
      status: 'AWAITING_CERTIFICATION',
      type: 'PRODUCTION',
      tier: 'HIGH',
      emergency: false,
      enforcingState: null,
      route,
      history: [created, step('SUBMIT', 0, 'DRAFT', 'PENDING_VALIDATION'), step('VALIDATE', HOUR, 'PENDING_VALIDATION', 'AWAITING_CERTIFICATION')],
      resumeStatus: null,
    };
    const lapse = Date.parse('2026-12-01T11:00:00Z') - t0; // three calendar months after the making
    expect(factsOf(made, at(lapse)).serviceLapsed).toBe(false);
    expect(clockStepDue(made, at(lapse))).toBeNull();
    expect(factsOf(made, at(lapse + 1)).serviceLapsed).toBe(true);
    expect(clockStepDue(made, at(lapse + 1))).toEqual({ action: 'WITHDRAW', reason: 'SERVICE_PERIOD_ENDED', endedAt: at(lapse) });
    // Certified in time, the provider has it: the service period no longer runs.
    const served = { ...made, status: 'ISSUED' as const, history: [...made.history, step('CERTIFY', 2 * HOUR, 'AWAITING_CERTIFICATION', 'ISSUED')] };
    expect(factsOf(served, at(lapse + 1)).serviceLapsed).toBe(false);
    expect(clockStepDue(served, at(lapse + 1))).toBeNull();
  });

  it('has nothing to do for a production order without an emergency', () => {
    const issued = order('PRODUCTION', false, [created, step('ISSUE', 0, 'DRAFT', 'ISSUED')]);
    expect(clockStepDue(issued, at(400 * DAY))).toBeNull();
    expect(factsOf(issued, at(0))).toMatchObject({ exPostValidationPending: false, preservation: null, review: null });
  });
});
