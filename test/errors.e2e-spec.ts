import { DEMO } from './support/demo-accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The shape of every error: RFC 9457 problem+json with a stable code, never a stack or SQL. */
describe('problem+json errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const expectProblem = (response: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: expect.stringMatching(/^urn:evx:problem:/), title: expect.any(String), status, detail: expect.any(String), code });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(ts|js):\d+|SELECT|INSERT|node_modules/);
  };

  it('answers unreadable JSON with MALFORMED_REQUEST', async () => {
    const response = await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email": "a@b.c",');
    expectProblem(response, 400, 'MALFORMED_REQUEST');
  });

  it.each(['["officer@ofac.fr.demo"]', 'null', '"text"', '42'])('answers the JSON body %s, not an object, with MALFORMED_REQUEST', async (body) => {
    const response = await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send(body);
    expectProblem(response, 400, 'MALFORMED_REQUEST');
    expect(response.body.detail).toBe('The request body must be a JSON object.');
  });

  it('says "is required" for a missing member, once', async () => {
    const response = await t.http().post('/api/v1/auth/login').send({ email: 'officer@ofac.fr.demo' });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(response.body.errors).toEqual([{ field: 'password', message: 'is required' }]);
  });

  it('answers a non-JSON content type with 415', async () => {
    const response = await t.http().post('/api/v1/auth/login').set('content-type', 'text/plain').send('email=a');
    expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an oversized body with 413', async () => {
    const response = await t.http().post('/api/v1/auth/login').send({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) });
    expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown route with 404 whether or not the caller is authenticated', async () => {
    expectProblem(await t.http().get('/api/v1/nothing-here'), 404, 'NOT_FOUND');
    const token = await t.login(DEMO.operator);
    expectProblem(await t.http().get('/api/v1/nothing-here').set('authorization', `Bearer ${token}`), 404, 'NOT_FOUND');
  });

  it('lists every offending field of a validation failure', async () => {
    const response = await t.http().post('/api/v1/auth/login').send({ email: 'not-an-email', password: 42, extra: true });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    const fields = (response.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect([...new Set(fields)]).toEqual(['email', 'extra', 'password']);
  });

  it('carries the request id on errors too', async () => {
    const response = await t.http().get('/api/v1/me');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
