/**
 * libs/pki: the exchange's PKI without any framework. See README.md for the API and the choices
 * behind it.
 */
export { PKI_ERROR_CODES, PkiError, type PkiErrorCode } from './errors.js';
export { EVX_ARC, EVX_TSA_POLICY_OID, OID } from './oids.js';
export { canonicalJson, canonicalJsonString } from './canonical-json.js';
export { type HashName, sha256 } from './algorithms.js';
export { derFrom, pemBlocks, toPem } from './pem.js';
export { KEY_SPECS, type KeyInfo, type KeySpec, type KeyStore } from './key-store.js';
export { InMemoryKeyRecordStore, type KeyRecord, type KeyRecordStore, SoftwareKeyStore } from './software-key-store.js';
export { type NameAttribute, type NameAttributeType } from './names.js';
export { type KeyUsage, type ParsedCertificate, describeCertificate, parseCertificate, x5tS256 } from './x509.js';
export {
  type CertificateIssuer,
  type CertificateProfile,
  type IssueCertificateInput,
  type IssuedCertificate,
  PROFILES,
  VALIDITY_YEARS,
  issueCertificate,
} from './certificates.js';
export { type ExchangePki, type ExchangePkiOptions, type PkiMember, createExchangePki } from './exchange-pki.js';
export { type ParsedCsr, parseCsr } from './csr.js';
export {
  type OrganisationCertificateOptions,
  type OrganisationIdentity,
  issueCustodialOrganisationCertificate,
  issueOrganisationCertificate,
  organisationSubject,
} from './organisation-certificates.js';
export { type CrlInput, type ParsedCrl, REVOCATION_REASONS, type RevocationReason, type RevokedCertificate, buildCrl, crlRevocationLookup, parseCrl } from './crl.js';
export { type CadesSignOptions, CadesSigner, type Timestamper, addSignatureTimestamp } from './cades.js';
export { TimestampAuthority, type TimestampAuthorityOptions, type TimestampOptions, type TimestampRequest, grantedResponse, parseTimestampRequest } from './timestamp-authority.js';
export { type TimestampReport, type TstInfo, parseTstInfo, tokenFromResponse } from './timestamp-verifier.js';
export { type CertificatePurpose, type RevocationLookup, type RevocationStatus } from './chain.js';
export { type ContentDigest } from './signer-checks.js';
export { type CertificateReport, type SignatureReport, SignatureVerifier, type TrustConfiguration, verifyRawSignature } from './verifier.js';
export { type Check, type CheckName, type CertificateSummary, type Indication, SUB_INDICATIONS, type SubIndication } from './report.js';
export { openSecret, sealSecret } from './secret-box.js';
export { type TotpAlgorithm, type TotpOptions, TOTP_SECRET_BYTES, base32Decode, base32Encode, generateTotpSecret, hotpCode, otpauthUri, totpCode, totpTimeStep, verifyTotp } from './totp.js';
