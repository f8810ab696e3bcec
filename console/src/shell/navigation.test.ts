import { describe, expect, it } from 'vitest';
import { me } from '../test/factories';
import { homeFor, navigationFor } from './navigation';

const menu = (...args: Parameters<typeof me>) => navigationFor(me(...args)).map((item) => item.to);

describe('the menu follows the roles of GET /me', () => {
  it('gives an officer the outbox and the new-order form', () => {
    expect(menu(['OFFICER'], { authorityType: 'POLICE' })).toEqual(['/inbox', '/outbox', '/orders/new']);
    expect(homeFor(me(['OFFICER']))).toBe('/outbox');
  });

  it('gives a judge the validation queue first', () => {
    expect(menu(['VALIDATOR'], { authorityType: 'INVESTIGATING_JUDGE' })).toEqual(['/validation', '/inbox', '/outbox', '/orders/new']);
    expect(homeFor(me(['VALIDATOR']))).toBe('/validation');
  });

  it('gives a provider’s legal team its inbox and, as administrator, its organisation', () => {
    expect(menu(['RESPONDER', 'ORG_ADMIN'], { id: 'examplegram', kind: 'PROVIDER' })).toEqual(['/inbox', '/organisations/examplegram', '/webhooks']);
    expect(homeFor(me(['RESPONDER'], { kind: 'PROVIDER' }))).toBe('/inbox');
  });

  it('gives the enforcing authority its inbox only', () => {
    expect(menu(['REVIEWER'], { authorityType: 'ENFORCING_AUTHORITY' })).toEqual(['/inbox']);
  });

  it('gives the operator organisations and no order at all', () => {
    expect(menu(['OPERATOR'], { kind: 'OPERATOR', country: null })).toEqual(['/organisations']);
    expect(homeFor(me(['OPERATOR'], { kind: 'OPERATOR' }))).toBe('/organisations');
  });

  it('gives a designated or central authority its inbox of orders to certify or pass on', () => {
    expect(menu(['CERTIFIER'], { authorityType: 'DESIGNATED_AUTHORITY', country: 'GB' })).toEqual(['/inbox']);
    expect(homeFor(me(['CERTIFIER'], { authorityType: 'DESIGNATED_AUTHORITY', country: 'GB' }))).toBe('/inbox');
  });
});

