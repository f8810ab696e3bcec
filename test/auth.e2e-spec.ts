import { DataSource } from 'typeorm';
import { DEMO } from './support/demo-accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '3' });
  });
  afterAll(() => t.close());

  it('issues a short-lived bearer token for the right password', async () => {
    const response = await t.http().post('/api/v1/auth/login').send({ email: DEMO.ofacOfficer, password: 'demo-password-123' }).expect(200);
    expect(response.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
    const [, payload] = response.body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(900);
  });

  it('accepts the e-mail address in any case', async () => {
    await t.http().post('/api/v1/auth/login').send({ email: DEMO.parisJudge.toUpperCase(), password: 'demo-password-123' }).expect(200);
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrong = await t.http().post('/api/v1/auth/login').send({ email: DEMO.nordtel, password: 'not-the-password' });
    const unknown = await t.http().post('/api/v1/auth/login').send({ email: 'nobody@nowhere.demo', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
    const { instance: _a, ...wrongBody } = wrong.body;
    const { instance: _b, ...unknownBody } = unknown.body;
    expect(wrongBody).toEqual(unknownBody);
    expect(wrongBody.code).toBe('UNAUTHENTICATED');
  });

  it('rate-limits repeated attempts on one account and says when to retry', async () => {
    const attempt = () => t.http().post('/api/v1/auth/login').send({ email: DEMO.albionMail, password: 'guess-guess-guess' });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The right password is refused too while the window lasts: the limit is not an oracle.
    const right = await t.http().post('/api/v1/auth/login').send({ email: DEMO.albionMail, password: 'demo-password-123' });
    expect(right.status).toBe(429);
    // Other accounts from the same client are unaffected.
    await t.http().post('/api/v1/auth/login').send({ email: DEMO.examplegram, password: 'demo-password-123' }).expect(200);
  });

  it('refuses protected routes without a token, with a tampered token and with a foreign token', async () => {
    const token = await t.login(DEMO.ncaOfficer);
    await t.http().get('/api/v1/me').expect(401);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url');
    const tampered = await t.http().get('/api/v1/me').set('authorization', `Bearer ${header}.${forged}.${signature}`);
    expect(tampered.status).toBe(401);
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    await t.http().get('/api/v1/me').set('authorization', `Bearer ${unsigned}`).expect(401);
    await t.http().get('/api/v1/me').set('authorization', 'Basic abc').expect(401);
  });

  it('tells the caller who they are', async () => {
    const token = await t.login(DEMO.parisProsecutor);
    const response = await t.http().get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body).toEqual({
      user: { id: expect.any(String), email: DEMO.parisProsecutor, name: expect.any(String), function: expect.any(String), roles: ['PROSECUTOR', 'VALIDATOR'], totpEnabled: false },
      organisation: { id: expect.any(String), name: 'Parquet de Paris', kind: 'AUTHORITY', country: 'FR', authorityType: 'PROSECUTOR', requireTotp: false },
      totpEnrolmentRequired: false,
    });
  });

  it('stops a token the moment its account is disabled', async () => {
    const token = await t.login(DEMO.crownCourtJudge);
    await t.http().get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(200);
    await t.app.get(DataSource).query('UPDATE users SET active = false WHERE email = $1', [DEMO.crownCourtJudge]);
    await t.http().get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(401);
    await t.http().post('/api/v1/auth/login').send({ email: DEMO.crownCourtJudge, password: 'demo-password-123' }).expect(401);
  });
});
