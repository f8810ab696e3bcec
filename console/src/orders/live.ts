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
 * changed since the last event it saw, and reports those.
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

/** The order an event's body names (`{ type, timestamp, data: { orderId... } }`), if any. */
function eventOf(message: SseMessage): { orderId: string | null; timestamp: string | null } {
  try {
    const body = JSON.parse(message.data) as { timestamp?: unknown; data?: { orderId?: unknown } };
    return {
      orderId: typeof body.data?.orderId === 'string' ? body.data.orderId : null,
      timestamp: typeof body.timestamp === 'string' ? body.timestamp : null,
    };
  } catch {
    return { orderId: null, timestamp: null };
  }
}

export interface LiveFeedOptions {
  /** Opens the stream (the default sends the token and `Last-Event-ID`). */
  open(lastEventId: string | null, signal: AbortSignal): Promise<Response>;
  /** The ids of the orders changed after `since`, and the latest change seen (the default lists `updatedSince`). */
  changedSince(since: string): Promise<{ orderIds: string[]; latest: string | null }>;
  now?: () => Date;
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
  const now = options.now ?? (() => new Date());
  const pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
  let lastEventId: string | null = null;
  /** The exchange's time of the last event seen (or the local time the feed started), for `updatedSince`. */
  let since: string | null = null;
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

  const poll = async (current: number) => {
    if (current !== run) return;
    if (!since) {
      emit({ kind: 'tick' });
      return;
    }
    try {
      const { orderIds, latest } = await options.changedSince(since);
      if (current !== run) return;
      if (latest && latest > since) since = latest;
      for (const orderId of new Set(orderIds)) emit({ kind: 'order', orderId });
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
          const { orderId, timestamp } = eventOf(message);
          if (timestamp && (!since || timestamp > since)) since = timestamp;
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
    since ??= now().toISOString();
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
      since = null;
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
  changedSince: async (since) => {
    const page = await unwrap(api.GET('/api/v1/orders', { params: { query: { updatedSince: since, limit: 200 } } }));
    const latest = page.items.reduce<string | null>((max, order) => (max === null || order.updatedAt > max ? order.updatedAt : max), null);
    return { orderIds: page.items.map((order) => order.id), latest };
  },
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
