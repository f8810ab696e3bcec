/**
 * How the console learns that orders changed: the exchange's event stream (`GET /api/v1/events`,
 * Server-Sent Events), read with fetch so the bearer token can be sent (EventSource cannot send
 * an Authorization header). Each event names an order; the lists and the order page reload what
 * it touches.
 *
 * A hidden tab closes its stream and reopens it, from the last event, when shown again.
 * When the stream drops, the feed reconnects with a growing delay (1 s, 2 s, 4 s... up to 30 s,
 * with jitter), sending `Last-Event-ID` so the exchange first replays what was missed. Until the
 * stream is back, it polls `GET /orders?updatedSince=` every POLL_INTERVAL_MS for the orders
 * changed since the newest change it saw, and reports those.
 *
 * The instant a poll asks from is the exchange's, never the browser's: a browser clock ahead of
 * the exchange's would skip changes, one behind would repeat them. It is the newest time the
 * exchange gave (an event's `timestamp`, an order's `updatedAt`, or before either the `Date` of
 * the stream's first answer), less POLL_OVERLAP_MS, as docs/api.md advises: `updatedAt` is taken
 * when a step begins and the step commits a moment later. The overlap repeats some orders; each
 * is reported again only when its version moved.
 */
import { useEffect, useRef } from 'react';
import { api, currentAccessToken, reportUnauthorized, unwrap } from '../api/client';
import { onSignOut } from '../session/session';

export type FeedEvent = { kind: 'tick' } | { kind: 'order'; orderId: string };

export interface OrderFeed {
  subscribe(listener: (event: FeedEvent) => void): () => void;
}

export const POLL_INTERVAL_MS = 15_000;
export const EVENTS_PATH = '/api/v1/events';
/** How far before the newest change seen a poll asks from (docs/api.md: a minute). */
export const POLL_OVERLAP_MS = 60_000;
/** The list's largest page. */
export const POLL_PAGE_SIZE = 200;
/** The pages a poll reads at most (2,000 orders) before it has the pages reload their lists instead. */
export const POLL_MAX_PAGES = 10;

/** An order a poll found changed, as the list gives it. */
export interface OrderChange {
  id: string;
  version: number;
  /** The exchange's time of its last step. */
  updatedAt: string;
}

export interface Changes {
  orders: OrderChange[];
  /** False when more changed than a poll reads (POLL_MAX_PAGES): the listeners reload everything. */
  complete: boolean;
}

/** One message of a Server-Sent Events stream. */
export interface SseMessage {
  /** The event's `id:`, when it had one. */
  id: string | null;
  /** `event:`, or "message". */
  event: string;
  data: string;
}

/**
 * The Server-Sent Events format, parsed incrementally (the HTML standard's "event stream
 * interpretation"): feed it text as it arrives, in chunks that may cut a line anywhere; it answers
 * the messages completed by that chunk. Lines end in LF, CRLF or CR; `data:` lines join with LF;
 * a line starting with a colon is a comment; a message without data is not dispatched.
 */
export class SseParser {
  private buffer = '';
  /** A CR ended the last chunk: an LF opening the next one belongs to it. */
  private pendingCr = false;
  private data: string[] = [];
  private event = '';
  private id: string | null = null;
  /** The last `id:` seen, as a reconnecting client sends it in `Last-Event-ID`. */
  lastEventId: string | null = null;

  push(chunk: string): SseMessage[] {
    let text = chunk;
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const messages: SseMessage[] = [];
    let start = 0;
    for (let index = 0; index < this.buffer.length; index += 1) {
      const char = this.buffer[index];
      if (char !== '\n' && char !== '\r') continue;
      const line = this.buffer.slice(start, index);
      if (char === '\r') {
        if (index + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer[index + 1] === '\n') index += 1;
      }
      start = index + 1;
      const message = this.line(line);
      if (message) messages.push(message);
    }
    this.buffer = this.buffer.slice(start);
    return messages;
  }

  private line(line: string): SseMessage | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) {
      this.id = value;
      this.lastEventId = value;
    }
    // `retry:` is the server's advice for EventSource; the feed keeps its own backoff.
    return null;
  }

  private dispatch(): SseMessage | null {
    const message = this.data.length > 0 ? { id: this.id, event: this.event || 'message', data: this.data.join('\n') } : null;
    this.data = [];
    this.event = '';
    this.id = null;
    return message;
  }
}

