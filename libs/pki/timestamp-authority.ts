/**
 * An RFC 3161 timestamp authority (with RFC 5816's ESS signing-certificate-v2). It answers DER
 * TimeStampReq messages with TimeStampResp, or stamps a SHA-256 imprint directly (for CAdES
 * B-T and for workflow-step seals).
 *
 * Token: TSTInfo v1 with our policy OID, the imprint, a 126-bit random serial (unique without
 * coordination between processes), genTime in UTC with milliseconds, `accuracy` (1 s by
 * default: the host clock is NTP-disciplined, not a qualified time source), and the nonce
 * echoed. Signed attributes: content-type id-ct-TSTInfo, message-digest, signing-certificate-v2.
 */
import { type HashName, DIGEST_LENGTHS, digestOid, hashForDigestOid, sha256, signatureAlgorithmFor } from './algorithms.js';
import type { Timestamper } from './cades.js';
import { certificateSet, fillSignedAttributes, issuerAndSerialNumber, signedAttributesTemplate, signerInfo } from './cms.js';
import { randomSerial } from './certificates.js';
import { type DerNode, TAG, algorithmIdentifier, bitString, explicit, expectTag, generalizedTime, implicitPrimitive, integer, octetString, oid, parseDer, readBoolean, readOctetString, readOid, readSmallInteger, sequence, setOf, tlv, utf8String } from './der.js';
import { PkiError } from './errors.js';
import type { KeyStore } from './key-store.js';
import { EVX_TSA_POLICY_OID, OID } from './oids.js';
import { type ParsedCertificate, parseCertificate } from './x509.js';

export interface TimestampAuthorityOptions {
  /** TSA policy OID; defaults to EVX_TSA_POLICY_OID. */
  policy?: string;
  /** Declared accuracy; defaults to 1 second. */
  accuracy?: { seconds?: number; millis?: number };
  /** The clock; injectable so tests and the frozen corpus get fixed times. */
  now?: () => Date;
  /**
   * Told of every failure to issue a token for a well-formed request (the key store, the
   * clock): RFC 3161 answers those `systemFailure`, so the caller never sees the error; this is
   * where it gets logged. What it returns is quoted in the answer's status text.
   */
  onFailure?: (error: unknown) => string | void;
}

export interface TimestampOptions {
  /** The request's nonce INTEGER (DER TLV), echoed as is. */
  nonce?: Buffer;
  /** Embed the TSA certificate and chain (RFC 3161 certReq). Default true. */
  certReq?: boolean;
  /** The imprint's hash; default sha256. */
  hash?: HashName;
}

const SHA256 = algorithmIdentifier(OID.sha256);
// SignedData version 3 (the content type is not id-data) and its digestAlgorithms.
const SIGNED_DATA_HEAD = Buffer.concat([integer(3), setOf([SHA256])]);
const EMPTY = Buffer.alloc(0);

/** PKIFailureInfo bits (RFC 3161 2.4.2) we may answer with. */
const FAILURE = { badAlg: 0, badRequest: 2, badDataFormat: 5, unacceptedPolicy: 15, unacceptedExtension: 16, systemFailure: 25 } as const;

export interface TimestampRequest {
  hash: HashName;
  imprint: Buffer;
  policy?: string;
  nonce?: Buffer;
  certReq: boolean;
}

export class TimestampAuthority implements Timestamper {
  readonly certificate: ParsedCertificate;
  readonly policy: string;
  readonly #keyStore: KeyStore;
  readonly #keyId: string;
  readonly #now: () => Date;
  readonly #accuracy: Buffer;
  readonly #certificateSet: Buffer;
  readonly #sid: Buffer;
  readonly #attributes: { template: Buffer; digestOffset: number };
  readonly #signatureAlgorithm: Buffer;
  readonly #onFailure?: (error: unknown) => string | void;

