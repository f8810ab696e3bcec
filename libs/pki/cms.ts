/**
 * CMS SignedData (RFC 5652) for the fixed shapes this library makes (CAdES signatures, RFC 3161
 * tokens), written straight to DER, and a reader that keeps the exact bytes a verifier needs.
 */
import { type DerNode, TAG, explicit, expectTag, integer, octetString, oid, parseDer, readOctetString, readOid, readSmallInteger, sequence, setOf, tlv } from './der.js';
import { PkiError } from './errors.js';
import { OID } from './oids.js';
import { sha256 } from './algorithms.js';
import type { ParsedCertificate } from './x509.js';

// ---------------------------------------------------------------- writing

/** Attribute ::= SEQUENCE { attrType OID, attrValues SET OF ANY } */
export function attribute(type: string, ...values: Buffer[]): Buffer {
  return sequence(oid(type), setOf(values));
}

export const contentTypeAttribute = (contentType: string): Buffer => attribute(OID.contentTypeAttr, oid(contentType));

export const messageDigestAttribute = (digest: Uint8Array): Buffer => attribute(OID.messageDigestAttr, octetString(digest));

/**
 * ESS signing-certificate-v2 (RFC 5035) naming `certificate` by its SHA-256 (the default hash,
 * so the AlgorithmIdentifier is left out as DER requires) and by issuer and serial number.
 * CAdES/PAdES B-B require it: it binds the signature to one certificate, not just one key.
 */
export function signingCertificateV2Attribute(certificate: ParsedCertificate): Buffer {
  const issuerSerial = sequence(sequence(explicit(4, certificate.issuerDer)), certificate.serialDer);
  const essCertIdV2 = sequence(octetString(sha256(certificate.der)), issuerSerial);
  return attribute(OID.signingCertificateV2Attr, sequence(sequence(essCertIdV2)));
}

/**
 * Signed attributes as a template: content-type, signing-certificate-v2 and a message-digest
 * whose 32 bytes are written per signature at `digestOffset`. The attributes differ in their
 * first two bytes, so their DER order (SET OF) never depends on the digest; this is checked.
 */
export function signedAttributesTemplate(contentType: string, certificate: ParsedCertificate): { template: Buffer; digestOffset: number } {
  const fixed = [contentTypeAttribute(contentType), signingCertificateV2Attribute(certificate)];
  const zero = setOf([...fixed, messageDigestAttribute(Buffer.alloc(32, 0))]);
  const ones = setOf([...fixed, messageDigestAttribute(Buffer.alloc(32, 0xff))]);
  const digestOffset = ones.findIndex((byte, index) => byte !== zero[index]);
  if (!zero.subarray(digestOffset + 32).equals(ones.subarray(digestOffset + 32))) throw new Error('signed attribute order depends on the digest');
  return { template: zero, digestOffset };
}

/** The template with `digest` written in: the bytes to sign. */
export function fillSignedAttributes({ template, digestOffset }: { template: Buffer; digestOffset: number }, digest: Buffer): Buffer {
  const signedAttributes = Buffer.from(template);
  digest.copy(signedAttributes, digestOffset);
  return signedAttributes;
}

/** IssuerAndSerialNumber, copied byte for byte from the certificate. */
export const issuerAndSerialNumber = (certificate: ParsedCertificate): Buffer => sequence(certificate.issuerDer, certificate.serialDer);

export interface SignerInfoParts {
  sid: Buffer;
  digestAlgorithm: Buffer;
  /** The SET OF signed attributes exactly as signed (tag SET, DER order). */
  signedAttributes: Buffer;
  signatureAlgorithm: Buffer;
  signature: Buffer;
  unsignedAttributes?: Buffer[];
}

const VERSION_1 = integer(1);
const VERSION_3 = integer(3);

