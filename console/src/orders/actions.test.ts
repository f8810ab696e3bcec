import { describe, expect, it } from 'vitest';
import { isoFromNow, me, NOW, order, routing } from '../test/factories';
import { ACTIONS, availableActions, DISPLAY_ORDER, tableActions } from './actions';
import { PATHS } from './perform';

const names = (list: { action: string }[]) => list.map((entry) => entry.action);
const HOUR = 3_600_000;

describe('the actions a user is offered', () => {
  it('cover every action of the life-cycle table that a person takes', () => {
    // A new transition in libs/domain needs its button (and form and endpoint) here.
    const withoutButton = tableActions().filter((action) => action !== 'EXPIRE' && !(action in ACTIONS && DISPLAY_ORDER.includes(action)));
    expect(withoutButton).toEqual([]);
    expect([...DISPLAY_ORDER].sort()).toEqual(Object.keys(ACTIONS).sort());
    // ...and its endpoint: every button but "Edit draft" posts to one.
    expect(Object.keys(ACTIONS).filter((action) => action !== 'AMEND').sort()).toEqual(Object.keys(PATHS).sort());
  });

  it('give the provider’s legal team its answers to an issued production order', () => {
    const legalTeam = me(['RESPONDER', 'ORG_ADMIN'], { kind: 'PROVIDER', country: 'US' });
    expect(names(availableActions(order({ status: 'ISSUED', parties: ['ADDRESSEE'] }), legalTeam, NOW))).toEqual(['ACKNOWLEDGE', 'PRODUCE', 'REQUEST_CLARIFICATION', 'NOT_EXECUTE']);
    expect(names(availableActions(order({ status: 'ACKNOWLEDGED', parties: ['ADDRESSEE'] }), legalTeam, NOW))).toEqual(['PRODUCE', 'REQUEST_CLARIFICATION', 'NOT_EXECUTE']);
    expect(names(availableActions(order({ status: 'ISSUED', type: 'PRESERVATION', parties: ['ADDRESSEE'] }), legalTeam, NOW))).toEqual(['ACKNOWLEDGE', 'CONFIRM_PRESERVATION', 'REQUEST_CLARIFICATION', 'NOT_EXECUTE']);
  });

  it('offer nothing to a provider on someone else’s part of the order, or once it is produced', () => {
    const legalTeam = me(['RESPONDER'], { kind: 'PROVIDER' });
    expect(availableActions(order({ status: 'PRODUCED', parties: ['ADDRESSEE'] }), legalTeam, NOW)).toEqual([]);
    expect(availableActions(order({ status: 'ISSUED', parties: [] }), legalTeam, NOW)).toEqual([]);
  });

  it('hold production back, visibly, while a suspensive review runs', () => {
    const legalTeam = me(['RESPONDER'], { kind: 'PROVIDER' });
    const reviewed = order({
      status: 'ACKNOWLEDGED',
      parties: ['ADDRESSEE'],
      enforcingReview: { state: 'IE', status: 'PENDING', suspensive: true, endsAt: isoFromNow(240 * HOUR), decidedAt: null, grounds: [], partial: false, issuerMustWithdraw: false },
    });
    expect(availableActions(reviewed, legalTeam, NOW)).toContainEqual(expect.objectContaining({ action: 'PRODUCE', blocked: 'REVIEW_PENDING' }));
    const cleared = { ...reviewed, enforcingReview: { ...reviewed.enforcingReview!, status: 'NO_GROUNDS' as const } };
    expect(availableActions(cleared, legalTeam, NOW).find((entry) => entry.action === 'PRODUCE')?.blocked).toBeUndefined();
  });

  it('let police submit a content order for validation but not issue it, and a judge issue it', () => {
    const draft = order({ status: 'DRAFT', parties: ['ISSUING'], receivedAt: null, dueAt: null });
    const officer = me(['OFFICER'], { authorityType: 'POLICE' });
    const judge = me(['VALIDATOR'], { authorityType: 'INVESTIGATING_JUDGE' });
    expect(names(availableActions(draft, officer, NOW))).toEqual(['SUBMIT', 'AMEND', 'WITHDRAW']);
    expect(names(availableActions(draft, judge, NOW))).toEqual(['ISSUE', 'SUBMIT', 'AMEND', 'WITHDRAW']);
  });

  it('let police issue alone an emergency the route allows (subscriber data)', () => {
    const emergency = order({
      status: 'DRAFT',
      tier: 'LOW',
      parties: ['ISSUING'],
      emergency: { ground: 'LIFE', justification: 'A child is missing' },
      route: routing({ production: 'PT8H', emergencyWithoutPriorValidation: true }),
    });
    expect(names(availableActions(emergency, me(['OFFICER'], { authorityType: 'POLICE' }), NOW))).toContain('ISSUE');
  });

  it('give a judicial authority asked to validate the approve and refuse buttons, if its type may validate', () => {
    const pending = order({ status: 'PENDING_VALIDATION', parties: ['VALIDATION_CANDIDATE'], receivedAt: null, dueAt: null });
    expect(names(availableActions(pending, me(['VALIDATOR'], { authorityType: 'INVESTIGATING_JUDGE' }), NOW))).toEqual(['VALIDATE', 'REFUSE_VALIDATION']);
    // A prosecutor never validates traffic or content production (the route's validators).
    expect(availableActions(pending, me(['PROSECUTOR', 'VALIDATOR'], { authorityType: 'PROSECUTOR' }), NOW)).toEqual([]);
  });

  it('give the enforcing authority its review only while it is pending', () => {
    const reviewer = me(['REVIEWER'], { authorityType: 'ENFORCING_AUTHORITY' });
    const review = { state: 'IE', status: 'PENDING' as const, suspensive: true, endsAt: isoFromNow(HOUR), decidedAt: null, grounds: [], partial: false, issuerMustWithdraw: false };
    expect(names(availableActions(order({ status: 'ACKNOWLEDGED', parties: ['ENFORCING'], enforcingReview: review }), reviewer, NOW))).toEqual(['REVIEW']);
    expect(availableActions(order({ status: 'ACKNOWLEDGED', parties: ['ENFORCING'], enforcingReview: { ...review, status: 'NO_GROUNDS' } }), reviewer, NOW)).toEqual([]);
  });

  it('let the issuing authority clarify, close and withdraw', () => {
    const officer = me(['OFFICER'], { authorityType: 'POLICE' });
    expect(names(availableActions(order({ status: 'CLARIFICATION_REQUESTED', parties: ['ISSUING'] }), officer, NOW))).toEqual(['CLARIFY', 'WITHDRAW']);
    expect(names(availableActions(order({ status: 'PRODUCED', parties: ['ISSUING'] }), officer, NOW))).toEqual(['CLOSE', 'WITHDRAW']);
  });

  it('offer an operator nothing on an order', () => {
    expect(availableActions(order({ status: 'ISSUED', parties: [] }), me(['OPERATOR'], { kind: 'OPERATOR', country: null }), NOW)).toEqual([]);
  });
});
