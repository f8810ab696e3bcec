// @vitest-environment happy-dom
/**
 * The feed's polling while the stream is down, against a stand-in for `GET /orders?updatedSince=`
 * reached through the console's own API client: every page of a busy inbox is read, and the
 * instant asked from is the exchange's, whatever the browser's clock says.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listChangedSince, liveFeed, POLL_MAX_PAGES, type FeedEvent, type OrderChange } from './live';

const SERVER_NOW = Date.parse('2026-12-04T12:00:00.000Z');
const MINUTE = 60_000;

/** The exchange's list of orders, filtered by `updatedSince` and cut in pages by an opaque cursor. */
function exchange() {
  const orders = new Map<string, OrderChange>();
  const asked: { updatedSince: string | null; limit: string | null; cursor: string | null }[] = [];
  vi.stubGlobal('fetch', async (request: Request) => {
    const url = new URL(request.url);
    if (url.pathname !== '/api/v1/orders') throw new Error(`unexpected ${url.pathname}`);
    const query = { updatedSince: url.searchParams.get('updatedSince'), limit: url.searchParams.get('limit'), cursor: url.searchParams.get('cursor') };
    asked.push(query);
    const since = Date.parse(query.updatedSince ?? '');
    const matching = [...orders.values()].filter((order) => Date.parse(order.updatedAt) > since);
    const from = query.cursor ? Number(atob(query.cursor)) : 0;
    const limit = Number(query.limit ?? 50);
    const items = matching.slice(from, from + limit).map((order) => ({ ...order, status: 'ISSUED' }));
    const nextCursor = from + limit < matching.length ? btoa(String(from + limit)) : null;
    return new Response(JSON.stringify({ items, nextCursor }), { status: 200, headers: { 'content-type': 'application/json', date: new Date(SERVER_NOW).toUTCString() } });
  });
  return {
    asked,
    change(id: string, version: number, at: number) {
      orders.set(id, { id, version, updatedAt: new Date(at).toISOString() });
    },
  };
}

/** A feed whose stream answers once (with the exchange's `Date`) and ends, then stays down: it polls. */
function feedWhileDown(events: FeedEvent[]) {
  let opened = 0;
  const feed = liveFeed({
    open: async () => {
      opened += 1;
      if (opened > 1) throw new TypeError('Failed to fetch');
      const body = new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream', date: new Date(SERVER_NOW).toUTCString() } });
    },
    changedSince: (since) => listChangedSince(since),
    random: () => 0,
    pollIntervalMs: 5_000,
  });
  return feed.subscribe((event) => events.push(event));
}

const reported = (events: FeedEvent[]) => events.flatMap((event) => (event.kind === 'order' ? [event.orderId] : []));

describe('polling for changed orders', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reads every page of a busy inbox, following nextCursor', async () => {
    const server = exchange();
    for (let index = 0; index < 450; index += 1) server.change(`order-${index}`, 2, SERVER_NOW + 10_000);
    const events: FeedEvent[] = [];
    const unsubscribe = feedWhileDown(events);
    await vi.advanceTimersByTimeAsync(5_000);
    unsubscribe();
    expect(server.asked.map((query) => query.cursor === null)).toEqual([true, false, false]);
    expect(new Set(server.asked.map((query) => query.updatedSince))).toEqual(new Set(['2026-12-04T11:59:00.000Z']));
    expect(server.asked.every((query) => query.limit === '200')).toBe(true);
    expect(new Set(reported(events)).size).toBe(450);
    expect(events.some((event) => event.kind === 'tick')).toBe(false);
  });

  it('stops after its last page and has the lists reloaded whole, then asks from the newest change it read', async () => {
    const server = exchange();
    for (let index = 0; index < 200 * POLL_MAX_PAGES + 1; index += 1) server.change(`order-${index}`, 2, SERVER_NOW + 10_000 + index);
    const read = await listChangedSince('2026-12-04T11:59:00.000Z');
    expect(read.complete).toBe(false);
    expect(read.orders).toHaveLength(200 * POLL_MAX_PAGES);
    expect(server.asked).toHaveLength(POLL_MAX_PAGES);

    server.asked.length = 0;
    const events: FeedEvent[] = [];
    const unsubscribe = feedWhileDown(events);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(events).toEqual([{ kind: 'tick' }]);
    expect(server.asked).toHaveLength(POLL_MAX_PAGES);
    await vi.advanceTimersByTimeAsync(5_000);
    unsubscribe();
    // The next poll starts a minute before the newest updatedAt the first one read.
    const newestRead = new Date(SERVER_NOW + 10_000 + 200 * POLL_MAX_PAGES - 1).getTime();
    expect(server.asked.at(-1)?.updatedSince).toBe(new Date(newestRead - MINUTE).toISOString());
  });

  for (const [browser, offset] of [
    ['ahead of', 10 * MINUTE],
    ['behind', -10 * MINUTE],
  ] as const) {
    it(`asks from the exchange's time, not the browser's, with a browser clock 10 minutes ${browser} it, and reports each change once`, async () => {
      vi.setSystemTime(SERVER_NOW + offset);
      const server = exchange();
      server.change('before', 1, SERVER_NOW - 5 * MINUTE);
      const events: FeedEvent[] = [];
      const unsubscribe = feedWhileDown(events);
      await vi.advanceTimersByTimeAsync(0);
      // Changed on the exchange just after the stream answered.
      server.change('changed', 2, SERVER_NOW + 30_000);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(server.asked[0].updatedSince).toBe('2026-12-04T11:59:00.000Z');
      expect(reported(events)).toEqual(['changed']);
      // The next polls overlap it: nothing new until its version moves.
      await vi.advanceTimersByTimeAsync(10_000);
      expect(reported(events)).toEqual(['changed']);
      server.change('changed', 3, SERVER_NOW + 2 * MINUTE);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(reported(events)).toEqual(['changed', 'changed']);
      await vi.advanceTimersByTimeAsync(5_000);
      unsubscribe();
      expect(server.asked.at(-1)?.updatedSince).toBe('2026-12-04T12:01:00.000Z');
    });
  }
});
