/**
 * `npm run bench -- pki`: CMS (CAdES) signatures and verifications per second on 1 KiB of
 * content with P-256 and RSA-2048 keys, and RFC 3161 tokens per second, each beside
 * `openssl speed` for the same algorithm on this machine (single process). The aim:
 * CMS signing at no less than half the raw openssl sign rate.
 */
import { randomBytes } from 'node:crypto';
import { createTestPki } from '../libs/pki/testing.js';
import { SignatureVerifier } from '../libs/pki/verifier.js';
import { opensslSpeed, opsPerSecond, printRows, type Row } from './harness.js';

export default async function run(): Promise<void> {
  const content = randomBytes(1024);
  const p256 = await createTestPki({ organisationKeySpec: 'P-256' });
  const rsa = await createTestPki({ organisationKeySpec: 'RSA-2048' });
  const revocation = () => null;
  const verifierP256 = new SignatureVerifier({ ...p256.trust, revocation });
  const verifierRsa = new SignatureVerifier({ ...rsa.trust, revocation });
  const signedP256 = await p256.organisationSigner.sign(content);
  const signedRsa = await rsa.organisationSigner.sign(content);
  const stampedP256 = await p256.organisationSigner.sign(content, { timestamper: p256.tsa });
  for (const [verifier, cms] of [[verifierP256, signedP256], [verifierRsa, signedRsa], [verifierP256, stampedP256]] as const) {
    const report = await verifier.verifyCades(cms, content);
    if (report.indication !== 'TOTAL_PASSED') throw new Error(`bench fixture does not verify: ${report.problems.join('; ')}`);
  }

  const opensslP256 = opensslSpeed('ecdsap256');
  const opensslRsa = opensslSpeed('rsa2048');
  const imprint = randomBytes(32);

  const rows: Row[] = [
    { what: 'CMS sign, P-256, 1 KiB (CAdES B-B)', value: await opsPerSecond(() => p256.organisationSigner.sign(content)), unit: '/s', limit: { what: 'openssl ecdsap256 sign', value: opensslP256.sign } },
    { what: 'CMS verify, P-256, 1 KiB (full validation)', value: await opsPerSecond(() => verifierP256.verifyCades(signedP256, content)), unit: '/s', limit: { what: 'openssl ecdsap256 verify', value: opensslP256.verify } },
    { what: 'CMS sign, RSA-2048, 1 KiB (CAdES B-B)', value: await opsPerSecond(() => rsa.organisationSigner.sign(content)), unit: '/s', limit: { what: 'openssl rsa2048 sign', value: opensslRsa.sign } },
    { what: 'CMS verify, RSA-2048, 1 KiB (full validation)', value: await opsPerSecond(() => verifierRsa.verifyCades(signedRsa, content)), unit: '/s', limit: { what: 'openssl rsa2048 verify', value: opensslRsa.verify } },
    { what: 'RFC 3161 token, P-256 TSA', value: await opsPerSecond(() => p256.tsa.timestamp(imprint)), unit: '/s', limit: { what: 'openssl ecdsap256 sign', value: opensslP256.sign } },
    // B-T = one signature by the signer + one by the TSA: the limit is half the raw sign rate.
    { what: 'CMS sign, P-256, B-T (signature + token)', value: await opsPerSecond(() => p256.organisationSigner.sign(content, { timestamper: p256.tsa })), unit: '/s', limit: { what: 'openssl ecdsap256 sign / 2', value: opensslP256.sign / 2 } },
    // B-T verification = two P-256 verifications (signature, token); chain checks are cached.
    { what: 'CMS verify, P-256, B-T (signature + token)', value: await opsPerSecond(() => verifierP256.verifyCades(stampedP256, content)), unit: '/s', limit: { what: 'openssl ecdsap256 verify / 2', value: opensslP256.verify / 2 } },
  ];
  printRows('PKI: CAdES signatures and RFC 3161 timestamps (one process, one core)', rows);
}
