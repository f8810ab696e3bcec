import { describe, expect, it } from 'vitest';
import type { RoutingResult, Step } from '../api/types';
import { isoFromNow, me, NOW, order, removalOrder, routing } from '../test/factories';
import { ACTIONS, availableActions, DISPLAY_ORDER, tableActions } from './actions';
import { TCO_IMPOSSIBILITY_REASONS as DOMAIN_TCO_IMPOSSIBILITY_REASONS } from '../../../libs/domain/order-content.js';
import { TCO_IMPOSSIBILITY_REASONS } from './action-forms';
import { awaitingStatuses } from './OrderList';
import { PATHS, requestOf } from './perform';

const names = (list: { action: string }[]) => list.map((entry) => entry.action);
const HOUR = 3_600_000;

/** A route with hops between the issuing side and the provider, each taken in these roles. */
function routeWithHops(...hops: { kind: 'CERTIFICATION' | 'TRANSMISSION' | 'RECOGNITION'; roles: string[] }[]): RoutingResult {
  const route = routing({ production: 'P10D', issuers: [], validators: ['COURT'] });
  return { ...route, selected: { ...route.selected!, hops: hops.map((hop) => ({ ...hop, side: 'ISSUING', country: 'GB' })) as never } };
}

function step(action: Step['action'], userId: string, payload: Record<string, unknown> = {}): Step {
  return { seq: 1, action, actor: { userId, organisationId: 'org-1', role: 'OFFICER', name: null, organisationName: null }, payload } as Step;
}

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

  it('give a designated authority’s certifier certify and refuse while the order awaits it, and nobody else', () => {
    const awaiting = order({ status: 'AWAITING_CERTIFICATION', parties: ['CERTIFYING'], receivedAt: null, dueAt: null, route: routeWithHops({ kind: 'CERTIFICATION', roles: ['CERTIFIER'] }) });
    const homeOffice = me(['CERTIFIER'], { authorityType: 'DESIGNATED_AUTHORITY', country: 'GB' });
    expect(names(availableActions(awaiting, homeOffice, NOW))).toEqual(['CERTIFY', 'REFUSE_CERTIFICATION']);
    // An officer of the same authority does not certify; nor does the issuing court.
    expect(availableActions(awaiting, me(['OFFICER'], { authorityType: 'DESIGNATED_AUTHORITY' }), NOW)).toEqual([]);
    expect(names(availableActions({ ...awaiting, parties: ['ISSUING'] }, me(['VALIDATOR'], { authorityType: 'COURT' }), NOW))).toEqual(['WITHDRAW']);
    // Once certified, the order is the provider's.
    expect(availableActions({ ...awaiting, status: 'ISSUED' }, homeOffice, NOW)).toEqual([]);
  });

  it('give the central authority and the authority addressed pass-on and refuse, in the roles the route’s hop names', () => {
    const route = routeWithHops({ kind: 'TRANSMISSION', roles: ['CERTIFIER'] }, { kind: 'RECOGNITION', roles: ['PROSECUTOR', 'VALIDATOR'] });
    const transmitting = order({ status: 'AWAITING_TRANSMISSION', parties: ['TRANSMITTING'], receivedAt: null, dueAt: null, route });
    expect(names(availableActions(transmitting, me(['CERTIFIER'], { authorityType: 'CENTRAL_AUTHORITY' }), NOW))).toEqual(['FORWARD', 'REFUSE_FORWARDING']);
    const recognising = { ...transmitting, status: 'AWAITING_RECOGNITION' as const, parties: ['EXECUTING' as const] };
    expect(names(availableActions(recognising, me(['PROSECUTOR'], { authorityType: 'PROSECUTOR', country: 'DE' }), NOW))).toEqual(['FORWARD', 'REFUSE_FORWARDING']);
    // The executing authority's officer is not a role this hop takes.
    expect(availableActions(recognising, me(['OFFICER'], { authorityType: 'PROSECUTOR', country: 'DE' }), NOW)).toEqual([]);
  });

  it('let a second person of the issuing authority countersign an emergency order once, never its drafter or issuer', () => {
    const emergency = order({ status: 'ISSUED', parties: ['ISSUING'], emergency: { ground: 'LIFE', justification: 'A child is missing' }, emergencyVerification: { countersigned: false, countersignedAt: null, countersignedBy: null } });
    const colleague = me(['OFFICER'], { authorityType: 'POLICE' });
    const steps = [step('CREATE', 'drafter'), step('ISSUE', 'issuer')];
    expect(names(availableActions(emergency, colleague, NOW, steps))).toContain('COUNTERSIGN');
    const drafter = { ...colleague, user: { ...colleague.user, id: 'drafter' } };
    const issuer = { ...colleague, user: { ...colleague.user, id: 'issuer' } };
    expect(names(availableActions(emergency, drafter, NOW, steps))).not.toContain('COUNTERSIGN');
    expect(names(availableActions(emergency, issuer, NOW, steps))).not.toContain('COUNTERSIGN');
    const countersigned = { ...emergency, emergencyVerification: { countersigned: true, countersignedAt: isoFromNow(-HOUR), countersignedBy: { userId: 'user-1', name: 'Someone', function: null } } };
    expect(names(availableActions(countersigned, colleague, NOW, steps))).not.toContain('COUNTERSIGN');
    expect(names(availableActions({ ...emergency, emergency: null, emergencyVerification: null }, colleague, NOW, steps))).not.toContain('COUNTERSIGN');
  });

  it('let the provider ask the issuing authority to confirm an emergency order, while it has the order to act on', () => {
    const legalTeam = me(['RESPONDER'], { kind: 'PROVIDER' });
    const emergency = order({ status: 'ISSUED', parties: ['ADDRESSEE'], emergency: { ground: 'LIFE', justification: 'A child is missing' }, route: routing({ production: 'PT8H' }) });
    expect(names(availableActions(emergency, legalTeam, NOW))).toEqual(['ACKNOWLEDGE', 'PRODUCE', 'REQUEST_CLARIFICATION', 'NOT_EXECUTE', 'CHALLENGE']);
    expect(names(availableActions({ ...emergency, emergency: null }, legalTeam, NOW))).not.toContain('CHALLENGE');
    expect(names(availableActions({ ...emergency, status: 'PRODUCED' }, legalTeam, NOW))).not.toContain('CHALLENGE');
  });

  it('send each decision to its endpoint, told apart from its refusal by `decision`', () => {
    expect(requestOf('CERTIFY')).toEqual({ path: '/api/v1/orders/{id}/certify', body: { decision: 'CERTIFY' } });
    expect(requestOf('REFUSE_CERTIFICATION', { reason: 'Not compliant' })).toEqual({ path: '/api/v1/orders/{id}/certify', body: { decision: 'REFUSE', reason: 'Not compliant' } });
    expect(requestOf('FORWARD')).toEqual({ path: '/api/v1/orders/{id}/forward', body: { decision: 'FORWARD' } });
    expect(requestOf('REFUSE_FORWARDING', { reason: 'Dual criminality' })).toEqual({ path: '/api/v1/orders/{id}/forward', body: { decision: 'REFUSE', reason: 'Dual criminality' } });
    expect(requestOf('COUNTERSIGN', { note: 'Checked with the duty officer' })).toEqual({ path: '/api/v1/orders/{id}/countersign', body: { note: 'Checked with the duty officer' } });
    expect(requestOf('CHALLENGE', { reason: 'Unknown sender' })).toEqual({ path: '/api/v1/orders/{id}/challenge', body: { reason: 'Unknown sender' } });
  });
});

