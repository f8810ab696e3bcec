/**
 * Detached CAdES signatures (ETSI EN 319 122-1 baseline): CMS SignedData whose signed
 * attributes are content-type, message-digest and ESS signing-certificate-v2 (B-B), plus, for
 * B-T, an RFC 3161 signature timestamp as an unsigned attribute.
 *
 * No signing-time attribute: EN 319 122-1 makes it optional at B-B, its value is only the
 * signer's claim, and B-T replaces it with a timestamp that proves the time. Leaving it out
 * also keeps the signed bytes a pure function of content and certificate.
 *
 * Speed: everything but the digest and the signature is computed once per signer (sid,
 * certificates, signing-certificate-v2, algorithm identifiers), so a signature costs one
 * SHA-256, one native sign and a few small buffer copies.
 */
import { sha256, signatureAlgorithmFor } from './algorithms.js';
import { appendUnsignedAttributes, attribute, certificateSet, fillSignedAttributes, issuerAndSerialNumber, parseSignedData, signedAttributesTemplate } from './cms.js';
import { TAG, algorithmIdentifier, explicit, integer, octetString, oid, sequence, setOf, tlv } from './der.js';
import { PkiError } from './errors.js';
import type { KeyStore } from './key-store.js';
import { OID } from './oids.js';
import { type ParsedCertificate, parseCertificate } from './x509.js';

/** Something that returns an RFC 3161 TimeStampToken (ContentInfo DER) for a SHA-256 imprint. */
export interface Timestamper {
  timestamp(sha256Imprint: Buffer): Promise<Buffer>;
}

export interface CadesSignOptions {
  /** When given, the signature is B-T: timestamped over its signature value. */
  timestamper?: Timestamper;
}

const SIGNED_DATA_OID = oid(OID.signedData);

export class CadesSigner {
  readonly certificate: ParsedCertificate;
  readonly #keyStore: KeyStore;
  readonly #keyId: string;
  readonly #sid: Buffer;
  readonly #digestAlgorithm = algorithmIdentifier(OID.sha256);
  readonly #signatureAlgorithm: Buffer;
  readonly #attributes: { template: Buffer; digestOffset: number };
  /** SignerInfo fields before the signed attributes: version, sid, digestAlgorithm. */
  readonly #signerInfoHead: Buffer;
  /** SignedData fields before signerInfos: version, digestAlgorithms, encapContentInfo, certificates. */
  readonly #signedDataHead: Buffer;

  private constructor(keyStore: KeyStore, keyId: string, certificate: ParsedCertificate, chain: ParsedCertificate[], signatureAlgorithm: Buffer) {
    this.certificate = certificate;
    this.#keyStore = keyStore;
    this.#keyId = keyId;
    this.#sid = issuerAndSerialNumber(certificate);
    this.#signatureAlgorithm = signatureAlgorithm;
    this.#attributes = signedAttributesTemplate(OID.data, certificate);
    this.#signerInfoHead = Buffer.concat([integer(1), this.#sid, this.#digestAlgorithm]);
    this.#signedDataHead = Buffer.concat([
      integer(1), // version 1: id-data content, IssuerAndSerialNumber sids, X.509 certificates only
      setOf([this.#digestAlgorithm]),
      sequence(oid(OID.data)), // detached: no eContent
      certificateSet([certificate.der, ...chain.map((member) => member.der)]),
    ]);
  }

  /**
   * A signer for `keyId`'s key and its `certificate`; `chain` is what to embed beside it
   * (normally the issuing CA certificate). Throws SIGNER_KEY_MISMATCH if the key is not the
   * certificate's.
   */
  static async create(keyStore: KeyStore, keyId: string, certificate: Uint8Array | string, chain: readonly (Uint8Array | string)[] = []): Promise<CadesSigner> {
    const parsed = parseCertificate(certificate);
    const publicKey = await keyStore.publicKey(keyId);
    if (!publicKey.export({ type: 'spki', format: 'der' }).equals(parsed.spki)) {
      throw new PkiError('SIGNER_KEY_MISMATCH', `key ${keyId} does not belong to certificate ${parsed.serialNumber}`);
    }
    return new CadesSigner(keyStore, keyId, parsed, chain.map((member) => parseCertificate(member)), signatureAlgorithmFor(publicKey));
  }

  /** A detached CAdES-B-B (or B-T with a timestamper) signature over `content`, as DER. */
  async sign(content: Uint8Array, options: CadesSignOptions = {}): Promise<Buffer> {
    return this.signDigest(sha256(content), options);
  }

  /** The same, from the SHA-256 of the content (for large content hashed as a stream). */
  async signDigest(contentSha256: Buffer, options: CadesSignOptions = {}): Promise<Buffer> {
    if (contentSha256.length !== 32) throw new PkiError('DER_INVALID', 'a SHA-256 digest has 32 bytes');
    const signedAttributes = fillSignedAttributes(this.#attributes, contentSha256);
    const signature = await this.#keyStore.sign(this.#keyId, signedAttributes, 'sha256');
    const unsigned = options.timestamper ? [tlv(0xa1, await signatureTimestampAttribute(signature, options.timestamper))] : [];
    signedAttributes[0] = 0xa0; // in the SignerInfo they are [0] IMPLICIT, same bytes otherwise
    const info = tlv(TAG.SEQUENCE, this.#signerInfoHead, signedAttributes, this.#signatureAlgorithm, octetString(signature), ...unsigned);
    return sequence(SIGNED_DATA_OID, explicit(0, tlv(TAG.SEQUENCE, this.#signedDataHead, tlv(TAG.SET, info))));
  }
}

/** RFC 3161 appendix A / CAdES B-T: a timestamp over the SignerInfo's signature value. */
async function signatureTimestampAttribute(signature: Buffer, timestamper: Timestamper): Promise<Buffer> {
  const token = await timestamper.timestamp(sha256(signature));
  return attribute(OID.signatureTimeStampTokenAttr, token);
}

/** Upgrades a B-B signature (one SignerInfo) to B-T by timestamping its signature value. */
export async function addSignatureTimestamp(cms: Uint8Array, timestamper: Timestamper): Promise<Buffer> {
  const parsed = parseSignedData(cms);
  if (parsed.signerInfos.length !== 1) throw new PkiError('DER_INVALID', 'expected exactly one SignerInfo');
  return appendUnsignedAttributes(cms, [await signatureTimestampAttribute(parsed.signerInfos[0].signature, timestamper)]);
}
