import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, orderBody } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Property-based fuzzing of every operation in openapi.json (issue 17, "checks that keep it so"):
 * hostile bodies, path parameters, query strings and headers, as demo users of several roles and
 * as a stranger. Whatever is sent, the answer is never a 5xx, and every 4xx is
 * `application/problem+json` with `type`, `title` and `status`.
 *
 * Fixed seed, so a run is repeatable; RUNS_PER_OPERATION is chosen for about a minute of requests
 * (FUZZ_RUNS overrides it, FUZZ_SEED the seed, for a longer hunt).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 150);
/** Set below what the fixed seed reaches (printed as "fuzz reach"), so a generator that stops reaching the handlers fails. */
const REACH_AT_LEAST = 0.25;
/** Of the operations, at most this share never answers 2xx (a step needs an order in its state, its party and a good body at once). */
const NEVER_SUCCEEDED_SHARE_AT_MOST = 0.55;

type Schema = Record<string, unknown> & { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema; enum?: unknown[]; required?: string[]; format?: string; minimum?: number; maximum?: number; example?: unknown };
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  contentTypes: string[];
  bodySchema?: Schema;
}

const document = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};
const operations: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      const contentTypes = Object.keys(content);
      return { method: method.toUpperCase(), path, parameters: op.parameters ?? [], contentTypes, bodySchema: content['application/json']?.schema };
    }),
);
const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(document.components.schemas[schema.$ref.split('/').pop()!]) : schema);

// ---------------------------------------------------------------------------------------------
// Hostile values

