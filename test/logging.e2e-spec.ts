import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { algorithmIdentifier, boolean, integer, octetString, parseDer, readSmallInteger, readString, sequence } from '../libs/pki/der.js';
import type { KeyStore } from '../libs/pki/key-store.js';
import { OID } from '../libs/pki/oids.js';
import { KEY_STORE } from '../src/modules/pki/key-store.provider.js';
import { binaryParser } from './support/binary.js';
import { DEMO } from './support/demo-accounts.js';
import { userInput } from './support/factories.js';
import { demoDirectory, orderBody } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SECTION_M = 'SECTION-M-never-logged';
const PASSWORD = 'password-never-logged-42';

/** What the logs keep of a request gone wrong: enough to find it, nothing a reader may not see. */
describe('logs without secrets', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'trace' }, { logDestination: { write: (line: string) => void lines.push(line) } });
  });
  afterAll(() => t.close());

  it('logs an unexpected database error once with its error id, without SQL parameters, Section M, hashes, passwords or tokens', async () => {
    await t.http().post('/api/v1/auth/login').send({ email: DEMO.ofacOfficer, password: PASSWORD }).expect(401);
    const token = await t.login(DEMO.ofacOfficer);
    const operatorToken = await t.login(DEMO.operator);
    const { Examplegram } = await demoDirectory(t);

    // Make both inserts fail inside PostgreSQL, after the values were bound as parameters.
    await t.app.get(DataSource).query(`
      CREATE FUNCTION evx_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by a test trigger'; END $$;
      CREATE TRIGGER evx_test_refuse_orders BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION evx_test_refuse();
      CREATE TRIGGER evx_test_refuse_users BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION evx_test_refuse();`);
    const order = await t.http().post('/api/v1/orders').set('authorization', `Bearer ${token}`)
      .send(orderBody(Examplegram, { caseSummary: `${SECTION_M} summary`, necessityGrounds: `${SECTION_M} grounds` }));
    expect(order.status).toBe(500);
    const user = await t.http().post(`/api/v1/organisations/${Examplegram}/users`).set('authorization', `Bearer ${operatorToken}`)
      .send(userInput({ password: PASSWORD, roles: ['ORG_ADMIN'] }));
    expect(user.status).toBe(500);

    const log = lines.join('');
    const unexpected = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'unexpected error');
    expect(unexpected.map((entry) => entry.errorId)).toEqual([order.body.errorId, user.body.errorId]);
    // Enough to find the fault: the database's own message and SQLSTATE.
    expect(unexpected[0].err).toMatchObject({ message: expect.stringContaining('refused by a test trigger'), code: 'P0001' });
    for (const secret of [SECTION_M, PASSWORD, '$argon2', token, operatorToken, 'parameters']) expect(log).not.toContain(secret);
  });

  it('logs a timestamp authority failure with an error id, and answers the requester systemFailure quoting it', async () => {
    const keyStore = t.app.get<KeyStore>(KEY_STORE);
    const sign = keyStore.sign;
    keyStore.sign = () => Promise.reject(new Error('key store unreachable'));
    try {
      const query = sequence(integer(1), sequence(algorithmIdentifier(OID.sha256), octetString(randomBytes(32))), boolean(true));
      const response = await t.http().post('/api/v1/pki/timestamp').set('authorization', `Bearer ${await t.login(DEMO.ncaOfficer)}`)
        .set('content-type', 'application/timestamp-query').send(query).buffer(true).parse(binaryParser).expect(200);
      const status = parseDer(response.body as Buffer).child(0);
      expect(readSmallInteger(status.child(0))).toBe(2); // rejection
      const text = readString(status.child(1).child(0));
      const [, errorId] = /error id ([0-9a-f-]{36})/.exec(text) ?? [];
      expect(errorId).toBeDefined();
      const logged = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'timestamp authority failed');
      expect(logged).toEqual([expect.objectContaining({ errorId, err: expect.objectContaining({ message: 'key store unreachable' }) })]);
    } finally {
      keyStore.sign = sign;
    }
  });
});
