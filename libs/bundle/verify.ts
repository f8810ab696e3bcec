/**
 * The offline verifier of an evidence bundle (`evx verify bundle.zip` in the project, or the
 * single file the exchange serves: `node evx-verify.mjs bundle.zip`): no server, no network. It
 * checks the container, every digest, every signature and timestamp, the step chain and the links
 * between the chain, the production manifest, the evidence and the documents, and revocation
 * against the bundled CRL; it names every failure it finds.
 */
import { canonicalJson, crlRevocationLookup, parseCertificate, parseCrl, pemBlocks, SignatureVerifier, sha256, type SignatureReport } from '../pki/index.js';
import { hex, isExchangeSealSubject, organisationOfSubject, verifyChain } from '../domain/step-chain.js';
import { embeddedOrderJson } from '../pdf/embedded.js';
import { signatureSlot, signedBytes } from '../pdf/pades.js';
import { ASIC_MIMETYPE, BUNDLE_PATHS, parseAsicManifest } from './asic.js';
import { signedSteps, type EvidenceListing, type ProductionFile, type StepsFile } from './contents.js';
import { checkLogProofs, logProofPath } from './log-proofs.js';
import { ZipReader } from './zip.js';

export interface BundleCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface BundleReport {
  ok: boolean;
  reference: string | null;
  rootFingerprintSha256: string | null;
  /** The transparency log key the step proofs were checked against (given, or the bundle's own). */
  logKey: string | null;
  checks: BundleCheck[];
  failures: string[];
}

export interface VerifyOptions {
  /** PEM of the root to trust; the bundle's own root otherwise (its fingerprint is reported to compare). */
  trustedRoot?: string;
  /** The transparency log's verifier key to trust; the bundle's own otherwise (reported, to compare). */
  logKey?: string;
  /** When to judge validity; now by default. */
  validationTime?: Date;
}

