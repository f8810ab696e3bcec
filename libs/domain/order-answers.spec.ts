import { isPartialProduction, nonExecutionProblems, productionProblems, recordDecisions, recordReasons, reviewProblems, reviewRecord } from './order-answers.js';

const order = { targets: [{ value: 'a.one' }, { value: 'a.two' }], dataCategories: ['SUBSCRIBER' as const, 'TRAFFIC' as const] };
const all = (produced: boolean) =>
  order.targets.flatMap((target) => order.dataCategories.map((category) => ({ target: target.value, category, produced, ...(produced ? {} : { reason: 4 }) })));

describe('what a provider or reviewer says', () => {
  it('records Annex III reasons by number and code, whichever was sent', () => {
    expect(recordReasons([4, 'THIRD_COUNTRY_CONFLICT'])).toEqual([{ number: 4, code: 'DATA_NOT_STORED' }, { number: 10, code: 'THIRD_COUNTRY_CONFLICT' }]);
  });

  it('asks for section E exactly with reason 10, and a reason when nothing is preserved', () => {
    expect(nonExecutionProblems({ reasons: [10], preservation: { preserved: true } }).map((p) => p.field)).toEqual(['thirdCountryConflict']);
    expect(nonExecutionProblems({ reasons: [4], thirdCountryConflict: {}, preservation: { preserved: false } }).map((p) => p.field)).toEqual(['thirdCountryConflict', 'preservation.reason']);
    expect(nonExecutionProblems({ reasons: ['THIRD_COUNTRY_CONFLICT'], thirdCountryConflict: {}, preservation: { preserved: false, reason: 'gone' } })).toEqual([]);
  });

  it('wants grounds with GROUNDS_RAISED and none with NO_GROUNDS; grounds in full oblige the issuer to withdraw', () => {
    expect(reviewProblems({ decision: 'GROUNDS_RAISED' }).map((p) => p.field)).toEqual(['grounds']);
    expect(reviewProblems({ decision: 'NO_GROUNDS', grounds: ['NE_BIS_IN_IDEM'], partial: true }).map((p) => p.field)).toEqual(['grounds', 'partial']);
    expect(reviewRecord({ decision: 'GROUNDS_RAISED', grounds: ['NE_BIS_IN_IDEM'] })).toMatchObject({ issuerMustWithdraw: true, partial: false });
    expect(reviewRecord({ decision: 'GROUNDS_RAISED', grounds: ['NE_BIS_IN_IDEM'], partial: true })).toMatchObject({ issuerMustWithdraw: false });
  });

  it('wants one decision for every target and category, reasons exactly for what is withheld, and evidence for what is produced', () => {
    expect(productionProblems(order, { evidenceIds: ['e'], decisions: all(true) })).toEqual([]);
    const missing = productionProblems(order, { evidenceIds: ['e'], decisions: all(true).slice(1) });
    expect(missing).toEqual([{ field: 'decisions', message: expect.stringContaining('no decision for a.one and SUBSCRIBER') }]);
    const twice = productionProblems(order, { evidenceIds: ['e'], decisions: [...all(true), all(true)[0]] });
    expect(twice.map((p) => p.field)).toEqual(['decisions[4]']);
    const reasons = productionProblems(order, { evidenceIds: ['e'], decisions: [{ ...all(true)[0], reason: 4 }, { ...all(false)[1], reason: undefined }, ...all(true).slice(2)] });
    expect(reasons.map((p) => p.field)).toEqual(['decisions[0].reason', 'decisions[1].reason']);
    const strangers = productionProblems(order, { evidenceIds: ['e'], decisions: [{ target: 'x', category: 'CONTENT', produced: true }, ...all(true).slice(1)] });
    expect(strangers.map((p) => p.field)).toEqual(['decisions[0].target', 'decisions[0].category', 'decisions']);
    expect(productionProblems(order, { evidenceIds: [], decisions: all(true) }).map((p) => p.field)).toEqual(['evidenceIds']);
    expect(productionProblems(order, { evidenceIds: [], decisions: all(false) }).map((p) => p.message)).toEqual([expect.stringContaining('non-execution')]);
  });

  it('calls a production with anything withheld partial, and records its reasons by code', () => {
    expect(isPartialProduction({ decisions: all(true) })).toBe(false);
    expect(isPartialProduction({ decisions: [...all(true).slice(1), all(false)[0]] })).toBe(true);
    expect(recordDecisions([{ target: 'a.one', category: 'SUBSCRIBER', produced: false, reason: 4 }])).toEqual([{ target: 'a.one', category: 'SUBSCRIBER', produced: false, reason: 'DATA_NOT_STORED' }]);
  });
});
