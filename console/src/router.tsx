/**
 * A small history router: the console's few routes do not need a library. Paths are relative
 * to the console's base (`/console`), so `/orders/…` is `/console/orders/…` in the address bar.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export const BASE = '/console';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** The path inside the console, with its query string: `/orders/123?lang=fr`. */
export function currentPath(): string {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  return (path || '/') + location.search;
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function hrefOf(to: string): string {
  return BASE + (to === '/' ? '/' : to);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', hrefOf(to));
  else history.pushState(null, '', hrefOf(to));
  for (const listener of listeners) listener();
}

/** `/orders/:id` against `/orders/abc` → `{ id: 'abc' }`; null when it does not match. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const pathname = path.split('?')[0].replace(/\/+$/, '') || '/';
  const patternParts = pattern.split('/');
  const parts = pathname.split('/');
  if (patternParts.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    if (patternParts[i].startsWith(':')) {
      if (!parts[i]) return null;
      params[patternParts[i].slice(1)] = decodeURIComponent(parts[i]);
    } else if (patternParts[i] !== parts[i]) return null;
  }
  return params;
}

export function queryParam(path: string, name: string): string | null {
  const query = path.split('?')[1];
  return query ? new URLSearchParams(query).get(name) : null;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An ordinary link (open in a new tab works) that navigates in place on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={hrefOf(to)} onClick={handle} {...rest} />;
}