const deep = (depth: number, leaf: unknown = 'x'): unknown => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};
const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ufeff',
  '\u202eevil',
  '🙂'.repeat(50),
  'A'.repeat(10_001),
  'A'.repeat(300_000),
  '2026-02-30T00:00:00Z',
  '2026-02-29T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T00:00:00+25:00',
  '2026-01-01T00:00:00.123456789Z',
  '+275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-01-01',
  'PT99999999999999H',
  'P1Y',
  'NaN',
  '-1',
  '1e309',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  "'; DROP TABLE orders;--",
  '../../../../etc/passwd',
  '%00',
  '%zz',
  'null',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
  '-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----',
  `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.from(new Array(2000).fill([0x30, 0x80]).flat()).toString('base64')}\n-----END CERTIFICATE REQUEST-----`,
  'MIAGCSqGSIb3DQEHAqCAMIACAQEx',
  'not base64 !!',
  'https://127.0.0.1/hook',
  'http://[::1]:80/',
  'file:///etc/passwd',
  'x@y',
  'a'.repeat(300) + '@example.demo',
  'OFFICER@OFAC.FR.DEMO',
  '+33612345678',
  '203.0.113.7/33',
  'sha-256=:AAAA:',
];
const hostileString = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) });
const hostileScalar = fc.oneof(
  hostileString,
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, -0, 1e308, -1e308, 2 ** 53 + 2, 65536, 4294967296, [], {}, [null], { '': null }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), hostileScalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 70 }).map((depth) => deep(depth)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Raw bodies that are not what JSON.stringify makes. */
const rawBodies = fc.oneof(
  fc.constantFrom(
    '',
    'null',
    '"a string"',
    '[]',
    '{',
    '{"a":',
    '{"a":1,"a":2}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{"a":"x\u0000y"}',
    '{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '[1,2,3,]',
    'NaN',
    '{"a":1e999999}',
    '\ufeff{}',
    '<?xml version="1.0"?><a/>',
  ),
  fc.integer({ min: 60, max: 20_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 60, max: 3_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.constant(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d])),
  fc.constant(`{"a":"${'x'.repeat(1_100_000)}"}`),
);

// ---------------------------------------------------------------------------------------------
// Fixtures: real ids, so that generated requests reach past the lookups.

interface Fixtures {
  tokens: Record<string, string>;
  orders: string[];
  organisations: string[];
  providers: string[];
  authorities: string[];
  webhooks: string[];
  uploads: string[];
  documents: string[];
  evidence: string[];
  serials: string[];
}
const fixtures: Fixtures = { tokens: {}, orders: [], organisations: [], providers: [], authorities: [], webhooks: [], uploads: [], documents: [], evidence: [], serials: [] };
const pick = <T>(values: () => T[]) => fc.nat().map((n) => values()[n % Math.max(1, values().length)]);

const DATE_TIMES = ['2026-08-01T00:00:00Z', '2026-08-31T23:59:59+02:00', '2026-02-30T00:00:00Z', '2026-02-28T25:00:00Z', '0000-01-01T00:00:00Z', '2026-08-01T00:00:00', '2026-08-01', '1969-12-31T23:59:59Z', '9999-12-31T23:59:59-14:00', '2026-08-01T00:00:00+14:01'];

/** Mostly what the schema describes (ids of real objects where it wants a uuid), with hostile values mixed in. */
function fromSchema(input: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  const valid = validFromSchema(schema, name, depth);
  return fc.oneof({ weight: 7, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
}
function validFromSchema(schema: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.properties || schema.type === 'object') {
    const properties = Object.entries(schema.properties ?? {});
    if (!properties.length || depth > 4) return fc.oneof(fc.constant({}), hostileValue, fc.constant({ code: 4 }), fc.constant({ code: 'CONFLICTING_OBLIGATIONS', text: 'x' }));
    const OMIT = Symbol('omit');
    return fc
      .tuple(
        fc.tuple(...properties.map(([key, property]) => fc.oneof({ weight: 6, arbitrary: fromSchema(property, key, depth + 1) }, { weight: schema.required?.includes(key) ? 1 : 3, arbitrary: fc.constant(OMIT) }))),
        // One body in eight carries a member the schema does not name (fc.option would add it to seven in eight).
        fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom('unknown', '__proto__', 'constructor', 'signature', 'id', 'version'), hostileValue) }),
      )
      .map(([values, extra]) => {
        const object: Record<string, unknown> = Object.fromEntries(properties.map(([key], i) => [key, values[i]]).filter(([, value]) => value !== OMIT));
        if (extra) Object.defineProperty(object, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
        return object;
      });
  }
  if (schema.type === 'array' || schema.items) return fc.array(fromSchema(schema.items ?? {}, name, depth + 1), { maxLength: 4 });
  if (schema.type === 'number' || schema.type === 'integer') {
    const min = schema.minimum ?? -10;
    const max = schema.maximum ?? 100_000;
    return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min - 1, max + 1, 0.5));
  }
  if (schema.type === 'boolean') return fc.boolean();
  // Strings: by what the member is.
  if (schema.format === 'uuid' || /Id$/.test(name) || name === 'id') {
    const pool = /provider/i.test(name) ? () => fixtures.providers : /authority|recipient/i.test(name) ? () => fixtures.authorities : /evidence/i.test(name) ? () => fixtures.evidence : () => [...fixtures.orders, ...fixtures.organisations];
    return fc.oneof({ weight: 4, arbitrary: pick(pool) }, { weight: 1, arbitrary: fc.uuid() });
  }
  if (/^(from|to|timestamp|at|since|updatedSince|date|dueAt|until)$/i.test(name)) return fc.constantFrom(...DATE_TIMES);
  if (name === 'email') return fc.constantFrom(...Object.values(DEMO), 'new.user@ofac.fr.demo');
  if (name === 'password') return fc.constantFrom('demo-password-123', 'wrong');
  if (name === 'url') return fc.constantFrom('https://127.0.0.1:9/hook', 'https://hooks.example.net/x', 'http://insecure.example.net/', 'https://[::1]/');
  if (name === 'sha256') return fc.constantFrom('0'.repeat(64), 'ab');
  if (name === 'country' || name === 'issuingCountry' || name === 'targetLocation') return fc.constantFrom('FR', 'IE', 'GB', 'US', 'DK', 'ZZ', 'fr');
  if (name === 'language') return fc.constantFrom('en', 'fr', 'xx');
  if (name === 'advance') return fc.constantFrom('PT9H', 'P1D', 'PT0S', 'P99999D', '-PT1H');
  if (typeof schema.example === 'string') return fc.oneof(fc.constant(schema.example), fc.string({ maxLength: 20 }));
  return fc.string({ maxLength: 30 });
}

