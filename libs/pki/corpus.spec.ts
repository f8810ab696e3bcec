/**
 * The frozen corpus (testdata/, see its README): every broken signature gets its expected ETSI
 * indication and none ever passes; the positive controls pass, here and in stock openssl.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RevocationReason } from './crl.js';
import { SignatureVerifier } from './verifier.js';

interface CorpusCase {
  name: string;
  description: string;
  cms: string;
  content: string;
  revocations: { issuer: string; serialNumber: string; revokedAt: string; reason: RevocationReason }[];
  expected: { indication: string; subIndication?: string; timestamp?: { indication: string; subIndication?: string } };
  control: boolean;
}

const DIR = join(import.meta.dirname, 'testdata');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  validationTime: string;
  trust: { roots: string[]; intermediates: string[] };
  cases: CorpusCase[];
};
const validationTime = new Date(manifest.validationTime);
const read = (file: string) => readFileSync(join(DIR, file));

function verifierFor(testCase: CorpusCase): SignatureVerifier {
  return new SignatureVerifier({
    roots: manifest.trust.roots.map(read),
    intermediates: manifest.trust.intermediates.map(read),
    revocation: ({ issuer, serialNumber }) => {
      const entry = testCase.revocations.find((candidate) => candidate.issuer === issuer && candidate.serialNumber === serialNumber);
      return entry ? { revokedAt: new Date(entry.revokedAt), reason: entry.reason } : null;
    },
  });
}

const broken = manifest.cases.filter((testCase) => !testCase.control);
const controls = manifest.cases.filter((testCase) => testCase.control);

describe('the frozen signature corpus', () => {
  it('holds at least 20 broken cases and the positive controls', () => {
    expect(broken.length).toBeGreaterThanOrEqual(20);
    expect(controls.map((c) => c.name)).toEqual(expect.arrayContaining(['valid-p256-bb', 'valid-p256-bt', 'revoked-after-timestamp', 'openssl-cades-p256']));
  });

  it.each(broken.map((testCase) => [testCase.name, testCase] as const))('%s never passes and gets its expected indication', async (_name, testCase) => {
    const report = await verifierFor(testCase).verifyCades(read(testCase.cms), read(testCase.content), { validationTime });
    expect(report.indication).not.toBe('TOTAL_PASSED');
    expect({ indication: report.indication, subIndication: report.subIndication }).toEqual({
      indication: testCase.expected.indication,
      subIndication: testCase.expected.subIndication,
    });
    if (testCase.expected.timestamp) {
      expect({ indication: report.timestamp?.indication, subIndication: report.timestamp?.subIndication }).toEqual(testCase.expected.timestamp);
    }
    expect(report.problems.length).toBeGreaterThan(0);
  });

  it.each(controls.map((testCase) => [testCase.name, testCase] as const))('positive control %s passes', async (_name, testCase) => {
    const report = await verifierFor(testCase).verifyCades(read(testCase.cms), read(testCase.content), { validationTime });
    expect(report.problems).toEqual([]);
    expect(report.indication).toBe('TOTAL_PASSED');
  });

  it('the revoked-after-timestamp control passes because of its timestamp', async () => {
    const testCase = controls.find((c) => c.name === 'revoked-after-timestamp')!;
    const report = await verifierFor(testCase).verifyCades(read(testCase.cms), read(testCase.content), { validationTime });
    expect(report.signingTimeSource).toBe('SIGNATURE_TIMESTAMP');
    expect(report.signingTime).toBe('2026-03-01T12:00:00.000Z');
    expect(report.checks.find((check) => check.name === 'REVOCATION')?.detail).toMatch(/revoked at 2026-04-01/);
  });

  it('stock openssl agrees on the positive controls and on tampered content', () => {
    const attime = String(validationTime.getTime() / 1000);
    const opensslVerify = (cms: string, content: string) =>
      execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(DIR, cms), '-content', join(DIR, content), '-CAfile', join(DIR, 'pki/ca-chain.pem'), '-attime', attime, '-out', '/dev/null'], { stdio: 'pipe' });
    for (const testCase of controls.filter((c) => c.revocations.length === 0)) expect(() => opensslVerify(testCase.cms, testCase.content)).not.toThrow();
    expect(() => opensslVerify('cases/content-flipped-byte.p7s', 'content-tampered.bin')).toThrow();
    expect(() => opensslVerify('cases/signature-flipped-byte.p7s', 'content.bin')).toThrow();
  });
});