/** SignerInfo, version 1 (the sid is IssuerAndSerialNumber). */
export function signerInfo(parts: SignerInfoParts): Buffer {
  // signedAttrs is [0] IMPLICIT: the same value bytes under tag A0 instead of SET.
  const signedAttrs = Buffer.from(parts.signedAttributes);
  signedAttrs[0] = 0xa0;
  const unsigned = parts.unsignedAttributes?.length ? [tlv(0xa1, ...[...parts.unsignedAttributes].sort(Buffer.compare))] : [];
  return sequence(VERSION_1, parts.sid, parts.digestAlgorithm, signedAttrs, parts.signatureAlgorithm, octetString(parts.signature), ...unsigned);
}

export interface SignedDataParts {
  digestAlgorithms: Buffer[];
  eContentType: string;
  /** Present for encapsulated content (timestamp tokens); absent for detached signatures. */
  eContent?: Buffer;
  certificates: Buffer[];
  signerInfos: Buffer[];
}

/** ContentInfo { signedData }. Version 1 for id-data, 3 for any other content type (RFC 5652 5.1). */
export function signedData(parts: SignedDataParts): Buffer {
  const encapContentInfo = parts.eContent ? sequence(oid(parts.eContentType), explicit(0, octetString(parts.eContent))) : sequence(oid(parts.eContentType));
  const body = sequence(
    parts.eContentType === OID.data ? VERSION_1 : VERSION_3,
    setOf(parts.digestAlgorithms),
    encapContentInfo,
    ...(parts.certificates.length ? [certificateSet(parts.certificates)] : []),
    setOf(parts.signerInfos),
  );
  return sequence(oid(OID.signedData), explicit(0, body));
}

/** certificates [0] IMPLICIT CertificateSet, DER-ordered. */
export const certificateSet = (certificates: readonly Buffer[]): Buffer => tlv(0xa0, ...[...certificates].sort(Buffer.compare));

// ---------------------------------------------------------------- reading

export interface CmsAttribute {
  type: string;
  values: DerNode[];
}

export interface ParsedSignerInfo {
  node: DerNode;
  version: number;
  sid: { issuerDer: Buffer; serialDer: Buffer } | { subjectKeyIdentifier: Buffer };
  digestAlgorithm: string;
  /** The signed attributes re-tagged as SET: the bytes the signature covers (RFC 5652 5.4). */
  signedAttributesDer?: Buffer;
  signedAttributes: CmsAttribute[];
  signatureAlgorithm: string;
  signature: Buffer;
  unsignedAttributes: CmsAttribute[];
}

export interface ParsedSignedData {
  contentInfo: DerNode;
  signedData: DerNode;
  version: number;
  eContentType: string;
  eContent?: Buffer;
  /** DER of each certificate in the CertificateSet (other choices are skipped). */
  certificates: Buffer[];
  signerInfos: ParsedSignerInfo[];
}

/** Reads ContentInfo { SignedData }; throws PkiError DER_INVALID when the structure is not that. */
export function parseSignedData(input: Uint8Array): ParsedSignedData {
  const contentInfo = expectTag(parseDer(input), TAG.SEQUENCE);
  if (readOid(contentInfo.child(0)) !== OID.signedData) throw new PkiError('DER_INVALID', 'the ContentInfo is not SignedData');
  const signedDataNode = expectTag(contentInfo.child(1, 0xa0).child(0), TAG.SEQUENCE);
  const fields = signedDataNode.children;
  const version = readSmallInteger(signedDataNode.child(0));
  expectTag(signedDataNode.child(1), TAG.SET);
  const encap = signedDataNode.child(2, TAG.SEQUENCE);
  const eContentType = readOid(encap.child(0));
  const eContent = encap.children[1] ? readOctetString(expectTag(encap.children[1], 0xa0).child(0)) : undefined;
  let i = 3;
  const certificates: Buffer[] = [];
  if (fields[i]?.tag === 0xa0) {
    for (const choice of fields[i].children) if (choice.tag === TAG.SEQUENCE) certificates.push(choice.bytes);
    i++;
  }
  if (fields[i]?.tag === 0xa1) i++; // crls: revocation comes from the caller's lookup
  const signerInfosNode = fields[i];
  if (!signerInfosNode || i !== fields.length - 1) throw new PkiError('DER_INVALID', 'SignedData has no signerInfos, or extra fields');
  expectTag(signerInfosNode, TAG.SET);
  return {
    contentInfo,
    signedData: signedDataNode,
    version,
    eContentType,
    eContent,
    certificates,
    signerInfos: signerInfosNode.children.map(parseSignerInfo),
  };
}