/** Bodies the API accepts, for the operations whose schema alone rarely yields one: the fuzzer changes one member of them. */
const goodBodies = (): Record<string, unknown> => {
  const provider = fixtures.providers[0];
  const order = orderBody(provider, { dataCategories: ['SUBSCRIBER'] });
  return {
    'POST /api/v1/orders': order,
    'PATCH /api/v1/orders/{id}': { caseReference: 'OFAC-2026-0414', timeRange: { from: '2026-08-01T00:00:00Z', to: '2026-08-02T00:00:00Z' }, targets: [{ kind: 'IP_ADDRESS', value: '203.0.113.7', sourcePort: 443, timestamp: '2026-08-01T10:00:00+02:00' }] },
    'POST /api/v1/routing/evaluate': { issuingCountry: 'FR', providerId: provider, orderType: 'PRODUCTION', dataCategories: ['CONTENT'], offence: { maxSentenceMonths: 60 }, emergency: false, date: '2026-09-01' },
    'POST /api/v1/orders/{id}/non-execution': { reasons: [10], explanation: 'x', preservation: { preserved: false, reason: 'n' }, thirdCountryConflict: { law: 'l', provisions: 'p', nature: 'OTHER', reasoning: 'r' } },
    'POST /api/v1/orders/{id}/production': { evidenceIds: fixtures.evidence, decisions: [{ target: 'suspect.account.42', category: 'SUBSCRIBER', produced: false, reason: 4 }] },
    'POST /api/v1/orders/{id}/clarification-request': { reasons: [3], message: 'Which account?' },
    'POST /api/v1/orders/{id}/clarification': { message: 'This one.' },
    'POST /api/v1/orders/{id}/validate': { decision: 'APPROVE' },
    'POST /api/v1/orders/{id}/withdraw': { reason: 'No longer needed.' },
    'POST /api/v1/orders/{id}/submit': {},
    'POST /api/v1/orders/{id}/issue': {},
    'POST /api/v1/orders/{id}/acknowledge': {},
    'POST /api/v1/orders/{id}/close': {},
    'POST /api/v1/orders/{id}/countersign': { note: 'Confirmed by the duty officer.' },
    'POST /api/v1/orders/{id}/challenge': { reason: 'The request came from an unknown address.' },
    'POST /api/v1/orders/{id}/certify': { decision: 'CERTIFY' },
    'POST /api/v1/orders/{id}/forward': { decision: 'FORWARD' },
    'POST /api/v1/orders/{id}/enforcing-review': { decision: 'NO_GROUNDS' },
    'POST /api/v1/orders/{id}/subsequent-request': {},
    'POST /api/v1/orders/{id}/preservation-extension': {},
    'POST /api/v1/orders/{id}/preservation': { preserved: true },
    'POST /api/v1/orders/{id}/evidence/uploads': { filename: 'drive.tar', size: 10, sha256: '0'.repeat(64), mediaType: 'application/x-tar' },
    'POST /api/v1/webhooks': { url: 'https://127.0.0.1:9/hook', events: ['order.received'] },
    'POST /api/v1/organisations': { name: 'Fuzz police', kind: 'AUTHORITY', country: 'BE', authorityType: 'POLICE' },
    'POST /api/v1/auth/login': { email: DEMO.ofacOfficer, password: 'demo-password-123' },
  };
};
/** Every member of `value`, by path. */
const pathsOf = (value: unknown, path: (string | number)[] = []): (string | number)[][] =>
  value && typeof value === 'object' ? [path, ...Object.entries(value).flatMap(([key, member]) => pathsOf(member, [...path, Array.isArray(value) ? Number(key) : key]))] : [path];
const mutate = (good: unknown): fc.Arbitrary<unknown> => {
  const paths = pathsOf(good).filter((path) => path.length > 0);
  // An empty body: as it is, or with one member nobody asked for.
  if (paths.length === 0) return fc.oneof(fc.constant(good), fc.tuple(fc.constantFrom('unknown', 'signature', 'reason'), hostileValue).map(([key, value]) => ({ [key]: value })));
  return fc.tuple(fc.nat(), hostileValue, fc.nat(9)).map(([n, replacement, how]) => {
    const copy = structuredClone(good) as Record<string | number, unknown>;
    const path = paths[n % paths.length];
    const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((node, key) => node[key] as Record<string | number, unknown>, copy);
    if (how === 0) delete parent[path[path.length - 1]];
    else parent[path[path.length - 1]] = replacement;
    return copy;
  });
};

