import type { AddressInfo } from 'node:net';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, orderBody, ordersClient } from './support/orders.js';
import { rawRequest, type RawResponse } from './support/raw-http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** The one input boundary: whatever a client sends, the answer is a 4xx problem+json, never a 500. */
describe('hostile input at the HTTP boundary', () => {
  let t: TestApp;
  let operator: Record<string, string>;
  let officer: Record<string, string>;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp();
    operator = { authorization: `Bearer ${await t.login(DEMO.operator)}` };
    officer = { authorization: `Bearer ${await t.login(DEMO.ofacOfficer)}` };
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  const expectProblem = (response: Answer, status: number, code?: string) => {
    expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { status, ...(code ? { code } : {}) } });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: expect.stringMatching(/^urn:evx:problem:/), title: expect.any(String), detail: expect.any(String) });
  };
  const fieldsOf = (response: Answer) => (response.body.errors as { field: string }[] | undefined)?.map((e) => e.field) ?? [];
  const raw = async (bytes: string | Buffer): Promise<Answer> => {
    const response: RawResponse = await rawRequest(port, bytes);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(response.body);
    } catch {
      body = { unparsed: response.body };
    }
    return { ...response, body };
  };
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  describe('JSON bodies', () => {
    it('refuses JSON nested 10,000 deep on the unauthenticated routes, not a 500 from the transformer', async () => {
      const challenge = await t.http().post('/api/v1/auth/challenge').set('content-type', 'application/json').send(`{"certificate":${nested(10_000)}}`);
      expectProblem(challenge, 400, 'MALFORMED_REQUEST');
      expect(challenge.body.detail).toMatch(/nests .* more than 64 levels/);
      // Login takes a few KiB: 10,000 levels do not even fit; 1,500 do, and are refused for their depth.
      expectProblem(await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send(`{"email":${nested(10_000)},"password":"x"}`), 413, 'PAYLOAD_TOO_LARGE');
      const login = await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send(`{"email":${nested(1_500)},"password":"x"}`);
      expectProblem(login, 400, 'MALFORMED_REQUEST');
      expect(login.body.detail).toMatch(/nests .* more than 64 levels/);
    });

    it('refuses deep JSON behind authentication too, and lets 64 levels through to validation', async () => {
      const deep = await t.http().post('/api/v1/organisations').set(operator).set('content-type', 'application/json').send(`{"name":${nested(10_000)}}`);
      expectProblem(deep, 400, 'MALFORMED_REQUEST');
      const justTooDeep = await t.http().post('/api/v1/organisations').set(operator).set('content-type', 'application/json').send(`{"name":${nested(64)}}`);
      expectProblem(justTooDeep, 400, 'MALFORMED_REQUEST');
      const shallow = await t.http().post('/api/v1/organisations').set(operator).set('content-type', 'application/json').send(`{"name":${nested(63)}}`);
      expectProblem(shallow, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(shallow)).toContain('name');
    });

    it('does not count brackets inside strings as nesting', async () => {
      const response = await t.http().post('/api/v1/auth/login').send({ email: 'nobody@nowhere.demo', password: `${'[{'.repeat(60)}"\\` });
      expectProblem(response, 401, 'UNAUTHENTICATED');
    });

    it.each([
      ['__proto__', '{"email":"a@b.demo","password":"x","__proto__":{"polluted":true}}'],
      ['escaped __proto__', '{"email":"a@b.demo","password":"x","\\u005f_proto__":{"polluted":true}}'],
      ['constructor.prototype', '{"email":"a@b.demo","password":"x","constructor":{"prototype":{"polluted":true}}}'],
    ])('refuses %s members with 400 and pollutes nothing', async (_name, body) => {
      const response = await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send(body);
      expectProblem(response, 400, 'MALFORMED_REQUEST');
      expect(response.body.detail).toMatch(/__proto__|constructor/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('holds login and challenge to a few KiB, other routes to 1 MiB', async () => {
      expectProblem(await t.http().post('/api/v1/auth/login').send({ email: 'a@b.demo', password: 'x'.repeat(8 * 1024) }), 413, 'PAYLOAD_TOO_LARGE');
      expectProblem(await t.http().post('/api/v1/auth/challenge').send({ certificate: 'x'.repeat(40 * 1024) }), 413, 'PAYLOAD_TOO_LARGE');
      expectProblem(await t.http().post('/api/v1/auth/certificate-login').send({ challengeId: 'x', signature: 'x'.repeat(8 * 1024) }), 413, 'PAYLOAD_TOO_LARGE');
      // 100 kB is under the general limit: it reaches validation, which names the field.
      const organisation = await t.http().post('/api/v1/organisations').set(operator).send({ name: 'x'.repeat(100_000), kind: 'AUTHORITY', country: 'BE', authorityType: 'POLICE' });
      expectProblem(organisation, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(organisation)).toEqual(['name']);
    });

    it('refuses form bodies: the API speaks JSON', async () => {
      const response = await t.http().post('/api/v1/auth/login').set('content-type', 'application/x-www-form-urlencoded').send('email=a%40b.demo&password=x');
      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    // Found by test/fuzz.e2e-spec.ts: JSON.parse makes 1e999999 Infinity, which the idempotency
    // hash and the signed intents cannot canonicalise (a 500 on every signed action).
    it('refuses numbers past what a double holds, naming the member', async () => {
      const order = '00000000-0000-4000-8000-000000000000';
      for (const [path, body, field] of [
        [`/api/v1/orders/${order}/withdraw?unknown=1`, '{"reason":"x","a":1e999999}', 'a'],
        ['/api/v1/organisations', '{"name":"x","size":{"n":[1,-1e400]}}', 'size.n[1]'],
      ]) {
        const response = await t.http().post(path).set(officer).set({ 'content-type': 'application/json', 'idempotency-key': 'fuzz-1' }).send(body);
        expectProblem(response, 400, 'MALFORMED_REQUEST');
        expect(response.body.detail).toContain(field);
      }
    });
  });

  describe('strings PostgreSQL cannot store', () => {
    it.each([
      ['NUL', 'a\u0000b'],
      ['a lone high surrogate', 'a\ud800b'],
      ['a lone low surrogate', '\udc00'],
    ])('refuses %s in any string with 400 naming the field', async (_name, bad) => {
      const login = await t.http().post('/api/v1/auth/login').send({ email: `x${bad}@b.demo`, password: 'x' });
      expectProblem(login, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(login)).toEqual(['email']);

      const organisation = await t.http().post('/api/v1/organisations').set(operator).send({ name: `Police ${bad}`, kind: 'AUTHORITY', country: 'BE', authorityType: 'POLICE' });
      expectProblem(organisation, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(organisation)).toEqual(['name']);

      const { Examplegram } = await demoDirectory(t);
      const order = await t.http().post('/api/v1/orders').set(officer).send(orderBody(Examplegram, { targets: [{ kind: 'ACCOUNT', value: 'ok' }, { kind: 'ACCOUNT', value: `acc${bad}` }], caseSummary: `summary ${bad}` }));
      expectProblem(order, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(order).sort()).toEqual(['caseSummary', 'targets[1].value']);
    });

    it('refuses them in query parameters and member names too', async () => {
      const cursor = await t.http().get('/api/v1/orders').query({ cursor: 'a\u0000' }).set(officer);
      expectProblem(cursor, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(cursor)).toEqual(['cursor']);
      const member = await t.http().post('/api/v1/auth/login').send({ email: 'a@b.demo', password: 'x', 'bad\u0000name': 1 });
      expectProblem(member, 400, 'VALIDATION_FAILED');
    });

    it('still takes well-formed text beyond the Basic Multilingual Plane', async () => {
      const response = await t.http().post('/api/v1/auth/login').send({ email: 'nobody@nowhere.demo', password: 'pass 🔑 word' });
      expectProblem(response, 401, 'UNAUTHENTICATED');
    });
  });

  describe('errors fastify and Node answer themselves', () => {
    const get = (target: string, headers = '') => `GET ${target} HTTP/1.1\r\nHost: localhost\r\n${headers}Connection: close\r\n\r\n`;

    it('answers bad percent-encoding in the path with problem+json', async () => {
      expectProblem(await raw(get('/api/v1/organisations/%E0%A4%A')), 400, 'MALFORMED_REQUEST');
    });

    it('answers a path parameter over 100 characters with problem+json', async () => {
      const response = await raw(get(`/api/v1/organisations/${'a'.repeat(101)}`, `Authorization: ${operator.authorization}\r\n`));
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expectProblem(response, response.status);
    });

    it('answers oversized headers with a 431 problem+json', async () => {
      expectProblem(await raw(get('/api/v1/me', `X-Padding: ${'a'.repeat(20_000)}\r\n`)), 431);
    });

    it.each([
      ['a non-numeric Content-Length', 'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: abc\r\nConnection: close\r\n\r\n{}'],
      ['both Content-Length and chunked', 'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{}'],
      ['a broken chunk', 'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
      ['a space in the header name', 'GET /health HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\nConnection: close\r\n\r\n'],
      ['an unknown HTTP version', 'GET /health HTTP/7.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'],
    ])('answers malformed framing (%s) with a 400 problem+json', async (_name, bytes) => {
      expectProblem(await raw(bytes), 400, 'MALFORMED_REQUEST');
    });

    it('answers a method a route does not have with 405 and Allow, an unknown path with 404', async () => {
      const wrongMethod = await t.http().delete('/api/v1/me').set(operator);
      expectProblem(wrongMethod, 405, 'METHOD_NOT_ALLOWED');
      expect(wrongMethod.headers.allow).toBe('GET, HEAD');
      const deleteOrganisation = await t.http().delete('/api/v1/organisations/00000000-0000-4000-8000-000000000000').set(operator);
      expectProblem(deleteOrganisation, 405, 'METHOD_NOT_ALLOWED');
      expect(deleteOrganisation.headers.allow).toBe('GET, HEAD, PATCH');
      expectProblem(await t.http().get('/api/v1/no-such-thing'), 404, 'NOT_FOUND');
      expectProblem(await raw('PROPFIND /api/v1/me HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'), 405, 'METHOD_NOT_ALLOWED');
    });

    it('answers an unsupported media type with 415 problem+json', async () => {
      expectProblem(await t.http().post('/api/v1/organisations').set(operator).set('content-type', 'application/xml').send('<organisation/>'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('validation', () => {
    it('reports every field error of a request at once, with full paths into arrays and objects', async () => {
      const response = await t.http().post('/api/v1/organisations').set(operator).send({
        name: '',
        kind: 'PROVIDER',
        country: 'UK',
        establishments: [{ country: 'IE', role: 'DESIGNATED_ESTABLISHMENT', languages: ['en'] }, { country: 'ie', role: 'NOPE', languages: ['english'] }],
        cgnatOperator: 'yes',
      });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect([...new Set(fieldsOf(response))].sort()).toEqual(['cgnatOperator', 'country', 'establishments[1].country', 'establishments[1].languages', 'establishments[1].role', 'name']);
    });

    it('reports text PostgreSQL cannot store together with every other field error', async () => {
      const response = await t.http().post('/api/v1/organisations').set(operator).send({ name: 'Police\u0000', kind: 'NOPE', country: 'UK' });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect([...new Set(fieldsOf(response))].sort()).toEqual(['country', 'kind', 'name']);
    });

    it.each([
      ['an array', []],
      ['a list of objects', [{ maxSentenceMonths: 60 }]],
      ['null', null],
      ['a number', 60],
    ])('refuses %s where one object is expected, together with the other errors', async (_name, offence) => {
      const body = { issuingCountry: 'FR', orderType: 'PRODUCTION', dataCategories: ['CONTENT'], emergency: 'no', date: '2026-09-01', offence };
      const response = await t.http().post('/api/v1/routing/evaluate').set(officer).send(body);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'emergency' })]));
      expect((response.body.errors as { field: string }[]).filter((error) => error.field === 'offence')).toEqual([{ field: 'offence', message: offence === null ? 'is required' : 'must be an object' }]);
    });

    it('reports nested order targets by their full path, all at once', async () => {
      const { Examplegram } = await demoDirectory(t);
      const response = await t.http().post('/api/v1/orders').set(officer).send(
        orderBody(Examplegram, {
          targets: [{ kind: 'ACCOUNT', value: 'ok' }, { kind: 'IP_ADDRESS', value: '203.0.113.7', sourcePort: 70_000, timestamp: '2026-09-01T10:15' }],
          dataCategories: ['NOPE'],
          language: 'english',
        }),
      );
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect([...new Set(fieldsOf(response))].sort()).toEqual(['dataCategories', 'language', 'targets[1].sourcePort', 'targets[1].timestamp']);
    });
  });

  describe('cursors', () => {
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    it.each([
      ['a row id that is not a UUID', ['Examplegram', 'not-a-uuid']],
      ['a number for the name', [42, '0b6f9c1e-7f0a-4c44-9a55-2f1d6a3e8b10']],
      ['NUL escaped inside the JSON', ['Example\u0000gram', '0b6f9c1e-7f0a-4c44-9a55-2f1d6a3e8b10']],
    ])('refuses a cursor with %s with 400 naming cursor', async (_name, parts) => {
      const response = await t.http().get('/api/v1/providers').query({ cursor: cursorOf(parts) }).set(officer);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual([{ field: 'cursor', message: expect.stringMatching(/^is not a cursor this list issued/) }]);
    });

    it('still follows the cursors it issues', async () => {
      const first = await t.http().get('/api/v1/providers').query({ limit: 1 }).set(officer).expect(200);
      const second = await t.http().get('/api/v1/providers').query({ limit: 1, cursor: first.body.nextCursor }).set(officer).expect(200);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    });
  });

  describe('certificate requests', () => {
    it('refuses a CSR of indefinite lengths nested 3,000 deep with 400 naming csr, not a stack overflow', async () => {
      const depth = 3_000;
      const der = Buffer.concat([Buffer.from('3080'.repeat(depth), 'hex'), Buffer.from('0000'.repeat(depth), 'hex')]);
      const csr = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
      const admin = { authorization: `Bearer ${await t.login(DEMO.nordtel)}` };
      const { organisation } = (await t.http().get('/api/v1/me').set(admin).expect(200)).body;
      const response = await t.http().post(`/api/v1/organisations/${organisation.id}/certificates`).set(admin).send({ csr });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual([{ field: 'csr', message: expect.stringMatching(/deeper than 64/) }]);
    });
  });

  describe('timestamps', () => {
    it('refuses 30 February, year 0000 and an offset past ±14:00 instead of storing something else, saying what is expected', async () => {
      const { Examplegram } = await demoDirectory(t);
      const response = await t.http().post('/api/v1/orders').set(officer).send(
        orderBody(Examplegram, {
          timeRange: { from: '2026-02-30T00:00:00Z', to: '0000-01-01T00:00:00Z' },
          targets: [{ kind: 'IP_ADDRESS', value: '203.0.113.7', sourcePort: 4242, timestamp: '2026-09-01T12:15:30+15:00' }],
        }),
      );
      expectProblem(response, 400, 'VALIDATION_FAILED');
      const errors = response.body.errors as { field: string; message: string }[];
      expect(errors.map((e) => e.field).sort()).toEqual(['targets[0].timestamp', 'timeRange.from', 'timeRange.to']);
      for (const { message } of errors) {
        expect(message).toMatch(/^must be a date and time that exists, with seconds and an offset, e\.g\. 2026-09-01T12:15:30\+02:00/);
        expect(message).not.toMatch(/targets|timeRange/);
      }
    });
  });

  describe('caching', () => {
    it('marks every authenticated answer no-store: JSON, lists and errors', async () => {
      for (const response of [
        await t.http().get('/api/v1/me').set(officer),
        await t.http().get('/api/v1/orders').set(officer),
        await t.http().get('/api/v1/orders/00000000-0000-4000-8000-000000000000').set(officer),
        await t.http().get('/api/v1/me'),
      ]) {
        expect({ status: response.status, cacheControl: response.headers['cache-control'] }).toEqual({ status: response.status, cacheControl: 'no-store' });
      }
    });

    it('marks a signed PDF no-store too', async () => {
      const { Examplegram } = await demoDirectory(t);
      const api = ordersClient(t);
      const created = (await api.create(DEMO.ofacOfficer, orderBody(Examplegram))).body;
      await api.act(DEMO.ofacOfficer, created.id, 'submit');
      expect((await api.act(DEMO.parisJudge, created.id, 'validate', { decision: 'APPROVE' })).status).toBe(200);
      const [epoc] = (await api.get(DEMO.examplegram, `orders/${created.id}/documents`)).body.items;
      const pdf = await api.get(DEMO.examplegram, `orders/${created.id}/documents/${epoc.id}?lang=en`);
      expect({ status: pdf.status, type: pdf.headers['content-type'], cacheControl: pdf.headers['cache-control'] }).toEqual({ status: 200, type: 'application/pdf', cacheControl: 'no-store' });
    });

    it('lets public trust material keep its own caching', async () => {
      const ca = await t.http().get('/api/v1/pki/ca').expect(200);
      expect(ca.headers['cache-control']).toBe('public, max-age=3600');
    });
  });
});
