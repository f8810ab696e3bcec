import { spawnSync } from 'node:child_process';
import type { OpensslWorkspace } from '../../libs/pki/testing.js';
import { Clock } from '../../src/common/clock.js';
import { OrderClockService } from '../../src/modules/transitions/order-clock.service.js';
import { DEMO } from './demo-accounts.js';
import type { TestApp } from './test-app.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Expects `status`, showing the body (a binary one by its length) when it differs; answers the response. */
export function expectStatus<R extends { status: number; body: unknown }>(response: R, status = 200): R {
  const body = Buffer.isBuffer(response.body) ? `${response.body.length} bytes` : response.body;
  expect({ status: response.status, body }).toMatchObject({ status });
  return response;
}

/**
 * Fixes the app's clock and lets a test move it; nothing sleeps. It starts at the real time (to
 * the second): after the exchange's certificates were made (a signature dated before its
 * certificate rightly fails), and not after the real time an offline verifier checks against.
 */
export function fixClock(t: TestApp) {
  const clock = t.app.get(Clock);
  let now = Math.floor(Date.now() / 1000) * 1000;
  clock.now = () => new Date(now);
  return {
    now: () => new Date(now),
    set: (iso: string) => {
      now = new Date(iso).getTime();
    },
    advance: (ms: number) => {
      now += ms;
    },
    /** Runs the exchange's clock sweep once; answers how many orders it moved. */
    sweep: () => t.app.get(OrderClockService).run(),
  };
}

/** A small client for the orders API, acting as one demo user. */
export function ordersClient(t: TestApp) {
  const bearer = async (email: string) => ({ authorization: `Bearer ${await t.login(email)}` });
  return {
    async create(email: string, body: Record<string, unknown>) {
      return t.http().post('/api/v1/orders').set(await bearer(email)).send(body);
    },
    async act(email: string, id: string, action: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      return t.http().post(`/api/v1/orders/${id}/${action}`).set({ ...(await bearer(email)), ...headers }).send(body);
    },
    async get(email: string, path: string) {
      return t.http().get(`/api/v1/${path}`).set(await bearer(email));
    },
    async patch(email: string, id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
      return t.http().patch(`/api/v1/orders/${id}`).set({ ...(await bearer(email)), ...headers }).send(body);
    },
  };
}

/** Provider and authority ids of the demo world by name. */
export async function demoDirectory(t: TestApp): Promise<Record<'Examplegram' | 'Nordtel' | 'Albion Mail', string>> {
  const token = await t.login(DEMO.ofacOfficer);
  const directory = await t.http().get('/api/v1/providers').set({ authorization: `Bearer ${token}` }).expect(200);
  return Object.fromEntries(directory.body.items.map((item: { name: string; id: string }) => [item.name, item.id])) as never;
}

/** A French order for `providerId`; each test overrides what it is about. */
export function orderBody(providerId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'PRODUCTION',
    providerId,
    caseReference: 'OFAC-2026-0412',
    dataCategories: ['CONTENT'],
    targets: [{ kind: 'ACCOUNT', value: 'suspect.account.42' }],
    timeRange: { from: '2026-08-01T00:00:00+02:00', to: '2026-08-31T23:59:59+02:00' },
    offence: { description: 'Online fraud', legalProvisions: 'Code pénal, art. 313-1', maxSentenceMonths: 60 },
    caseSummary: 'The suspect defrauded 40 victims through fake listings.',
    necessityGrounds: 'The messages identify the accomplices.',
    ...overrides,
  };
}

/**
 * A provider's legal team trusts the exchange CA in the tools it already uses: the root in
 * `ws/root.pem`, and an NSS store `ws/nssdb` holding it (pdfsig reads that one).
 */
export async function trustExchangeCa(t: TestApp, ws: OpensslWorkspace): Promise<void> {
  const chain = (await t.http().get('/api/v1/pki/ca').expect(200)).text;
  ws.file('root.pem', chain.slice(chain.lastIndexOf('-----BEGIN CERTIFICATE-----')));
  spawnSync('mkdir', ['nssdb'], { cwd: ws.path });
  expect(spawnSync('certutil', ['-N', '-d', 'sql:nssdb', '--empty-password'], { cwd: ws.path }).status).toBe(0);
  expect(spawnSync('certutil', ['-A', '-d', 'sql:nssdb', '-n', 'exchange', '-t', 'CT,C,C', '-i', 'root.pem'], { cwd: ws.path }).status).toBe(0);
}