  private constructor(keyStore: KeyStore, keyId: string, certificate: ParsedCertificate, chain: ParsedCertificate[], signatureAlgorithm: Buffer, options: TimestampAuthorityOptions) {
    this.certificate = certificate;
    this.policy = options.policy ?? EVX_TSA_POLICY_OID;
    this.#keyStore = keyStore;
    this.#keyId = keyId;
    this.#now = options.now ?? (() => new Date());
    const { seconds = 1, millis } = options.accuracy ?? {};
    this.#accuracy = sequence(...(seconds ? [integer(seconds)] : []), ...(millis ? [implicitPrimitive(0, integer(millis).subarray(2))] : []));
    this.#certificateSet = certificateSet([certificate.der, ...chain.map((member) => member.der)]);
    this.#sid = issuerAndSerialNumber(certificate);
    this.#attributes = signedAttributesTemplate(OID.tstInfo, certificate);
    this.#signatureAlgorithm = signatureAlgorithm;
    this.#onFailure = options.onFailure;
  }

  /**
   * A TSA signing with `keyId` under `certificate`, which must carry the critical
   * id-kp-timeStamping extended key usage; `chain` is embedded when a request asks for certificates.
   */
  static async create(keyStore: KeyStore, keyId: string, certificate: Uint8Array | string, chain: readonly (Uint8Array | string)[] = [], options: TimestampAuthorityOptions = {}): Promise<TimestampAuthority> {
    const parsed = parseCertificate(certificate);
    const eku = parsed.extendedKeyUsage;
    if (!eku?.critical || eku.purposes.length !== 1 || eku.purposes[0] !== OID.kpTimeStamping) {
      throw new PkiError('CERTIFICATE_INVALID', 'a TSA certificate needs exactly the critical id-kp-timeStamping extended key usage');
    }
    const publicKey = await keyStore.publicKey(keyId);
    if (!publicKey.export({ type: 'spki', format: 'der' }).equals(parsed.spki)) {
      throw new PkiError('SIGNER_KEY_MISMATCH', `key ${keyId} does not belong to the TSA certificate`);
    }
    return new TimestampAuthority(keyStore, keyId, parsed, chain.map((member) => parseCertificate(member)), signatureAlgorithmFor(publicKey), options);
  }

  /** A TimeStampToken (ContentInfo DER) over a SHA-256 imprint, with certificates. */
  async timestamp(sha256Imprint: Buffer): Promise<Buffer> {
    return this.token(sha256Imprint);
  }

