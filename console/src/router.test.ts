import { describe, expect, it } from 'vitest';
import { matchRoute, queryParam } from './router';

describe('the router', () => {
  it('matches patterns and decodes parameters', () => {
    expect(matchRoute('/orders/:id', '/orders/82f8741b')).toEqual({ id: '82f8741b' });
    expect(matchRoute('/orders/:id', '/orders/a%20b?lang=fr')).toEqual({ id: 'a b' });
    expect(matchRoute('/orders/:id', '/orders/82f8741b/edit')).toBeNull();
    expect(matchRoute('/orders/:id/edit', '/orders/82f8741b/edit/')).toEqual({ id: '82f8741b' });
    expect(matchRoute('/orders/:id', '/orders/')).toBeNull();
    expect(matchRoute('/inbox', '/inbox')).toEqual({});
  });

  it('reads query parameters', () => {
    expect(queryParam('/orders/1?lang=fr&x=1', 'lang')).toBe('fr');
    expect(queryParam('/orders/1', 'lang')).toBeNull();
  });
});
