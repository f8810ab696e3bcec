/** The provider directory (`GET /providers`), read once per session and shared by every page. */
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';
import type { Provider } from '../api/types';
import { onSignOut } from '../session/session';

let providers: Promise<Provider[]> | null = null;
onSignOut(() => {
  providers = null;
});

export function loadProviders(): Promise<Provider[]> {
  providers ??= (async () => {
    const all: Provider[] = [];
    let cursor: string | undefined;
    do {
      const page = await unwrap(api.GET('/api/v1/providers', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } }));
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  })().catch((error: unknown) => {
    providers = null;
    throw error;
  });
  return providers;
}

export function useProviders(): Provider[] | null {
  const [list, setList] = useState<Provider[] | null>(null);
  useEffect(() => {
    let live = true;
    loadProviders().then(
      (items) => live && setList(items),
      () => live && setList([]),
    );
    return () => {
      live = false;
    };
  }, []);
  return list;
}