const bodyFor = (op: Operation): fc.Arbitrary<unknown> => {
  if (op.contentTypes.includes('application/json')) {
    const schema = op.bodySchema ?? {};
    const good = goodBodies()[`${op.method} ${op.path}`];
    return fc.oneof(
      { weight: 6, arbitrary: validFromSchema(resolve(schema), '', 0).map((value) => ({ json: value })) },
      { weight: good ? 6 : 0, arbitrary: mutate(good ?? {}).map((value) => ({ json: value })) },
      { weight: good ? 1 : 0, arbitrary: fc.constant({ json: good }) },
      { weight: 2, arbitrary: hostileValue.map((value) => ({ json: value })) },
      { weight: 2, arbitrary: rawBodies.map((raw) => ({ raw })) },
    );
  }
  if (op.contentTypes.length) return fc.oneof(fc.uint8Array({ maxLength: 2048 }).map((bytes) => ({ raw: Buffer.from(bytes) })), rawBodies.map((raw) => ({ raw })));
  return fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: rawBodies.map((raw) => ({ raw })) });
};

// ---------------------------------------------------------------------------------------------
// Path parameters, query strings, headers

/** Percent-encodes the UTF-8 bytes of `text` (a lone surrogate becomes U+FFFD's bytes, as a client would send). */
const encode = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
/** Already on the wire: bad percent-encoding, over-long, encoded NUL or surrogates. */
const rawSegments = fc.constantFrom('%zz', '%', '%f', '%ff%fe', '%00', '%ED%A0%80', '%C0%AF', '..%2F..%2Fetc%2Fpasswd', 'a'.repeat(101), 'a'.repeat(5_000), '%E2%80%AE', 'ABCDEF00-0000-4000-8000-000000000000', '1;DROP', '%2e%2e');
const pathValue = (op: Operation, name: string): fc.Arbitrary<string> => {
  const pool =
    name === 'uploadId' ? () => fixtures.uploads
    : name === 'documentId' ? () => fixtures.documents
    : name === 'serial' ? () => fixtures.serials
    : op.path.startsWith('/api/v1/organisations') ? () => fixtures.organisations
    : op.path.startsWith('/api/v1/webhooks') ? () => fixtures.webhooks
    : () => fixtures.orders;
  if (name === '*' || name === 'path') return fc.oneof(fc.constantFrom('0/000', '0/001', '0/x001/000', 'entries/000', '1/000.p/5', '0/000.p/256', '9/999', 'checkpoint', '0/-1'), rawSegments, fc.array(fc.string({ maxLength: 6 }).map(encode), { maxLength: 4 }).map((parts) => parts.join('/')));
  return fc.oneof({ weight: 6, arbitrary: pick(pool) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 2, arbitrary: rawSegments }, { weight: 1, arbitrary: hostileString.map(encode) });
};
const queryFor = (op: Operation): fc.Arbitrary<string> => {
  const declared = op.parameters.filter((p) => p.in === 'query');
  const value = (p: Parameter): fc.Arbitrary<string> => {
    const schema = resolve(p.schema ?? {});
    const sensible = p.name === 'cursor' ? fc.constantFrom('eyJ4IjoxfQ', 'AAAA', 'WyJhIiwiMjAyNi0wMi0zMFQwMDowMDowMFoiLCJ4Il0', '!!!') : schema.enum ? fc.constantFrom(...schema.enum.map(String)) : p.name === 'limit' ? fc.constantFrom('1', '0', '-1', '101', '1e3', '2.5', '99999999999999999999') : /from|to|since/i.test(p.name) ? fc.constantFrom(...DATE_TIMES) : fc.string({ maxLength: 10 });
    return fc.oneof({ weight: 3, arbitrary: sensible.map(encode) }, { weight: 1, arbitrary: hostileString.map(encode) }, { weight: 1, arbitrary: rawSegments });
  };
  const members = declared.map((p) => fc.option(fc.array(value(p), { minLength: 1, maxLength: 2 }).map((values) => values.map((v) => `${p.name}=${v}`).join('&')), { freq: 2 }));
  // One query in six carries a parameter the operation does not declare.
  const extraParameter = fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('unknown=1', '__proto__[x]=1', 'a[b][c]=1', '=&&=', `x=${'y'.repeat(3000)}`, 'limit') });
  return fc.tuple(fc.tuple(...members), extraParameter).map(([parts, extra]) => {
    const all = [...parts, extra].filter((part): part is string => !!part);
    return all.length ? `?${all.join('&')}` : '';
  });
};

