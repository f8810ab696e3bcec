/**
 * How the console learns that orders changed. Today it polls: every POLL_INTERVAL_MS while the
 * page is visible, and at once when it becomes visible again. When the API gains its event
 * stream (`GET /api/v1/events`, wave 2) a streaming feed replaces `pollingFeed` here and emits
 * `order` events with the order's id; the lists and the order page already listen for both.
 * (EventSource cannot send a bearer token: that feed will read the stream with fetch.)
 */
import { useEffect, useRef } from 'react';

export type FeedEvent = { kind: 'tick' } | { kind: 'order'; orderId: string };

export interface OrderFeed {
  subscribe(listener: (event: FeedEvent) => void): () => void;
}

export const POLL_INTERVAL_MS = 15_000;

export function pollingFeed(intervalMs: number): OrderFeed {
  const listeners = new Set<(event: FeedEvent) => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  const emit = () => {
    if (document.visibilityState === 'visible') for (const listener of listeners) listener({ kind: 'tick' });
  };
  const onVisibility = () => {
    if (document.visibilityState === 'visible') emit();
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) {
        timer = setInterval(emit, intervalMs);
        document.addEventListener('visibilitychange', onVisibility);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          clearInterval(timer);
          document.removeEventListener('visibilitychange', onVisibility);
        }
      };
    },
  };
}

export const orderFeed: OrderFeed = pollingFeed(POLL_INTERVAL_MS);

/** Calls `listener` on every change the feed reports (the latest listener, without resubscribing). */
export function useOrderFeed(listener: (event: FeedEvent) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => orderFeed.subscribe((event) => latest.current(event)), []);
}
