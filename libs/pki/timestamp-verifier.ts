/**
 * Verifies an RFC 3161 TimeStampToken: its CMS signature, its ESS signing certificate, the TSA
 * certificate's chain and its critical id-kp-timeStamping usage, and that the message imprint
 * is the one expected.
 *
 * Time model: the TSA certificate is validated at the token's genTime (it was valid when it
 * signed), but a TSA revoked for key or CA compromise fails whatever the dates (RFC 3161 4).
 */
import { type HashName, DIGEST_LENGTHS, hashForDigestOid } from './algorithms.js';
import { type RevocationLookup, validateChain } from './chain.js';
import { type DerNode, TAG, expectTag, integerHex, parseDer, readBoolean, readOctetString, readOid, readSmallInteger, readTime } from './der.js';
import { PkiError } from './errors.js';
import { OID } from './oids.js';
import { type CertificateSummary, type Check, CheckList, type Indication, type SubIndication } from './report.js';
import { checkSignedData } from './signer-checks.js';
import { type ParsedCertificate, describeCertificate } from './x509.js';

export interface TstInfo {
  policy: string;
  hash: HashName | undefined;
  hashAlgorithm: string;
  imprint: Buffer;
  /** Lowercase hex. */
  serialNumber: string;
  genTime: Date;
  accuracyMillis?: number;
  /** Hex of the nonce INTEGER's value octets. */
  nonce?: string;
}

export interface TimestampReport {
  indication: Indication;
  subIndication?: SubIndication;
  genTime?: string;
  serialNumber?: string;
  policy?: string;
  tsa?: CertificateSummary;
  checks: Check[];
  problems: string[];
}

export interface TimestampContext {
  roots: readonly ParsedCertificate[];
  untrusted: readonly ParsedCertificate[];
  revocation: RevocationLookup;
  validationTime: Date;
}

/** Checks `token` and that it stamps `expectedImprint` (a digest made with the token's own hash algorithm). */
export async function verifyToken(token: Uint8Array, expectedImprint: (hash: HashName) => Buffer, context: TimestampContext): Promise<{ report: TimestampReport; tstInfo?: TstInfo }> {
  const checks = new CheckList();
  const outcome = checkSignedData(token, checks, {
    contentType: OID.tstInfo,
    extraCertificates: context.untrusted,
    allowSigningCertificateV1: true,
  });
  let tstInfo: TstInfo | undefined;
  if (outcome) {
    try {
      tstInfo = parseTstInfo(outcome.content as Buffer); // encapsulated: always bytes
    } catch (error) {
      checks.fail('FORMAT', 'FORMAT_FAILURE', `the TSTInfo is malformed${error instanceof PkiError ? `: ${error.message}` : ''}`);
    }
  }
  if (tstInfo) {
    if (!tstInfo.hash) checks.fail('MESSAGE_IMPRINT', 'HASH_FAILURE', `imprint algorithm ${tstInfo.hashAlgorithm} is not accepted`);
    else if (tstInfo.imprint.length !== DIGEST_LENGTHS[tstInfo.hash] || !tstInfo.imprint.equals(expectedImprint(tstInfo.hash))) {
      checks.fail('MESSAGE_IMPRINT', 'HASH_FAILURE', 'the message imprint does not match the timestamped data');
    } else checks.pass('MESSAGE_IMPRINT', `the ${tstInfo.hash} imprint matches the timestamped data`);
    // A token dated after the validation time (beyond its accuracy) cannot be genuine.
    const slack = (tstInfo.accuracyMillis ?? 0) + 1000;
    if (tstInfo.genTime.getTime() - slack > context.validationTime.getTime()) {
      checks.fail('CERTIFICATE_VALIDITY', 'NOT_YET_VALID', `genTime ${tstInfo.genTime.toISOString()} is after the validation time`);
    }
  }
  const certificate = outcome?.certificate;
  if (certificate && tstInfo && !checks.failed('SIGNING_CERTIFICATE')) {
    const chain = await validateChain(certificate, {
      roots: context.roots,
      untrusted: [...(outcome?.certificates ?? []), ...context.untrusted],
      at: tstInfo.genTime,
      proofOfExistence: true,
      revocation: context.revocation,
      purpose: 'timestamping',
    });
    checks.add(chain.checks);
  }
  checks.skipRemaining(['FORMAT', 'ALGORITHMS', 'SIGNING_CERTIFICATE', 'MESSAGE_DIGEST', 'SIGNATURE_VALUE', 'MESSAGE_IMPRINT', 'CERTIFICATE_CHAIN', 'CERTIFICATE_VALIDITY', 'REVOCATION'], 'not reached');
  const { indication, subIndication, problems } = checks.conclude();
  return {
    tstInfo,
    report: {
      indication,
      ...(subIndication ? { subIndication } : {}),
      ...(tstInfo ? { genTime: tstInfo.genTime.toISOString(), serialNumber: tstInfo.serialNumber, policy: tstInfo.policy } : {}),
      ...(certificate ? { tsa: describeCertificate(certificate) } : {}),
      checks: checks.checks,
      problems,
    },
  };
}

/** Reads TSTInfo (RFC 3161 2.4.2). */
export function parseTstInfo(der: Buffer): TstInfo {
  const root = expectTag(parseDer(der), TAG.SEQUENCE);
  if (readSmallInteger(root.child(0)) !== 1) throw new PkiError('DER_INVALID', 'unsupported TSTInfo version');
  const policy = readOid(root.child(1));
  const imprintNode = root.child(2, TAG.SEQUENCE);
  const hashAlgorithm = readOid(imprintNode.child(0, TAG.SEQUENCE).child(0));
  const tstInfo: TstInfo = {
    policy,
    hashAlgorithm,
    hash: hashForDigestOid(hashAlgorithm),
    imprint: readOctetString(imprintNode.child(1)),
    serialNumber: integerHex(root.child(3)),
    genTime: readTime(expectTag(root.child(4), TAG.GENERALIZED_TIME)),
  };
  for (const field of root.children.slice(5)) {
    if (field.tag === TAG.SEQUENCE) tstInfo.accuracyMillis = accuracyMillis(field);
    else if (field.tag === TAG.INTEGER) tstInfo.nonce = integerHex(field);
    else if (field.tag === TAG.BOOLEAN) readBoolean(field);
    else if (field.tag === 0xa1) {
      const critical = field.children.some((extension) => extension.children.length === 3 && readBoolean(extension.child(1)));
      if (critical) throw new PkiError('DER_INVALID', 'the TSTInfo has a critical extension');
    }
  }
  return tstInfo;
}

function accuracyMillis(node: DerNode): number {
  let millis = 0;
  for (const part of node.children) {
    if (part.tag === TAG.INTEGER) millis += readSmallInteger(part) * 1000;
    else if (part.tag === 0x80) millis += readSmallInteger(part, 0x80);
    else if (part.tag === 0x81) millis += Math.ceil(readSmallInteger(part, 0x81) / 1000);
  }
  return millis;
}

/** The TimeStampToken inside a granted TimeStampResp; throws PkiError DER_INVALID for a rejection. */
export function tokenFromResponse(response: Uint8Array): Buffer {
  const root = expectTag(parseDer(response), TAG.SEQUENCE);
  const status = readSmallInteger(root.child(0, TAG.SEQUENCE).child(0));
  if (status !== 0 && status !== 1) throw new PkiError('DER_INVALID', `the TSA did not grant the timestamp (status ${status})`);
  return root.child(1, TAG.SEQUENCE).bytes;
}
