/**
 * Test support, for specs (here and in the application's e2e tests) and benchmarks: a complete
 * exchange PKI in memory (P-256 keys in a SoftwareKeyStore under a random KEK, one organisation
 * with a custodial certificate, CAdES signers for it and for the seal, a TSA), and a temporary
 * workspace to run stock openssl against what the library produced.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CadesSigner } from './cades.js';
import { type ExchangePki, createExchangePki } from './exchange-pki.js';
import { type OrganisationIdentity, issueCustodialOrganisationCertificate } from './organisation-certificates.js';
import type { IssuedCertificate } from './certificates.js';
import type { KeySpec } from './key-store.js';
import { InMemoryKeyRecordStore, SoftwareKeyStore } from './software-key-store.js';
import { TimestampAuthority } from './timestamp-authority.js';

export interface TestPki {
  keyStore: SoftwareKeyStore;
  records: InMemoryKeyRecordStore;
  pki: ExchangePki;
  organisation: OrganisationIdentity;
  organisationCertificate: IssuedCertificate & { keyId: string };
  organisationSigner: CadesSigner;
  sealSigner: CadesSigner;
  tsa: TimestampAuthority;
  /** Trust for verifiers: the root as anchor, the issuing CA as an intermediate. */
  trust: { roots: Buffer[]; intermediates: Buffer[] };
  /** Root and issuing CA as PEM, for `openssl -CAfile`. */
  caPem: string;
}

export async function createTestPki(options: { now?: Date; organisationKeySpec?: KeySpec; tsaClock?: () => Date } = {}): Promise<TestPki> {
  const now = options.now ?? new Date();
  const records = new InMemoryKeyRecordStore();
  const keyStore = new SoftwareKeyStore(SoftwareKeyStore.generateKek(), records);
  const pki = await createExchangePki(keyStore, { name: 'Test Exchange', country: 'FR', now });
  const issuer = { certificate: pki.issuing.der, keyId: pki.issuing.keyId };
  const organisation = { id: '7b0e7a52-3f0e-4c55-9d1a-2b7f4c8e9a10', name: 'Test Provider Ltd', country: 'IE' };
  const organisationCertificate = await issueCustodialOrganisationCertificate(keyStore, issuer, organisation, { now, keySpec: options.organisationKeySpec });
  return {
    keyStore,
    records,
    pki,
    organisation,
    organisationCertificate,
    organisationSigner: await CadesSigner.create(keyStore, organisationCertificate.keyId, organisationCertificate.der, [pki.issuing.der]),
    sealSigner: await CadesSigner.create(keyStore, pki.seal.keyId, pki.seal.der, [pki.issuing.der]),
    tsa: await TimestampAuthority.create(keyStore, pki.tsa.keyId, pki.tsa.der, [pki.issuing.der], { now: options.tsaClock ?? (() => new Date()) }),
    trust: { roots: [pki.root.der], intermediates: [pki.issuing.der] },
    caPem: pki.root.pem + pki.issuing.pem,
  };
}

/** A temporary folder to hand files to stock `openssl`; `openssl()` returns stdout and stderr together. */
export class OpensslWorkspace {
  readonly path = mkdtempSync(join(tmpdir(), 'evx-pki-'));

  /** Writes `content` (when given) and returns the file's path. */
  file(name: string, content?: string | Uint8Array): string {
    const path = join(this.path, name);
    if (content !== undefined) writeFileSync(path, content);
    return path;
  }

  read(name: string): Buffer {
    return readFileSync(join(this.path, name));
  }

  /** Runs openssl; throws (with its output in the message) when it exits non-zero. */
  openssl(args: string[], input?: Uint8Array): string {
    const result = spawnSync('openssl', args, { cwd: this.path, input, encoding: 'latin1' });
    const output = `${result.stdout}${result.stderr}`;
    if (result.status !== 0) throw new Error(`openssl ${args[0]} exited ${result.status}: ${output}`);
    return output;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
