import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { ASIC_MIMETYPE, BUNDLE_PATHS, ZipReader, asicManifest, logProofPath, parseAsicManifest, verifyBundle, verifyCommand, writeStoredZip } from '../libs/bundle/index.js';
import { embeddedOrderJson, renderDocument, signPdf } from '../libs/pdf/index.js';
import { ExchangePkiService } from '../src/modules/pki/exchange-pki.service.js';
import { OpensslWorkspace, createTestPki } from '../libs/pki/testing.js';
import { binaryParser } from './support/binary.js';
import { DEMO } from './support/demo-accounts.js';
import { demoDirectory, fixClock, orderBody, ordersClient, expectStatus as ok } from './support/orders.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { buildTlogChecker } from './support/tlog-checker.js';

/** Issue 7: the prosecutor's bundle, streamed as an ASiC-E zip, checked offline, byte by byte. */
describe('orders: the evidence bundle', () => {
  let t: TestApp;
  let ws: OpensslWorkspace;
  let api: ReturnType<typeof ordersClient>;
  let bundlePath: string;
  let orderId: string;
  const evidence = Buffer.concat([Buffer.from('From: suspect@example.org\nSubject: listing 42\n\n'), Buffer.alloc(200_000, 'x')]);

  /** The zip as bytes; a problem answer as its JSON. */
  const download = async (email: string, id: string) => {
    const response = await t.http().get(`/api/v1/orders/${id}/bundle`).set({ authorization: `Bearer ${await t.login(email)}` }).buffer(true).parse(binaryParser);
    const json = String(response.headers['content-type']).includes('json');
    return { status: response.status, headers: response.headers, body: json ? (JSON.parse((response.body as Buffer).toString('utf8')) as Record<string, unknown>) : (response.body as Buffer) };
  };

  /** A copy of the bundle with `name` changed by `mutate`, written in the same order, mimetype first and stored. */
  async function tampered(name: string, mutate: (bytes: Buffer) => Buffer): Promise<string> {
    const zip = await ZipReader.open(bundlePath);
    const sources = [];
    for (const entry of zip.entries) {
      const bytes = await zip.read(entry.name);
      const data = entry.name === name ? mutate(Buffer.from(bytes)) : bytes;
      sources.push({ name: entry.name, data, size: data.length });
    }
    zip.close();
    const path = ws.file(`tampered-${name.replace(/[^a-z0-9]/gi, '_')}.zip`);
    await writeStoredZip(sources, createWriteStream(path));
    return path;
  }
  const flip = (offset: number) => (bytes: Buffer) => {
    const at = Math.min(Math.max(0, offset < 0 ? bytes.length + offset : offset), bytes.length - 1);
    bytes[at] ^= 0x01;
    return bytes;
  };

  beforeAll(async () => {
    t = await startTestApp({ ORDER_CLOCK_INTERVAL_MS: '0' });
    ws = new OpensslWorkspace();
    api = ordersClient(t);
    fixClock(t);
    const providers = await demoDirectory(t);
    // A subscriber order issued by the prosecutor, answered in part: an EPOC and an Annex III.
    const created = ok(await api.create(DEMO.parisProsecutor, orderBody(providers.Examplegram, { dataCategories: ['SUBSCRIBER'], targets: [{ kind: 'ACCOUNT', value: 'suspect.account.42' }, { kind: 'EMAIL', value: 'other@example.org' }] })), 201).body;
    orderId = created.id;
    ok(await api.act(DEMO.parisProsecutor, orderId, 'issue'));
    expect((await download(DEMO.parisProsecutor, orderId)).body).toMatchObject({ code: 'NO_PRODUCTION' });
    const upload = await t
      .http()
      .post(`/api/v1/orders/${orderId}/evidence`)
      .set({ authorization: `Bearer ${await t.login(DEMO.examplegram)}`, 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="mailbox.mbox"' })
      .send(evidence);
    expect(upload.status).toBe(201);
    ok(await api.act(DEMO.examplegram, orderId, 'production', {
      evidenceIds: [upload.body.id],
      decisions: [
        { target: 'suspect.account.42', category: 'SUBSCRIBER', produced: true },
        { target: 'other@example.org', category: 'SUBSCRIBER', produced: false, reason: 'DATA_NOT_STORED' },
      ],
    }));
    // The prosecutor reads the Annex III in French too: the translation travels in the bundle, bound to the recorded order.json.
    const annex = ok(await api.get(DEMO.parisProsecutor, `orders/${orderId}/documents`)).body.items.find((d: { form: string }) => d.form === 'ANNEX_III');
    expect((await t.http().get(`/api/v1/orders/${orderId}/documents/${annex.id}?lang=fr`).set({ authorization: `Bearer ${await t.login(DEMO.parisProsecutor)}` })).status).toBe(200);
    const response = ok(await download(DEMO.parisProsecutor, orderId));
    expect(response.headers['content-type']).toBe('application/zip');
    bundlePath = ws.file('bundle.zip', response.body as Buffer);
  });
  afterAll(async () => {
    ws.remove();
    await t.close();
  });

  it('is an ASiC-E zip that stock unzip reads, mimetype first and stored', () => {
    const listing = spawnSync('unzip', ['-Z', '-v', bundlePath], { encoding: 'utf8' }).stdout;
    expect(spawnSync('unzip', ['-t', bundlePath], { encoding: 'utf8' }).stdout).toContain('No errors detected');
    const names = spawnSync('unzip', ['-Z1', bundlePath], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(names[0]).toBe('mimetype');
    expect(names).toEqual(expect.arrayContaining([BUNDLE_PATHS.manifest, BUNDLE_PATHS.signature, BUNDLE_PATHS.steps, BUNDLE_PATHS.production, BUNDLE_PATHS.ca, BUNDLE_PATHS.crl, BUNDLE_PATHS.verify]));
    expect(names.some((name) => /^evidence\/.+\/mailbox\.mbox$/.test(name))).toBe(true);
    expect(names.filter((name) => name.startsWith('documents/')).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/-EPOC-en\.pdf$/), expect.stringMatching(/-ANNEX_III-fr\.pdf$/)]));
    expect(listing.split('Central directory entry #1:')[1].split('Central directory entry #2:')[0]).toMatch(/compression method:\s+none \(stored\)/);
    const mimetype = spawnSync('unzip', ['-p', bundlePath, 'mimetype'], { encoding: 'utf8' }).stdout;
    expect(mimetype).toBe(ASIC_MIMETYPE);
  });

  it('carries a CAdES B-T signature over its manifest that stock openssl accepts, and files matching it', () => {
    expect(spawnSync('unzip', ['-q', '-o', bundlePath, '-d', 'unpacked'], { cwd: ws.path }).status).toBe(0);
    const dir = `${ws.path}/unpacked`;
    const verified = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', `${dir}/${BUNDLE_PATHS.signature}`, '-content', `${dir}/${BUNDLE_PATHS.manifest}`, '-CAfile', `${dir}/${BUNDLE_PATHS.ca}`, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
    expect(verified.stderr).toContain('Verification successful');
    const printed = spawnSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', `${dir}/${BUNDLE_PATHS.signature}`], { encoding: 'utf8' }).stdout;
    expect(printed).toContain('id-smime-aa-timeStampToken');
    const manifest = spawnSync('cat', [`${dir}/${BUNDLE_PATHS.manifest}`], { encoding: 'utf8' }).stdout;
    const evidencePath = spawnSync('unzip', ['-Z1', bundlePath], { encoding: 'utf8' }).stdout.split('\n').find((name) => name.endsWith('mailbox.mbox'))!;
    expect(manifest).toContain(`URI="${evidencePath}"`);
    expect(manifest).toContain(createHash('sha256').update(evidence).digest('base64'));
    expect(spawnSync('cat', [`${dir}/${BUNDLE_PATHS.verify}`], { encoding: 'utf8' }).stdout).toContain('openssl cms -verify');
  });

  it('verifies offline: exit 0 and a readable report', async () => {
    const output: string[] = [];
    const code = await verifyCommand([bundlePath], (text) => output.push(text));
    expect(code === 0 ? 'exit 0' : output.join('')).toBe('exit 0');
    const text = output.join('');
    expect(text).toContain('VALID');
    for (const name of ['container', 'revocation', 'manifest signature', 'digests', 'step chain', 'transparency log', 'order', 'production', 'documents']) expect(text).toContain(`[ok] ${name}`);
    expect(text).toContain('1 of them translations sealed by the exchange');
    // The root can be pinned; a root of another exchange fails the bundle.
    const chain = spawnSync('unzip', ['-p', bundlePath, BUNDLE_PATHS.ca], { encoding: 'utf8' }).stdout;
    const root = ws.file('root.pem', chain.slice(chain.lastIndexOf('-----BEGIN CERTIFICATE-----')));
    expect(await verifyCommand([bundlePath, '--root', root], () => undefined)).toBe(0);
    const other = await createTestPki();
    const foreign = ws.file('foreign-root.pem', other.pki.root.pem);
    expect(await verifyCommand([bundlePath, '--root', foreign], () => undefined)).toBe(1);
  });

  it('catches a single flipped byte in every part of the bundle, naming it', async () => {
    const zip = await ZipReader.open(bundlePath);
    const names = zip.entries.map((entry) => entry.name);
    zip.close();
    const evidenceName = names.find((name) => name.startsWith('evidence/'))!;
    const pdfName = names.find((name) => name.endsWith('-EPOC-en.pdf'))!;
    const cases: { part: string; name: string; mutate: (bytes: Buffer) => Buffer; expected: RegExp }[] = [
      { part: 'mimetype', name: 'mimetype', mutate: flip(5), expected: /container/ },
      { part: 'evidence (start)', name: evidenceName, mutate: flip(0), expected: new RegExp(`digests: ${evidenceName}`) },
      { part: 'evidence (end)', name: evidenceName, mutate: flip(-1), expected: new RegExp(`digests: ${evidenceName}`) },
      { part: 'manifest', name: BUNDLE_PATHS.manifest, mutate: (bytes) => Buffer.from(bytes.toString('utf8').replace(/<ds:DigestValue>(.)/, (_, c: string) => `<ds:DigestValue>${c === 'A' ? 'B' : 'A'}`)), expected: /manifest signature/ },
      { part: 'manifest signature', name: BUNDLE_PATHS.signature, mutate: flip(-80), expected: /manifest signature/ },
      { part: 'a step', name: BUNDLE_PATHS.steps, mutate: (bytes) => Buffer.from(bytes.toString('utf8').replace('"toStatus": "ISSUED"', '"toStatus": "CLOSED"')), expected: /digests: order\/steps\.json/ },
      { part: 'a PDF', name: pdfName, mutate: flip(1000), expected: new RegExp(`digests: ${pdfName}`) },
      { part: 'the CA certificate', name: BUNDLE_PATHS.ca, mutate: (bytes) => Buffer.from(bytes.toString('utf8').replace(/MII(.)/, (_, c: string) => `MII${c === 'B' ? 'C' : 'B'}`)), expected: /digests: pki\/ca\.pem|trust|revocation/ },
      { part: 'the CRL', name: BUNDLE_PATHS.crl, mutate: flip(-10), expected: /revocation/ },
      { part: 'the production manifest', name: BUNDLE_PATHS.production, mutate: (bytes) => Buffer.from(bytes.toString('utf8').replace('DATA_NOT_STORED', 'DATA_NOT_STORES')), expected: /digests: order\/production-manifest\.json/ },
      { part: 'the order', name: BUNDLE_PATHS.order, mutate: (bytes) => Buffer.from(bytes.toString('utf8').replace('suspect.account.42', 'suspect.account.43')), expected: /digests: order\/order\.json/ },
      { part: 'VERIFY.txt', name: BUNDLE_PATHS.verify, mutate: flip(10), expected: /digests: VERIFY\.txt/ },
      { part: 'a step\'s log proof', name: logProofPath(2), mutate: (bytes) => Buffer.from(bytes.toString('utf8').replace(/\nindex (\d+)\n/, (_, n: string) => `\nindex ${Number(n) + 1}\n`)), expected: /transparency log: step 2 \(ISSUE\)/ },
    ];
    const missed: string[] = [];
    for (const { part, name, mutate, expected } of cases) {
      const report = await verifyBundle(await tampered(name, mutate));
      if (report.ok || !report.failures.some((failure) => expected.test(failure))) missed.push(`${part}: ${report.ok ? 'passed' : report.failures.join(' | ')}`);
    }
    expect(missed).toEqual([]);
    // An untouched rewrite still verifies: the test's own zip writing is not what fails.
    expect((await verifyBundle(await tampered('none', (bytes) => bytes))).ok).toBe(true);
  });

  it('checks the chain and the links by themselves: a change the exchange\'s seal re-signed is still caught', async () => {
    const seal = t.app.get(ExchangePkiService);
    /** Rewrites one entry and signs a new manifest with the real seal, as a faulty or captured builder could. */
    async function resigned(name: string, mutate: (text: string) => string): Promise<string> {
      const zip = await ZipReader.open(bundlePath);
      const contents = new Map<string, Buffer>();
      for (const entry of zip.entries) contents.set(entry.name, await zip.read(entry.name));
      zip.close();
      contents.set(name, Buffer.from(mutate(contents.get(name)!.toString('utf8'))));
      const objects = parseAsicManifest(contents.get(BUNDLE_PATHS.manifest)!).objects.map((object) => ({ ...object, sha256: createHash('sha256').update(contents.get(object.uri)!).digest('hex') }));
      contents.set(BUNDLE_PATHS.manifest, asicManifest(objects));
      contents.set(BUNDLE_PATHS.signature, await seal.seal().sign(contents.get(BUNDLE_PATHS.manifest)!, { timestamper: seal.tsa() }));
      const path = ws.file(`resigned-${name.replace(/[^a-z0-9]/gi, '_')}.zip`);
      await writeStoredZip([...contents].map(([entry, bytes]) => ({ name: entry, data: bytes, size: bytes.length })), createWriteStream(path));
        return path;
    }
    const step = await verifyBundle(await resigned(BUNDLE_PATHS.steps, (text) => text.replace('"toStatus": "ISSUED"', '"toStatus": "CLOSED"')));
    expect(step.failures.some((failure) => /step chain: .*canonical bytes do not match/.test(failure))).toBe(true);
    expect(step.checks.find((check) => check.name === 'manifest signature')?.ok).toBe(true);
    const production = await verifyBundle(await resigned(BUNDLE_PATHS.production, (text) => text.replace('DATA_NOT_STORED', 'SERVICE_NOT_COVERED')));
    expect(production.failures.some((failure) => /production: the manifest of step \d+ differs/.test(failure))).toBe(true);
    const order = await verifyBundle(await resigned(BUNDLE_PATHS.order, (text) => text.replace('suspect.account.42', 'suspect.account.43')));
    expect(order.failures.some((failure) => /order: order\/order\.json does not match/.test(failure))).toBe(true);
  });

  it('trusts only the exchange\'s seal, timestamped, named by the trusted root; and every link, present and listed', async () => {
    const pki = t.app.get(ExchangePkiService);
    /** The bundle's entries after `change`, with a manifest over them signed by `sign`. */
    async function rebuilt(label: string, change: (contents: Map<string, Buffer>) => void, sign: (manifest: Buffer) => Promise<Buffer>): Promise<string> {
      const zip = await ZipReader.open(bundlePath);
      const contents = new Map<string, Buffer>();
      for (const entry of zip.entries) contents.set(entry.name, await zip.read(entry.name));
      zip.close();
      change(contents);
      const objects = [...contents.keys()]
        .filter((name) => name !== 'mimetype' && !name.startsWith('META-INF/'))
        .map((uri) => ({ uri, mimeType: 'application/octet-stream', sha256: createHash('sha256').update(contents.get(uri)!).digest('hex') }));
      contents.set(BUNDLE_PATHS.manifest, asicManifest(objects));
      contents.set(BUNDLE_PATHS.signature, await sign(contents.get(BUNDLE_PATHS.manifest)!));
      const path = ws.file(`rebuilt-${label}.zip`);
      await writeStoredZip([...contents].map(([name, bytes]) => ({ name, data: bytes, size: bytes.length })), createWriteStream(path));
      return path;
    }
    const sealBT = (manifest: Buffer) => pki.seal().sign(manifest, { timestamper: pki.tsa() });
    const failuresOf = async (path: string) => (await verifyBundle(path)).failures.join(' | ');

    // A certificate the exchange issued to an organisation, and a key its holder keeps.
    const prosecutorOrg = (await t.http().get('/api/v1/me').set({ authorization: `Bearer ${await t.login(DEMO.parisProsecutor)}` })).body.organisation.id as string;
    ws.openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'org.key', '-subj', '/O=x', '-out', 'org.csr']);
    const issued = await t.http().post(`/api/v1/organisations/${prosecutorOrg}/certificates`).set({ authorization: `Bearer ${await t.login(DEMO.operator)}` }).send({ csr: ws.read('org.csr').toString() }).expect(201);
    ws.file('org.pem', issued.body.certificate);
    const byOrganisation = async (manifest: Buffer) => {
      ws.file('manifest.xml', manifest);
      ws.openssl(['cms', '-sign', '-binary', '-cades', '-in', 'manifest.xml', '-signer', 'org.pem', '-inkey', 'org.key', '-md', 'sha256', '-nosmimecap', '-outform', 'DER', '-out', 'forged.p7s']);
      return ws.read('forged.p7s');
    };
    const planted = (contents: Map<string, Buffer>) => contents.set('evidence/00000000-0000-4000-8000-000000000000/planted.exe', Buffer.from('MZ'));
    expect(await failuresOf(await rebuilt('organisation', planted, byOrganisation))).toMatch(/manifest signature: .*not CAdES B-T|manifest signature: .*not the exchange's seal/);
    expect(await failuresOf(await rebuilt('seal-bb', planted, (manifest) => pki.seal().sign(manifest)))).toMatch(/manifest signature: .*not CAdES B-T/);

    // Signed by the real seal, and still caught by the links.
    expect(await failuresOf(await rebuilt('planted', planted, sealBT))).toMatch(/planted\.exe is not evidence any production step lists/);
    const dropDocument = (contents: Map<string, Buffer>) => contents.delete([...contents.keys()].find((name) => name.endsWith('-EPOC-en.pdf'))!);
    expect(await failuresOf(await rebuilt('dropped', dropDocument, sealBT))).toMatch(/recorded by a step is missing/);
    const withholdProduction = (contents: Map<string, Buffer>) => {
      const steps = JSON.parse(contents.get(BUNDLE_PATHS.steps)!.toString('utf8')) as { steps: { fields: { action: string }; payload: string | null }[] };
      for (const step of steps.steps) if (step.fields.action === 'PRODUCE') step.payload = null;
      contents.set(BUNDLE_PATHS.steps, Buffer.from(JSON.stringify(steps)));
    };
    expect(await failuresOf(await rebuilt('withheld', withholdProduction, sealBT))).toMatch(/payload is missing; only the steps before the order was issued/);
    expect(await failuresOf(await rebuilt('meta-inf', (contents) => contents.set('META-INF/README.exe', Buffer.from('x')), sealBT))).toMatch(/META-INF\/README\.exe is in the zip but not in the signed manifest/);
    // A translation is bound to its step by the order.json it embeds: one sealed by the exchange
    // over another record fails.
    const translationName = (contents: Map<string, Buffer>) => [...contents.keys()].find((name) => name.endsWith('-ANNEX_III-fr.pdf'))!;
    const zip = await ZipReader.open(bundlePath);
    const translation = await zip.read([...zip.entries.map((entry) => entry.name)].find((name) => name.endsWith('-ANNEX_III-fr.pdf'))!);
    zip.close();
    const model = JSON.parse(embeddedOrderJson(translation)!.toString('utf8'));
    const forged = await signPdf((await renderDocument({ ...model, order: { ...model.order, caseReference: 'ANOTHER-CASE' } }, 'fr', { signingTime: new Date() })).pdf, pki.seal(), pki.tsa());
    const otherRecord = (contents: Map<string, Buffer>) => contents.set(translationName(contents), forged);
    expect(await failuresOf(await rebuilt('translation-record', otherRecord, sealBT))).toMatch(/ANNEX_III-fr\.pdf is not a document any step recorded, nor a translation of one/);
    // The same rebuild with nothing changed verifies: the failures above are the changes'.
    expect(await failuresOf(await rebuilt('unchanged', () => undefined, sealBT))).toBe('');
  });

  it('proves every step in the transparency log; a step dropped from the log, or proven under another tree, fails naming the step even under the exchange\'s own seal', async () => {
    const pki = t.app.get(ExchangePkiService);
    const zip = await ZipReader.open(bundlePath);
    const contents = new Map<string, Buffer>();
    for (const entry of zip.entries) contents.set(entry.name, await zip.read(entry.name));
    zip.close();
    const steps = (JSON.parse(contents.get(BUNDLE_PATHS.steps)!.toString('utf8')) as { steps: { fields: { seq: number }; hash: string; log: { index: number } }[] }).steps;
    expect(steps.length).toBeGreaterThanOrEqual(3);
    const served = (await t.http().get('/api/v1/log/key').expect(200)).text.trim();
    expect(contents.get(BUNDLE_PATHS.logKey)!.toString('utf8').trim()).toBe(served);
    // Each proof is for its step's hash, at the index GET /steps shows, under one signed checkpoint.
    const listed = (await api.get(DEMO.parisProsecutor, `orders/${orderId}/steps`)).body.items as { seq: number; log: { index: number } }[];
    const checkpoints = new Set<string>();
    for (const step of steps) {
      const proof = contents.get(logProofPath(step.fields.seq))!.toString('utf8');
      expect(proof.startsWith(`c2sp.org/tlog-proof@v1\nindex ${listed[step.fields.seq - 1].log.index}\n`)).toBe(true);
      expect(step.log).toEqual(listed[step.fields.seq - 1].log);
      checkpoints.add(proof.slice(proof.indexOf('\n\n') + 2));
    }
    expect(checkpoints.size).toBe(1);
    expect(await verifyCommand([bundlePath, '--log-key', served], () => undefined)).toBe(0);

    /** The bundle with `change` made, its manifest re-signed by the real seal (a captured builder). */
    async function resealed(label: string, change: (files: Map<string, Buffer>) => void | Promise<void>): Promise<string> {
      const files = new Map(contents);
      await change(files);
      const objects = [...files.keys()].filter((name) => name !== 'mimetype' && !name.startsWith('META-INF/')).map((uri) => ({ uri, mimeType: 'text/plain', sha256: createHash('sha256').update(files.get(uri)!).digest('hex') }));
      files.set(BUNDLE_PATHS.manifest, asicManifest(objects));
      files.set(BUNDLE_PATHS.signature, await pki.seal().sign(files.get(BUNDLE_PATHS.manifest)!, { timestamper: pki.tsa() }));
      const path = ws.file(`log-${label}.zip`);
      await writeStoredZip([...files].map(([name, bytes]) => ({ name, data: bytes, size: bytes.length })), createWriteStream(path));
      return path;
    }
    const logFailure = async (path: string) => (await verifyBundle(path, { logKey: served })).failures.filter((failure) => failure.startsWith('transparency log')).join(' | ');

    const dropped = await resealed('dropped', (files) => void files.delete(logProofPath(2)));
    expect(await logFailure(dropped)).toBe('transparency log: step 2 (ISSUE): no proof that the log holds it (log/steps/2.tlog-proof is missing)');
    // Step 1's inclusion proof shown under a later checkpoint the log really signed: a proof for another tree.
    await api.create(DEMO.parisProsecutor, orderBody((await demoDirectory(t)).Examplegram, { dataCategories: ['SUBSCRIBER'] }));
    let later = '';
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && !later; ) {
      const candidate = (await t.http().get('/api/v1/log/checkpoint')).text;
      if (!checkpoints.has(candidate)) later = candidate;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const anotherTree = await resealed('another-tree', (files) => {
      const proof = files.get(logProofPath(1))!.toString('utf8');
      files.set(logProofPath(1), Buffer.from(proof.slice(0, proof.indexOf('\n\n') + 2) + later));
    });
    expect(await logFailure(anotherTree)).toMatch(/^transparency log: step 1 \(CREATE\): the proof does not lead from its hash to the root of its checkpoint: it is for another tree or another entry/);
    // Step 1's proof offered for step 3: a proof for another hash.
    const anotherHash = await resealed('another-hash', (files) => void files.set(logProofPath(3), files.get(logProofPath(1))!));
    expect(await logFailure(anotherHash)).toMatch(/^transparency log: step 3 \([A-Z_]+\): the proof does not lead from its hash/);
    // Everything else in those bundles still holds: only the log check fails.
    expect((await verifyBundle(dropped, { logKey: served })).failures).toHaveLength(1);

    // Go's sumdb/note and sumdb/tlog accept the bundled proof file for the step's hash.
    const checker = buildTlogChecker(ws.path);
    const proofFile = ws.file('step-2.tlog-proof', contents.get(logProofPath(2))!);
    const go = checker(['-vkey', served, '-proof', proofFile, '-proof-entry', Buffer.from(steps[1].hash, 'hex').toString('base64')]);
    expect(go.out).toMatch(/ok: tlog-proof for entry \d+ in tree \d+/);
    expect(go.ok).toBe(true);
    expect(checker(['-vkey', served, '-proof', proofFile, '-proof-entry', Buffer.from(steps[0].hash, 'hex').toString('base64')]).ok).toBe(false);
  });

  it('goes only to the issuing authority and the evidence recipient', async () => {
    expect((await download(DEMO.examplegram, orderId)).body).toMatchObject({ status: 403, code: 'ORDER_ACTION_FORBIDDEN' });
    expect((await download(DEMO.nordtel, orderId)).body).toMatchObject({ status: 404 });
  });
});
