/**
 * `npm run chaos`: the crash and fault scenarios of issue 17, against the built server
 * (`dist/src/main.js`, started by test/support/server-process.ts as the e2e specs do), in the
 * database mode DATABASE_URL selects. Prints its figures; exits 1 when an acknowledged step is
 * lost, a chain does not verify, an interrupted upload cannot be retried, or something is left
 * behind after the start-up sweep.
 *
 *   1. kill -9 under load, CHAOS_KILLS times: clients create, issue, acknowledge and produce orders
 *      with Idempotency-Keys and retry until answered; afterwards every step a client was told
 *      about must be in its order's chain, and every chain must verify. Reports how long after
 *      each crash every client completed a request again.
 *   2. A database outage under load: with DATABASE_URL, every connection to PostgreSQL is cut and
 *      refused for CHAOS_OUTAGE_SECONDS (a relay in front of the server: the shared server itself
 *      is not restarted); embedded, the database lives in the process, so its equivalent is the
 *      kill -9 and restart of scenario 1.
 *   3. Interrupted uploads: a one-shot upload cut half-way then retried with the same key, a
 *      resumable chunk cut half-way then resumed from what the server says it holds, and a kill -9
 *      while uploads stream.
 *   4. Leftovers: staged files, unreferenced blobs and orphan parts after the runs, and again after
 *      a restart whose start-up sweep sees them past their grace period (must be 0); referenced
 *      blobs missing (must be 0).
 */
import { randomUUID, createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DEMO } from './support/demo-accounts.js';
import { Relay } from './support/relay.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

const KILLS = Number(process.env.CHAOS_KILLS ?? 3);
const CLIENTS = Number(process.env.CHAOS_CLIENTS ?? 6);
/** A client that gets no final answer for this long gives up, and the run fails. */
const GIVE_UP_MS = 180_000;
const LOAD_SECONDS = Number(process.env.CHAOS_LOAD_SECONDS ?? 8);
const OUTAGE_SECONDS = Number(process.env.CHAOS_OUTAGE_SECONDS ?? 3);
const PASSWORD = 'demo-password-123';
const say = (line: string) => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// The database and the server

