/**
 * The JSON files of a bundle, written by the exchange and read back by the offline verifier.
 * Binary members are base64; nothing here is trusted by itself: every byte is tied to the signed
 * step chain or to the signed ASiC manifest.
 */
import type { SignedStep, StepFields } from '../domain/step-chain.js';

export interface StepsFile {
  orderId: string;
  steps: {
    fields: StepFields;
    /** Null for drafting steps, whose payload carries Section M: checked through its digest only. */
    payload: string | null;
    record: string;
    canonical: string;
    hash: string;
    intentCanonical: string;
    intentCms: string;
    signerFingerprintSha256: string;
    sealCms: string;
    timestampToken: string;
    /** Where the transparency log holds the step's hash (its proof is log/steps/<seq>.tlog-proof). */
    log?: { index: number } | null;
  }[];
}

export interface ProductionFile {
  /** The production steps, each with the manifest and decisions its record holds. */
  productions: { seq: number; manifest: EvidenceListing[]; decisions: unknown[] }[];
  /** Where each evidence file is in the zip. */
  files: { id: string; path: string }[];
}

export interface EvidenceListing {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface ExchangeFile {
  name: string;
  /** PEM of every seal certificate the exchange has had (the steps' and the bundle's countersignatures). */
  seals: string[];
  rootFingerprintSha256: string;
}

const b64 = (bytes: Buffer | null) => (bytes === null ? null : bytes.toString('base64'));

export function stepsFile(orderId: string, steps: readonly SignedStep[], logIndexes?: ReadonlyMap<number, number>): StepsFile {
  return {
    orderId,
    steps: steps.map((step) => ({
      fields: step.fields,
      payload: b64(step.payload),
      record: step.record.toString('base64'),
      canonical: step.canonical.toString('base64'),
      hash: step.hash,
      intentCanonical: step.intentCanonical.toString('base64'),
      intentCms: step.intentCms.toString('base64'),
      signerFingerprintSha256: step.signerFingerprintSha256,
      sealCms: step.sealCms.toString('base64'),
      timestampToken: step.timestampToken.toString('base64'),
      ...(logIndexes ? { log: logIndexes.has(step.fields.seq) ? { index: logIndexes.get(step.fields.seq)! } : null } : {}),
    })),
  };
}

export function signedSteps(file: StepsFile): SignedStep[] {
  const bytes = (value: string) => Buffer.from(value, 'base64');
  return file.steps.map((step) => ({
    fields: step.fields,
    payload: step.payload === null ? null : bytes(step.payload),
    record: bytes(step.record),
    canonical: bytes(step.canonical),
    hash: step.hash,
    intentCanonical: bytes(step.intentCanonical),
    intentCms: bytes(step.intentCms),
    signerFingerprintSha256: step.signerFingerprintSha256,
    sealCms: bytes(step.sealCms),
    timestampToken: bytes(step.timestampToken),
  }));
}

/** The single-file verifier the exchange serves (bin/evx-verify.ts, built at `npm run build`). */
export const VERIFIER_FILENAME = 'evx-verify.mjs';
export const VERIFIER_PATH = `/api/v1/tools/${VERIFIER_FILENAME}`;

/**
 * What `VERIFY.txt` says: how to check a bundle with stock tools, without this software, or with
 * the exchange's verifier from `exchangeUrl` (its PUBLIC_URL; the path alone when not given).
 */
export function verifyInstructions(reference: string, exchangeUrl?: string): string {
  const download = exchangeUrl ? `${exchangeUrl.replace(/\/$/, '')}${VERIFIER_PATH}` : `<the exchange's address>${VERIFIER_PATH}`;
  return `Evidence bundle ${reference}
=====================================================================

This file is an ASiC-E container (ETSI EN 319 162-1): a zip you can open with any unzip tool.
Everything in it can be checked offline, with stock openssl, against the exchange's root
certificate in pki/ca.pem (compare its fingerprint with the one the exchange publishes:
  openssl x509 -in pki/ca.pem -noout -fingerprint -sha256   # the last certificate is the root).

1. The container's signature over its manifest (CAdES B-T by the exchange's seal):
     openssl cms -verify -binary -inform DER -in META-INF/signature.p7s \\
       -content META-INF/ASiCManifest.xml -CAfile pki/ca.pem -purpose any -out /dev/null

2. Every file against the manifest: each <asic:DataObjectReference URI="..."> gives a SHA-256
   in base64; compare with
     openssl dgst -sha256 -binary <file> | base64

3. Revocation: the exchange CA's CRL at the time of the bundle,
     openssl crl -inform DER -in pki/crl.der -noout -text -CAfile pki/ca.pem

4. The order's signed steps (order/steps.json). For each step, with its base64 members decoded:
     canonical.bin = canonical; seal.der = sealCms; token.der = timestampToken;
     intent.bin = intentCanonical; intent.der = intentCms
     openssl dgst -sha256 canonical.bin          # equals "hash"; the next step's prevHash
     openssl cms -verify -binary -inform DER -in seal.der -content canonical.bin -CAfile pki/ca.pem -purpose any -out /dev/null
     openssl ts -verify -digest <hash> -token_in -in token.der -CAfile pki/ca.pem
     openssl cms -verify -binary -inform DER -in intent.der -content intent.bin -CAfile pki/ca.pem -purpose any -out /dev/null
   The first step's prevHash is 64 zeros.

5. The production: order/production-manifest.json repeats what the provider's production step
   recorded (each evidence file's name, size and SHA-256, and what was withheld and why); the
   files are under evidence/.

6. The documents under documents/ are PAdES-signed PDFs: pdfsig (poppler-utils) checks them.

7. The transparency log. The exchange publishes every step's hash in a public append-only log
   (C2SP tlog-checkpoint and tlog-tiles, the formats of Go's checksum database and Sigstore),
   so it cannot rewrite or drop an order, or show two parties two histories, unnoticed.
   log/steps/<seq>.tlog-proof (c2sp.org/tlog-proof@v1) proves step <seq>'s "hash" (its 32 raw
   bytes are the entry) is in the log: an index, an RFC 9162 inclusion proof, and a checkpoint
   (origin, tree size, root) signed with the log key in log/log-key.txt, and cosigned by the
   witnesses in log/witnesses.txt when the exchange has them. Compare the key with
     ${exchangeUrl ? `${exchangeUrl.replace(/\/$/, '')}/api/v1/log/key` : '<the exchange\'s address>/api/v1/log/key'}
   Go's golang.org/x/mod/sumdb/note and sumdb/tlog check the proofs (note.Open, tlog.CheckRecord
   of tlog.RecordHash(entry)); the checkpoint must be consistent with what the log serves now.

Or run the exchange's own verifier, which does all of the above in one step. It is a single
JavaScript file that needs Node.js 20.19 or newer and nothing else: no installation, no network.
Download it from
     ${download}
(compare its SHA-256, e.g. sha256sum ${VERIFIER_FILENAME}, with the one the exchange publishes), then
     node ${VERIFIER_FILENAME} <bundle.zip>                  # exit 0 and a report, or 1 naming each failure
     node ${VERIFIER_FILENAME} <bundle.zip> --root root.pem  # trust this root instead of the bundle's own
     node ${VERIFIER_FILENAME} <bundle.zip> --log-key <key>  # trust this log key instead of the bundle's own
     node ${VERIFIER_FILENAME} <bundle.zip> --json           # the report as JSON
`;
}