/** Header values as node:http will send them (it refuses control characters and code points past U+00FF). */
const headerSafe = (text: string) => text.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
const ROLES = ['operator', 'ofacOfficer', 'ofacDuty', 'parisProsecutor', 'parisJudge', 'examplegram', 'nordtel', 'homeOffice', 'bepi', 'ukCentralAuthority'] as const;
const authorization = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...ROLES).map((role) => `Bearer ${fixtures.tokens[role]}`) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'Bearer',
      'Bearer ',
      'Bearer garbage',
      'Basic b3BlcmF0b3I6eA==',
      'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4In0.',
      'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.AAAA',
      `Bearer ${'a'.repeat(8_000)}`,
    ),
  },
);
const contentType = (op: Operation) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(op.contentTypes[0] as string | undefined) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/problem+json', 'application/pkcs7-mime', ';;;', 'application/json; boundary="'),
    },
  );
const headersFor = (op: Operation): fc.Arbitrary<Record<string, string | undefined>> => {
  const optional = (values: fc.Arbitrary<string>) => fc.option(values.map(headerSafe), { freq: 2 });
  return fc
    .record({
      authorization,
      'content-type': contentType(op),
      'if-match': optional(fc.oneof(fc.constantFrom('"1"', '"2"', 'W/"1"', '*', '"abc"', 'garbage', '"99999999999999999999"', '"-1"', '"1", "2"', '""'), hostileString)),
      'idempotency-key': optional(fc.oneof(fc.uuid(), fc.constantFrom('', ' ', 'k'.repeat(300), 'ключ', '\xff\xfe', 'a,b'), hostileString)),
      'content-range': optional(fc.constantFrom('bytes 0-9/10', 'bytes 5-1/10', 'bytes */10', 'bytes 0-99999999999999999999/1', 'items 0-1/2', 'garbage')),
      'content-digest': optional(fc.constantFrom('sha-256=:AAAA:', 'sha-256=:', 'md5=:x:', 'garbage')),
      'repr-digest': optional(fc.constantFrom('sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:', 'sha-256=:!!!:', 'sha-512=:AAAA:', 'garbage')),
      'content-disposition': optional(fc.oneof(fc.constantFrom('attachment; filename="a.bin"', 'attachment; filename*=UTF-8\'\'%ff%fe', 'attachment; filename="../../x"', 'attachment; filename=""', 'inline'), hostileString.map((s) => `attachment; filename="${s}"`))),
      'last-event-id': optional(fc.oneof(fc.constantFrom('0', '-1', '99999999999999999999', 'abc'), hostileString)),
      accept: optional(fc.constantFrom('text/csv', 'application/json', 'text/html', 'application/problem+json', '*/*;q=x', 'text/event-stream')),
      'if-none-match': optional(fc.constantFrom('"x"', 'W/"x"', '*')),
      'accept-language': optional(fc.constantFrom('fr', 'xx', '*;q=0')),
    })
    .map((headers) => Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== null)) as Record<string, string | undefined>);
};

interface Generated {
  path: string;
  headers: Record<string, string | undefined>;
  body?: { json?: unknown; raw?: string | Buffer };
}
const requestFor = (op: Operation): fc.Arbitrary<Generated> => {
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  return fc.record({ params: fc.tuple(...names.map((name) => pathValue(op, name))), query: queryFor(op), headers: headersFor(op), body: bodyFor(op) }).map(({ params, query, headers, body }) => ({
    path: names.reduce((path, name, i) => path.replace(`{${name}}`, params[i]), op.path) + query,
    headers,
    body: body as Generated['body'],
  }));
};

// ---------------------------------------------------------------------------------------------
// Sending

interface Answer {
  status: number;
  contentType: string;
  body: string;
}
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
function send(port: number, method: string, path: string, headers: Record<string, string | undefined>, body?: Buffer): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    const sent: Record<string, string> = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
    if (body) sent['content-length'] = String(body.length);
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: sent, agent, timeout: 60_000 }, (res) => {
      const type = String(res.headers['content-type'] ?? '');
      // The event stream never ends: its status and type are what we check.
      if (type.startsWith('text/event-stream')) {
        res.destroy();
        return resolvePromise({ status: res.statusCode!, contentType: type, body: '' });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size < 200_000) chunks.push(chunk);
      });
      res.on('end', () => resolvePromise({ status: res.statusCode!, contentType: type, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', reject);
    req.end(body);
  });
}