interface Database {
  dataDir: string;
  databaseUrl?: string;
  /** What the server is given: the relay in front of PostgreSQL when there is one. */
  serverUrl?: string;
  query(sql: string): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

async function createDatabase(): Promise<Database> {
  const dataDir = mkdtempSync(join(tmpdir(), 'evx-chaos-'));
  if (!process.env.DATABASE_URL) {
    return {
      dataDir,
      // Embedded: only once the server is stopped (PGlite is one process's).
      async query(sql) {
        const { PGlite } = await import('@electric-sql/pglite');
        const db = await PGlite.create(join(dataDir, 'pgdata'));
        try {
          return (await db.query<Record<string, unknown>>(sql)).rows;
        } finally {
          await db.close();
        }
      },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `evx_chaos_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    async query(sql) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query(sql)).rows;
      } finally {
        await client.end();
      }
    },
    async drop() {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export class Servers {
  current!: ServerProcess;
  constructor(private readonly database: Pick<Database, 'dataDir' | 'databaseUrl' | 'serverUrl'>) {}
  async start(): Promise<number> {
    const started = Date.now();
    this.current = await startServerProcess(
      { dataDir: this.database.dataDir, databaseUrl: this.database.serverUrl ?? this.database.databaseUrl, drop: async () => undefined },
      { SEED_DEMO: 'true', LOGIN_RATE_LIMIT: '10000', ORDER_CLOCK_INTERVAL_MS: '0' },
    );
    return (Date.now() - started) / 1000;
  }
  get url(): string {
    return this.current.url;
  }
}

// ---------------------------------------------------------------------------------------------
// Clients that retry, and what they were told

interface Answer {
  status: number;
  body: Record<string, unknown>;
}
interface Tally {
  sent: number;
  retried: number;
  inFlight409: number;
  unavailable503: number;
  serverErrors: number;
  unexpected: string[];
}
export const tally: Tally = { sent: 0, retried: 0, inFlight409: 0, unavailable503: 0, serverErrors: 0, unexpected: [] };
/** Per order, the step actions a client was told succeeded. */
export const acknowledged = new Map<string, string[]>();
let stopping = false;
/** When each client last completed a request (ms since epoch). */
const completions: number[][] = [];

function send(url: string, method: string, path: string, headers: Record<string, string>, body?: Buffer, cutAfter?: number, timeoutMs = 30_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: Record<string, unknown>;
        try {
          parsed = text ? JSON.parse(text) : {};
        } catch {
          parsed = { text };
        }
        resolve({ status: res.statusCode!, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body && cutAfter !== undefined) {
      // An interrupted upload: part of the body, then the connection goes.
      req.write(body.subarray(0, cutAfter), () => setTimeout(() => req.destroy(new Error('cut by the client')), 50));
    } else {
      req.end(body);
    }
  });
}

class Client {
  private token = '';
  constructor(
    private readonly servers: Servers,
    private readonly email: string,
    private readonly index: number,
  ) {}

  private async login(): Promise<void> {
    const deadline = Date.now() + GIVE_UP_MS;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`${this.email} could not sign in for ${GIVE_UP_MS / 1000} s`);
      try {
        const answer = await send(this.servers.url, 'POST', '/api/v1/auth/login', { 'content-type': 'application/json' }, Buffer.from(JSON.stringify({ email: this.email, password: PASSWORD })));
        if (answer.status === 200) {
          this.token = String(answer.body.accessToken);
          return;
        }
      } catch {
        // The server is down: try again.
      }
      await sleep(200);
    }
  }

  /** Sends until answered with something final; the same Idempotency-Key every time. */
  async call(method: string, path: string, json?: unknown, extra: { headers?: Record<string, string>; body?: Buffer } = {}): Promise<Answer> {
    if (!this.token) await this.login();
    const key = randomUUID();
    const body = extra.body ?? (json === undefined ? undefined : Buffer.from(JSON.stringify(json)));
    const deadline = Date.now() + GIVE_UP_MS;
    for (let attempt = 0; ; attempt++) {
      // A server that keeps failing (or never comes back) is a failed check, not an endless run.
      if (Date.now() > deadline) {
        tally.unexpected.push(`${method} ${path}: no final answer within ${GIVE_UP_MS / 1000} s`);
        throw new Error(`${method} ${path}: no final answer within ${GIVE_UP_MS / 1000} s`);
      }
      if (attempt) tally.retried++;
      const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, 'idempotency-key': key, ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...extra.headers };
      let answer: Answer;
      try {
        tally.sent++;
        // A client gives up on an answer after 8 s and retries (the same key): a frozen server never answers.
        answer = await send(this.servers.url, method, path, method === 'GET' ? { authorization: headers.authorization } : headers, body, undefined, 8_000);
      } catch {
        await sleep(100);
        continue;
      }
      if (answer.status === 401) {
        await this.login();
        continue;
      }
      if (answer.status === 409 && answer.body.code === 'IDEMPOTENCY_REQUEST_IN_FLIGHT') {
        tally.inFlight409++;
        await sleep(100);
        continue;
      }
      if (answer.status === 503) {
        tally.unavailable503++;
        await sleep(200);
        continue;
      }
      if (answer.status >= 500) {
        tally.serverErrors++;
        tally.unexpected.push(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        await sleep(200);
        continue;
      }
      completions[this.index].push(Date.now());
      return answer;
    }
  }
}

const expectOk = (answer: Answer, what: string, status = 200): Answer => {
  if (answer.status !== status) tally.unexpected.push(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  return answer;
};
const record = (orderId: string, action: string) => acknowledged.set(orderId, [...(acknowledged.get(orderId) ?? []), action]);

/** One order through its life, each step acknowledged by an answer recorded. */
async function orderLife(prosecutor: Client, provider: Client, providerId: string, evidenceBytes: number): Promise<void> {
  const created = expectOk(
    await prosecutor.call('POST', '/api/v1/orders', {
      type: 'PRODUCTION',
      providerId,
      caseReference: `CHAOS-${randomUUID().slice(0, 8)}`,
      dataCategories: ['SUBSCRIBER'],
      targets: [{ kind: 'ACCOUNT', value: 'suspect.account.42' }],
      timeRange: { from: '2026-08-01T00:00:00+02:00', to: '2026-08-31T23:59:59+02:00' },
      offence: { description: 'Online fraud', legalProvisions: 'Code pénal, art. 313-1', maxSentenceMonths: 60 },
      caseSummary: 'Chaos run.',
      necessityGrounds: 'Chaos run.',
    }),
    'create',
    201,
  );
  if (created.status !== 201) return;
  const id = String(created.body.id);
  record(id, 'CREATE');
  if (expectOk(await prosecutor.call('POST', `/api/v1/orders/${id}/issue`, {}), 'issue').status !== 200) return;
  record(id, 'ISSUE');
  if (stopping) return;
  if (expectOk(await provider.call('POST', `/api/v1/orders/${id}/acknowledge`, {}), 'acknowledge').status !== 200) return;
  record(id, 'ACKNOWLEDGE');
  if (stopping) return;
  const bytes = Buffer.alloc(evidenceBytes, randomUUID());
  const digest = createHash('sha256').update(bytes).digest('base64');
  const evidence = expectOk(
    await provider.call('POST', `/api/v1/orders/${id}/evidence`, undefined, {
      body: bytes,
      headers: { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="records.bin"', 'repr-digest': `sha-256=:${digest}:` },
    }),
    'evidence',
    201,
  );
  if (evidence.status !== 201 || stopping) return;
  const produced = await provider.call('POST', `/api/v1/orders/${id}/production`, { evidenceIds: [evidence.body.id], decisions: [{ target: 'suspect.account.42', category: 'SUBSCRIBER', produced: true }] });
  if (expectOk(produced, 'production').status === 200) record(id, 'PRODUCE');
}

async function providerIdOf(client: Client): Promise<string> {
  const me = await client.call('GET', '/api/v1/me');
  return String((me.body.organisation as { id: string }).id);
}

/** Clients run order lives until `stopping`. */
export function startLoad(servers: Servers, evidenceBytes: number): { done: Promise<void>; orders: () => number; stop: () => void } {
  stopping = false;
  completions.length = 0;
  let orders = 0;
  const workers = Array.from({ length: CLIENTS }, async (_, i) => {
    completions.push([]);
    const prosecutor = new Client(servers, DEMO.parisProsecutor, i);
    const provider = new Client(servers, DEMO.examplegram, i);
    const providerId = await providerIdOf(provider);
    while (!stopping) {
      await orderLife(prosecutor, provider, providerId, evidenceBytes);
      orders++;
    }
  });
  return {
    done: Promise.all(workers).then(() => undefined),
    orders: () => orders,
    stop: () => {
      stopping = true;
    },
  };
}

/** Seconds from `since` until every client completed a request again. */
export async function recoverySeconds(since: number, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const firsts = completions.map((times) => times.find((t) => t > since));
    if (firsts.every((t) => t !== undefined)) return (Math.max(...(firsts as number[])) - since) / 1000;
    await sleep(50);
  }
  return Infinity;
}

// ---------------------------------------------------------------------------------------------
// Checks after the runs

export async function checkChains(servers: Servers): Promise<{ orders: number; acknowledgedSteps: number; foundSteps: number; lost: string[]; invalid: string[] }> {
  const reader = new Client(servers, DEMO.parisProsecutor, completions.push([]) - 1);
  let acknowledgedSteps = 0;
  let foundSteps = 0;
  const lost: string[] = [];
  const invalid: string[] = [];
  for (const [id, actions] of acknowledged) {
    acknowledgedSteps += actions.length;
    const steps = (await reader.call('GET', `/api/v1/orders/${id}/steps`)).body.items as { action: string }[];
    const found = steps.map((s) => s.action);
    foundSteps += found.filter((action) => actions.includes(action)).length;
    for (const action of actions) if (!found.includes(action)) lost.push(`${id} ${action}`);
    const verification = (await reader.call('GET', `/api/v1/orders/${id}/verification`)).body;
    if (verification.valid !== true) invalid.push(`${id}: ${JSON.stringify(verification.problems)}`);
  }
  return { orders: acknowledged.size, acknowledgedSteps, foundSteps, lost, invalid };
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

async function leftovers(database: Database): Promise<{ staged: number; unreferenced: number; orphanParts: number; missing: number; files: string[] }> {
  const root = join(database.dataDir, 'blobs');
  const staged = filesUnder(join(root, 'incoming'));
  const stored = filesUnder(join(root, 'sha256'));
  const parts = filesUnder(join(root, 'parts'));
  const adopted = new Set((await database.query('SELECT sha256 FROM blobs')).map((row) => String(row.sha256).trim()));
  const uploads = new Set((await database.query('SELECT id FROM evidence_uploads')).map((row) => String(row.id)));
  const storedKeys = new Set(stored.map((file) => file.split('/').pop()!));
  const unreferenced = stored.filter((file) => !adopted.has(file.split('/').pop()!));
  const orphanParts = parts.filter((file) => !uploads.has(file.split('/').pop()!));
  const missing = [...adopted].filter((key) => !storedKeys.has(key)).length;
  return { staged: staged.length, unreferenced: unreferenced.length, orphanParts: orphanParts.length, missing, files: [...staged, ...unreferenced, ...orphanParts] };
}

// ---------------------------------------------------------------------------------------------
// Scenarios

async function killUnderLoad(servers: Servers, figures: string[]): Promise<void> {
  const load = startLoad(servers, 64 * 1024);
  const recoveries: number[] = [];
  const restarts: number[] = [];
  for (let kill = 1; kill <= KILLS; kill++) {
    await sleep(LOAD_SECONDS * 1000);
    const crashedAt = Date.now();
    await servers.current.crash();
    restarts.push(await servers.start());
    recoveries.push(await recoverySeconds(crashedAt));
  }
  await sleep(2000);
  stopping = true;
  await load.done;
  figures.push(`kill -9 under load: ${KILLS} crashes with ${CLIENTS} clients; restart to healthy ${restarts.map((s) => s.toFixed(1)).join(', ')} s; every client completing again ${recoveries.map((s) => s.toFixed(1)).join(', ')} s after the crash`);
}

async function databaseOutage(servers: Servers, relay: Relay | undefined, figures: string[]): Promise<void> {
  if (!relay) {
    figures.push('database outage: embedded mode, the database is in the process: its outage is the kill -9 and restart above');
    return;
  }
  const load = startLoad(servers, 16 * 1024);
  await sleep(LOAD_SECONDS * 1000);
  const before = { ...tally };
  const cutAt = Date.now();
  await relay.cut();
  await sleep(OUTAGE_SECONDS * 1000);
  const restoredAt = Date.now();
  await relay.start();
  const recovery = await recoverySeconds(restoredAt);
  await sleep(2000);
  stopping = true;
  await load.done;
  figures.push(
    `PostgreSQL outage (every connection cut and refused for ${((restoredAt - cutAt) / 1000).toFixed(1)} s): ${tally.unavailable503 - before.unavailable503} answers 503 with Retry-After, ${tally.serverErrors - before.serverErrors} other 5xx; every client completing again ${recovery.toFixed(1)} s after PostgreSQL was back`,
  );
}

/**
 * An instance that stops dead without dying (SIGSTOP: a VM paused, a process swapped out) keeps
 * its connections to PostgreSQL, and so the transactions it had open and their row locks. A new
 * instance takes its place; clients whose orders the frozen one had locked can complete only
 * once PostgreSQL ends those sessions.
 */
async function frozenInstance(servers: Servers, figures: string[]): Promise<boolean> {
  if (!process.env.DATABASE_URL) {
    figures.push('frozen instance: embedded mode, one process owns the database: nothing to take over');
    return true;
  }
  const load = startLoad(servers, 16 * 1024);
  await sleep(LOAD_SECONDS * 1000);
  const frozen = servers.current;
  const frozenAt = Date.now();
  process.kill(frozen.pid, 'SIGSTOP');
  await servers.start();
  const recovery = await recoverySeconds(frozenAt, 150_000);
  await frozen.crash();
  await sleep(2000);
  load.stop();
  await load.done;
  figures.push(`frozen instance (SIGSTOP under load, a new instance started beside it): every client completing again ${Number.isFinite(recovery) ? `${recovery.toFixed(1)} s` : 'never (150 s)'} after the freeze`);
  return Number.isFinite(recovery);
}

async function interruptedUploads(servers: Servers, figures: string[]): Promise<boolean> {
  const prosecutor = new Client(servers, DEMO.parisProsecutor, completions.push([]) - 1);
  const provider = new Client(servers, DEMO.examplegram, completions.push([]) - 1);
  const providerId = await providerIdOf(provider);
  let healed = 0;
  let tried = 0;
  const open: string[] = [];
  const token = String((await send(servers.url, 'POST', '/api/v1/auth/login', { 'content-type': 'application/json' }, Buffer.from(JSON.stringify({ email: DEMO.examplegram, password: PASSWORD })))).body.accessToken);
  for (let i = 0; i < 5; i++) {
    stopping = false;
    const created = await prosecutor.call('POST', '/api/v1/orders', {
      type: 'PRODUCTION',
      providerId,
      caseReference: `CHAOS-UP-${i}`,
      dataCategories: ['SUBSCRIBER'],
      targets: [{ kind: 'ACCOUNT', value: 'suspect.account.42' }],
      offence: { description: 'Online fraud', legalProvisions: 'Code pénal, art. 313-1', maxSentenceMonths: 60 },
      caseSummary: 'Chaos run.',
      necessityGrounds: 'Chaos run.',
    });
    const id = String(created.body.id);
    await prosecutor.call('POST', `/api/v1/orders/${id}/issue`, {});
    await provider.call('POST', `/api/v1/orders/${id}/acknowledge`, {});
    open.push(id);
    // One-shot: cut half-way, then the same key with the whole file.
    const bytes = Buffer.alloc(2 * 1024 * 1024, `chaos-${i}`);
    const digest = `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`;
    const key = randomUUID();
    const headers = { authorization: `Bearer ${token}`, 'idempotency-key': key, 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="cut.bin"', 'repr-digest': digest };
    tried++;
    await send(servers.url, 'POST', `/api/v1/orders/${id}/evidence`, headers, bytes, bytes.length / 2).catch(() => undefined);
    let retried: Answer | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      retried = await send(servers.url, 'POST', `/api/v1/orders/${id}/evidence`, headers, bytes).catch(() => undefined);
      if (retried && !(retried.status === 409 && retried.body.code === 'IDEMPOTENCY_REQUEST_IN_FLIGHT')) break;
      await sleep(100);
    }
    if (retried?.status === 201) healed++;
    else tally.unexpected.push(`retried one-shot upload: ${retried?.status} ${JSON.stringify(retried?.body).slice(0, 200)}`);
    // Resumable: a chunk cut half-way, then resumed from what the server holds.
    tried++;
    const whole = Buffer.alloc(1024 * 1024, `resumable-${i}`);
    const started = await provider.call('POST', `/api/v1/orders/${id}/evidence/uploads`, { filename: 'drive.tar', size: whole.length, sha256: createHash('sha256').update(whole).digest('hex') });
    const upload = `/api/v1/orders/${id}/evidence/uploads/${started.body.id}`;
    const chunkHeaders = (from: number) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-range': `bytes ${from}-${whole.length - 1}/${whole.length}` });
    await send(servers.url, 'PUT', upload, chunkHeaders(0), whole, whole.length / 2).catch(() => undefined);
    let finished: Answer | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      const status = await send(servers.url, 'GET', upload, { authorization: `Bearer ${token}` }).catch(() => undefined);
      const received = Number(status?.body.received ?? 0);
      finished = await send(servers.url, 'PUT', upload, chunkHeaders(received), whole.subarray(received)).catch(() => undefined);
      if (finished?.status === 201) break;
      await sleep(100);
    }
    if (finished?.status === 201) healed++;
    else tally.unexpected.push(`resumed upload: ${finished?.status} ${JSON.stringify(finished?.body).slice(0, 200)}`);
  }
  // A kill -9 while uploads stream: they are cut by the crash, not by the client.
  const streaming = Array.from({ length: 4 }, (_, i) => {
    const bytes = Buffer.alloc(8 * 1024 * 1024, `crash-${i}`);
    return send(servers.url, 'POST', `/api/v1/orders/${open[i]}/evidence`, { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="big.bin"' }, bytes).catch(() => undefined);
  });
  await sleep(150);
  await servers.current.crash();
  await Promise.all(streaming);
  await servers.start();
  figures.push(`interrupted uploads: ${healed} of ${tried} completed on retry (one-shot cut half-way and retried with the same Idempotency-Key; resumable chunk cut half-way and resumed); 4 uploads cut by a kill -9`);
  return healed === tried;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const mode = process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite';
  say(`chaos (${mode}): ${KILLS} kills, ${CLIENTS} clients, ${LOAD_SECONDS} s of load between faults`);
  const database = await createDatabase();
  let relay: Relay | undefined;
  if (database.databaseUrl) {
    const target = new URL(database.databaseUrl);
    relay = new Relay({ host: target.hostname, port: Number(target.port || 5432) });
    await relay.start();
    target.host = `127.0.0.1:${relay.port}`;
    database.serverUrl = target.toString();
  }
  const servers = new Servers(database);
  const figures: string[] = [];
  const push = figures.push.bind(figures);
  figures.push = (...lines: string[]) => {
    for (const line of lines) say(`- ${line}`);
    return push(...lines);
  };
  let failed = false;
  // Ctrl-C or a kill: no server left running behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void servers.current?.crash().finally(() => process.exit(130));
    });
  }
  try {
    figures.push(`first start (migrations, demo world): ${(await servers.start()).toFixed(1)} s`);
    await killUnderLoad(servers, figures);
    await databaseOutage(servers, relay, figures);
    failed = !(await frozenInstance(servers, figures)) || failed;
    failed = !(await interruptedUploads(servers, figures)) || failed;

    const chains = await checkChains(servers);
    figures.push(`steps: ${chains.acknowledgedSteps} acknowledged to clients over ${chains.orders} orders, ${chains.foundSteps} of them found in the chains, ${chains.lost.length} lost; chains verified ${chains.orders - chains.invalid.length} of ${chains.orders}`);
    failed = failed || chains.lost.length > 0 || chains.invalid.length > 0;
    for (const line of [...chains.lost, ...chains.invalid].slice(0, 10)) say(`  ${line}`);

    await servers.current.stop();
    const after = await leftovers(database);
    figures.push(`left after the runs (before any sweep): ${after.staged} staged files, ${after.unreferenced} unreferenced blobs, ${after.orphanParts} orphan parts, ${after.missing} referenced blobs missing`);
    // Age the leftovers past the sweep's grace period, as an hour would; the start-up sweep takes them.
    const old = new Date(Date.now() - 2 * 3_600_000);
    for (const file of filesUnder(join(database.dataDir, 'blobs'))) utimesSync(file, old, old);
    await servers.start();
    await sleep(3000);
    await servers.current.stop();
    const swept = await leftovers(database);
    figures.push(`after a restart's sweep: ${swept.staged + swept.unreferenced + swept.orphanParts} orphans (${swept.staged} staged, ${swept.unreferenced} unreferenced, ${swept.orphanParts} parts), ${swept.missing} referenced blobs missing`);
    failed = failed || swept.staged + swept.unreferenced + swept.orphanParts > 0 || swept.missing > 0 || after.missing > 0;
    for (const file of swept.files.slice(0, 10)) say(`  left: ${file} (${statSync(file).size} bytes)`);
    figures.push(`requests: ${tally.sent} sent, ${tally.retried} retries, ${tally.inFlight409} answered 409 in flight, ${tally.unavailable503} answered 503, ${tally.serverErrors} other 5xx`);
    failed = failed || tally.serverErrors > 0 || tally.unexpected.length > 0;
  } finally {
    await servers.current?.crash().catch(() => undefined);
    await relay?.cut().catch(() => undefined);
    await database.drop().catch(() => undefined);
  }
  for (const line of tally.unexpected.slice(0, 20)) say(`  unexpected: ${line}`);
  say(failed ? 'chaos: FAILED' : 'chaos: every check held');
  process.exitCode = failed ? 1 : 0;
}

// Run as a script (`npm run chaos`); imported by test/crash.e2e-spec.ts for a short version.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
