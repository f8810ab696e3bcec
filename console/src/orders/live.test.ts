import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffMs, liveFeed, SseParser, type FeedEvent, type LiveFeedOptions } from './live';

describe('the Server-Sent Events parser', () => {
  it('reads messages cut anywhere across chunks, with every kind of line end', () => {
    const stream = 'id: 1\ndata: {"a":1}\n\n: a comment\r\nevent: order\r\nid: 2\r\ndata: line one\r\ndata: line two\r\n\r\nid: 3\rdata: x\r\r';
    // Every way of cutting it in two gives the same messages.
    for (let cut = 0; cut <= stream.length; cut += 1) {
      const parser = new SseParser();
      const messages = [...parser.push(stream.slice(0, cut)), ...parser.push(stream.slice(cut))];
      expect(messages, `cut at ${cut}`).toEqual([
        { id: '1', event: 'message', data: '{"a":1}' },
        { id: '2', event: 'order', data: 'line one\nline two' },
        { id: '3', event: 'message', data: 'x' },
      ]);
      expect(parser.lastEventId).toBe('3');
    }
  });

  it('keeps an unfinished message for the next chunk, and dispatches none without data', () => {
    const parser = new SseParser();
    expect(parser.push('event: keep-alive\n\nid: 7\n')).toEqual([]);
    expect(parser.lastEventId).toBe('7');
    expect(parser.push('data:no space\nretry: 5000\nunknown: field\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ id: '7', event: 'message', data: 'no space' }]);
  });
});

describe('the reconnection delay', () => {
  it('doubles from one second up to thirty, less up to half at random', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((attempt) => backoffMs(attempt, () => 0))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffMs(2, () => 1)).toBe(2000);
    expect(backoffMs(0, () => 0.5)).toBe(750);
  });
});

/** A stream the test writes to and ends. */
function controllableStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    send: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
    fail: () => controller.error(new Error('connection reset')),
  };
}

const event = (id: string, orderId: string, timestamp: string) => `id: ${id}\ndata: ${JSON.stringify({ type: 'order.updated', timestamp, data: { orderId, status: 'ISSUED' } })}\n\n`;

