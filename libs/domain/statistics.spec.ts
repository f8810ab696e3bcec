import type { DataCategory, OrderType } from './data-categories.js';
import { computeStatistics, orderFigures, statisticsCsv, type StatisticsOrder, type StatisticsStep } from './statistics.js';

const DAY = 24 * 3_600_000;
const T0 = Date.parse('2026-03-02T09:00:00Z');
const at = (days: number) => new Date(T0 + days * DAY);
const PRODUCTION_DEADLINES = [{ clock: 'PRODUCTION', duration: 'P10D' }];

let sequence = 0;
function order(steps: [action: string, day: number, from: string | null, to: string, facts?: Record<string, unknown>][], options: Partial<StatisticsOrder> & { type?: OrderType; categories?: DataCategory[] } = {}): StatisticsOrder {
  sequence += 1;
  return {
    id: `order-${sequence}`,
    type: options.type ?? 'PRODUCTION',
    instrument: options.instrument ?? 'EU_PRODUCTION_ORDER',
    emergency: options.emergency ?? false,
    dataCategories: options.categories ?? ['SUBSCRIBER'],
    issuingState: options.issuingState ?? 'FR',
    enforcingState: options.enforcingState ?? null,
    provider: options.provider ?? { id: 'p1', name: 'Examplegram', country: 'IE' },
    deadlines: options.deadlines ?? PRODUCTION_DEADLINES,
    steps: steps.map(([action, day, fromStatus, toStatus, facts]): StatisticsStep => ({ action, at: at(day), fromStatus, toStatus, facts: facts ?? {} })),
  };
}
const created = ['CREATE', -1, null, 'DRAFT'] as const;
const issued = (day = 0, facts: Record<string, unknown> = { withoutPriorValidation: false }) => ['ISSUE', day, 'DRAFT', 'ISSUED', facts] as const;

