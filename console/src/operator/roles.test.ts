import { describe, expect, it } from 'vitest';
import { ORGANISATION_KINDS, ROLES, rolesNotAllowedFor } from '../../../libs/domain/identity.js';
import { ROLES_BY_KIND } from './roles';

describe('the roles the user form offers', () => {
  it('are exactly those the exchange lets each kind of organisation grant', () => {
    for (const kind of ORGANISATION_KINDS) {
      expect(rolesNotAllowedFor(kind, ROLES_BY_KIND[kind]), kind).toEqual([]);
      const withheld = ROLES.filter((role) => !ROLES_BY_KIND[kind].includes(role));
      expect(rolesNotAllowedFor(kind, withheld), kind).toEqual(withheld);
    }
  });
});
