import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { base32Decode, totpCode } from '../libs/pki/index.js';
import { OpensslWorkspace } from '../libs/pki/testing.js';
import { DEMO } from './support/demo-accounts.js';
import { authorityInput, userInput } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SECRET = 'test-secret-for-second-factor-tokens-0123456789';
const PASSWORD = 'a-long-test-password';
const LIMIT = 6;

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A JWT made by hand, signed with the app's secret: for sign-in times a test cannot wait for. */
function handMade(claims: Record<string, unknown>): string {
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: 'evidence-exchange', aud: 'evidence-exchange-api', ...claims })}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The code an authenticator shows `steps` time steps from now. A code of the step before is
 * accepted only while the server is still in the next one: near the end of a step, wait for
 * the next, so the request cannot cross a boundary on its way.
 */
async function code(secret: string, steps = 0): Promise<string> {
  if (steps < 0 && (Date.now() / 1000) % 30 > 27) await sleep(3_500);
  return totpCode(base32Decode(secret), Date.now() / 1000 + steps * 30);
}

describe('the second factor (TOTP) and token renewal', () => {
  let t: TestApp;
  let operator: string;
  let address = 0;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  /** Every login from a client address of its own, so only the limits under test count. */
  const login = (body: Record<string, unknown>, ip = `192.0.2.${(address = (address % 250) + 1)}`) => t.http().post('/api/v1/auth/login').set('x-forwarded-for', ip).send(body);

  /** A new person in a new authority (or in `organisationId`), with a password and no second factor. */
  async function person(organisationId?: string, roles = ['OFFICER']): Promise<{ email: string; id: string; organisationId: string; token: string }> {
    const orgId = organisationId ?? (await t.http().post('/api/v1/organisations').set(bearer(operator)).send(authorityInput()).expect(201)).body.id;
    const input = userInput({ roles });
    const created = await t.http().post(`/api/v1/organisations/${orgId}/users`).set(bearer(operator)).send(input).expect(201);
    const token = (await login({ email: input.email, password: PASSWORD }).expect(200)).body.accessToken as string;
    return { email: input.email, id: created.body.id, organisationId: orgId, token };
  }

  /** Enrols and confirms a factor with the code of the step before (so this step's code is still unused). */
  async function enrol(token: string): Promise<{ secret: string; token: string }> {
    const started = await t.http().post('/api/v1/me/totp').set(bearer(token)).send({}).expect(201);
    const confirmed = await t.http().post('/api/v1/me/totp/confirm').set(bearer(token)).send({ code: await code(started.body.secret, -1) }).expect(200);
    return { secret: started.body.secret, token: confirmed.body.accessToken };
  }

  beforeAll(async () => {
    t = await startTestApp({ JWT_SECRET: SECRET, LOGIN_RATE_LIMIT: String(LIMIT), TRUST_PROXY: 'true' });
    operator = await t.login(DEMO.operator);
  });
  afterAll(() => t.close());

  describe('enrolment', () => {
    it('shows a new secret once, enables the factor with the first code, and keeps the secret sealed', async () => {
      const { token, id } = await person();
      const before = await t.http().get('/api/v1/me').set(bearer(token)).expect(200);
      expect(before.body).toMatchObject({ user: { totpEnabled: false }, organisation: { requireTotp: false }, totpEnrolmentRequired: false });
      const started = await t.http().post('/api/v1/me/totp').set(bearer(token)).send({}).expect(201);
      expect(started.body).toEqual({ secret: expect.stringMatching(/^[A-Z2-7]{32}$/), otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/Evidence%20Exchange:user-[0-9a-f]{8}%40example\.test\?secret=[A-Z2-7]{32}&issuer=Evidence%20Exchange&algorithm=SHA1&digits=6&period=30$/) });
      expect(new URL(started.body.otpauthUri).searchParams.get('secret')).toBe(started.body.secret);
      // Nothing is enabled until a code confirms it.
      expect((await t.http().get('/api/v1/me').set(bearer(token))).body.user.totpEnabled).toBe(false);

      const [row] = await t.app.get(DataSource).query('SELECT totp_pending_secret_sealed AS sealed FROM users WHERE id = $1', [id]);
      const raw = base32Decode(started.body.secret);
      expect(Buffer.isBuffer(row.sealed) && row.sealed.length).toBe(12 + raw.length + 16);
      expect(row.sealed.includes(raw)).toBe(false);
      expect(row.sealed.toString('latin1')).not.toContain(started.body.secret);

      const confirmed = await t.http().post('/api/v1/me/totp/confirm').set(bearer(token)).send({ code: await code(started.body.secret) }).expect(200);
      expect(confirmed.body).toMatchObject({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
      expect((await t.http().get('/api/v1/me').set(bearer(token))).body.user.totpEnabled).toBe(true);
      const [after] = await t.app.get(DataSource).query('SELECT totp_secret_sealed IS NOT NULL AS enabled, totp_pending_secret_sealed IS NULL AS settled, totp_enabled_at IS NOT NULL AS dated FROM users WHERE id = $1', [id]);
      expect(after).toEqual({ enabled: true, settled: true, dated: true });
    });

    it('never stores a secret or a token for an Idempotency-Key: the key is ignored on these routes', async () => {
      const { token, id } = await person();
      const key = { 'idempotency-key': 'enrol-once' };
      const first = await t.http().post('/api/v1/me/totp').set(bearer(token)).set(key).send({}).expect(201);
      const second = await t.http().post('/api/v1/me/totp').set(bearer(token)).set(key).send({}).expect(201);
      expect(second.headers['idempotent-replayed']).toBeUndefined();
      expect(second.body.secret).not.toBe(first.body.secret);
      await t.http().post('/api/v1/auth/refresh').set(bearer(token)).set(key).expect(200);
      await t.http().post('/api/v1/me/totp/confirm').set(bearer(token)).set(key).send({ code: await code(second.body.secret) }).expect(200);
      const [{ stored }] = await t.app.get(DataSource).query('SELECT count(*)::int AS stored FROM idempotency_keys WHERE user_id = $1', [id]);
      expect(stored).toBe(0);
    });

    it('names the code when it is malformed (400) or wrong (422), and refuses a confirmation with none started (409)', async () => {
      const { token } = await person();
      const none = await t.http().post('/api/v1/me/totp/confirm').set(bearer(token)).send({ code: '123456' }).expect(409);
      expect(none.body.code).toBe('TOTP_NO_ENROLMENT');
      const started = await t.http().post('/api/v1/me/totp').set(bearer(token)).send({}).expect(201);
      for (const malformed of ['12345', '12a456', 123456, '']) {
        const response = await t.http().post('/api/v1/me/totp/confirm').set(bearer(token)).send({ code: malformed }).expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
        expect(new Set(response.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set(['code']));
      }
      const right = await code(started.body.secret);
      const wrong = right === '000000' ? '000001' : '000000';
      const refused = await t.http().post('/api/v1/me/totp/confirm').set(bearer(token)).send({ code: wrong }).expect(422);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ code: 'TOTP_CODE_REJECTED', errors: [{ field: 'code', message: expect.any(String) }] });
      // Starting again replaces the secret: the first one's code no longer confirms anything.
      const again = await t.http().post('/api/v1/me/totp').set(bearer(token)).send({}).expect(201);
      expect(again.body.secret).not.toBe(started.body.secret);
      const stale = await code(started.body.secret);
      if (stale !== (await code(again.body.secret))) await t.http().post('/api/v1/me/totp/confirm').set(bearer(token)).send({ code: stale }).expect(422);
      await t.http().post('/api/v1/me/totp/confirm').set(bearer(token)).send({ code: await code(again.body.secret) }).expect(200);
    });

    it('replaces an enabled factor only with a current code from it, which holds until the new one is confirmed', async () => {
      const { token, email } = await person();
      const first = await enrol(token);
      const missing = await t.http().post('/api/v1/me/totp').set(bearer(first.token)).send({}).expect(400);
      expect(missing.body.errors).toEqual([{ field: 'code', message: expect.stringContaining('is required') }]);
      const now = await code(first.secret);
      await t.http().post('/api/v1/me/totp').set(bearer(first.token)).send({ code: now === '000000' ? '000001' : '000000' }).expect(422);
      const second = await t.http().post('/api/v1/me/totp').set(bearer(first.token)).send({ code: now }).expect(201);
      // The old factor still signs in (its next code: this one is used up).
      await login({ email, password: PASSWORD, totp: await code(first.secret, 1) }).expect(200);
      await t.http().post('/api/v1/me/totp/confirm').set(bearer(first.token)).send({ code: await code(second.body.secret) }).expect(200);
      const old = await login({ email, password: PASSWORD, totp: await code(first.secret) });
      if ((await code(first.secret)) !== (await code(second.body.secret))) expect(old.body.code).toBe('TOTP_INVALID');
    });

    it('removes the factor with a current code, and says when there is none', async () => {
      const { token, email } = await person();
      const { secret, token: full } = await enrol(token);
      const now = await code(secret);
      await t.http().delete('/api/v1/me/totp').set(bearer(full)).send({ code: now === '999999' ? '999998' : '999999' }).expect(422);
      await t.http().delete('/api/v1/me/totp').set(bearer(full)).send({}).expect(400);
      await t.http().delete('/api/v1/me/totp').set(bearer(full)).send({ code: now }).expect(204);
      expect((await t.http().get('/api/v1/me').set(bearer(full))).body.user.totpEnabled).toBe(false);
      await login({ email, password: PASSWORD }).expect(200);
      const none = await t.http().delete('/api/v1/me/totp').set(bearer(full)).send({ code: now }).expect(409);
      expect(none.body.code).toBe('TOTP_NOT_ENABLED');
    });
  });

  describe('sign-in with a second factor', () => {
    it('asks for the code after the right password, refuses a wrong one, and takes each code once', async () => {
      const { token, email } = await person();
      const { secret } = await enrol(token);
      const required = await login({ email, password: PASSWORD }).expect(401);
      expect(required.body).toMatchObject({ code: 'TOTP_REQUIRED', status: 401, errors: [{ field: 'totp' }] });
      const now = await code(secret);
      const invalid = await login({ email, password: PASSWORD, totp: now === '123456' ? '654321' : '123456' }).expect(401);
      expect(invalid.body.code).toBe('TOTP_INVALID');
      const malformed = await login({ email, password: PASSWORD, totp: '12 3456' }).expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'totp', message: 'must be the 6 digits your authenticator app shows' }]);

      const signedIn = await login({ email, password: PASSWORD, totp: now }).expect(200);
      await t.http().get('/api/v1/orders').set(bearer(signedIn.body.accessToken)).expect(200);
      // The same code again, from anywhere: refused, although it is still within its window.
      const replay = await login({ email, password: PASSWORD, totp: now }).expect(401);
      expect(replay.body.code).toBe('TOTP_INVALID');
      // A code of an earlier step than the one accepted is refused too.
      const earlier = await code(secret, -1);
      if (earlier !== now) expect((await login({ email, password: PASSWORD, totp: earlier })).body.code).toBe('TOTP_INVALID');
      // The next step's code is fresh.
      await login({ email, password: PASSWORD, totp: await code(secret, 1) }).expect(200);
    });

    it('lets exactly one of two concurrent sign-ins with one code through', async () => {
      const { token, email } = await person();
      const { secret } = await enrol(token);
      const now = await code(secret);
      const answers = await Promise.all([login({ email, password: PASSWORD, totp: now }), login({ email, password: PASSWORD, totp: now }), login({ email, password: PASSWORD, totp: now })]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401, 401]);
      expect(answers.filter((answer) => answer.status === 401).map((answer) => answer.body.code)).toEqual(['TOTP_INVALID', 'TOTP_INVALID']);
    });

    it('answers a wrong password exactly as for an unknown account, with or without a code', async () => {
      const { token, email } = await person();
      const { secret } = await enrol(token);
      const now = await code(secret);
      const strip = ({ instance: _instance, ...body }: Record<string, unknown>) => body;
      const answers = await Promise.all([
        login({ email, password: 'not-the-password' }),
        login({ email, password: 'not-the-password', totp: now }),
        login({ email: 'nobody@nowhere.demo', password: 'not-the-password' }),
        login({ email: 'nobody@nowhere.demo', password: 'not-the-password', totp: now }),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
      const bodies = answers.map((answer) => strip(answer.body));
      for (const body of bodies) expect(body).toEqual(bodies[0]);
      expect(bodies[0].code).toBe('UNAUTHENTICATED');
      // The code sent with a wrong password was not used up.
      await login({ email, password: PASSWORD, totp: now }).expect(200);
    });

    it('counts codes for one account over every client address together, and login attempts per address as before', async () => {
      const { token, email } = await person();
      const { secret } = await enrol(token);
      const now = await code(secret);
      const wrong = now === '111111' ? '222222' : '111111';
      // The code that confirmed the enrolment counted too.
      for (let i = 1; i < LIMIT; i++) expect((await login({ email, password: PASSWORD, totp: wrong })).body.code).toBe('TOTP_INVALID');
      const limited = await login({ email, password: PASSWORD, totp: now });
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // The existing limit per e-mail and address counts attempts with a code as any other.
      const other = await person();
      const mine = await enrol(other.token);
      for (let i = 0; i < LIMIT; i++) await login({ email: other.email, password: PASSWORD }, '198.51.100.77').expect(401);
      const perAddress = await login({ email: other.email, password: PASSWORD, totp: await code(mine.secret) }, '198.51.100.77');
      expect(perAddress.status).toBe(429);
    });
  });

  it('counts codes tried with a session too: a stolen token cannot guess its way to replacing or removing the factor', async () => {
    const { token } = await person();
    const enrolled = await enrol(token);
    const wrong = (c: string) => (c === '000000' ? '111111' : '000000');
    const current = await code(enrolled.secret);
    const statuses: number[] = [];
    // The code that confirmed the enrolment counted too: LIMIT - 1 guesses are left this minute.
    for (let i = 1; i < LIMIT; i++) statuses.push((await t.http().post('/api/v1/me/totp').set(bearer(enrolled.token)).send({ code: wrong(current) })).status);
    expect(statuses).toEqual(Array(LIMIT - 1).fill(422));
    // The limit is the account's, shared by every route that takes a code: removal and sign-in are refused too.
    expect((await t.http().delete('/api/v1/me/totp').set(bearer(enrolled.token)).send({ code: wrong(current) })).status).toBe(429);
    expect((await t.http().post('/api/v1/me/totp').set(bearer(enrolled.token)).send({ code: current })).status).toBe(429);
  });

  it('confirms no factor for a session past its longest lifetime, and enables nothing then', async () => {
    const { token, id, organisationId } = await person();
    const started = await t.http().post('/api/v1/me/totp').set(bearer(token)).send({}).expect(201);
    const old = handMade({ sub: id, org: organisationId, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 900, auth_time: Math.floor(Date.now() / 1000) - 43_205 });
    const refused = await t.http().post('/api/v1/me/totp/confirm').set(bearer(old)).send({ code: await code(started.body.secret) }).expect(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    expect((await t.http().get('/api/v1/me').set(bearer(token)).expect(200)).body.user.totpEnabled).toBe(false);
  });

  describe('an organisation that requires a second factor', () => {
    it('is set by the operator only, and shows on the organisation and on /me', async () => {
      const admin = await person(undefined, ['OFFICER', 'ORG_ADMIN']);
      const refused = await t.http().patch(`/api/v1/organisations/${admin.organisationId}`).set(bearer(admin.token)).send({ requireTotp: true }).expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      await t.http().patch(`/api/v1/organisations/${admin.organisationId}`).set(bearer(operator)).send({ requireTotp: 'yes' }).expect(400);
      const updated = await t.http().patch(`/api/v1/organisations/${admin.organisationId}`).set(bearer(operator)).send({ requireTotp: true }).expect(200);
      expect(updated.body.requireTotp).toBe(true);
      expect((await t.http().get(`/api/v1/organisations/${admin.organisationId}`).set(bearer(operator))).body.requireTotp).toBe(true);
      // At once, on the token the admin already holds: enrol first.
      const me = await t.http().get('/api/v1/me').set(bearer(admin.token)).expect(200);
      expect(me.body).toMatchObject({ organisation: { requireTotp: true }, user: { totpEnabled: false }, totpEnrolmentRequired: true });
      const blocked = await t.http().get('/api/v1/orders').set(bearer(admin.token)).expect(403);
      expect(blocked.body.code).toBe('TOTP_ENROLMENT_REQUIRED');
      await t.http().patch(`/api/v1/organisations/${admin.organisationId}`).set(bearer(operator)).send({ requireTotp: false }).expect(200);
      await t.http().get('/api/v1/orders').set(bearer(admin.token)).expect(200);
    });

    it('lets a person without one in only to enrol, then goes on with the confirmed token; the enrolment token stays limited', async () => {
      const organisation = (await t.http().post('/api/v1/organisations').set(bearer(operator)).send(authorityInput({ requireTotp: true })).expect(201)).body;
      expect(organisation.requireTotp).toBe(true);
      const input = userInput({ roles: ['OFFICER'] });
      await t.http().post(`/api/v1/organisations/${organisation.id}/users`).set(bearer(operator)).send(input).expect(201);
      const signedIn = await login({ email: input.email, password: PASSWORD }).expect(200);
      const limited = signedIn.body.accessToken as string;
      expect(claimsOf(limited).scope).toBe('totp-enrolment');
      expect((await t.http().get('/api/v1/me').set(bearer(limited)).expect(200)).body.totpEnrolmentRequired).toBe(true);
      for (const [method, path] of [['get', '/api/v1/orders'], ['get', '/api/v1/providers'], ['get', `/api/v1/organisations/${organisation.id}`], ['post', '/api/v1/orders'], ['get', '/api/v1/events']] as const) {
        const response = await t.http()[method](path).set(bearer(limited)).send();
        expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status: 403, code: 'TOTP_ENROLMENT_REQUIRED' });
      }
      // Renewal keeps the limit.
      const renewed = await t.http().post('/api/v1/auth/refresh').set(bearer(limited)).expect(200);
      expect(claimsOf(renewed.body.accessToken).scope).toBe('totp-enrolment');
      await t.http().get('/api/v1/orders').set(bearer(renewed.body.accessToken)).expect(403);

      const started = await t.http().post('/api/v1/me/totp').set(bearer(renewed.body.accessToken)).send({}).expect(201);
      const confirmed = await t.http().post('/api/v1/me/totp/confirm').set(bearer(limited)).send({ code: await code(started.body.secret, -1) }).expect(200);
      const full = confirmed.body.accessToken as string;
      expect(claimsOf(full).scope).toBeUndefined();
      expect(claimsOf(full).auth_time).toBe(claimsOf(limited).auth_time);
      await t.http().get('/api/v1/orders').set(bearer(full)).expect(200);
      expect((await t.http().get('/api/v1/me').set(bearer(full))).body.totpEnrolmentRequired).toBe(false);
      // A token issued for enrolment never opens more, even once the factor is there.
      const still = await t.http().get('/api/v1/orders').set(bearer(limited)).expect(403);
      expect(still.body.code).toBe('TOTP_ENROLMENT_REQUIRED');
      // Nor can the factor be removed while the organisation requires it.
      const kept = await t.http().delete('/api/v1/me/totp').set(bearer(full)).send({ code: await code(started.body.secret) }).expect(409);
      expect(kept.body.code).toBe('TOTP_REQUIRED_BY_ORGANISATION');
      // From now on, sign-in asks for the code.
      expect((await login({ email: input.email, password: PASSWORD })).body.code).toBe('TOTP_REQUIRED');
      await login({ email: input.email, password: PASSWORD, totp: await code(started.body.secret, 1) }).expect(200);
    });

    it('ends an event stream opened before the requirement, as its next request would be refused', async () => {
      const { token, organisationId } = await person();
      await t.app.listen(0, '127.0.0.1');
      const port = (t.app.getHttpServer().address() as AddressInfo).port;
      const opened = Date.now();
      let responded!: () => void;
      let failed!: (error: Error) => void;
      const streaming = new Promise<void>((resolve, reject) => ((responded = resolve), (failed = reject)));
      const ended = new Promise<{ status: number; after: number }>((resolve) => {
        const request = httpRequest({ port, host: '127.0.0.1', path: '/api/v1/events', headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
        request.on('response', (response) => {
          responded();
          response.resume();
          const done = () => resolve({ status: response.statusCode!, after: Date.now() - opened });
          response.on('end', done);
          response.on('close', done);
        });
        request.on('error', failed);
        request.end();
      });
      // The stream is open (past its guard) before the requirement is set.
      await streaming;
      await t.http().patch(`/api/v1/organisations/${organisationId}`).set(bearer(operator)).send({ requireTotp: true }).expect(200);
      const { status, after } = await ended;
      expect(status).toBe(200);
      expect(after).toBeLessThan(15_000);
      await t.http().get('/api/v1/orders').set(bearer(token)).expect(403);
    });

    it('does not concern certificate logins: a machine proving its key', async () => {
      const ws = new OpensslWorkspace();
      try {
        const admin = await person(undefined, ['ORG_ADMIN', 'OFFICER']);
        ws.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'login.key', '-subj', '/O=x', '-out', 'login.csr']);
        const issued = await t.http().post(`/api/v1/organisations/${admin.organisationId}/certificates`).set(bearer(admin.token)).send({ csr: ws.read('login.csr').toString() }).expect(201);
        await t.http().patch(`/api/v1/organisations/${admin.organisationId}`).set(bearer(operator)).send({ requireTotp: true }).expect(200);
        const challenge = await t.http().post('/api/v1/auth/challenge').send({ certificate: issued.body.certificate }).expect(200);
        ws.file('nonce.bin', Buffer.from(challenge.body.nonce, 'base64'));
        ws.openssl(['dgst', '-sha256', '-sign', 'login.key', '-out', 'nonce.sig', 'nonce.bin']);
        const machine = await t.http().post('/api/v1/auth/certificate-login').send({ challengeId: challenge.body.challengeId, signature: ws.read('nonce.sig').toString('base64') }).expect(200);
        await t.http().get('/api/v1/orders').set(bearer(machine.body.accessToken)).expect(200);
        expect((await t.http().get('/api/v1/me').set(bearer(machine.body.accessToken))).body.totpEnrolmentRequired).toBe(false);
        const forbidden = await t.http().post('/api/v1/me/totp').set(bearer(machine.body.accessToken)).send({}).expect(403);
        expect(forbidden.body.code).toBe('FORBIDDEN');
        // A renewal stays bound to the certificate.
        const renewed = await t.http().post('/api/v1/auth/refresh').set(bearer(machine.body.accessToken)).expect(200);
        const der = Buffer.from(issued.body.certificate.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
        expect(claimsOf(renewed.body.accessToken).cnf).toEqual({ 'x5t#S256': createHash('sha256').update(der).digest('base64url') });
        await t.http().post(`/api/v1/organisations/${admin.organisationId}/certificates/${issued.body.serialNumber}/revoke`).set(bearer(operator)).send({ reason: 'superseded' }).expect(200);
        await t.http().get('/api/v1/orders').set(bearer(renewed.body.accessToken)).expect(401);
        await t.http().post('/api/v1/auth/refresh').set(bearer(renewed.body.accessToken)).expect(401);
      } finally {
        ws.remove();
      }
    });
  });

  describe('the operator', () => {
    it('lists an organisation’s people with their second factor, to the operator and its own admin only', async () => {
      const admin = await person(undefined, ['OFFICER', 'ORG_ADMIN']);
      const colleague = await person(admin.organisationId);
      await enrol(colleague.token);
      const list = await t.http().get(`/api/v1/organisations/${admin.organisationId}/users`).set(bearer(operator)).expect(200);
      expect(list.body.items).toHaveLength(2);
      expect(Object.fromEntries(list.body.items.map((user: { email: string; totpEnabled: boolean }) => [user.email, user.totpEnabled]))).toEqual({ [admin.email]: false, [colleague.email]: true });
      await t.http().get(`/api/v1/organisations/${admin.organisationId}/users`).set(bearer(admin.token)).expect(200);
      const stranger = await person(undefined, ['OFFICER', 'ORG_ADMIN']);
      expect((await t.http().get(`/api/v1/organisations/${admin.organisationId}/users`).set(bearer(stranger.token))).body.code).toBe('ORGANISATION_NOT_FOUND');
      await t.http().get(`/api/v1/organisations/${admin.organisationId}/users`).set(bearer(colleague.token)).expect(403);
    });

    it('resets a lost factor (operator only); where the organisation requires one, the person enrols again', async () => {
      const admin = await person(undefined, ['OFFICER', 'ORG_ADMIN']);
      const user = await person(admin.organisationId);
      const { secret } = await enrol(user.token);
      await t.http().patch(`/api/v1/organisations/${admin.organisationId}`).set(bearer(operator)).send({ requireTotp: true }).expect(200);
      const path = `/api/v1/organisations/${admin.organisationId}/users/${user.id}/totp`;
      expect((await t.http().delete(path).set(bearer(admin.token))).status).toBe(403);
      const elsewhere = await person();
      await t.http().delete(`/api/v1/organisations/${elsewhere.organisationId}/users/${user.id}/totp`).set(bearer(operator)).expect(404);
      await t.http().delete(`/api/v1/organisations/${admin.organisationId}/users/7d0b8f8e-8b8f-4c4e-9d3e-3f4a8c1b2a10/totp`).set(bearer(operator)).expect(404);
      await t.http().delete(`/api/v1/organisations/${admin.organisationId}/users/not-a-uuid/totp`).set(bearer(operator)).expect(400);
      const full = (await login({ email: user.email, password: PASSWORD, totp: await code(secret) }).expect(200)).body.accessToken;
      await t.http().delete(path).set(bearer(operator)).expect(204);
      await t.http().delete(path).set(bearer(operator)).expect(204);
      // The token held before the reset is limited to enrolment at once; sign-in asks for no code and limits the token.
      expect((await t.http().get('/api/v1/orders').set(bearer(full))).body.code).toBe('TOTP_ENROLMENT_REQUIRED');
      const again = await login({ email: user.email, password: PASSWORD }).expect(200);
      expect(claimsOf(again.body.accessToken).scope).toBe('totp-enrolment');
      const listed = await t.http().get(`/api/v1/organisations/${admin.organisationId}/users`).set(bearer(operator)).expect(200);
      expect(listed.body.items.find((item: { id: string }) => item.id === user.id).totpEnabled).toBe(false);
    });
  });

  describe('renewal (POST /auth/refresh)', () => {
    const now = () => Math.floor(Date.now() / 1000);
    let officer: { sub: string; org: string };
    beforeAll(async () => {
      const [row] = await t.app.get(DataSource).query('SELECT id, organisation_id FROM users WHERE email = $1', [DEMO.ncaOfficer]);
      officer = { sub: row.id, org: row.organisation_id };
    });

    it('needs a token, and answers a new one for the same session with a new expiry', async () => {
      await t.http().post('/api/v1/auth/refresh').expect(401);
      const token = (await login({ email: DEMO.ncaOfficer, password: 'demo-password-123' }).expect(200)).body.accessToken as string;
      await sleep(1_100);
      const renewed = await t.http().post('/api/v1/auth/refresh').set(bearer(token)).expect(200);
      expect(renewed.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
      const [before, after] = [claimsOf(token), claimsOf(renewed.body.accessToken)];
      expect(after).toEqual({ ...before, iat: expect.any(Number), exp: expect.any(Number) });
      expect(after.iat as number).toBeGreaterThan(before.iat as number);
      expect((after.exp as number) - (after.iat as number)).toBe(900);
      await t.http().get('/api/v1/me').set(bearer(renewed.body.accessToken)).expect(200);
    });

    it('never reaches past the longest session from the sign-in, then refuses', async () => {
      const authTime = now() - 43_200 + 120;
      const nearEnd = await t.http().post('/api/v1/auth/refresh').set(bearer(handMade({ ...officer, iat: now(), exp: now() + 900, auth_time: authTime }))).expect(200);
      expect(nearEnd.body.expiresIn).toBeLessThanOrEqual(120);
      expect(claimsOf(nearEnd.body.accessToken)).toMatchObject({ auth_time: authTime, exp: expect.any(Number) });
      expect(claimsOf(nearEnd.body.accessToken).exp as number).toBeLessThanOrEqual(authTime + 43_200);
      const over = await t.http().post('/api/v1/auth/refresh').set(bearer(handMade({ ...officer, iat: now(), exp: now() + 900, auth_time: now() - 43_201 }))).expect(401);
      expect(over.body.code).toBe('UNAUTHENTICATED');
      // A token without auth_time counts from its iat; a sign-in time after the token, or not a number, is refused.
      await t.http().post('/api/v1/auth/refresh').set(bearer(handMade({ ...officer, iat: now(), exp: now() + 900 }))).expect(200);
      await t.http().get('/api/v1/me').set(bearer(handMade({ ...officer, iat: now(), exp: now() + 900, auth_time: now() + 3_600 }))).expect(401);
      await t.http().get('/api/v1/me').set(bearer(handMade({ ...officer, iat: now(), exp: now() + 900, auth_time: 'yesterday' }))).expect(401);
      await t.http().get('/api/v1/me').set(bearer(handMade({ ...officer, iat: now(), exp: now() + 900, scope: 'admin' }))).expect(401);
    });

    it('is refused, like every request, for a disabled account and a suspended organisation', async () => {
      const disabled = await person();
      await t.app.get(DataSource).query('UPDATE users SET active = false WHERE id = $1', [disabled.id]);
      await t.http().post('/api/v1/auth/refresh').set(bearer(disabled.token)).expect(401);
      const suspended = await person();
      await t.http().post('/api/v1/auth/refresh').set(bearer(suspended.token)).expect(200);
      await t.http().post(`/api/v1/organisations/${suspended.organisationId}/suspension`).set(bearer(operator)).send({ reason: 'Account taken over.' }).expect(200);
      const refused = await t.http().post('/api/v1/auth/refresh').set(bearer(suspended.token)).expect(401);
      expect(refused.body.code).toBe('UNAUTHENTICATED');
    });
  });
});
