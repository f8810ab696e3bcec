import { AUTHORITY_TYPES, actsAs, capacityWords, mayGrantRoles, organisationProblems, rolesNotAllowedFor, serviceAccountRoles } from './identity.js';

describe('roles by kind of organisation', () => {
  it('keeps order roles with authorities and answering roles with providers', () => {
    expect(rolesNotAllowedFor('PROVIDER', ['RESPONDER', 'ORG_ADMIN'])).toEqual([]);
    expect(rolesNotAllowedFor('PROVIDER', ['OFFICER', 'RESPONDER'])).toEqual(['OFFICER']);
    expect(rolesNotAllowedFor('AUTHORITY', ['RESPONDER', 'OPERATOR', 'VALIDATOR'])).toEqual(['RESPONDER', 'OPERATOR']);
    expect(rolesNotAllowedFor('OPERATOR', ['OPERATOR'])).toEqual([]);
    expect(rolesNotAllowedFor('OPERATOR', ['REVIEWER'])).toEqual(['REVIEWER']);
  });

  it('lets only the operator grant OPERATOR', () => {
    expect(mayGrantRoles(['OPERATOR'], ['OPERATOR'])).toBe(true);
    expect(mayGrantRoles(['ORG_ADMIN'], ['OPERATOR'])).toBe(false);
    expect(mayGrantRoles(['ORG_ADMIN'], ['RESPONDER'])).toBe(true);
    expect(mayGrantRoles(['RESPONDER'], ['RESPONDER'])).toBe(false);
  });
});

describe('organisationProblems', () => {
  it('accepts a complete authority and provider', () => {
    expect(organisationProblems({ name: 'A', kind: 'AUTHORITY', country: 'FR', authorityType: 'COURT' })).toEqual([]);
    expect(
      organisationProblems({ name: 'P', kind: 'PROVIDER', country: 'US', establishments: [{ country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en'] }] }),
    ).toEqual([]);
  });

  it('names the field each rule is about', () => {
    expect(organisationProblems({ name: 'A', kind: 'AUTHORITY', country: 'FR' }).map((p) => p.field)).toEqual(['authorityType']);
    expect(organisationProblems({ name: 'A', kind: 'AUTHORITY', authorityType: 'POLICE' }).map((p) => p.field)).toEqual(['country']);
    expect(organisationProblems({ name: 'P', kind: 'PROVIDER', country: 'US', authorityType: 'POLICE' }).map((p) => p.field)).toEqual(['authorityType']);
    expect(
      organisationProblems({ name: 'A', kind: 'AUTHORITY', country: 'FR', authorityType: 'POLICE', cgnatOperator: true, establishments: [{ country: 'FR', role: 'MAIN_ESTABLISHMENT', languages: ['fr'] }] }).map((p) => p.field),
    ).toEqual(['establishments', 'cgnatOperator']);
  });

  it('refuses two establishments of one role in one country, pointing at the second', () => {
    const problems = organisationProblems({
      name: 'P',
      kind: 'PROVIDER',
      country: 'US',
      establishments: [
        { country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en'] },
        { country: 'IE', role: 'MAIN_ESTABLISHMENT', languages: ['en'] },
        { country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['ga'] },
      ],
    });
    expect(problems).toEqual([{ field: 'establishments[2]', message: 'repeats the LEGAL_REPRESENTATIVE in IE' }]);
  });
});

describe('serviceAccountRoles', () => {
  it('gives a system account the everyday role of its kind, and never ORG_ADMIN', () => {
    expect(serviceAccountRoles('PROVIDER', null)).toEqual(['RESPONDER']);
    expect(serviceAccountRoles('AUTHORITY', 'POLICE')).toEqual(['OFFICER']);
    expect(serviceAccountRoles('AUTHORITY', 'ENFORCING_AUTHORITY')).toEqual(['REVIEWER']);
    expect(serviceAccountRoles('AUTHORITY', 'COURT')).toEqual(['VALIDATOR']);
    expect(serviceAccountRoles('AUTHORITY', 'CENTRAL_AUTHORITY')).toEqual(['CERTIFIER']);
    expect(serviceAccountRoles('AUTHORITY', 'DESIGNATED_AUTHORITY')).toEqual(['CERTIFIER']);
    for (const type of AUTHORITY_TYPES) {
      const roles = serviceAccountRoles('AUTHORITY', type);
      expect(roles).not.toContain('ORG_ADMIN');
      expect(rolesNotAllowedFor('AUTHORITY', roles)).toEqual([]);
    }
  });
});

describe('what an authority acts as', () => {
  it('acts as its type and as each designation, nothing else', () => {
    const oia = { authorityType: 'CENTRAL_AUTHORITY' as const, designations: ['DESIGNATED_AUTHORITY' as const] };
    expect(actsAs(oia, ['DESIGNATED_AUTHORITY'])).toBe(true);
    expect(actsAs(oia, ['CENTRAL_AUTHORITY'])).toBe(true);
    expect(actsAs(oia, ['CONTACT_POINT_24_7', 'COURT'])).toBe(false);
    expect(actsAs({ authorityType: 'POLICE', designations: [] }, ['CONTACT_POINT_24_7'])).toBe(false);
    expect(capacityWords(['CONTACT_POINT_24_7', 'CENTRAL_AUTHORITY'])).toBe('24/7 point of contact or central authority');
  });

  it('is designated only when it is an authority', () => {
    expect(organisationProblems({ name: 'P', kind: 'PROVIDER', country: 'US', designations: ['CENTRAL_AUTHORITY'] }).map((p) => p.field)).toEqual(['designations']);
    expect(organisationProblems({ name: 'A', kind: 'AUTHORITY', country: 'US', authorityType: 'CENTRAL_AUTHORITY', designations: ['DESIGNATED_AUTHORITY'] })).toEqual([]);
  });
});
