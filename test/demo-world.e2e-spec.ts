import { DataSource } from 'typeorm';
import { DEMO } from './support/demo-accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The demo world (docs/api.md): exactly these accounts, each able to log in with the published password. */
const EXPECTED = [
  { email: DEMO.operator, roles: ['OPERATOR'], organisation: { kind: 'OPERATOR', country: null } },
  { email: DEMO.ofacOfficer, roles: ['OFFICER'], organisation: { name: 'Police nationale, OFAC', kind: 'AUTHORITY', country: 'FR', authorityType: 'POLICE' } },
  { email: DEMO.parisJudge, roles: ['VALIDATOR'], organisation: { name: 'Tribunal judiciaire de Paris', country: 'FR', authorityType: 'INVESTIGATING_JUDGE' } },
  { email: DEMO.parisProsecutor, roles: ['PROSECUTOR', 'VALIDATOR'], organisation: { name: 'Parquet de Paris', country: 'FR', authorityType: 'PROSECUTOR' } },
  { email: DEMO.ncaOfficer, roles: ['OFFICER'], organisation: { name: 'National Crime Agency', country: 'GB', authorityType: 'POLICE' } },
  { email: DEMO.crownCourtJudge, roles: ['VALIDATOR'], organisation: { name: 'Crown Court at Southwark', country: 'GB', authorityType: 'COURT' } },
  { email: DEMO.irishReviewer, roles: ['REVIEWER'], organisation: { name: 'Department of Justice', country: 'IE', authorityType: 'ENFORCING_AUTHORITY' } },
  { email: DEMO.examplegram, roles: ['RESPONDER', 'ORG_ADMIN'], organisation: { name: 'Examplegram', kind: 'PROVIDER', country: 'US' } },
  { email: DEMO.nordtel, roles: ['RESPONDER', 'ORG_ADMIN'], organisation: { name: 'Nordtel', kind: 'PROVIDER', country: 'DE' } },
  { email: DEMO.albionMail, roles: ['RESPONDER', 'ORG_ADMIN'], organisation: { name: 'Albion Mail', kind: 'PROVIDER', country: 'GB' } },
];

describe('demo world', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each(EXPECTED)('$email logs in and holds its roles', async ({ email, roles, organisation }) => {
    const token = await t.login(email, 'demo-password-123');
    const me = await t.http().get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(200);
    expect(me.body.user.roles).toEqual(roles);
    expect(me.body.organisation).toMatchObject(organisation);
  });

  it('holds no other accounts and exactly three providers', async () => {
    const rows: { email: string }[] = await t.app.get(DataSource).query('SELECT email FROM users ORDER BY email');
    expect(rows.map((r) => r.email)).toEqual(EXPECTED.map((e) => e.email).sort());
    const operator = await t.login(DEMO.operator);
    const providers = await t.http().get('/api/v1/providers').set('authorization', `Bearer ${operator}`).expect(200);
    expect(providers.body.items.map((p: { name: string }) => p.name)).toEqual(['Albion Mail', 'Examplegram', 'Nordtel']);
  });
});