/** The delay before reconnection attempt `attempt` (0 first): doubling from 1 s to 30 s, less up to half at random. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 15));
  return Math.round(ceiling * (1 - random() / 2));
}

/** The order an event's body names (`{ type, timestamp, data: { orderId, version... } }`), if any. */
function eventOf(message: SseMessage): { orderId: string | null; version: number | null; timestamp: string | null } {
  try {
    const body = JSON.parse(message.data) as { timestamp?: unknown; data?: { orderId?: unknown; version?: unknown } };
    return {
      orderId: typeof body.data?.orderId === 'string' ? body.data.orderId : null,
      version: typeof body.data?.version === 'number' ? body.data.version : null,
      timestamp: typeof body.timestamp === 'string' ? body.timestamp : null,
    };
  } catch {
    return { orderId: null, version: null, timestamp: null };
  }
}

/** A page of `GET /orders?updatedSince=`. */
export type ChangedPage = (query: { updatedSince: string; limit: number; cursor?: string }) => Promise<{ items: OrderChange[]; nextCursor: string | null }>;

const listPage: ChangedPage = async (query) => unwrap(api.GET('/api/v1/orders', { params: { query } }));

/**
 * The orders changed after `since`, following `nextCursor` to the last page: a busy provider's
 * inbox changes by more than a page between two polls. Past POLL_MAX_PAGES it stops and says the
 * read is incomplete: the pages then reload their lists, which costs less than paging on through
 * thousands of orders every POLL_INTERVAL_MS.
 */