function parseSignerInfo(node: DerNode): ParsedSignerInfo {
  expectTag(node, TAG.SEQUENCE);
  const fields = node.children;
  const version = readSmallInteger(node.child(0));
  const sidNode = node.child(1);
  const sid =
    sidNode.tag === TAG.SEQUENCE
      ? { issuerDer: sidNode.child(0, TAG.SEQUENCE).bytes, serialDer: sidNode.child(1, TAG.INTEGER).bytes }
      : { subjectKeyIdentifier: expectTag(sidNode, 0x80).value };
  const digestAlgorithm = readOid(node.child(2, TAG.SEQUENCE).child(0));
  let i = 3;
  let signedAttributesDer: Buffer | undefined;
  let signedAttributes: CmsAttribute[] = [];
  if (fields[i]?.tag === 0xa0) {
    signedAttributesDer = Buffer.from(fields[i].bytes);
    signedAttributesDer[0] = TAG.SET;
    signedAttributes = readAttributes(fields[i]);
    i++;
  }
  const signatureAlgorithm = readOid(node.child(i++, TAG.SEQUENCE).child(0));
  const signature = expectTag(node.child(i++), TAG.OCTET_STRING).value;
  const unsignedAttributes = fields[i]?.tag === 0xa1 ? readAttributes(fields[i++]) : [];
  if (i !== fields.length) throw new PkiError('DER_INVALID', 'unexpected fields in SignerInfo');
  return { node, version, sid, digestAlgorithm, signedAttributesDer, signedAttributes, signatureAlgorithm, signature, unsignedAttributes };
}

function readAttributes(node: DerNode): CmsAttribute[] {
  return node.children.map((attributeNode) => ({
    type: readOid(expectTag(attributeNode, TAG.SEQUENCE).child(0)),
    values: attributeNode.child(1, TAG.SET).children,
  }));
}

/** The one value of a single-valued attribute, or undefined if the attribute is absent. Throws when it occurs twice or has several values. */
export function singleAttributeValue(attributes: readonly CmsAttribute[], type: string): DerNode | undefined {
  const matching = attributes.filter((candidate) => candidate.type === type);
  if (matching.length === 0) return undefined;
  if (matching.length > 1 || matching[0].values.length !== 1) throw new PkiError('DER_INVALID', `attribute ${type} must occur once with one value`);
  return matching[0].values[0];
}

/**
 * Returns `cms` with `unsignedAttributes` added to its (single) SignerInfo: how a B-B signature
 * becomes B-T. The signed part is untouched, so the signature stays valid.
 */
export function appendUnsignedAttributes(cms: Uint8Array, unsignedAttributes: Buffer[]): Buffer {
  const parsed = parseSignedData(cms);
  if (parsed.signerInfos.length !== 1) throw new PkiError('DER_INVALID', 'expected exactly one SignerInfo');
  const signer = parsed.signerInfos[0];
  const existing = signer.node.children.at(-1)?.tag === 0xa1 ? signer.node.children.at(-1)!.children.map((child) => child.bytes) : [];
  const kept = signer.node.children.filter((child) => child.tag !== 0xa1).map((child) => child.bytes);
  const newSignerInfo = sequence(...kept, tlv(0xa1, ...[...existing, ...unsignedAttributes].sort(Buffer.compare)));
  const fields = parsed.signedData.children.map((child) => child.bytes);
  fields[fields.length - 1] = setOf([newSignerInfo]);
  return sequence(oid(OID.signedData), explicit(0, sequence(...fields)));
}
