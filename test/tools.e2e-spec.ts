import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BUNDLE_PATHS, VERIFIER_FILENAME, VERIFIER_PATH, ZipReader, verifyCommand } from '../libs/bundle/index.js';
import { createTestPki } from '../libs/pki/testing.js';
import { generateNoteKey } from '../libs/tlog/testing.js';
import { binaryParser } from './support/binary.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, fixClock, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue 16: a bundle's recipient (a court, the defence) has Node.js and no copy of the project.
 * The exchange serves its verifier as one file; run from an empty folder it must say what
 * `evx verify` says, with the same exit codes.
 */
describe('tools: the single-file verifier', () => {
  let t: TestApp;
  let dir: string;
  let verifier: Buffer;
  let verifyText: string;
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest();

  /** `node evx-verify.mjs ...args` in the empty folder, with nothing from this project's environment. */
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [VERIFIER_FILENAME, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
    const api = ordersClient(t);
    fixClock(t);
    const providers = await demoDirectory(t);
    // A subscriber order issued by the prosecutor, produced by the provider: a bundle to check.
    const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], targets: [{ kind: 'ACCOUNT', value: 'suspect.account.42' }] })), 201).body;
    ok(await api.act(DEMO.parisProsecutor, created.id, 'issue'));
    const upload = await t
      .http()
      .post(`/api/v1/orders/${created.id}/evidence`)
      .set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}`, 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="subscriber.txt"' })
      .send(Buffer.from('Subscriber: suspect.account.42\nRegistered: 2025-01-02\n'));
    expect(upload.status).toBe(201);
    ok(await api.act(DEMO.examplegram, created.id, 'production', { evidenceIds: [upload.body.id], decisions: [{ target: 'suspect.account.42', category: 'SUBSCRIBER', produced: true }] }));
    const bundle = await t.http().get(`/api/v1/orders/${created.id}/bundle`).set({ authorization: `Bearer ${await t.login(DEMO.parisProsecutor)}` }).buffer(true).parse(binaryParser);
    expect(bundle.status).toBe(200);

    // An empty folder where nothing can be resolved from a node_modules up the tree.
    dir = mkdtempSync(join(tmpdir(), 'evx-recipient-'));
    for (let up = dir; up !== dirname(up); up = dirname(up)) expect(existsSync(join(up, 'node_modules')) ? up : 'none').toBe('none');
    writeFileSync(join(dir, 'bundle.zip'), bundle.body as Buffer);
    const zip = await ZipReader.open(join(dir, 'bundle.zip'));
    verifyText = (await zip.read(BUNDLE_PATHS.verify)).toString('utf8');
    zip.close();

    // Downloaded as VERIFY.txt says, without an account.
    const line = verifyText.split('\n').find((text) => text.includes(`/api/v1/tools/${VERIFIER_FILENAME}`))?.trim() ?? '';
    const served = await t.http().get(line.slice(line.indexOf('/api/'))).buffer(true).parse(binaryParser);
    expect(served.status).toBe(200);
    verifier = served.body as Buffer;
    writeFileSync(join(dir, VERIFIER_FILENAME), verifier);
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('is named by VERIFY.txt in every bundle: download it, then `node evx-verify.mjs <bundle>`, never npx', () => {
    // The exchange's public address, as PUBLIC_URL gives it (the test app's default).
    expect(verifyText).toContain(`http://localhost:3000${VERIFIER_PATH}`);
    expect(verifyText).toContain(`node ${VERIFIER_FILENAME} <bundle.zip>`);
    expect(verifyText).toContain(`node ${VERIFIER_FILENAME} <bundle.zip> --root root.pem`);
    expect(verifyText).not.toContain('npx');
  });

  it('is served publicly as JavaScript, with its SHA-256 as ETag and Repr-Digest, and 304 for a copy held', async () => {
    const response = await t.http().get(VERIFIER_PATH).buffer(true).parse(binaryParser);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const digest = sha256(response.body as Buffer);
    expect(response.headers.etag).toBe(`"sha256-${digest.toString('hex')}"`);
    expect(response.headers['repr-digest']).toBe(`sha-256=:${digest.toString('base64')}:`);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${VERIFIER_FILENAME}"`);
    const again = await t.http().get(VERIFIER_PATH).set('if-none-match', response.headers.etag);
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(response.headers.etag);
    expect((await t.http().get(VERIFIER_PATH).set('if-none-match', '"sha256-0000"').buffer(true).parse(binaryParser)).status).toBe(200);
  });

  it('is the file whose SHA-256 the README publishes', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const published = /`evx-verify\.mjs` SHA-256: `([0-9a-f]{64})`/.exec(readme)?.[1];
    const built = sha256(verifier).toString('hex');
    // After a change to libs/bundle, libs/pki or libs/domain: `node scripts/build-verifier.js` prints the new one.
    expect(published === built ? 'README up to date' : `README names ${published}; this build is ${built}`).toBe('README up to date');
  });

  it('imports nothing but Node built-ins', () => {
    const source = verifier.toString('utf8');
    // Static and dynamic imports, and the require() of the inlined CommonJS (esbuild's __require).
    const specifiers = [...source.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']|require\s*\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(specifiers).toEqual(expect.arrayContaining(['node:crypto', 'node:fs', 'node:zlib']));
    expect(specifiers.filter((specifier) => !/^node:[a-z_/]+$/.test(specifier))).toEqual([]);
    // No computed module names, which the check above could not see.
    expect(source.match(/(?:require|\bimport)\s*\(\s*[^"'\s)]/g)).toBeNull();
  });

  it('says what `evx verify` says and exits 0 when everything holds', async () => {
    const standalone = run(join(dir, 'bundle.zip'));
    expect(standalone.stderr).toBe('');
    expect(standalone.status).toBe(0);
    for (const name of ['container', 'revocation', 'manifest signature', 'digests', 'step chain', 'transparency log', 'order', 'production', 'documents']) expect(standalone.stdout).toContain(`[ok] ${name}`);
    expect(standalone.stdout).toMatch(/bundle\.zip: VALID \(order EVX-\d{4}-[0-9A-Z]{8}\)/);
    const inProject: string[] = [];
    expect(await verifyCommand([join(dir, 'bundle.zip')], (text) => inProject.push(text))).toBe(0);
    expect(standalone.stdout).toBe(inProject.join(''));
  });

  it('exits 1 naming the failure when a byte of the bundle is flipped', () => {
    const bytes = readFileSync(join(dir, 'bundle.zip'));
    const at = bytes.indexOf('Subscriber: suspect.account.42');
    expect(at).toBeGreaterThan(0);
    bytes[at] ^= 0x01;
    writeFileSync(join(dir, 'flipped.zip'), bytes);
    const result = run('flipped.zip');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('flipped.zip: NOT VALID');
    expect(result.stdout).toMatch(/\[FAIL\] digests: evidence\/[^:]+\/subscriber\.txt: SHA-256 [0-9a-f]{64}, the manifest says/);
    expect(result.stdout).toMatch(/\[FAIL\] production: .*subscriber\.txt/);
  });

  it('reports as JSON with --json', () => {
    const result = run('bundle.zip', '--json');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; reference: string; rootFingerprintSha256: string; checks: { name: string; ok: boolean }[]; failures: string[] };
    expect(report).toMatchObject({ ok: true, failures: [], reference: expect.stringMatching(/^EVX-/), rootFingerprintSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(report.checks.map((check) => check.name)).toEqual(expect.arrayContaining(['container', 'manifest signature', 'digests', 'step chain', 'documents']));
  });

  it('trusts the root given with --root: the exchange\'s passes, a foreign one fails, an empty file pins nothing', async () => {
    const chain = (await t.http().get('/api/v1/pki/ca').expect(200)).text;
    writeFileSync(join(dir, 'root.pem'), chain.slice(chain.lastIndexOf('-----BEGIN CERTIFICATE-----')));
    const pinned = run('bundle.zip', '--root', 'root.pem');
    expect(pinned.status).toBe(0);
    expect(pinned.stdout).not.toContain('trusting the root inside the bundle');

    writeFileSync(join(dir, 'foreign.pem'), (await createTestPki()).pki.root.pem);
    const foreign = run('bundle.zip', '--root', 'foreign.pem');
    expect(foreign.status).toBe(1);
    expect(foreign.stdout).toContain('[FAIL] trust: the bundle was not made under the root you trust');

    writeFileSync(join(dir, 'empty.pem'), '');
    const empty = run('bundle.zip', '--root', 'empty.pem');
    expect(empty.status).toBe(1);
    expect(empty.stdout).toContain('[FAIL] trust: the root you trust holds no PEM certificate');
  });

  it('answers 2 and its usage line without a bundle, like `evx verify`', () => {
    const result = run();
    expect(result.status).toBe(2);
    expect(result.stdout).toBe(`usage: node ${VERIFIER_FILENAME} <bundle.zip> [--root root.pem] [--log-key <verifier key>] [--json]\n`);
    expect(run('bundle.zip', '--log-key').status).toBe(2);
  });

  it('checks every step\'s transparency log proof against the log key given with --log-key: the exchange\'s passes, another fails naming each step', async () => {
    const served = (await t.http().get('/api/v1/log/key').expect(200)).text.trim();
    const pinned = run('bundle.zip', '--log-key', served);
    expect(pinned.status).toBe(0);
    expect(pinned.stdout).toContain(`trusted transparency log key: ${served}`);
    expect(pinned.stdout).toMatch(/\[ok\] transparency log: 3 steps, each proven an entry of the log localhost:3000\/api\/v1\/log under a checkpoint signed by its key: tree \d+/);
    expect(pinned.stdout).not.toContain('trusting the log key inside the bundle');
    expect(run('bundle.zip').stdout).toContain('trusting the log key inside the bundle');

    const other = generateNoteKey(served.split('+')[0]).verifierKey;
    const foreign = run('bundle.zip', '--log-key', other);
    expect(foreign.status).toBe(1);
    expect(foreign.stdout).toContain(`[FAIL] transparency log: the bundle names the log key ${served}, not the one you trust`);
    for (const [seq, action] of [[1, 'CREATE'], [2, 'ISSUE'], [3, 'PRODUCE']]) expect(foreign.stdout).toContain(`step ${seq} (${action}): its checkpoint is not signed by the log key`);
  });
});