describe('statistics from the record (Reg. 2023/1543 Art 28)', () => {
  const produced = order([[...created], [...issued()], ['ACKNOWLEDGE', 0.5, 'ISSUED', 'ACKNOWLEDGED'], ['PRODUCE', 2, 'ACKNOWLEDGED', 'PRODUCED']]);
  // Three days waiting for a clarification do not count: 12 days from receipt, 9 of them the provider's, due at 13.
  const clarified = order([[...created], [...issued()], ['REQUEST_CLARIFICATION', 1, 'ISSUED', 'CLARIFICATION_REQUESTED'], ['CLARIFY', 4, 'CLARIFICATION_REQUESTED', 'ISSUED'], ['PRODUCE', 12, 'ISSUED', 'PARTIALLY_PRODUCED']], {
    categories: ['SUBSCRIBER', 'TRAFFIC'],
    provider: { id: 'p2', name: '=Nordtel, "the" carrier', country: 'NL' },
  });
  const overdue = order([[...created], [...issued(1)]], { issuingState: 'DE' });
  const declined = order([[...created], [...issued()], ['NOT_EXECUTE', 3, 'ISSUED', 'NOT_EXECUTED', { reasons: [{ number: 4, code: 'DATA_NOT_STORED' }, { number: 10, code: 'THIRD_COUNTRY_CONFLICT' }] }]], { categories: ['CONTENT'], enforcingState: 'IE' });
  const preserved = order([[...created], [...issued()], ['CONFIRM_PRESERVATION', 0.25, 'ISSUED', 'PRESERVED'], ['CONFIRM_SUBSEQUENT_REQUEST', 20, 'PRESERVED', 'PRESERVED_PENDING_PRODUCTION']], {
    type: 'PRESERVATION',
    instrument: 'EU_PRESERVATION_ORDER',
    deadlines: [{ clock: 'PRESERVATION', duration: 'P60D' }],
  });
  const emergency = order([[...created], [...issued(0, { withoutPriorValidation: true })], ['REFUSE_VALIDATION', 1, 'ISSUED', 'WITHDRAWN']], { emergency: true, deadlines: [{ clock: 'PRODUCTION', duration: 'PT8H' }] });
  const reviewed = order([[...created], ['SUBMIT', -0.5, 'DRAFT', 'PENDING_VALIDATION'], ['VALIDATE', 0, 'PENDING_VALIDATION', 'ISSUED'], ['REVIEW', 2, 'ISSUED', 'ISSUED', { decision: 'GROUNDS_RAISED', grounds: ['FUNDAMENTAL_RIGHTS'], partial: false }], ['WITHDRAW', 3, 'ISSUED', 'WITHDRAWN']], {
    categories: ['CONTENT'],
    enforcingState: 'IE',
  });
  const draft = order([[...created]]);
  const lastYear = order([[...created], ['ISSUE', -400, 'DRAFT', 'ISSUED', {}], ['PRODUCE', -399, 'ISSUED', 'PRODUCED']]);
  const all = [produced, clarified, overdue, declined, preserved, emergency, reviewed, draft, lastYear];
  const window = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
  const now = at(12);

  it('reads each order: outcome, time to answer without clarification pauses, the deadline met or missed', () => {
    expect(orderFigures(produced, now)).toMatchObject({ outcome: 'FULFILLED', hoursToAnswer: 48, deadline: 'MET' });
    expect(orderFigures(clarified, now)).toMatchObject({ outcome: 'PARTIALLY_FULFILLED', hoursToAnswer: 9 * 24, deadline: 'MET' });
    expect(orderFigures(overdue, now)).toMatchObject({ outcome: 'PENDING', hoursToAnswer: null, deadline: 'MISSED' });
    expect(orderFigures(overdue, at(5))).toMatchObject({ deadline: 'OPEN' });
    expect(orderFigures(declined, now)).toMatchObject({ outcome: 'NOT_EXECUTED', hoursToAnswer: 72, deadline: 'MET', nonExecutionReasons: ['DATA_NOT_STORED', 'THIRD_COUNTRY_CONFLICT'] });
    expect(orderFigures(preserved, now)).toMatchObject({ outcome: 'FULFILLED', hoursToAnswer: 6, deadline: 'NONE', hoursToSubsequentRequest: 480 });
    expect(orderFigures(emergency, now)).toMatchObject({ outcome: 'WITHDRAWN', emergencyWithoutPriorValidation: true, exPostValidationNotGranted: true, deadline: 'NONE' });
    expect(orderFigures(reviewed, now)).toMatchObject({ outcome: 'WITHDRAWN', refusalGrounds: ['FUNDAMENTAL_RIGHTS'], issuedAt: at(0) });
    expect(orderFigures(draft, now)).toBeNull();
  });

  it('counts the orders issued in the window, by type, data, emergency, outcome, deadline, grounds and reasons', () => {
    const { total } = computeStatistics(all, window, 'country', now);
    expect(total).toMatchObject({
      issued: 7,
      byType: { PRODUCTION: 6, PRESERVATION: 1 },
      byDataCategory: { SUBSCRIBER: 5, IDENTIFICATION: 0, TRAFFIC: 1, CONTENT: 2 },
      emergency: 1,
      emergencyWithoutPriorValidation: 1,
      exPostValidationNotGranted: 1,
      notifiedToEnforcingState: 2,
      outcomes: { FULFILLED: 2, PARTIALLY_FULFILLED: 1, NOT_EXECUTED: 1, WITHDRAWN: 2, EXPIRED: 0, PENDING: 1 },
      deadlines: { met: 3, missed: 1, open: 0 },
      timeToSubsequentRequestHours: { count: 1, average: 480 },
      refusalGrounds: { FUNDAMENTAL_RIGHTS: 1, DUAL_CRIMINALITY: 0 },
      nonExecutionReasons: { DATA_NOT_STORED: 1, THIRD_COUNTRY_CONFLICT: 1, SERVICE_NOT_COVERED: 0 },
    });
    // Answered: 48, 216, 72 and 6 hours.
    expect(total.timeToAnswerHours).toEqual({ answered: 4, average: 85.5, median: 60, max: 216 });
  });

  it('groups by issuing and enforcing State, by instrument, by addressee', () => {
    const byCountry = computeStatistics(all, window, 'country', now).groups.map((group) => [group.key, group.issued]);
    expect(byCountry).toEqual([
      [{ issuingState: 'DE', enforcingState: null }, 1],
      [{ issuingState: 'FR', enforcingState: 'IE' }, 2],
      [{ issuingState: 'FR', enforcingState: null }, 4],
    ]);
    const byInstrument = computeStatistics(all, window, 'instrument', now).groups.map((group) => [group.key.instrument, group.issued, group.byType.PRESERVATION]);
    expect(byInstrument).toEqual([
      ['EU_PRESERVATION_ORDER', 1, 1],
      ['EU_PRODUCTION_ORDER', 6, 0],
    ]);
    const byProvider = computeStatistics(all, window, 'provider', now).groups;
    expect(byProvider.map((group) => [group.key.providerName, group.issued])).toEqual([
      ['Examplegram', 6],
      ['=Nordtel, "the" carrier', 1],
    ]);
    // An empty window counts nothing, but still answers every figure.
    expect(computeStatistics(all, { from: at(100), to: at(200) }, 'provider', now)).toMatchObject({ total: { issued: 0, timeToAnswerHours: { answered: 0, average: null } }, groups: [] });
  });

  it('exports RFC 4180 CSV for transparency reports: a total row, a row per group, the window and the log checkpoint on each', () => {
    const csv = statisticsCsv(computeStatistics(all, window, 'provider', now), { size: 1234, rootHash: '+aGVsbG8=' });
    const lines = csv.split('\r\n');
    expect(lines.at(-1)).toBe('');
    const header = lines[0].split(',');
    expect(header.slice(0, 5)).toEqual(['group', 'providerId', 'providerName', 'providerCountry', 'issued']);
    expect(header).toEqual(expect.arrayContaining(['deadline_met', 'deadline_missed', 'hours_to_answer_average', 'refusal_ground_FUNDAMENTAL_RIGHTS', 'non_execution_THIRD_COUNTRY_CONFLICT', 'log_tree_size', 'log_root_hash']));
    expect(lines).toHaveLength(1 + 1 + 2 + 1);
    expect(lines[1].startsWith('ALL,,,,7,')).toBe(true);
    expect(lines[1].endsWith(',2026-01-01T00:00:00.000Z,2027-01-01T00:00:00.000Z,1234,+aGVsbG8=')).toBe(true);
    // A name with a comma and quotes is quoted; one that looks like a formula is defused.
    expect(lines[3]).toContain(`,"'=Nordtel, ""the"" carrier",NL,1,`);
    for (const line of lines.slice(1, -1)) expect(line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)).toHaveLength(header.length);
  });
});