  /** A TimeStampToken over `imprint`, with the request's options. */
  async token(imprint: Buffer, options: TimestampOptions = {}): Promise<Buffer> {
    const hash = options.hash ?? 'sha256';
    if (imprint.length !== DIGEST_LENGTHS[hash]) throw new PkiError('DER_INVALID', `a ${hash} imprint has ${DIGEST_LENGTHS[hash]} bytes`);
    const tstInfo = encodeTstInfo({ policy: this.policy, hash, imprint, serialNumber: randomSerial(), genTime: this.#now(), accuracy: this.#accuracy, nonce: options.nonce });
    const signedAttributes = fillSignedAttributes(this.#attributes, sha256(tstInfo));
    const signature = await this.#keyStore.sign(this.#keyId, signedAttributes, 'sha256');
    const info = signerInfo({ sid: this.#sid, digestAlgorithm: SHA256, signedAttributes, signatureAlgorithm: this.#signatureAlgorithm, signature });
    const body = tlv(
      TAG.SEQUENCE,
      SIGNED_DATA_HEAD,
      sequence(oid(OID.tstInfo), explicit(0, octetString(tstInfo))),
      options.certReq === false ? EMPTY : this.#certificateSet,
      tlv(TAG.SET, info),
    );
    return sequence(oid(OID.signedData), explicit(0, body));
  }

  /**
   * Answers a DER TimeStampReq (`application/timestamp-query`) with a DER TimeStampResp
   * (`application/timestamp-reply`): granted with a token, or rejected with a failure reason.
   */
  async respond(request: Uint8Array): Promise<Buffer> {
    let parsed: TimestampRequest;
    try {
      parsed = parseTimestampRequest(request);
    } catch (error) {
      const reason = error instanceof TimestampRequestError ? error.failure : 'badDataFormat';
      return rejection(reason, error instanceof PkiError ? error.message : 'malformed request');
    }
    if (parsed.policy !== undefined && parsed.policy !== this.policy) return rejection('unacceptedPolicy', `this TSA only issues under policy ${this.policy}`);
    try {
      const token = await this.token(parsed.imprint, { nonce: parsed.nonce, certReq: parsed.certReq, hash: parsed.hash });
      return grantedResponse(token);
    } catch (error) {
      const reference = this.#onFailure?.(error);
      return rejection('systemFailure', `the timestamp could not be issued${reference ? ` (reference ${reference})` : ''}`);
    }
  }
}

/** TSTInfo (RFC 3161 2.4.2): version 1, ordering false (left out), no tsa name, no extensions. */
export function encodeTstInfo(fields: { policy: string; hash: HashName; imprint: Buffer; serialNumber: Buffer; genTime: Date; accuracy: Buffer; nonce?: Buffer }): Buffer {
  return sequence(
    integer(1),
    oid(fields.policy),
    sequence(algorithmIdentifier(digestOid(fields.hash)), octetString(fields.imprint)),
    integer(fields.serialNumber),
    generalizedTime(fields.genTime, true),
    fields.accuracy,
    ...(fields.nonce ? [fields.nonce] : []),
  );
}

class TimestampRequestError extends PkiError {
  constructor(
    readonly failure: keyof typeof FAILURE,
    message: string,
  ) {
    super('DER_INVALID', message);
  }
}

/** Reads a TimeStampReq (RFC 3161 2.4.1). */
export function parseTimestampRequest(request: Uint8Array): TimestampRequest {
  const root = expectTag(parseDer(request), TAG.SEQUENCE);
  if (readSmallInteger(root.child(0)) !== 1) throw new TimestampRequestError('badRequest', 'unsupported TimeStampReq version');
  const messageImprint = root.child(1, TAG.SEQUENCE);
  const hash = hashForDigestOid(readOid(messageImprint.child(0, TAG.SEQUENCE).child(0)));
  if (!hash) throw new TimestampRequestError('badAlg', 'the imprint must be SHA-256, SHA-384 or SHA-512');
  const imprint = readOctetString(messageImprint.child(1));
  if (imprint.length !== DIGEST_LENGTHS[hash]) throw new TimestampRequestError('badDataFormat', 'the imprint length does not match its algorithm');
  let policy: string | undefined;
  let nonce: Buffer | undefined;
  let certReq = false;
  for (const field of root.children.slice(2)) {
    if (field.tag === TAG.OID) policy = readOid(field);
    else if (field.tag === TAG.INTEGER) nonce = nonceOf(field);
    else if (field.tag === TAG.BOOLEAN) certReq = readBoolean(field);
    else if (field.tag === 0xa0) throw new TimestampRequestError('unacceptedExtension', 'request extensions are not supported');
    else throw new TimestampRequestError('badDataFormat', 'unexpected field in TimeStampReq');
  }
  return { hash, imprint, policy, nonce, certReq };
}

function nonceOf(field: DerNode): Buffer {
  // RFC 3161 suggests 64 random bits; refuse absurd sizes rather than echo them.
  if (field.value.length > 32) throw new TimestampRequestError('badRequest', 'the nonce is too long');
  return field.bytes;
}

/** TimeStampResp { status: granted (0), timeStampToken }. */
export function grantedResponse(token: Buffer): Buffer {
  return sequence(sequence(integer(0)), token);
}

function rejection(failure: keyof typeof FAILURE, text: string): Buffer {
  const bit = FAILURE[failure];
  const bits = Buffer.alloc((bit >> 3) + 1);
  bits[bit >> 3] = 0x80 >> (bit & 7);
  return sequence(sequence(integer(2), sequence(utf8String(text)), bitString(bits, 7 - (bit & 7))));
}
