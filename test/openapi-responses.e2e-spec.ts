import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import type { Response } from 'supertest';
import { base32Decode, totpCode } from '../libs/pki/index.js';
import { DEMO } from './support/demo-accounts.js';
import { authorityInput, userInput } from './support/factories.js';
import { demoDirectory, fixClock, orderBody } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Schema = Record<string, unknown>;
interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema?: Schema }> }; responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
}
const document = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as OpenApi;

/**
 * The document read strictly: an object with listed properties has no others (a member the
 * code sends but the document does not name is a mismatch too), and `nullable` means "or null"
 * whatever sits beside it (an `allOf` of a $ref included), as openapi-typescript reads it for
 * the console's types.
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Schema;
  const out: Schema = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, key === 'example' ? value : strict(value)]));
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (typeof out.$ref === 'string') out.$ref = `openapi.json${out.$ref}`;
  return nullable ? { anyOf: [{ type: 'null' }, out] } : out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
ajv.addSchema({ components: strict(document.components) }, 'openapi.json');

/** Where a real answer and the document disagree, as "METHOD path status: /pointer message". */
const mismatches: string[] = [];
const checked = new Set<string>();
function conforms(method: string, template: string, response: Response): Response {
  const operation = document.paths[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${template} is not in openapi.json`);
  const answer = operation.responses[String(response.status)];
  const where = `${method} ${template} ${response.status}`;
  checked.add(`${method} ${template}`);
  if (!answer) {
    mismatches.push(`${where}: status not in the document (${JSON.stringify(response.body).slice(0, 200)})`);
    return response;
  }
  const type = String(response.headers['content-type'] ?? '').split(';')[0];
  const content = answer.content ?? {};
  const documented = Object.keys(content).find((key) => key.split(';')[0] === type);
  if (!documented) {
    if (Object.keys(content).length || response.status !== 204) mismatches.push(`${where}: content type ${type} not documented (${Object.keys(content).join(', ')})`);
    return response;
  }
  const schema = content[documented].schema;
  if (schema && /json/.test(type)) {
    const validate = ajv.compile(strict(schema) as Schema);
    if (!validate(response.body)) {
      for (const error of validate.errors as ErrorObject[]) mismatches.push(`${where}: ${error.instancePath || '/'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` (${error.params.additionalProperty})` : ''}`);
    }
  }
  return response;
}

/** A request body the document must accept too (Annex III reasons by number and by code, for one). */
function acceptedRequest(method: string, template: string, body: unknown): void {
  const schema = document.paths[template]?.[method.toLowerCase()]?.requestBody?.content['application/json']?.schema;
  if (!schema || Buffer.isBuffer(body)) return;
  const validate = ajv.compile(strict(schema) as Schema);
  if (!validate(body)) for (const error of validate.errors as ErrorObject[]) mismatches.push(`${method} ${template} request: ${error.instancePath || '/'} ${error.message}`);
}

/** The main flows, each real answer checked against the response schema the document gives it. */
describe('openapi.json describes the real answers exactly', () => {
  let t: TestApp;
  const bearer = async (email: string) => ({ authorization: `Bearer ${await t.login(email)}` });
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', template: string, path: string, email: string | undefined, body?: unknown, headers: Record<string, string> = {}) => {
    let test = t.http()[method.toLowerCase() as 'get'](`/api/v1${path}`).set({ ...(email ? await bearer(email) : {}), ...headers });
    if (body !== undefined) {
      acceptedRequest(method, `/api/v1${template}`, body);
      test = test.send(body as object);
    }
    const response = await test;
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return conforms(method, `/api/v1${template}`, response);
  };

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_DELAYS: '1h' });
    fixClock(t);
  });
  afterAll(() => t.close());

  it('reads the document strictly: a member it does not name, a null it does not allow, a wrong type are mismatches', () => {
    const validate = ajv.compile(strict({ $ref: '#/components/schemas/StepLogDto' }) as Schema);
    expect(validate({ index: 1 })).toBe(true);
    for (const wrong of [{ index: 1, extra: true }, { index: null }, { index: '1' }, {}]) expect(validate(wrong)).toBe(false);
    const nullable = ajv.compile(strict(document.components.schemas.StepDto.properties && (document.components.schemas.StepDto.properties as Record<string, Schema>).log) as Schema);
    expect([nullable(null), nullable({ index: 2 }), nullable({ index: 2, x: 1 })]).toEqual([true, true, false]);
  });

  it('matches on login, the directory, routing, orders, steps, documents, evidence, webhooks, the log and statistics', async () => {
    conforms('GET', '/health', await t.http().get('/health'));
    conforms('POST', '/api/v1/auth/login', await t.http().post('/api/v1/auth/login').send({ email: DEMO.ofacOfficer, password: 'demo-password-123' }));
    await call('GET', '/me', '/me', DEMO.parisProsecutor);
    const providers = await demoDirectory(t);
    await call('GET', '/providers', '/providers', DEMO.ofacOfficer);
    const authorities = await call('GET', '/authorities', '/authorities?limit=5', DEMO.ofacOfficer);
    await call('GET', '/authorities', `/authorities?limit=5&cursor=${authorities.body.nextCursor}`, DEMO.ofacOfficer);
    const me = (await call('GET', '/me', '/me', DEMO.examplegram)).body.organisation.id as string;
    await call('GET', '/organisations/{id}', `/organisations/${me}`, DEMO.examplegram);
    await call('GET', '/organisations/{id}/certificates', `/organisations/${me}/certificates`, DEMO.operator);

    // Routing: the catalogue, an order that routes and one that does not.
    await call('GET', '/routing/instruments', '/routing/instruments', DEMO.ofacOfficer);
    const route = { issuingCountry: 'FR', providerId: providers.Examplegram, orderType: 'PRODUCTION', dataCategories: ['CONTENT'], offence: { maxSentenceMonths: 60 }, emergency: false };
    await call('POST', '/routing/evaluate', '/routing/evaluate', DEMO.ofacOfficer, route);
    await call('POST', '/routing/evaluate', '/routing/evaluate', DEMO.ofacOfficer, { ...route, issuingCountry: 'DK' });

    // Orders: a draft amended, one issued and produced, one declined, one asked to clarify, a preservation.
    const draft = await call('POST', '/orders', '/orders', DEMO.ofacOfficer, orderBody(providers.Examplegram));
    await call('PATCH', '/orders/{id}', `/orders/${draft.body.id}`, DEMO.ofacOfficer, { caseReference: 'OFAC-2026-0413' }, { 'if-match': `"${draft.body.version}"` });
    await call('POST', '/orders/{id}/submit', `/orders/${draft.body.id}/submit`, DEMO.ofacOfficer, {});
    const issue = async (overrides: Record<string, unknown> = {}) => {
      const created = await call('POST', '/orders', '/orders', DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], ...overrides }));
      await call('POST', '/orders/{id}/issue', `/orders/${created.body.id}/issue`, DEMO.parisProsecutor, {});
      return created.body.id as string;
    };
    const produced = await issue();
    await call('POST', '/orders/{id}/acknowledge', `/orders/${produced}/acknowledge`, DEMO.examplegram, {});
    const bytes = Buffer.from('subscriber records\n');
    const evidence = await call('POST', '/orders/{id}/evidence', `/orders/${produced}/evidence`, DEMO.examplegram, bytes, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="records.csv"' });
    const upload = await call('POST', '/orders/{id}/evidence/uploads', `/orders/${produced}/evidence/uploads`, DEMO.examplegram, { filename: 'more.csv', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    await call('GET', '/orders/{id}/evidence/uploads/{uploadId}', `/orders/${produced}/evidence/uploads/${upload.body.id}`, DEMO.examplegram);
    const second = await call('PUT', '/orders/{id}/evidence/uploads/{uploadId}', `/orders/${produced}/evidence/uploads/${upload.body.id}`, DEMO.examplegram, bytes, { 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` });
    await call('GET', '/orders/{id}/evidence/recipient-certificates', `/orders/${produced}/evidence/recipient-certificates`, DEMO.examplegram);
    await call('POST', '/orders/{id}/production', `/orders/${produced}/production`, DEMO.examplegram, {
      evidenceIds: [evidence.body.id, second.body.id],
      decisions: [{ target: 'suspect.account.42', category: 'SUBSCRIBER', produced: true }],
    });
    const declined = await issue({ targets: [{ kind: 'ACCOUNT', value: 'a.one' }] });
    await call('POST', '/orders/{id}/non-execution', `/orders/${declined}/non-execution`, DEMO.examplegram, { reasons: [4, 'DE_FACTO_IMPOSSIBILITY'], explanation: 'No such account.', preservation: { preserved: false, reason: 'Nothing to preserve.' } });
    const unclear = await issue();
    await call('POST', '/orders/{id}/clarification-request', `/orders/${unclear}/clarification-request`, DEMO.examplegram, { reasons: ['INSUFFICIENT_INFORMATION', 2], message: 'Which account?' });
    const preservation = await issue({ type: 'PRESERVATION' });
    await call('POST', '/orders/{id}/preservation', `/orders/${preservation}/preservation`, DEMO.examplegram, {});

    for (const email of [DEMO.parisProsecutor, DEMO.examplegram]) {
      for (const box of ['', '?box=inbox', '?box=outbox', '?limit=1']) await call('GET', '/orders', `/orders${box}`, email);
      for (const id of [produced, declined, unclear, preservation]) {
        await call('GET', '/orders/{id}', `/orders/${id}`, email);
        await call('GET', '/orders/{id}/steps', `/orders/${id}/steps`, email);
        await call('GET', '/orders/{id}/documents', `/orders/${id}/documents`, email);
        await call('GET', '/orders/{id}/evidence', `/orders/${id}/evidence`, email);
        await call('GET', '/orders/{id}/verification', `/orders/${id}/verification`, email);
      }
    }
    await call('GET', '/orders/{id}', `/orders/${draft.body.id}`, DEMO.ofacOfficer);
    await call('GET', '/orders/{id}/steps', `/orders/${draft.body.id}/steps`, DEMO.ofacOfficer);

    // Events: the stream opens; subscriptions and their deliveries.
    const hook = await call('POST', '/webhooks', '/webhooks', DEMO.examplegram, { url: 'https://127.0.0.1:9/hook', events: ['order.received'] });
    await call('GET', '/webhooks', '/webhooks', DEMO.examplegram);
    await issue();
    await call('GET', '/webhooks/{id}/deliveries', `/webhooks/${hook.body.id}/deliveries`, DEMO.examplegram);
    const stream = await new Promise<{ status: number; type: string }>((resolve, reject) => {
      void bearer(DEMO.examplegram).then((headers) =>
        t
          .http()
          .get('/api/v1/events')
          .set(headers)
          .buffer(false)
          .parse((res, done) => {
            resolve({ status: res.statusCode!, type: String(res.headers['content-type']) });
            (res as unknown as { destroy(): void }).destroy();
            done(null, null);
          })
          .catch(reject),
      );
    });
    expect(stream).toEqual({ status: 200, type: expect.stringMatching(/^text\/event-stream/) });
    await call('DELETE', '/webhooks/{id}', `/webhooks/${hook.body.id}`, DEMO.examplegram);

    // The transparency log: its checkpoint and key, and the proofs steps carry.
    const checkpoint = await t.http().get('/api/v1/log/checkpoint');
    conforms('GET', '/api/v1/log/checkpoint', checkpoint);
    expect(checkpoint.text.split('\n')[1]).toMatch(/^\d+$/);
    conforms('GET', '/api/v1/log/key', await t.http().get('/api/v1/log/key'));

    // Statistics, private and public.
    await call('GET', '/statistics', '/statistics', DEMO.ofacOfficer);
    await call('GET', '/statistics', '/statistics?by=country', DEMO.ofacOfficer);
    conforms('GET', '/api/v1/statistics/public', await t.http().get('/api/v1/statistics/public'));

    expect(checked.size).toBeGreaterThanOrEqual(35);
    expect(mismatches).toEqual([]);
  }, 180_000);

  it('matches on the second factor, its refusals, the people of an organisation, the reset and renewal', async () => {
    mismatches.length = 0;
    const raw = async (method: 'get' | 'post' | 'patch' | 'delete', template: string, path: string, token: string | undefined, body?: unknown) => {
      if (body !== undefined) acceptedRequest(method.toUpperCase(), `/api/v1${template}`, body);
      let test = t.http()[method](`/api/v1${path}`);
      if (token) test = test.set('authorization', `Bearer ${token}`);
      return conforms(method.toUpperCase(), `/api/v1${template}`, await (body === undefined ? test : test.send(body as object)));
    };
    const organisation = (await call('POST', '/organisations', '/organisations', DEMO.operator, authorityInput({ requireTotp: true }))).body;
    const person = userInput();
    await call('POST', '/organisations/{id}/users', `/organisations/${organisation.id}/users`, DEMO.operator, person);
    await call('GET', '/organisations/{id}/users', `/organisations/${organisation.id}/users`, DEMO.operator);
    const limited = (await raw('post', '/auth/login', '/auth/login', undefined, { email: person.email, password: person.password })).body.accessToken as string;
    expect((await raw('get', '/me', '/me', limited)).body.totpEnrolmentRequired).toBe(true);
    expect((await raw('get', '/orders', '/orders', limited)).status).toBe(403);
    await raw('post', '/auth/refresh', '/auth/refresh', limited);
    const started = (await raw('post', '/me/totp', '/me/totp', limited, {})).body;
    const secret = base32Decode(started.secret);
    const codeAt = (steps: number) => totpCode(secret, Date.now() / 1000 + steps * 30);
    expect((await raw('post', '/me/totp/confirm', '/me/totp/confirm', limited, { code: codeAt(0) === '000000' ? '000001' : '000000' })).status).toBe(422);
    const full = (await raw('post', '/me/totp/confirm', '/me/totp/confirm', limited, { code: codeAt(0) })).body.accessToken as string;
    expect((await raw('post', '/auth/login', '/auth/login', undefined, { email: person.email, password: person.password })).body.code).toBe('TOTP_REQUIRED');
    await raw('post', '/auth/login', '/auth/login', undefined, { email: person.email, password: person.password, totp: codeAt(1) });
    expect((await raw('delete', '/me/totp', '/me/totp', full, { code: codeAt(1) })).status).toBe(409);
    expect((await raw('post', '/me/totp', '/me/totp', full, {})).status).toBe(400);
    await call('PATCH', '/organisations/{id}', `/organisations/${organisation.id}`, DEMO.operator, { requireTotp: false });
    const user = (await raw('get', '/me', '/me', full)).body.user.id as string;
    await call('DELETE', '/organisations/{id}/users/{userId}/totp', `/organisations/${organisation.id}/users/${user}/totp`, DEMO.operator);
    expect((await raw('delete', '/me/totp', '/me/totp', full, { code: '123456' })).status).toBe(409);
    expect(mismatches).toEqual([]);
  }, 60_000);
});