describe('the live feed', () => {
  let opened: { lastEventId: string | null; signal: AbortSignal }[];
  let answers: (() => Response | Promise<Response>)[];
  let polls: string[];
  let events: FeedEvent[];
  let states: string[];
  let unsubscribe: () => void;

  function start(overrides: Partial<LiveFeedOptions> = {}) {
    const feed = liveFeed({
      open: async (lastEventId, signal) => {
        opened.push({ lastEventId, signal });
        const next = answers.shift();
        if (!next) throw new TypeError('Failed to fetch');
        return next();
      },
      changedSince: async (since) => {
        polls.push(since);
        return { orders: [{ id: 'order-polled', version: 2, updatedAt: '2026-12-04T12:05:00.000Z' }], complete: true };
      },
      random: () => 0,
      pollIntervalMs: 15_000,
      onState: (state) => states.push(state),
      ...overrides,
    });
    unsubscribe = feed.subscribe((received) => events.push(received));
    return feed;
  }

  beforeEach(() => {
    vi.useFakeTimers();
    opened = [];
    answers = [];
    polls = [];
    events = [];
    states = [];
  });
  afterEach(() => {
    unsubscribe?.();
    vi.useRealTimers();
  });

  it('reports each order an event names, and reconnects after a drop with Last-Event-ID, backing off', async () => {
    const first = controllableStream();
    answers.push(() => first.response);
    start();
    await vi.advanceTimersByTimeAsync(0);
    expect(opened.map((entry) => entry.lastEventId)).toEqual([null]);
    first.send(event('e1', 'order-1', '2026-12-04T12:01:00.000Z'));
    first.send(': keep-alive comment\n\nevent: keep-alive\ndata:\n\n');
    first.send(event('e2', 'order-2', '2026-12-04T12:02:00.000Z').slice(0, 20));
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual([{ kind: 'order', orderId: 'order-1' }]);
    first.send(event('e2', 'order-2', '2026-12-04T12:02:00.000Z').slice(20));
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual([
      { kind: 'order', orderId: 'order-1' },
      { kind: 'order', orderId: 'order-2' },
    ]);

    // The stream ends; the next two attempts fail; the third opens: 1 s, 2 s, 4 s apart.
    first.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(999);
    expect(opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(opened).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(opened).toHaveLength(3);
    const second = controllableStream();
    answers.push(() => second.response);
    await vi.advanceTimersByTimeAsync(3999);
    expect(opened).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(opened.map((entry) => entry.lastEventId)).toEqual([null, 'e2', 'e2', 'e2']);
    expect(states.at(-1)).toBe('live');
    // Live again, the delay starts over.
    second.fail();
    await vi.advanceTimersByTimeAsync(1000);
    expect(opened).toHaveLength(5);
  });

  it('polls the orders changed since the last event while the stream is down, and stops once it is back', async () => {
    const first = controllableStream();
    answers.push(() => first.response);
    start({ random: () => 0, pollIntervalMs: 5000 });
    await vi.advanceTimersByTimeAsync(0);
    first.send(event('e1', 'order-1', '2026-12-04T12:01:00.000Z'));
    first.end();
    // Down for long: attempts at 1, 3, 7, 15, 31 s (then every 30 s) all fail.
    await vi.advanceTimersByTimeAsync(16_000);
    // From a minute before the newest change seen: the event's time, then the polled order's.
    expect(polls).toEqual(['2026-12-04T12:00:00.000Z', '2026-12-04T12:04:00.000Z', '2026-12-04T12:04:00.000Z']);
    // The overlap lists the order again; it is reported once, at its version 2.
    expect(events.filter((entry) => entry.kind === 'order' && entry.orderId === 'order-polled')).toHaveLength(1);
    const back = controllableStream();
    answers.push(() => back.response);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(states.at(-1)).toBe('live');
    const pollsWhenBack = polls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(polls).toHaveLength(pollsWhenBack);
  });

  it('starts afresh, and has everything reloaded, when the exchange does not know the event it resumes from', async () => {
    const first = controllableStream();
    answers.push(() => first.response, () => new Response('{"status":400}', { status: 400 }));
    start();
    await vi.advanceTimersByTimeAsync(0);
    first.send(event('gone', 'order-1', '2026-12-04T12:01:00.000Z'));
    first.end();
    await vi.advanceTimersByTimeAsync(1000);
    expect(opened.map((entry) => entry.lastEventId)).toEqual([null, 'gone']);
    expect(events.at(-1)).toEqual({ kind: 'tick' });
    answers.push(() => controllableStream().response);
    await vi.advanceTimersByTimeAsync(2000);
    expect(opened.map((entry) => entry.lastEventId)).toEqual([null, 'gone', null]);
  });

  it('closes the stream with its last listener, and forgets where it stood when reset', async () => {
    const first = controllableStream();
    answers.push(() => first.response);
    const feed = start();
    await vi.advanceTimersByTimeAsync(0);
    first.send(event('e1', 'order-1', '2026-12-04T12:01:00.000Z'));
    await vi.advanceTimersByTimeAsync(0);
    unsubscribe();
    expect(opened[0].signal.aborted).toBe(true);
    expect(feed.state()).toBe('stopped');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(opened).toHaveLength(1);
    feed.reset();
    answers.push(() => controllableStream().response);
    unsubscribe = feed.subscribe((received) => events.push(received));
    await vi.advanceTimersByTimeAsync(0);
    expect(opened.map((entry) => entry.lastEventId)).toEqual([null, null]);
  });

  it('closes the stream while the page is hidden, and resumes from the last event when it is shown', async () => {
    let hidden = false;
    let change = () => {};
    const first = controllableStream();
    answers.push(() => first.response);
    start({ visibility: { hidden: () => hidden, watch: (callback) => ((change = callback), () => (change = () => {})) } });
    await vi.advanceTimersByTimeAsync(0);
    first.send(event('e1', 'order-1', '2026-12-04T12:01:00.000Z'));
    await vi.advanceTimersByTimeAsync(0);
    hidden = true;
    change();
    expect(opened[0].signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(opened).toHaveLength(1);
    expect(polls).toEqual([]);
    answers.push(() => controllableStream().response);
    hidden = false;
    change();
    await vi.advanceTimersByTimeAsync(0);
    expect(opened.map((entry) => entry.lastEventId)).toEqual([null, 'e1']);
  });
});

