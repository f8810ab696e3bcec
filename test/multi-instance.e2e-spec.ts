import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Clock } from '../src/common/clock.js';
import { BLOB_STORE, type BlobStore } from '../src/modules/storage/blob-store.js';
import { OrderClockService } from '../src/modules/transitions/order-clock.service.js';
import { DEMO } from './support/demo-accounts.js';
import { DAY, HOUR, demoDirectory, expectStatus as ok, orderBody, ordersClient } from './support/orders.js';
import { startSecondInstance, startTestApp, type TestApp } from './support/test-app.js';
import { webhookReceiver } from './support/webhook-receiver.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Several instances behind a balancer share one PostgreSQL server: the work that must happen once
 * (an event's delivery, a deadline's reminder, a chunk landing) happens once whichever instance
 * does it. An embedded database belongs to one process, and a second one is kept out.
 */
describe('several instances', () => {
  if (!process.env.DATABASE_URL) {
    it('keeps a second process off an embedded database, and takes over the lock of one that died', async () => {
      const t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
      try {
        const { createApp } = await import('../src/create-app.js');
        const { loadConfig } = await import('../src/config/app-config.js');
        const { testEnvironment } = await import('./support/test-env.js');
        // Same process or another, the lock names its holder and says how to run several instances.
        await expect(createApp(loadConfig(testEnvironment(t.database)))).rejects.toThrow(
          new RegExp(`The embedded database in .* is in use by process ${process.pid}\\. .*DATABASE_URL`),
        );
        // A crashed process leaves its lock behind; the next start takes it over.
        await t.app.close();
        const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
        writeFileSync(join(t.database.dataDir, 'pgdata.lock'), `${dead} ${(await import('node:os')).hostname()}\n`);
        const again = await createApp(loadConfig(testEnvironment(t.database)));
        await again.init();
        expect((await again.get(DataSource).query('SELECT count(*)::int AS n FROM organisations'))[0].n).toBeGreaterThan(0);
        await again.close();
      } finally {
        await t.database.drop();
      }
    });
    return;
  }

  let a: TestApp;
  let b: TestApp;
  let api: ReturnType<typeof ordersClient>;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;
  const bearer = async (email: string) => ({ authorization: `Bearer ${await a.login(email)}` });
  const issued = async (via: TestApp) => {
    const client = ordersClient(via);
    const created = ok(await client.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body;
    return ok(await client.act(DEMO.parisProsecutor, created.id, 'issue')).body as { id: string; dueAt: string };
  };

  beforeAll(async () => {
    const settings = { ORDER_CLOCK_INTERVAL_MS: '0', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_DELAYS: '100ms,100ms' };
    a = await startTestApp(settings);
    b = await startSecondInstance(a, settings);
    api = ordersClient(a);
    providers = await demoDirectory(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('delivers each event once though both instances dispatch', async () => {
    const receiver = await webhookReceiver();
    try {
      ok(await a.http().post('/api/v1/webhooks').set(await bearer(DEMO.examplegram)).send({ url: receiver.url, events: ['order.received', 'order.updated'] }), 201);
      // One login per instance first: twelve at once would trip the login limit.
      await a.login(DEMO.parisProsecutor);
      await b.login(DEMO.parisProsecutor);
      const orders = await Promise.all(Array.from({ length: 12 }, (_, i) => issued(i % 2 === 0 ? a : b)));
      const expected = Number(
        (await a.app.get(DataSource).query(`SELECT count(*)::int AS n FROM events WHERE organisation_id = (SELECT organisation_id FROM users WHERE email = $1) AND order_id = ANY($2)`, [DEMO.examplegram, orders.map((o) => o.id)]))[0].n,
      );
      expect(expected).toBeGreaterThanOrEqual(12);
      await receiver.until((received) => received.length >= expected);
      // Both dispatchers had time to send a duplicate, had they taken the same delivery.
      await sleep(1500);
      const ids = receiver.received.map((r) => String(r.headers['webhook-id']));
      expect(ids).toHaveLength(expected);
      expect(new Set(ids).size).toBe(expected);
    } finally {
      await receiver.close();
    }
  });

  it('writes a deadline reminder once when both instances run the clock at the same moment', async () => {
    const order = await issued(a);
    // Both instances read the same (test) time, as they would a shared wall clock.
    let now = Date.now();
    for (const app of [a, b]) app.app.get(Clock).now = () => new Date(now);
    const sweepBoth = () => Promise.all([a.app.get(OrderClockService).run(), b.app.get(OrderClockService).run()]);
    now += 9 * DAY + HOUR;
    await sweepBoth();
    await sweepBoth();
    now += DAY;
    await sweepBoth();
    const reminders = (await a.app.get(DataSource).query(
      `SELECT e.type, count(*)::int AS n, bool_or(u.email = $2) AS provider FROM events e LEFT JOIN users u ON u.organisation_id = e.organisation_id AND u.email = $2
        WHERE e.order_id = $1 AND e.type IN ('order.due_soon', 'order.overdue') GROUP BY e.type, e.organisation_id ORDER BY e.type`,
      [order.id, DEMO.examplegram],
    )) as { type: string; n: number; provider: boolean }[];
    // Each party told once of each mark (the 1-hour reminder is superseded by the deadline passing).
    expect(reminders.every((r) => r.n === 1)).toBe(true);
    expect(reminders.filter((r) => r.provider).map((r) => r.type)).toEqual(['order.due_soon', 'order.overdue']);
    for (const app of [a, b]) app.app.get(Clock).now = () => new Date();
  });

  it('takes a resumable upload\'s chunks on either instance, and refuses a second chunk while one is arriving elsewhere', async () => {
    const order = await issued(a);
    ok(await api.act(DEMO.examplegram, order.id, 'acknowledge'));
    const file = randomBytes(3 * 65_536 + 17);
    const sha256 = createHash('sha256').update(file).digest('hex');
    const token = await a.login(DEMO.examplegram);
    const started = ok(await b.http().post(`/api/v1/orders/${order.id}/evidence/uploads`).set({ authorization: `Bearer ${token}` }).send({ filename: 'mailbox.mbox', size: file.length, sha256 }), 201).body;
    const path = `/api/v1/orders/${order.id}/evidence/uploads/${started.id}`;
    const put = (via: TestApp, start: number, end: number) =>
      via.http().put(path).set({ authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${end}/${file.length}` }).send(file.subarray(start, end + 1));

    expect(ok(await put(a, 0, 65_535)).body).toMatchObject({ received: 65_536 });

    // The next chunk starts on A and stalls half-way; B is asked for the same chunk meanwhile.
    await a.app.listen(0, '127.0.0.1');
    const port = (a.app.getHttpServer().address() as AddressInfo).port;
    const slow = httpRequest({ host: '127.0.0.1', port, method: 'PUT', path, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-range': `bytes 65536-131071/${file.length}`, 'content-length': '65536' } });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      slow.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      });
      slow.on('error', reject);
    });
    slow.write(file.subarray(65_536, 98_304));
    const claimed = async () => (await a.app.get(DataSource).query(`SELECT receiving_until FROM evidence_uploads WHERE id = $1`, [started.id]))[0].receiving_until !== null;
    for (let i = 0; i < 200 && !(await claimed()); i++) await sleep(25);
    expect(await claimed()).toBe(true);
    const meanwhile = await put(b, 65_536, 131_071);
    expect(meanwhile.body).toMatchObject({ status: 409, code: 'UPLOAD_OFFSET_MISMATCH', received: 65_536 });
    slow.end(file.subarray(98_304, 131_072));
    const landed = await answer;
    expect(landed.status).toBe(200);
    expect(JSON.parse(landed.body)).toMatchObject({ received: 131_072 });

    // The rest through B; the whole file is the one declared.
    expect(ok(await put(b, 131_072, 196_607)).body).toMatchObject({ received: 196_608 });
    const last = await put(a, 196_608, file.length - 1);
    expect(last.status).toBe(201);
    expect(last.body).toMatchObject({ id: started.id, size: file.length, sha256 });
    // The bytes stored are the file's, whichever instance received which chunk.
    const stored: Buffer[] = [];
    for await (const chunk of b.app.get<BlobStore>(BLOB_STORE).open(sha256)) stored.push(chunk as Buffer);
    expect(createHash('sha256').update(Buffer.concat(stored)).digest('hex')).toBe(sha256);
    expect(await a.app.get(DataSource).query(`SELECT count(*)::int AS n FROM evidence_uploads WHERE id = $1`, [started.id])).toEqual([{ n: 0 }]);
  });
});
