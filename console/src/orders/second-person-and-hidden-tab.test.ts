/**
 * Two defects a review found: the console offered a countersignature to a colleague who had
 * prepared the order, and a tab hidden before any event came missed what changed meanwhile.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decide } from '../../../libs/domain/order-lifecycle.js';
import type { Step } from '../api/types';
import { me, NOW, order } from '../test/factories';
import { availableActions, factsOf } from './actions';
import { liveFeed, type FeedEvent } from './live';

function step(action: Step['action'], userId: string): Step {
  return { seq: 1, action, actor: { userId, organisationId: 'org-1', role: 'OFFICER', name: null, organisationName: null }, payload: {} } as Step;
}

describe('countersignature: the console mirrors decide', () => {
  it('does not offer COUNTERSIGN to the person who amended (or submitted) the emergency order', () => {
    const emergency = order({ status: 'ISSUED', parties: ['ISSUING'], emergency: { ground: 'LIFE', justification: 'A child is missing' }, emergencyVerification: { countersigned: false, countersignedAt: null, countersignedBy: null } });
    const steps = [step('CREATE', 'drafter'), step('AMEND', 'amender'), step('SUBMIT', 'amender'), step('ISSUE', 'issuer')];
    const base = me(['OFFICER'], { authorityType: 'POLICE' });
    const amender = { ...base, user: { ...base.user, id: 'amender' } };
    // What the exchange decides for the same person (libs/domain's own facts carry preparedBy).
    const consoleFacts = factsOf(emergency, NOW, steps);
    const domainRefuses = decide('COUNTERSIGN', { ...consoleFacts, countersignature: { ...consoleFacts.countersignature, preparedBy: ['drafter', 'amender', 'issuer'] } }, { parties: emergency.parties, roles: amender.user.roles, authorityType: 'POLICE', userId: 'amender' }, {});
    expect(domainRefuses.allowed).toBe(false);
    expect(availableActions(emergency, amender, NOW, steps).map((a) => a.action)).not.toContain('COUNTERSIGN');
  });
});

describe('live feed: a hidden tab', () => {
  afterEach(() => vi.useRealTimers());

  it('catches up on what changed while it was hidden even when no event had arrived before it hid', async () => {
    vi.useFakeTimers();
    let hidden = false;
    let change = () => {};
    const polls: string[] = [];
    const events: FeedEvent[] = [];
    const stream = () => new Response(new ReadableStream<Uint8Array>({ start() {} }), { status: 200, headers: { 'content-type': 'text/event-stream' } });
    const feed = liveFeed({
      open: async () => stream(),
      changedSince: async (since) => {
        polls.push(since);
        return { orders: [{ id: 'changed-while-hidden', version: 2, updatedAt: '2026-12-04T12:30:00.000Z' }], complete: true };
      },
      random: () => 0,
      visibility: { hidden: () => hidden, watch: (callback) => ((change = callback), () => (change = () => {})) },
    });
    const unsubscribe = feed.subscribe((event) => events.push(event));
    await vi.advanceTimersByTimeAsync(0);
    hidden = true; // the officer switches tab for an hour; the stream closes, no Last-Event-ID to resume from
    change();
    await vi.advanceTimersByTimeAsync(3_600_000);
    hidden = false; // back: the stream reopens from "now" on the server, so the hour's changes are never replayed
    change();
    await vi.advanceTimersByTimeAsync(0);
    unsubscribe();
    // Either a poll for what changed meanwhile, or a full reload ("tick"), is needed.
    expect(polls.length > 0 || events.some((event) => event.kind === 'tick')).toBe(true);
  });
});
