import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEMO } from './support/demo-accounts.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SECRET = 'test-secret-for-hand-made-tokens-0123456789';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT made by hand, signed with the app's own secret: only the claims decide. */
function token(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const algorithm = ({ HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as Record<string, string>)[String(header.alg)] ?? 'sha256';
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${createHmac(algorithm, SECRET).update(unsigned).digest('base64url')}`;
}

/** Access tokens are short-lived by construction: anything else signed with our key is refused. */
describe('access tokens', () => {
  let t: TestApp;
  let base: Record<string, unknown>;
  const now = () => Math.floor(Date.now() / 1000);
  const me = (jwt: string) => t.http().get('/api/v1/me').set('authorization', `Bearer ${jwt}`);
  beforeAll(async () => {
    t = await startTestApp({ JWT_SECRET: SECRET, JWT_TTL_SECONDS: '900' });
    const [user] = await t.app.get(DataSource).query('SELECT id, organisation_id FROM users WHERE email = $1', [DEMO.ncaOfficer]);
    base = { sub: user.id, org: user.organisation_id, iss: 'evidence-exchange', aud: 'evidence-exchange-api' };
  });
  afterAll(() => t.close());

  it('accepts a hand-made token like the ones the app issues', async () => {
    await me(token({ ...base, iat: now(), exp: now() + 900 })).expect(200);
  });

  it('refuses a token without exp', async () => {
    await me(token({ ...base, iat: now() })).expect(401);
  });

  it('refuses a token valid for longer than JWT_TTL_SECONDS', async () => {
    await me(token({ ...base, iat: now(), exp: now() + 365 * 86_400 })).expect(401);
    await me(token({ ...base, iat: now() + 365 * 86_400, exp: now() + 365 * 86_400 + 900 })).expect(401);
  });

  it('refuses a token without iat, or issued in the future', async () => {
    await me(token({ ...base, exp: now() + 900 })).expect(401);
    await me(token({ ...base, iat: now() + 3_600, exp: now() + 900 })).expect(401);
  });

  it('refuses a token not valid before a future time', async () => {
    await me(token({ ...base, iat: now(), nbf: now() + 300, exp: now() + 900 })).expect(401);
  });

  it.each([{ alg: 'HS512', typ: 'JWT' }, { alg: 'HS384', typ: 'JWT' }, { alg: 'none', typ: 'JWT' }])('refuses alg $alg even signed with the right secret', async (header) => {
    await me(token({ ...base, iat: now(), exp: now() + 900 }, header)).expect(401);
  });
});
