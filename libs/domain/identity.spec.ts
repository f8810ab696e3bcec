import { AUTHORITY_TYPES, mayGrantRoles, organisationProblems, rolesNotAllowedFor, serviceAccountRoles } from './identity.js';

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
    for (const type of AUTHORITY_TYPES) {
      const roles = serviceAccountRoles('AUTHORITY', type);
      expect(roles).not.toContain('ORG_ADMIN');
      expect(rolesNotAllowedFor('AUTHORITY', roles)).toEqual([]);
    }
  });
});
