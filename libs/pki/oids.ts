/** Object identifiers used by the library, by name. Standard ones cite their RFC. */
export const OID = {
  // Algorithms (RFC 5754, RFC 5758, RFC 8017)
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha1: '1.3.14.3.2.26',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
  ecPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',

  // CMS content types and attributes (RFC 5652, RFC 5035, RFC 3161)
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentTypeAttr: '1.2.840.113549.1.9.3',
  messageDigestAttr: '1.2.840.113549.1.9.4',
  signingTimeAttr: '1.2.840.113549.1.9.5',
  signingCertificateAttr: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2Attr: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampTokenAttr: '1.2.840.113549.1.9.16.2.14',

  // Name attributes (X.520, RFC 5280)
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  countryName: '2.5.4.6',
  localityName: '2.5.4.7',
  stateOrProvinceName: '2.5.4.8',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  organizationIdentifier: '2.5.4.97',

  // Certificate and CRL extensions (RFC 5280)
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  crlReason: '2.5.29.21',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  kpTimeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

/**
 * The exchange's own identifiers. There is no IANA enterprise number for this project, so they
 * hang under a UUID arc (ITU-T X.667, `2.25.<uuid as an integer>`), which anyone may allocate
 * without registration; the UUID below was generated once for this purpose and never changes.
 * Sub-arcs: `.1` policies, `.1.1` the TSA policy.
 */
export const EVX_ARC = '2.25.213072282940258774872546872200426690014'; // UUID a04c3a9f-f6d3-4834-85e5-07da525815de
export const EVX_TSA_POLICY_OID = `${EVX_ARC}.1.1`;