export async function verifyBundle(path: string, options: VerifyOptions = {}): Promise<BundleReport> {
  const checks: BundleCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  let reference: string | null = null;
  let rootFingerprint: string | null = null;
  let logKey: string | null = null;
  let zip: ZipReader | undefined;
  try {
    zip = await ZipReader.open(path);
  } catch (error) {
    check('container', false, `not a readable zip: ${message(error)}`);
    return conclude(checks, reference, rootFingerprint, logKey);
  }
  try {
    // 1. The container (EN 319 162-1 4.4.2): mimetype first, stored, no extra field.
    const first = zip.entries[0];
    const mimetypeOk = first?.name === BUNDLE_PATHS.mimetype && first.compressionMethod === 0 && first.extraFieldLength === 0 && (await zip.read(BUNDLE_PATHS.mimetype)).toString() === ASIC_MIMETYPE;
    check('container', mimetypeOk, mimetypeOk ? `ASiC-E, ${zip.entries.length} entries` : `the first entry must be "mimetype", stored, holding ${ASIC_MIMETYPE}`);
    for (const required of [BUNDLE_PATHS.manifest, BUNDLE_PATHS.signature, BUNDLE_PATHS.ca, BUNDLE_PATHS.crl, BUNDLE_PATHS.exchange, BUNDLE_PATHS.steps]) {
      if (!zip.has(required)) check('container', false, `${required} is missing`);
    }
    if (checks.some((c) => !c.ok)) return conclude(checks, reference, rootFingerprint, logKey);

    // 2. Trust: the exchange root (given, or the bundle's own), its issuing CA, the bundled CRL.
    const chain = pemBlocks((await zip.read(BUNDLE_PATHS.ca)).toString('utf8')).map((block) => block.der);
    // An empty or unreadable root file pins nothing: it must fail, never fall back to the bundle's root.
    const root = options.trustedRoot !== undefined ? pemBlocks(options.trustedRoot)[0]?.der : chain.at(-1);
    if (!root && options.trustedRoot !== undefined) {
      check('trust', false, 'the root you trust holds no PEM certificate');
      return conclude(checks, reference, rootFingerprint, logKey);
    }
    if (!root || chain.length < 2) {
      check('trust', false, 'pki/ca.pem must hold the issuing CA and the root');
      return conclude(checks, reference, rootFingerprint, logKey);
    }
    rootFingerprint = hex(root);
    if (options.trustedRoot && !chain.some((certificate) => certificate.equals(root))) check('trust', false, 'the bundle was not made under the root you trust');
    const issuing = chain[0];
    let revocation;
    try {
      const crl = parseCrl(await zip.read(BUNDLE_PATHS.crl), issuing);
      revocation = crlRevocationLookup([crl]);
      check('revocation', true, `CRL of ${crl.issuer.subject} from ${crl.thisUpdate.toISOString()}, ${crl.revoked.size} revoked`);
    } catch (error) {
      check('revocation', false, `pki/crl.der: ${message(error)}`);
      return conclude(checks, reference, rootFingerprint, logKey);
    }
    const verifier = new SignatureVerifier({ roots: [root], intermediates: [issuing], revocation });
    const validationTime = options.validationTime ?? new Date();
    // The seal is recognised by the name the trusted root gives it, never by a file in the bundle.
    const rootSubject = parseCertificate(root).subject;
    const isSeal = (signer: { subject: string }) => isExchangeSealSubject(signer.subject, rootSubject);

    // 3. The manifest's signature, then every data object against the manifest.
    const manifestBytes = await zip.read(BUNDLE_PATHS.manifest);
    const signature = await verifier.verifyCades(await zip.read(BUNDLE_PATHS.signature), manifestBytes, { validationTime });
    const timestamped = signature.timestamp?.indication === 'TOTAL_PASSED';
    const sealSigned = signature.indication === 'TOTAL_PASSED' && signature.signer !== null && isSeal(signature.signer) && timestamped;
    const why = signature.indication !== 'TOTAL_PASSED' ? problem(signature, '') : !timestamped ? 'not CAdES B-T: the signature carries no valid timestamp' : `signed by ${signature.signer?.subject}, not the exchange's seal`;
    check('manifest signature', sealSigned, sealSigned ? `CAdES B-T by ${signature.signer?.subject}, timestamped ${signature.signingTime}` : `META-INF/signature.p7s: ${why}`);
    let manifest;
    try {
      manifest = parseAsicManifest(manifestBytes);
    } catch (error) {
      check('manifest', false, `META-INF/ASiCManifest.xml: ${message(error)}`);
      return conclude(checks, reference, rootFingerprint, logKey);
    }
    if (manifest.sigReference !== BUNDLE_PATHS.signature) check('manifest', false, `the manifest names ${manifest.sigReference} as its signature`);
    const listed = new Map(manifest.objects.map((object) => [object.uri, object]));
    const actual = new Map<string, { sha256: string; size: number }>();
    for (const entry of zip.entries) {
      if (entry.name === BUNDLE_PATHS.mimetype || entry.name === BUNDLE_PATHS.manifest || entry.name === BUNDLE_PATHS.signature) continue;
      const object = listed.get(entry.name);
      if (!object) {
        check('digests', false, `${entry.name} is in the zip but not in the signed manifest`);
        continue;
      }
      const digest = await zip.digest(entry.name);
      actual.set(entry.name, digest);
      if (digest.sha256 !== object.sha256) check('digests', false, `${entry.name}: SHA-256 ${digest.sha256}, the manifest says ${object.sha256}`);
    }
    for (const uri of listed.keys()) if (!zip.has(uri)) check('digests', false, `${uri} is in the manifest but missing from the zip`);
    if (!checks.some((c) => c.name === 'digests')) check('digests', true, `${actual.size} files match the signed manifest`);

    // 4. The step chain: every intent, seal and timestamp, and the links between steps.
    const stepsFile = JSON.parse((await zip.read(BUNDLE_PATHS.steps)).toString('utf8')) as StepsFile;
    const steps = signedSteps(stepsFile);
    const chainReport = await verifyChain(stepsFile.orderId, steps, {
      verifier,
      isSeal,
      organisationOf: (signer) => organisationOfSubject(signer.subject),
      validationTime,
    });
    check('step chain', chainReport.valid, chainReport.valid ? `${steps.length} steps: every intent, seal and timestamp holds, each linked to the one before` : chainReport.problems.join('; '));
    const records = steps.map((step) => JSON.parse(step.record.toString('utf8')) as Record<string, unknown>);

    // 4b. The transparency log: every step's hash is an entry of the exchange's public log.
    const proofs = new Map<number, string>();
    for (const step of steps) {
      const path = logProofPath(step.fields.seq);
      if (zip.has(path)) proofs.set(step.fields.seq, (await zip.read(path)).toString('utf8'));
    }
    const bundledKey = zip.has(BUNDLE_PATHS.logKey) ? (await zip.read(BUNDLE_PATHS.logKey)).toString('utf8').trim() : undefined;
    const witnessKeys = zip.has(BUNDLE_PATHS.logWitnesses) ? (await zip.read(BUNDLE_PATHS.logWitnesses)).toString('utf8').split('\n').map((line) => line.trim()).filter(Boolean) : [];
    const logged = checkLogProofs(
      steps.map((step, i) => ({ seq: step.fields.seq, action: step.fields.action, hash: step.hash, logIndex: stepsFile.steps[i]?.log?.index })),
      proofs,
      options.logKey ?? bundledKey,
      witnessKeys,
    );
    logKey = logged.logKey;
    if (options.logKey !== undefined && bundledKey !== undefined && bundledKey !== options.logKey) check('transparency log', false, `the bundle names the log key ${bundledKey}, not the one you trust`);
    check('transparency log', logged.ok, logged.detail);
    const created = records.find((record) => typeof record.reference === 'string');
    reference = (created?.reference as string | undefined) ?? null;

    // 5. The order as drafted, against the digest its last drafting step recorded.
    if (zip.has(BUNDLE_PATHS.order)) {
      const order = JSON.parse((await zip.read(BUNDLE_PATHS.order)).toString('utf8')) as { content?: unknown };
      const drafted = [...records].reverse().find((record) => typeof record.contentSha256 === 'string');
      const ok = drafted !== undefined && hex(canonicalJson(order.content)) === drafted.contentSha256;
      check('order', ok, ok ? 'order/order.json is the content the drafting steps signed' : 'order/order.json does not match the content the steps recorded');
    }

    // 6. The production: the manifest file repeats the production steps' records; each file is there.
    if (zip.has(BUNDLE_PATHS.production)) {
      const production = JSON.parse((await zip.read(BUNDLE_PATHS.production)).toString('utf8')) as ProductionFile;
      const problems: string[] = [];
      for (const entry of production.productions) {
        const record = records[entry.seq - 1];
        const step = steps[entry.seq - 1];
        if (step?.fields.action !== 'PRODUCE' || !record) {
          problems.push(`step ${entry.seq} is not a production`);
          continue;
        }
        if (!canonicalJson({ manifest: record.manifest, decisions: record.decisions }).equals(canonicalJson({ manifest: entry.manifest, decisions: entry.decisions }))) {
          problems.push(`the manifest of step ${entry.seq} differs from what the step recorded`);
        }
        // What the provider itself signed: the manifest in its payload.
        const signedPayload = step.payload ? (JSON.parse(step.payload.toString('utf8')) as { manifest?: unknown }) : undefined;
        if (!signedPayload || !canonicalJson(signedPayload.manifest ?? null).equals(canonicalJson(record.manifest ?? null))) {
          problems.push(`the manifest the provider signed in step ${entry.seq} is not the one recorded`);
        }
        for (const file of entry.manifest as EvidenceListing[]) {
          const path = production.files.find((f) => f.id === file.id)?.path;
          const found = path ? actual.get(path) : undefined;
          if (!found) problems.push(`evidence ${file.id} (${file.filename}) is not in the bundle`);
          else if (found.sha256 !== file.sha256 || found.size !== file.size) problems.push(`${path}: SHA-256 ${found.sha256} (${found.size} bytes), the production step recorded ${file.sha256} (${file.size} bytes)`);
        }
      }
      const listedIds = new Set(production.productions.flatMap((entry) => (entry.manifest as EvidenceListing[]).map((file) => file.id)));
      for (const entry of zip.entries.filter((e) => e.name.startsWith('evidence/'))) {
        const file = production.files.find((f) => f.path === entry.name);
        if (!file || !listedIds.has(file.id)) problems.push(`${entry.name} is not evidence any production step lists`);
      }
      const produced = steps.filter((step) => step.fields.action === 'PRODUCE').map((step) => step.fields.seq);
      for (const seq of produced) if (!production.productions.some((entry) => entry.seq === seq)) problems.push(`production step ${seq} is not in the production manifest`);
      check('production', problems.length === 0, problems.length ? problems.join('; ') : `${production.files.length} evidence files, each as the provider's signed production step recorded`);
    }

    // 7. The documents. Each PDF is either the rendition a step recorded by digest, signed by the
    // signer the step recorded, or a translation of a recorded document, sealed by the exchange,
    // that embeds the very order.json the step recorded. Every PAdES signature must hold.
    type RecordedDocument = { id: string; audience: string; signerFingerprintSha256: string; jsonSha256?: string; renditions: { language: string; sha256: string; jsonSha256?: string }[] };
    const recorded = records.flatMap((record) => (record.documents as RecordedDocument[] | undefined) ?? []);
    const recordedBySha = new Map(recorded.flatMap((document) => document.renditions.map((r) => [r.sha256, document] as const)));
    const recordedByJson = new Map(recorded.map((document) => [document.jsonSha256 ?? document.renditions[0]?.jsonSha256, document] as const));
    const documentProblems: string[] = [];
    const present = new Set<string>();
    let documents = 0;
    let translations = 0;
    for (const entry of zip.entries.filter((e) => e.name.startsWith('documents/'))) {
      documents += 1;
      const pdf = await zip.read(entry.name, 256 * 1024 * 1024);
      const digest = sha256(pdf).toString('hex');
      present.add(digest);
      const embedded = embeddedOrderJson(pdf);
      const embeddedSha256 = embedded ? sha256(embedded).toString('hex') : null;
      const original = recordedBySha.get(digest);
      const translated = original ? undefined : embeddedSha256 ? recordedByJson.get(embeddedSha256) : undefined;
      if (!original && !translated) documentProblems.push(`${entry.name} is not a document any step recorded, nor a translation of one`);
      const recordedJson = (original ?? translated)?.jsonSha256 ?? original?.renditions.find((r) => r.sha256 === digest)?.jsonSha256;
      if (original && recordedJson && embeddedSha256 !== recordedJson) documentProblems.push(`${entry.name} does not embed the order.json its step recorded`);
      try {
        const slot = signatureSlotOfSigned(pdf);
        const report = await verifier.verifyCades(slot.cms, signedBytes(pdf, slot.byteRange), { validationTime });
        if (report.indication !== 'TOTAL_PASSED') documentProblems.push(`${entry.name}: ${problem(report, 'signature does not verify')}`);
        else if (original && report.signer?.fingerprintSha256 !== original.signerFingerprintSha256) documentProblems.push(`${entry.name}: signed by ${report.signer?.subject}, not the signer its step recorded`);
        else if (translated && !(report.signer && isSeal(report.signer))) documentProblems.push(`${entry.name}: a translation must be sealed by the exchange, not by ${report.signer?.subject}`);
        else if (translated) translations += 1;
      } catch (error) {
        documentProblems.push(`${entry.name}: ${message(error)}`);
      }
    }
    // Every document the provider received (the addressee's copies) is in the bundle.
    for (const document of recorded.filter((d) => d.audience === 'ADDRESSEE')) {
      for (const rendition of document.renditions) if (!present.has(rendition.sha256)) documentProblems.push(`document ${document.id} (${rendition.language}) recorded by a step is missing`);
    }
    check(
      'documents',
      documentProblems.length === 0,
      documentProblems.length ? documentProblems.join('; ') : `${documents} signed PDFs (${translations} of them translations sealed by the exchange), each bound to a step's record, each PAdES signature valid`,
    );
    return conclude(checks, reference, rootFingerprint, logKey);
  } catch (error) {
    check('bundle', false, message(error));
    return conclude(checks, reference, rootFingerprint, logKey);
  } finally {
    zip.close();
  }
}

