/**
 * The authorities directory (`GET /authorities`): who validates, certifies, forwards or receives
 * evidence. Read per country (and type or designation) when a form needs it, once per session.
 */
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';
import type { Authority, AuthorityCapacity } from '../api/types';
import { onSignOut } from '../session/session';

export type { Authority };

export interface AuthorityQuery {
  country: string;
  authorityType?: AuthorityCapacity;
}

const cache = new Map<string, Promise<Authority[]>>();
onSignOut(() => cache.clear());

export function loadAuthorities(query: AuthorityQuery): Promise<Authority[]> {
  const key = `${query.country}|${query.authorityType ?? ''}`;
  let list = cache.get(key);
  if (!list) {
    list = (async () => {
      const all: Authority[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(api.GET('/api/v1/authorities', { params: { query: { ...query, limit: 200, ...(cursor ? { cursor } : {}) } } }));
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all.sort((a, b) => a.name.localeCompare(b.name));
    })();
    list.catch(() => cache.delete(key));
    cache.set(key, list);
  }
  return list;
}

/** The authorities of `query` (null while loading; [] when there is no query or the directory cannot be read). */
export function useAuthorities(query: AuthorityQuery | null): Authority[] | null {
  const [loaded, setLoaded] = useState<{ key: string; items: Authority[] } | null>(null);
  const country = query?.country ?? '';
  const type = query?.authorityType;
  const key = `${country}|${type ?? ''}`;
  useEffect(() => {
    if (!country) return;
    let live = true;
    loadAuthorities({ country, ...(type ? { authorityType: type } : {}) }).then(
      (items) => live && setLoaded({ key, items }),
      () => live && setLoaded({ key, items: [] }),
    );
    return () => {
      live = false;
    };
  }, [country, type, key]);
  if (!country) return [];
  return loaded?.key === key ? loaded.items : null;
}
