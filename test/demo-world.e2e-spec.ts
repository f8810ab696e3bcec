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
  { email: DEMO.ofacDuty, roles: ['OFFICER'], organisation: { name: 'Police nationale, OFAC', country: 'FR', authorityType: 'POLICE' } },
  { email: DEMO.homeOffice, roles: ['CERTIFIER'], organisation: { name: 'Home Office, UK Designated Authority', country: 'GB', authorityType: 'DESIGNATED_AUTHORITY' } },
  { email: DEMO.ukCentralAuthority, roles: ['CERTIFIER'], organisation: { name: 'UK Central Authority, Home Office', country: 'GB', authorityType: 'CENTRAL_AUTHORITY' } },
  { email: DEMO.bepi, roles: ['CERTIFIER'], organisation: { name: 'Ministère de la Justice, DACG-BEPI', country: 'FR', authorityType: 'CENTRAL_AUTHORITY' } },
  { email: DEMO.oia, roles: ['CERTIFIER'], organisation: { name: 'U.S. Department of Justice, Office of International Affairs', country: 'US', authorityType: 'CENTRAL_AUTHORITY' } },
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
    // Every person has a name and a function, as the forms print them.
    expect(me.body.user).toMatchObject({ name: expect.stringMatching(/\S/), function: expect.stringMatching(/\S/) });
  });

  it('lists every authority with its functional contacts, by country and by what it acts as', async () => {
    const token = await t.login(DEMO.ncaOfficer);
    const directory = async (query: string) => (await t.http().get(`/api/v1/authorities${query}`).set('authorization', `Bearer ${token}`).expect(200)).body.items as { name: string; authorityType: string; contact: Record<string, string | null>; languages: string[] }[];
    const all = await directory('');
    expect(all).toHaveLength(10);
    for (const authority of all) expect(authority.contact).toEqual({ email: expect.stringMatching(/@.+\.demo$/), phone: expect.stringMatching(/^\+\d/), address: expect.stringMatching(/\S/) });
    expect((await directory('?country=GB&authorityType=DESIGNATED_AUTHORITY')).map((a) => a.name)).toEqual(['Home Office, UK Designated Authority']);
    // The US Department of Justice is a central authority designated under the data access agreements as well.
    // (Sorted here: the database's collation orders "U.S." and "UK" its own way.)
    expect((await directory('?authorityType=DESIGNATED_AUTHORITY')).map((a) => a.name).sort()).toEqual(['Home Office, UK Designated Authority', 'U.S. Department of Justice, Office of International Affairs']);
    expect((await directory('?authorityType=CENTRAL_AUTHORITY')).map((a) => a.name).sort()).toEqual(['Ministère de la Justice, DACG-BEPI', 'U.S. Department of Justice, Office of International Affairs', 'UK Central Authority, Home Office']);
    expect((await directory('?country=IE')).map((a) => [a.name, a.authorityType])).toEqual([['Department of Justice', 'ENFORCING_AUTHORITY']]);
    const page = await t.http().get('/api/v1/authorities?limit=4').set('authorization', `Bearer ${token}`).expect(200);
    const next = await t.http().get(`/api/v1/authorities?limit=20&cursor=${page.body.nextCursor}`).set('authorization', `Bearer ${token}`).expect(200);
    expect([...page.body.items, ...next.body.items].map((a: { name: string }) => a.name)).toEqual(all.map((a) => a.name));
    await t.http().get('/api/v1/authorities?authorityType=JUDGE').set('authorization', `Bearer ${token}`).expect(400);
    await t.http().get('/api/v1/authorities').expect(401);
  });

  it('holds no other accounts and exactly three providers', async () => {
    const rows: { email: string }[] = await t.app.get(DataSource).query('SELECT email FROM users ORDER BY email');
    expect(rows.map((r) => r.email)).toEqual(EXPECTED.map((e) => e.email).sort());
    const operator = await t.login(DEMO.operator);
    const providers = await t.http().get('/api/v1/providers').set('authorization', `Bearer ${operator}`).expect(200);
    expect(providers.body.items.map((p: { name: string }) => p.name)).toEqual(['Albion Mail', 'Examplegram', 'Nordtel']);
  });
});