/** The byte range and CMS of a signed PDF. */
function signatureSlotOfSigned(pdf: Buffer): { byteRange: number[]; cms: Buffer } {
  const text = pdf.toString('latin1');
  const match = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/.exec(text);
  if (!match) {
    signatureSlot(pdf); // throws the reason for an unsigned placeholder
    throw new Error('no PAdES signature');
  }
  const byteRange = match.slice(1).map(Number);
  const [a, b, c, d] = byteRange;
  if (a !== 0 || c + d !== pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) throw new Error('the signature does not cover the whole file');
  // /Contents is the DER padded with zeros to the placeholder's size: keep what the DER header says.
  const padded = Buffer.from(pdf.toString('latin1', b + 1, c - 1), 'hex');
  return { byteRange, cms: padded.subarray(0, derLength(padded)) };
}

/** Length of the DER element at the start of `bytes` (definite lengths only). */
function derLength(bytes: Buffer): number {
  if (bytes[0] !== 0x30) throw new Error('the PDF signature is not a DER CMS');
  const first = bytes[1];
  if (first < 0x80) return 2 + first;
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4) throw new Error('the PDF signature has an unreadable length');
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + bytes[2 + i];
  return 2 + octets + length;
}

function conclude(checks: BundleCheck[], reference: string | null, rootFingerprintSha256: string | null, logKey: string | null): BundleReport {
  const failures = checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  return { ok: failures.length === 0 && checks.length > 0, reference, rootFingerprintSha256, logKey, checks, failures };
}

function problem(report: SignatureReport, fallback: string): string {
  return report.indication === 'TOTAL_PASSED' ? fallback : (report.problems[0] ?? `${report.indication} ${report.subIndication ?? ''}`);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The report as the command line prints it. */
export function formatReport(report: BundleReport, path: string): string {
  const lines = [`${path}: ${report.ok ? 'VALID' : 'NOT VALID'}${report.reference ? ` (order ${report.reference})` : ''}`];
  if (report.rootFingerprintSha256) lines.push(`  trusted root SHA-256 fingerprint: ${report.rootFingerprintSha256}`);
  if (report.logKey) lines.push(`  trusted transparency log key: ${report.logKey}`);
  for (const check of report.checks) lines.push(`  [${check.ok ? 'ok' : 'FAIL'}] ${check.name}: ${check.detail}`);
  return `${lines.join('\n')}\n`;
}