export async function listChangedSince(since: string, page: ChangedPage = listPage, maxPages = POLL_MAX_PAGES): Promise<Changes> {
  const orders: OrderChange[] = [];
  let cursor: string | undefined;
  for (let read = 0; read < maxPages; read += 1) {
    const answer = await page({ updatedSince: since, limit: POLL_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    for (const { id, version, updatedAt } of answer.items) orders.push({ id, version, updatedAt });
    if (answer.nextCursor === null) return { orders, complete: true };
    cursor = answer.nextCursor;
  }
  return { orders, complete: false };
}

export interface LiveFeedOptions {
  /** Opens the stream (the default sends the token and `Last-Event-ID`). */
  open(lastEventId: string | null, signal: AbortSignal): Promise<Response>;
  /** The orders changed after `since`, an instant of the exchange's clock (the default: listChangedSince). */
  changedSince(since: string): Promise<Changes>;
  random?: () => number;
  pollIntervalMs?: number;
  /** Told when the stream opens or drops, for the page to say so. */
  onState?(state: FeedState): void;
  /**
   * Whether the page is hidden, and a way to hear when that changes. A hidden tab closes its
   * stream (browsers allow six connections to a server, shared by every tab) and resumes it,
   * from the last event, when shown again.
   */
  visibility?: { hidden(): boolean; watch(change: () => void): () => void };
}

export type FeedState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface LiveFeed extends OrderFeed {
  state(): FeedState;
  /** Forgets where the stream stood (another user signs in next). */
  reset(): void;
}

/** The stream, with reconnection and polling while it is down. Starts with its first listener, stops with its last. */
export function liveFeed(options: LiveFeedOptions): LiveFeed {
  const listeners = new Set<(event: FeedEvent) => void>();
  const pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
  let lastEventId: string | null = null;
  /** The newest instant of the exchange's clock seen (ms), or null before the exchange answered at all. */
  let seenUntil: number | null = null;
  /** The version last reported of each order changed lately, and when: a poll's overlap repeats them. */
  const reported = new Map<string, { version: number; at: number }>();
  let state: FeedState = 'stopped';
  let controller: AbortController | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let attempt = 0;
  /** Counts starts, so a stopped run's late answers are ignored. */
  let run = 0;

  const emit = (event: FeedEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const setState = (next: FeedState) => {
    state = next;
    options.onState?.(next);
  };

  const see = (at: number) => {
    if (Number.isFinite(at) && (seenUntil === null || at > seenUntil)) seenUntil = at;
  };
  /** Whether this version of the order is news, remembering it. */
  const fresh = (orderId: string, version: number, at: number) => {
    const known = reported.get(orderId);
    if (known && known.version >= version) return false;
    reported.set(orderId, { version, at });
    return true;
  };
  /** An order last changed before the next poll's start can come back only with a higher version. */
  const forgetOld = () => {
    if (seenUntil === null) return;
    for (const [orderId, entry] of reported) if (entry.at < seenUntil - POLL_OVERLAP_MS) reported.delete(orderId);
  };

  const poll = async (current: number) => {
    if (current !== run) return;
    if (seenUntil === null) {
      // No time of the exchange's yet to ask from: the pages read everything again.
      emit({ kind: 'tick' });
      return;
    }
    try {
      const { orders, complete } = await options.changedSince(new Date(seenUntil - POLL_OVERLAP_MS).toISOString());
      if (current !== run) return;
      const changed = new Set(orders.filter((order) => fresh(order.id, order.version, Date.parse(order.updatedAt))).map((order) => order.id));
      // Even when incomplete: the reload that follows reads what the poll left, so the next poll starts from here.
      for (const order of orders) see(Date.parse(order.updatedAt));
      forgetOld();
      if (!complete) emit({ kind: 'tick' });
      else for (const orderId of changed) emit({ kind: 'order', orderId });
    } catch {
      if (current === run) emit({ kind: 'tick' });
    }
  };
  const startPolling = (current: number) => {
    if (pollTimer === undefined) pollTimer = setInterval(() => void poll(current), pollIntervalMs);
  };
  const stopPolling = () => {
    clearInterval(pollTimer);
    pollTimer = undefined;
  };

  const scheduleReconnect = (current: number) => {
    if (current !== run) return;
    setState('reconnecting');
    startPolling(current);
    const delay = backoffMs(attempt, options.random);
    attempt += 1;
    reconnectTimer = setTimeout(() => void connect(current), delay);
  };

  const connect = async (current: number) => {
    if (current !== run) return;
    const abort = new AbortController();
    controller = abort;
    const resuming = lastEventId;
    let response: Response;
    try {
      response = await options.open(lastEventId, abort.signal);
    } catch {
      return scheduleReconnect(current);
    }
    if (current !== run) return;
    // Before any event or order, the exchange's clock is read off its first answer (only then: a
    // later Date would skip what happened while the stream was down).
    if (seenUntil === null) see(Date.parse(response.headers.get('date') ?? ''));
    if (response.status === 401) {
      // The session ended: the console signs out, and the last listener stops the feed.
      reportUnauthorized();
      return scheduleReconnect(current);
    }
    if (response.status === 400 && resuming) {
      // The exchange does not know the event we resume from: start afresh, and reload everything.
      lastEventId = null;
      emit({ kind: 'tick' });
      return scheduleReconnect(current);
    }
    if (!response.ok || !response.body) return scheduleReconnect(current);
    const wasDown = state === 'reconnecting';
    attempt = 0;
    stopPolling();
    setState('live');
    // Down without an event to resume from: what happened meanwhile is not replayed.
    if (wasDown && !resuming) void poll(current);
    const parser = new SseParser();
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (current !== run) return;
        if (done) break;
        for (const message of parser.push(decoder.decode(value, { stream: true }))) {
          if (message.id) lastEventId = message.id;
          const { orderId, version, timestamp } = eventOf(message);
          const at = timestamp ? Date.parse(timestamp) : NaN;
          see(at);
          if (orderId && version !== null && Number.isFinite(at)) fresh(orderId, version, at);
          if (orderId) emit({ kind: 'order', orderId });
        }
      }
    } catch {
      // the connection broke: reconnect below
    }
    if (current === run && !abort.signal.aborted) scheduleReconnect(current);
  };

  const start = () => {
    run += 1;
    attempt = 0;
    setState('connecting');
    void connect(run);
  };
  const stop = () => {
    run += 1;
    controller?.abort();
    controller = null;
    clearTimeout(reconnectTimer);
    stopPolling();
    if (state !== 'stopped') setState('stopped');
  };

  const hidden = () => options.visibility?.hidden() ?? false;
  let unwatch: (() => void) | undefined;
  const onVisibility = () => {
    if (listeners.size === 0) return;
    if (hidden()) stop();
    else if (state === 'stopped') {
      start();
      // Hidden before any event came: there is nothing to resume from, so what happened meanwhile
      // is not replayed; the pages read again instead.
      if (lastEventId === null) emit({ kind: 'tick' });
    }
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) {
        unwatch = options.visibility?.watch(onVisibility);
        if (!hidden()) start();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          unwatch?.();
          unwatch = undefined;
          stop();
        }
      };
    },
    state: () => state,
    reset() {
      lastEventId = null;
      seenUntil = null;
      reported.clear();
    },
  };
}

const stateListeners = new Set<(state: FeedState) => void>();

/** Told when the console's stream opens or drops (the shell says when updates are delayed). */
export function watchFeedState(listener: (state: FeedState) => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

/** The stream of the signed-in user's organisation. */
export const orderFeed: LiveFeed = liveFeed({
  visibility: {
    hidden: () => document.visibilityState === 'hidden',
    watch: (change) => {
      document.addEventListener('visibilitychange', change);
      return () => document.removeEventListener('visibilitychange', change);
    },
  },
  onState: (state) => {
    for (const listener of [...stateListeners]) listener(state);
  },
  open: (lastEventId, signal) => {
    const token = currentAccessToken();
    return fetch(EVENTS_PATH, {
      headers: {
        accept: 'text/event-stream',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      },
      cache: 'no-store',
      signal,
    });
  },
  changedSince: (since) => listChangedSince(since),
});
onSignOut(() => orderFeed.reset());

/** Calls `listener` on every change the feed reports (the latest listener, without resubscribing). */
export function useOrderFeed(listener: (event: FeedEvent) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => orderFeed.subscribe((event) => latest.current(event)), []);
}