describe('fuzzing every operation of openapi.json', () => {
  let t: TestApp;
  let port: number;
  const bearer = (role: (typeof ROLES)[number]) => ({ authorization: `Bearer ${fixtures.tokens[role]}` });

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_DELAYS: '1h', LOGIN_RATE_LIMIT: '10000' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    for (const role of ROLES) fixtures.tokens[role] = await t.login(DEMO[role]);
    const providers = await demoDirectory(t);
    fixtures.providers = Object.values(providers);
    fixtures.authorities = (await t.http().get('/api/v1/authorities?limit=100').set(bearer('ofacOfficer')).expect(200)).body.items.map((a: { id: string }) => a.id);
    for (const role of ROLES) fixtures.organisations.push((await t.http().get('/api/v1/me').set(bearer(role)).expect(200)).body.organisation.id);
    // Orders in several states: a draft, issued ones, one with evidence and an upload started.
    const create = async (role: (typeof ROLES)[number], body: Record<string, unknown>) => (await t.http().post('/api/v1/orders').set(bearer(role)).send(body).expect(201)).body.id as string;
    fixtures.orders.push(await create('ofacOfficer', orderBody(providers.Examplegram)));
    for (const type of ['PRODUCTION', 'PRESERVATION', 'PRODUCTION']) {
      const id = await create('parisProsecutor', orderBody(providers.Examplegram, { type, dataCategories: ['SUBSCRIBER'] }));
      await t.http().post(`/api/v1/orders/${id}/issue`).set(bearer('parisProsecutor')).send({}).expect(200);
      fixtures.orders.push(id);
    }
    // And orders waiting where the steps the fuzzer tries can be taken: an emergency order (countersign,
    // challenge), one awaiting validation, a UK overseas production order awaiting the Home Office's
    // certification, a letter of request awaiting DACG-BEPI.
    const emergency = await create('ofacOfficer', orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], emergency: { ground: 'LIFE', justification: 'A hostage is held.' } }));
    await t.http().post(`/api/v1/orders/${emergency}/issue`).set(bearer('ofacOfficer')).send({}).expect(200);
    const pending = await create('ofacOfficer', orderBody(providers.Examplegram));
    await t.http().post(`/api/v1/orders/${pending}/submit`).set(bearer('ofacOfficer')).send({}).expect(200);
    const nca = { authorization: `Bearer ${await t.login(DEMO.ncaOfficer)}` };
    const opo = (await t.http().post('/api/v1/orders').set(nca).send(orderBody(providers.Examplegram, { caseReference: 'NCA-2026-0788', offence: { description: 'Fraud', legalProvisions: 'Fraud Act 2006 s.2', maxSentenceMonths: 120 }, targetIsUsPerson: false, targetLocation: 'GB' })).expect(201)).body.id as string;
    await t.http().post(`/api/v1/orders/${opo}/submit`).set(nca).send({}).expect(200);
    await t.http().post(`/api/v1/orders/${opo}/validate`).set({ authorization: `Bearer ${await t.login(DEMO.crownCourtJudge)}` }).send({ decision: 'APPROVE' }).expect(200);
    const letter = await create('parisProsecutor', orderBody(providers['Albion Mail'], { targets: [{ kind: 'EMAIL', value: 'suspect@albionmail.example' }] }));
    await t.http().post(`/api/v1/orders/${letter}/issue`).set(bearer('parisProsecutor')).send({}).expect(200);
    fixtures.orders.push(emergency, pending, opo, letter);
    const withEvidence = fixtures.orders[3];
    await t.http().post(`/api/v1/orders/${withEvidence}/acknowledge`).set(bearer('examplegram')).send({}).expect(200);
    const evidence = await t.http().post(`/api/v1/orders/${withEvidence}/evidence`).set({ ...bearer('examplegram'), 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="records.csv"' }).send(Buffer.from('subscriber records')).expect(201);
    fixtures.evidence.push(evidence.body.id);
    const upload = await t.http().post(`/api/v1/orders/${withEvidence}/evidence/uploads`).set(bearer('examplegram')).send({ filename: 'drive.tar', size: 10, sha256: '0'.repeat(64) }).expect(201);
    fixtures.uploads.push(upload.body.id);
    fixtures.documents.push(...(await t.http().get(`/api/v1/orders/${withEvidence}/documents`).set(bearer('examplegram')).expect(200)).body.items.map((d: { id: string }) => d.id));
    const webhook = await t.http().post('/api/v1/webhooks').set(bearer('examplegram')).send({ url: 'https://127.0.0.1:9/hook' }).expect(201);
    fixtures.webhooks.push(webhook.body.id);
    for (const organisation of fixtures.organisations.slice(0, 3)) {
      const listed = await t.http().get(`/api/v1/organisations/${organisation}/certificates`).set(bearer('operator'));
      fixtures.serials.push(...(listed.body.items ?? []).map((c: { serial: string }) => c.serial));
    }
  }, 180_000);
  afterAll(async () => {
    agent.destroy();
    await t?.close();
  });

  it(`answers no 5xx and only problem+json 4xx to generated requests (seed ${SEED}, ${RUNS_PER_OPERATION} per operation)`, async () => {
    const failures: string[] = [];
    let sent = 0;
    let serverErrors = 0;
    const statuses = new Map<number, number>();
    /** Per operation: answers that got past the door (not refused as malformed, unauthenticated or too large), and successes. */
    const reach = new Map<string, { past: number; succeeded: number }>();
    const started = Date.now();
    for (const [index, op] of operations.entries()) {
      await fc.assert(
        fc.asyncProperty(requestFor(op), async (generated) => {
          const { json, raw } = generated.body ?? {};
          const body = raw !== undefined ? Buffer.from(raw) : json !== undefined ? Buffer.from(JSON.stringify(json) ?? 'null') : undefined;
          const { authorization: credentials, ...shown } = generated.headers;
          const who = ROLES.find((role) => credentials === `Bearer ${fixtures.tokens[role]}`) ?? (credentials ? `"${credentials.slice(0, 40)}"` : 'a stranger');
          const what = `${op.method} ${op.path} as ${who}: ${op.method} ${generated.path.slice(0, 300)} ${JSON.stringify(shown).slice(0, 500)} ${body?.toString('utf8').slice(0, 300) ?? ''}`;
          let answer: Answer;
          try {
            answer = await send(port, op.method, generated.path, generated.headers, body);
          } catch (error) {
            failures.push(`no answer (${(error as Error).message}) to ${what}`);
            return true;
          }
          sent++;
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const counted = reach.get(`${op.method} ${op.path}`) ?? { past: 0, succeeded: 0 };
          if (![400, 401, 413, 414, 415, 431].includes(answer.status)) counted.past++;
          if (answer.status < 300) counted.succeeded++;
          reach.set(`${op.method} ${op.path}`, counted);
          if (answer.status >= 500) {
            serverErrors++;
            failures.push(`${answer.status} ${answer.body.slice(0, 300)} to ${what}`);
          } else if (answer.status >= 400) {
            let problem: Record<string, unknown> = {};
            try {
              problem = JSON.parse(answer.body);
            } catch {
              // Checked below.
            }
            const ok = /^application\/problem\+json/.test(answer.contentType) && typeof problem.type === 'string' && typeof problem.title === 'string' && problem.status === answer.status;
            if (!ok) failures.push(`${answer.status} not problem+json (${answer.contentType}: ${answer.body.slice(0, 200)}) to ${what}`);
          }
          return true;
        }),
        { seed: SEED + index, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const mode = t.database.databaseUrl ? 'PostgreSQL server' : 'embedded';
    process.stdout.write(
      `fuzz (${mode}): ${sent} requests over ${operations.length} operations in ${seconds} s, ${serverErrors} answered 5xx, ${failures.length} failures; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}\n`,
    );
    const past = [...reach.values()].reduce((sum, r) => sum + r.past, 0);
    const neverSucceeded = operations.map((op) => `${op.method} ${op.path}`).filter((key) => !reach.get(key)?.succeeded);
    process.stdout.write(`fuzz reach: ${past} of ${sent} requests got past validation and authentication; operations never answered 2xx: ${neverSucceeded.length} (${neverSucceeded.join(', ')})\n`);
    expect(failures.slice(0, 40)).toEqual([]);
    expect(serverErrors).toBe(0);
    expect(sent).toBe(operations.length * RUNS_PER_OPERATION);
    // The fuzz reaches the handlers, not only the door: a generator that stops doing so fails here.
    expect(past / sent).toBeGreaterThan(REACH_AT_LEAST);
    expect(neverSucceeded.length / operations.length).toBeLessThanOrEqual(NEVER_SUCCEEDED_SHARE_AT_MOST);
  }, 600_000);
});
