import { DataSource } from 'typeorm';
import { IdentityService } from '../src/modules/identity/identity.service.js';
import { DEMO } from './support/demo-accounts.js';
import { authorityInput, providerInput, userInput } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('organisations, users and the provider directory', () => {
  let t: TestApp;
  let operator: string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    operator = await t.login(DEMO.operator);
  });
  afterAll(() => t.close());

  describe('POST /organisations', () => {
    it('lets the operator register an authority and a provider', async () => {
      const authority = await t.http().post('/api/v1/organisations').set(bearer(operator)).send(authorityInput({ country: 'BE' })).expect(201);
      expect(authority.body).toMatchObject({ kind: 'AUTHORITY', country: 'BE', authorityType: 'POLICE', cgnatOperator: false, establishments: [] });
      const provider = await t
        .http()
        .post('/api/v1/organisations')
        .set(bearer(operator))
        .send(providerInput({ cgnatOperator: true }))
        .expect(201);
      expect(provider.body).toMatchObject({ kind: 'PROVIDER', cgnatOperator: true, establishments: [{ country: 'NL', role: 'DESIGNATED_ESTABLISHMENT', languages: ['nl', 'en'] }] });
      expect(provider.body).not.toHaveProperty('authorityType');
    });

    it('refuses every role but the operator', async () => {
      for (const email of [DEMO.ofacOfficer, DEMO.examplegram]) {
        const response = await t.http().post('/api/v1/organisations').set(bearer(await t.login(email))).send(authorityInput());
        expect(response.status).toBe(403);
        expect(response.body.code).toBe('FORBIDDEN');
      }
    });

    it('names each bad field, including nested ones', async () => {
      const response = await t
        .http()
        .post('/api/v1/organisations')
        .set(bearer(operator))
        .send(providerInput({ country: 'UK', establishments: [{ country: 'IE', role: 'HEADQUARTERS', languages: ['english'] }] }))
        .expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ type: 'urn:evx:problem:validation-failed', title: expect.any(String), status: 400, code: 'VALIDATION_FAILED' });
      const fields = response.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['country', 'establishments[0].role', 'establishments[0].languages']));
    });

    it('refuses unknown fields instead of dropping them', async () => {
      const response = await t.http().post('/api/v1/organisations').set(bearer(operator)).send(authorityInput({ id: 'mine', isOperator: true })).expect(400);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'id', message: 'is not an accepted field' },
          { field: 'isOperator', message: 'is not an accepted field' },
        ]),
      );
    });

    it('applies the rules between fields', async () => {
      const noType = await t.http().post('/api/v1/organisations').set(bearer(operator)).send(authorityInput({ authorityType: undefined })).expect(400);
      expect(noType.body.errors).toEqual([{ field: 'authorityType', message: 'is required for an authority' }]);
      const twice = await t
        .http()
        .post('/api/v1/organisations')
        .set(bearer(operator))
        .send(
          providerInput({
            establishments: [
              { country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en'] },
              { country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['ga'] },
            ],
          }),
        )
        .expect(400);
      expect(twice.body.errors[0].field).toBe('establishments[1]');
    });

    it('keeps nothing when a write fails half-way', async () => {
      // Bypass HTTP validation so the second insert (the establishment) fails inside the database.
      const name = `Half-written ${Date.now()}`;
      const identity = t.app.get(IdentityService);
      const input = { ...providerInput({ name }), establishments: [{ country: 'IE', role: 'X'.repeat(40), languages: ['en'] }] };
      await expect(identity.createOrganisation(input as never)).rejects.toThrow(/too long/);
      const rows = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM organisations WHERE name = $1', [name]);
      expect(rows[0].n).toBe(0);
    });
  });

  describe('GET /organisations/:id', () => {
    it('shows an organisation to its members and the operator, and to nobody else', async () => {
      const me = await t.http().get('/api/v1/me').set(bearer(await t.login(DEMO.nordtel))).expect(200);
      const nordtelId = me.body.organisation.id;
      const own = await t.http().get(`/api/v1/organisations/${nordtelId}`).set(bearer(await t.login(DEMO.nordtel))).expect(200);
      expect(own.body).toMatchObject({ name: 'Nordtel', kind: 'PROVIDER', country: 'DE', cgnatOperator: true });
      await t.http().get(`/api/v1/organisations/${nordtelId}`).set(bearer(operator)).expect(200);
      const foreign = await t.http().get(`/api/v1/organisations/${nordtelId}`).set(bearer(await t.login(DEMO.ofacOfficer)));
      const missing = await t.http().get('/api/v1/organisations/7d0b8f8e-8b8f-4c4e-9d3e-3f4a8c1b2a10').set(bearer(await t.login(DEMO.ofacOfficer)));
      expect(foreign.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(foreign.body.code).toBe(missing.body.code);
      expect(foreign.body.title).toBe(missing.body.title);
    });

    it('answers 400 naming the parameter for a malformed id', async () => {
      const response = await t.http().get('/api/v1/organisations/not-a-uuid').set(bearer(operator)).expect(400);
      expect(response.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    });
  });

  describe('POST /organisations/:id/users', () => {
    it('lets the operator add a user who can then log in', async () => {
      const authority = await t.http().post('/api/v1/organisations').set(bearer(operator)).send(authorityInput({ authorityType: 'COURT', country: 'IT' })).expect(201);
      const input = userInput({ roles: ['VALIDATOR', 'ORG_ADMIN'] });
      const created = await t.http().post(`/api/v1/organisations/${authority.body.id}/users`).set(bearer(operator)).send(input).expect(201);
      expect(created.body).toMatchObject({ email: input.email, roles: ['VALIDATOR', 'ORG_ADMIN'], organisationId: authority.body.id, active: true });
      expect(JSON.stringify(created.body)).not.toContain(input.password);
      expect(created.body).not.toHaveProperty('passwordHash');
      const token = await t.login(input.email, input.password);
      const me = await t.http().get('/api/v1/me').set(bearer(token)).expect(200);
      expect(me.body.organisation).toMatchObject({ kind: 'AUTHORITY', country: 'IT', authorityType: 'COURT' });
    });

    it("lets an organisation's admin add users to it, and to no other", async () => {
      const admin = await t.login(DEMO.examplegram);
      const me = await t.http().get('/api/v1/me').set(bearer(admin)).expect(200);
      await t.http().post(`/api/v1/organisations/${me.body.organisation.id}/users`).set(bearer(admin)).send(userInput({ roles: ['RESPONDER'] })).expect(201);
      const nordtel = await t.http().get('/api/v1/me').set(bearer(await t.login(DEMO.nordtel))).expect(200);
      const response = await t.http().post(`/api/v1/organisations/${nordtel.body.organisation.id}/users`).set(bearer(admin)).send(userInput({ roles: ['RESPONDER'] }));
      expect(response.status).toBe(404);
    });

    it('refuses roles that do not fit the organisation, and OPERATOR from an admin', async () => {
      const admin = await t.login(DEMO.examplegram);
      const me = await t.http().get('/api/v1/me').set(bearer(admin)).expect(200);
      const misfit = await t.http().post(`/api/v1/organisations/${me.body.organisation.id}/users`).set(bearer(admin)).send(userInput({ roles: ['OFFICER'] })).expect(400);
      expect(misfit.body).toMatchObject({ code: 'USER_ROLES_INVALID', errors: [{ field: 'roles', message: expect.stringContaining('OFFICER') }] });
      const escalation = await t.http().post(`/api/v1/organisations/${me.body.organisation.id}/users`).set(bearer(admin)).send(userInput({ roles: ['OPERATOR'] })).expect(403);
      expect(escalation.body.code).toBe('ROLE_NOT_GRANTABLE');
    });

    it('refuses an e-mail address already registered, whatever its case', async () => {
      const me = await t.http().get('/api/v1/me').set(bearer(await t.login(DEMO.examplegram))).expect(200);
      const response = await t
        .http()
        .post(`/api/v1/organisations/${me.body.organisation.id}/users`)
        .set(bearer(operator))
        .send(userInput({ email: DEMO.nordtel.toUpperCase(), roles: ['RESPONDER'] }))
        .expect(409);
      expect(response.body).toMatchObject({ code: 'USER_EMAIL_TAKEN', errors: [{ field: 'email', message: expect.any(String) }] });
    });

    it('refuses users without the admin role', async () => {
      const officer = await t.login(DEMO.ofacOfficer);
      const me = await t.http().get('/api/v1/me').set(bearer(officer)).expect(200);
      await t.http().post(`/api/v1/organisations/${me.body.organisation.id}/users`).set(bearer(officer)).send(userInput()).expect(403);
    });

    it('requires a password of at least 12 characters', async () => {
      const me = await t.http().get('/api/v1/me').set(bearer(await t.login(DEMO.examplegram))).expect(200);
      const response = await t.http().post(`/api/v1/organisations/${me.body.organisation.id}/users`).set(bearer(operator)).send(userInput({ password: 'short', roles: ['RESPONDER'] })).expect(400);
      expect(response.body.errors[0].field).toBe('password');
      expect(JSON.stringify(response.body)).not.toContain('short');
    });
  });

  describe('GET /providers', () => {
    it('lists the demo providers with establishments, languages and the CGNAT flag, to any user', async () => {
      const response = await t.http().get('/api/v1/providers').set(bearer(await t.login(DEMO.ncaOfficer))).expect(200);
      const byName = Object.fromEntries(response.body.items.map((p: { name: string }) => [p.name, p]));
      expect(byName.Examplegram).toMatchObject({
        country: 'US',
        cgnatOperator: false,
        establishments: expect.arrayContaining([{ country: 'IE', role: 'LEGAL_REPRESENTATIVE', languages: ['en', 'fr'] }]),
      });
      expect(byName.Nordtel).toMatchObject({ country: 'DE', cgnatOperator: true, establishments: [{ country: 'DE', role: 'DESIGNATED_ESTABLISHMENT', languages: ['de', 'en'] }] });
      expect(byName['Albion Mail']).toMatchObject({ country: 'GB' });
      expect(response.body.items.every((p: { name: string }) => !p.name.startsWith('Police'))).toBe(true);
    });

    it('pages with a cursor, each provider exactly once', async () => {
      for (let i = 0; i < 3; i++) await t.http().post('/api/v1/organisations').set(bearer(operator)).send(providerInput()).expect(201);
      const all = await t.http().get('/api/v1/providers?limit=200').set(bearer(operator)).expect(200);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
        const page = await t.http().get(`/api/v1/providers${query}`).set(bearer(operator)).expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((p: { id: string }) => p.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.items.map((p: { id: string }) => p.id));
      expect(all.body.nextCursor).toBeNull();
    });

    it('refuses a forged cursor and an out-of-range limit', async () => {
      const badCursor = await t.http().get('/api/v1/providers?cursor=bm90LWEtY3Vyc29y').set(bearer(operator)).expect(400);
      expect(badCursor.body.errors).toEqual([{ field: 'cursor', message: 'is not a cursor this list issued: pass nextCursor from the previous page as it came' }]);
      const badLimit = await t.http().get('/api/v1/providers?limit=0').set(bearer(operator)).expect(400);
      expect(badLimit.body.errors[0].field).toBe('limit');
    });

    it('needs a token', async () => {
      await t.http().get('/api/v1/providers').expect(401);
    });
  });
});
