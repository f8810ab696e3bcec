import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import {
  TILE_WIDTH,
  encodeEntryBundle,
  openCheckpoint,
  parseEntryBundle,
  parseHash,
  parseTilePath,
  parseVerifierKey,
  readTileData,
  recordHash,
  signCheckpoint,
  tilePath,
  treeHash,
  verifyConsistencyFromTiles,
  verifyInclusionFromTiles,
  type Tile,
  type TileReader,
} from '../libs/tlog/index.js';
import { MemoryHashStore, generateNoteKey, sampleEntries } from '../libs/tlog/testing.js';
import { logAuditCommand } from '../src/cli/log-audit.js';
import { ExchangePkiService } from '../src/modules/pki/exchange-pki.service.js';
import { binaryParser } from './support/binary.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { buildTlogChecker, mirrorTiles } from './support/tlog-checker.js';

/** Issue 13: every signed step in a public C2SP transparency log, served to anyone. */
describe('transparency log', () => {
  let t: TestApp;
  let api: ReturnType<typeof ordersClient>;
  let providers: Awaited<ReturnType<typeof demoDirectory>>;

  const get = (path: string) => t.http().get(`/api/v1/log/${path}`).buffer(true).parse(binaryParser);
  const text = async (path: string) => (await get(path)).body.toString('utf8') as string;
  const tiles: TileReader = {
    readTiles: (wanted: readonly Tile[]) =>
      Promise.all(
        wanted.map(async (tile) => {
          const response = await get(tilePath(tile));
          expect(response.status).toBe(200);
          return response.body as Buffer;
        }),
      ),
  };

  /** Steps of an order, once every one has its log index (within seconds). */
  async function loggedSteps(orderId: string): Promise<{ seq: number; hash: string; log: { index: number } | null }[]> {
    for (const deadline = Date.now() + 15_000; ; ) {
      const steps = ok(await api.get(DEMO.parisProsecutor, `orders/${orderId}/steps`)).body.items;
      if (steps.every((step: { log: unknown }) => step.log !== null)) return steps;
      if (Date.now() > deadline) throw new Error(`steps not logged within 15 s: ${JSON.stringify(steps.map((s: { log: unknown }) => s.log))}`);
      await sleep(50);
    }
  }

  async function issuedOrder(): Promise<string> {
    const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'] })), 201).body;
    ok(await api.act(DEMO.parisProsecutor, created.id, 'issue'));
    return created.id;
  }

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
    api = ordersClient(t);
    providers = await demoDirectory(t);
  });
  afterAll(async () => {
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });
  const work = mkdtempSync(join(tmpdir(), 'evx-log-e2e-'));

  it('logs every step within seconds and serves a checkpoint that the served key verifies, without authentication', async () => {
    const orderId = await issuedOrder();
    const steps = await loggedSteps(orderId);
    expect(steps.map((step) => step.log!.index)).toEqual([steps[0].log!.index, steps[0].log!.index + 1]);

    const key = await get('key');
    expect(key.status).toBe(200);
    expect(key.headers['content-type']).toBe('text/plain; charset=utf-8');
    const verifierKey = key.body.toString('utf8').trim();
    expect(verifierKey).toMatch(/^localhost:3000\/api\/v1\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    const verifier = parseVerifierKey(verifierKey);

    const response = await get('checkpoint');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    const opened = openCheckpoint(response.body, { origin: verifier.name, logVerifiers: [verifier] });
    expect(opened.checkpoint.size).toBeGreaterThan(steps[1].log!.index);
    // The step's hash is proven from the served tiles under the served checkpoint.
    const tree = { size: opened.checkpoint.size, rootHash: opened.checkpoint.rootHash };
    for (const step of steps) await verifyInclusionFromTiles(tree, step.log!.index, recordHash(Buffer.from(step.hash, 'hex')), tiles);
  });

  it('serves tiles and entry bundles by C2SP paths: full ones immutable, partial ones short-lived, 404 beyond the tree or off the syntax', async () => {
    const checkpoint = openCheckpoint(await text('checkpoint'), { origin: parseVerifierKey((await text('key')).trim()).name, logVerifiers: [parseVerifierKey((await text('key')).trim())] }).checkpoint;
    const size = checkpoint.size;
    const width = size % TILE_WIDTH;
    expect(width).toBeGreaterThan(0); // the demo world and this test log far fewer than 256 steps
    const partial = await get(`tile/0/000.p/${width}`);
    expect(partial.status).toBe(200);
    expect(partial.headers['content-type']).toBe('application/octet-stream');
    expect(partial.headers['cache-control']).toBe('public, max-age=60');
    expect(partial.body).toHaveLength(32 * width);
    const bundle = await get(`tile/entries/000.p/${width}`);
    expect(bundle.status).toBe(200);
    const entries = parseEntryBundle(bundle.body, width);
    entries.forEach((entry, i) => expect(recordHash(entry)).toEqual(partial.body.subarray(32 * i, 32 * i + 32)));
    // A smaller partial tile is the prefix of the larger one.
    expect((await get('tile/0/000.p/1')).body).toEqual(partial.body.subarray(0, 32));
    for (const missing of [`tile/0/000.p/${width + 1}`, 'tile/0/000', 'tile/entries/001', 'tile/1/000.p/1']) {
      const answer = await get(missing);
      expect({ missing, status: answer.status }).toEqual({ missing, status: 404 });
    }
    for (const malformed of ['tile/0/0', 'tile/0/000.p/256', 'tile/0/000.p/0', 'tile/00/000', 'tile/0/x000/000', 'tile/entries/000.p/01', 'tile/x/000']) {
      const answer = await get(malformed);
      expect({ malformed, status: answer.status }).toEqual({ malformed, status: 404 });
      expect(answer.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('refuses to change or remove the log: UPDATE, DELETE and TRUNCATE fail on every log table', async () => {
    const db = t.app.get(DataSource);
    const columns = { log_entries: 'entry', log_hashes: 'hash', log_checkpoints: 'note', log_keys: 'origin' };
    for (const [table, column] of Object.entries(columns)) {
      await expect(db.query(`UPDATE ${table} SET ${column} = ${column}`)).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
      await expect(db.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/append-only/);
    }
  });

  it('proves an older checkpoint is a prefix of a newer one from the served tiles', async () => {
    const verifier = parseVerifierKey((await text('key')).trim());
    const open = async () => openCheckpoint(await text('checkpoint'), { origin: verifier.name, logVerifiers: [verifier] }).checkpoint;
    const older = await open();
    await loggedSteps(await issuedOrder());
    const newer = await open();
    expect(newer.size).toBeGreaterThan(older.size);
    await verifyConsistencyFromTiles({ size: older.size, rootHash: older.rootHash }, { size: newer.size, rootHash: newer.rootHash }, tiles);
    expect(parseHash(Buffer.from(newer.rootHash).toString('base64'))).toEqual(newer.rootHash);
  });

  it('is checked by Go\'s own sumdb/note and sumdb/tlog from the served files: the checkpoint, a step\'s inclusion, consistency between two checkpoints, every entry', async () => {
    const checker = buildTlogChecker(work);
    const verifierKey = (await text('key')).trim();
    const older = join(work, 'older-checkpoint');
    writeFileSync(older, await text('checkpoint'));
    const steps = await loggedSteps(await issuedOrder());
    const newer = await text('checkpoint');
    const size = openCheckpoint(newer, { origin: parseVerifierKey(verifierKey).name, logVerifiers: [parseVerifierKey(verifierKey)] }).checkpoint.size;
    const dir = join(work, 'mirror');
    await mirrorTiles(dir, size, async (path) => ok(await get(path)).body as Buffer);
    writeFileSync(join(dir, 'checkpoint'), newer);
    const leaves = steps.flatMap((step) => ['-leaf', `${step.log!.index}:${recordHash(Buffer.from(step.hash, 'hex')).toString('base64')}`]);
    const result = checker(['-dir', dir, '-vkey', verifierKey, '-old-checkpoint', older, '-entries', ...leaves]);
    expect(result.out).toContain(`ok: checkpoint ${parseVerifierKey(verifierKey).name} size ${size}`);
    expect(result.out).toContain(`ok: leaf ${steps[1].log!.index} included`);
    expect(result.out).toMatch(/ok: tree \d+ is a prefix of tree \d+/);
    expect(result.out).toContain(`ok: ${size} entries match the tiles and the root`);
    expect(result.ok).toBe(true);
    // A step the log does not hold at that index fails in Go too.
    const wrong = checker(['-dir', dir, '-vkey', verifierKey, '-leaf', `${steps[0].log!.index}:${recordHash(Buffer.from(steps[1].hash, 'hex')).toString('base64')}`]);
    expect(wrong.ok).toBe(false);
  });

  it('is audited by `evx log audit`: consistent from one run to the next through its state file; a forked, rolled-back or re-keyed log fails with exit 1', async () => {
    await t.app.listen(0, '127.0.0.1');
    const url = `${await t.app.getUrl()}/api/v1/log`;
    const state = join(work, 'audit-state.json');
    const audit = async (base: string, ...args: string[]) => {
      const out: string[] = [];
      const code = await logAuditCommand([base, '--state', state, ...args], (line) => out.push(line));
      return { code, out: out.join('') };
    };
    const first = await audit(url);
    expect(first.out).toContain(`${url}: CONSISTENT`);
    expect(first.out).toMatch(/\[ok\] \d+ entries rebuilt from the entry bundles hash to the checkpoint's root/);
    expect(first.code).toBe(0);
    const seen = JSON.parse(readFileSync(state, 'utf8')) as { size: number };
    await loggedSteps(await issuedOrder());
    const second = await audit(url);
    expect(second.out).toContain(`[ok] consistent with the tree of size ${seen.size}`);
    expect(second.code).toBe(0);
    const kept = readFileSync(state, 'utf8');

    // Another history under the same key and origin, served by an impostor.
    const signer = t.app.get(ExchangePkiService).logKey().signer;
    const verifierKey = (await text('key')).trim();
    const origin = parseVerifierKey(verifierKey).name;
    const serve = async (size: number) => {
      const store = new MemoryHashStore();
      const entries = sampleEntries(size, 'another history');
      await store.append(entries);
      const checkpoint = await signCheckpoint({ origin, size, rootHash: await treeHash(size, store) }, [signer]);
      const server = createServer((request, response) => {
        const path = (request.url ?? '').replace(/^\/log\//, '');
        if (path === 'key') return response.end(`${verifierKey}\n`);
        if (path === 'checkpoint') return response.end(checkpoint);
        try {
          const resource = parseTilePath(path);
          if (resource.kind === 'entries') {
            const start = resource.bundle.index * TILE_WIDTH;
            return response.end(encodeEntryBundle(entries.slice(start, start + resource.bundle.width)));
          }
          void readTileData(resource.tile, store).then((data) => response.end(data), () => response.writeHead(404).end());
        } catch {
          response.writeHead(404).end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { base: `http://127.0.0.1:${(server.address() as { port: number }).port}/log`, close: () => new Promise((resolve) => server.close(resolve)) };
    };
    const forked = await serve(seen.size + 40);
    const fork = await audit(forked.base);
    await forked.close();
    expect(fork.out).toContain('NOT CONSISTENT');
    expect(fork.out).toMatch(/\[FAIL\] the tree of size \d+ seen on .* is not a prefix of the tree of size \d+/);
    expect(fork.code).toBe(1);
    expect(readFileSync(state, 'utf8')).toBe(kept); // a failed audit keeps what it saw before
    const shorter = await serve(3);
    const rolledBack = await audit(shorter.base);
    await shorter.close();
    expect(rolledBack.out).toMatch(/\[FAIL\] the log went back from size \d+ to 3/);
    expect(rolledBack.code).toBe(1);
    const rekeyed = await audit(url, '--log-key', generateNoteKey(origin).verifierKey);
    expect(rekeyed.out).toMatch(/\[FAIL\] the log serves the key .* \(pinned with --log-key\)/);
    expect(rekeyed.code).toBe(1);
    expect((await audit(url)).code).toBe(0);
  });
});