describe('the actions of a removal order (Reg. 2021/784)', () => {
  const legalTeam = me(['RESPONDER'], { kind: 'PROVIDER', country: 'IE' });
  const officer = me(['OFFICER'], { authorityType: 'POLICE' });
  const hostState = me(['REVIEWER'], { authorityType: 'ENFORCING_AUTHORITY', country: 'IE' });

  it('give the hosting provider its answers within the hour: Annex II, Annex III, and the request for scrutiny while it is open', () => {
    expect(names(availableActions(removalOrder({ status: 'ISSUED', parties: ['ADDRESSEE'] }), legalTeam, NOW))).toEqual(['ACKNOWLEDGE', 'REMOVE', 'NOT_EXECUTE', 'REQUEST_SCRUTINY']);
    expect(names(availableActions(removalOrder({ status: 'ACKNOWLEDGED', parties: ['ADDRESSEE'] }), legalTeam, NOW))).toEqual(['REMOVE', 'NOT_EXECUTE', 'REQUEST_SCRUTINY']);
    // Removed, it may still ask for scrutiny; nothing else is left to do.
    expect(names(availableActions(removalOrder({ status: 'REMOVED', parties: ['ADDRESSEE'] }), legalTeam, NOW))).toEqual(['REQUEST_SCRUTINY']);
  });

  it('offer the request for scrutiny only where there is a host State, within 48 hours of receipt, once', () => {
    const issued = { status: 'ISSUED' as const, parties: ['ADDRESSEE' as const] };
    expect(names(availableActions(removalOrder({ ...issued, scrutiny: null }), legalTeam, NOW))).not.toContain('REQUEST_SCRUTINY');
    expect(names(availableActions(removalOrder({ ...issued, scrutiny: { requestDueAt: isoFromNow(-HOUR) } }), legalTeam, NOW))).not.toContain('REQUEST_SCRUTINY');
    expect(names(availableActions(removalOrder({ ...issued, scrutiny: { requestedAt: isoFromNow(-HOUR) } }), legalTeam, NOW))).not.toContain('REQUEST_SCRUTINY');
    expect(names(availableActions(removalOrder({ ...issued, scrutiny: { status: 'NO_INFRINGEMENT', decidedAt: isoFromNow(-HOUR) } }), legalTeam, NOW))).not.toContain('REQUEST_SCRUTINY');
  });

  it('lift force majeure by the provider’s report, and manifest errors by the issuer’s clarification, as the Annex III report says', () => {
    const notExecuted = removalOrder({ status: 'NOT_EXECUTED', parties: ['ADDRESSEE', 'ISSUING'] });
    const forceMajeure = [step('NOT_EXECUTE', 'provider', { reasons: ['FORCE_MAJEURE'], explanation: 'Fire in the data centre' })];
    const errors = [step('NOT_EXECUTE', 'provider', { reasons: ['MANIFEST_ERRORS'], explanation: 'The URL is not ours' })];
    expect(names(availableActions(notExecuted, legalTeam, NOW, forceMajeure))).toEqual(['RESUME_EXECUTION', 'REQUEST_SCRUTINY']);
    expect(names(availableActions(notExecuted, officer, NOW, forceMajeure))).toEqual(['WITHDRAW']);
    expect(names(availableActions(notExecuted, legalTeam, NOW, errors))).toEqual(['REQUEST_SCRUTINY']);
    expect(names(availableActions(notExecuted, officer, NOW, errors))).toEqual(['CLARIFY', 'WITHDRAW']);
    // Steps not loaded yet: each side is offered its button and the API decides.
    expect(names(availableActions(notExecuted, legalTeam, NOW))).toContain('RESUME_EXECUTION');
    expect(names(availableActions(notExecuted, officer, NOW))).toContain('CLARIFY');
  });

  it('give the host State’s competent authority its decision while the scrutiny is pending, and nobody else', () => {
    const copied = removalOrder({ status: 'REMOVED', parties: ['SCRUTINISING'] });
    expect(names(availableActions(copied, hostState, NOW))).toEqual(['SCRUTINISE']);
    expect(availableActions({ ...copied, parties: [] }, hostState, NOW)).toEqual([]);
    expect(availableActions(removalOrder({ status: 'REMOVED', parties: ['SCRUTINISING'], scrutiny: { status: 'LAPSED' } }), hostState, NOW)).toEqual([]);
    expect(availableActions(removalOrder({ status: 'REMOVED', parties: ['SCRUTINISING'], scrutiny: { status: 'NO_INFRINGEMENT' } }), hostState, NOW)).toEqual([]);
    // The provider does not decide its own scrutiny.
    expect(names(availableActions({ ...copied, parties: ['ADDRESSEE'] }, legalTeam, NOW))).not.toContain('SCRUTINISE');
  });

  it('let the issuer close a removed order only once the scrutiny can no longer come', () => {
    expect(names(availableActions(removalOrder({ status: 'REMOVED', parties: ['ISSUING'] }), officer, NOW))).toEqual(['WITHDRAW']);
    expect(names(availableActions(removalOrder({ status: 'REMOVED', parties: ['ISSUING'], scrutiny: { status: 'NO_INFRINGEMENT' } }), officer, NOW))).toEqual(['CLOSE', 'WITHDRAW']);
    expect(names(availableActions(removalOrder({ status: 'REMOVED', parties: ['ISSUING'], scrutiny: null }), officer, NOW))).toEqual(['CLOSE', 'WITHDRAW']);
    expect(availableActions(removalOrder({ status: 'REVOKED', parties: ['ISSUING'] }), officer, NOW)).toEqual([]);
  });

  it('send each answer to its endpoint; a removal order’s Annex III to /impossibility', () => {
    expect(requestOf('REMOVE', { action: 'REMOVED', hashes: [{ sha256: 'ab'.repeat(32) }] }, 'REMOVAL')).toEqual({ path: '/api/v1/orders/{id}/removal', body: { action: 'REMOVED', hashes: [{ sha256: 'ab'.repeat(32) }] } });
    expect(requestOf('NOT_EXECUTE', { reasons: ['FORCE_MAJEURE'], explanation: 'Fire' }, 'REMOVAL').path).toBe('/api/v1/orders/{id}/impossibility');
    expect(requestOf('NOT_EXECUTE', { reasons: ['DATA_NOT_STORED'], explanation: 'Deleted' }, 'PRODUCTION').path).toBe('/api/v1/orders/{id}/non-execution');
    expect(requestOf('RESUME_EXECUTION', {}, 'REMOVAL').path).toBe('/api/v1/orders/{id}/resume');
    expect(requestOf('REQUEST_SCRUTINY', { requestedBy: 'CONTENT_PROVIDER', reason: 'News report' }, 'REMOVAL').path).toBe('/api/v1/orders/{id}/scrutiny-request');
    expect(requestOf('SCRUTINISE', { decision: 'INFRINGEMENT', reason: 'Journalism' }, 'REMOVAL').path).toBe('/api/v1/orders/{id}/scrutiny');
  });

  it('name the Annex III reasons the exchange knows, in its order', () => {
    expect([...TCO_IMPOSSIBILITY_REASONS]).toEqual([...DOMAIN_TCO_IMPOSSIBILITY_REASONS]);
  });

  it('keep a removed order in the host State’s reviewer’s inbox, where its scrutiny may still come', () => {
    expect(awaitingStatuses(hostState)).toContain('REMOVED');
    expect(awaitingStatuses(legalTeam)).not.toContain('REMOVED');
  });
});
