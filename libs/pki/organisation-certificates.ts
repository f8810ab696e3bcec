/**
 * Organisation certificates, issued by the exchange's issuing CA either from a CSR (the
 * organisation keeps its key) or custodially (the key is generated and kept in the KeyStore).
 * The subject always comes from the organisation record: C, O, an organisationIdentifier
 * `EVX-<organisation id>`, and CN; the id is also a `urn:uuid:` subjectAltName.
 */
import { type CertificateIssuer, type IssuedCertificate, PROFILES, VALIDITY_YEARS, issueCertificate, startOfValidity, yearsAfter } from './certificates.js';
import { parseCsr } from './csr.js';
import type { KeySpec, KeyStore } from './key-store.js';
import type { NameAttribute } from './names.js';
import { parseCertificate } from './x509.js';

export interface OrganisationIdentity {
  /** The organisation's UUID. */
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface OrganisationCertificateOptions {
  now?: Date;
  /** Written into cRLDistributionPoints when given. */
  crlUrl?: string;
}

/**
 * EN 319 412-1 defines organizationIdentifier values as a 3-letter scheme, a country and an
 * identifier; "EVX" is our own scheme (the exchange's organisation id), not a registry number.
 */
export function organisationSubject(organisation: OrganisationIdentity): NameAttribute[] {
  return [
    { type: 'C', value: organisation.country },
    { type: 'O', value: organisation.name },
    { type: 'organizationIdentifier', value: `EVX-${organisation.id}` },
    { type: 'CN', value: organisation.name },
  ];
}

/** From a CSR (PEM or DER); throws PkiError CSR_INVALID / CSR_KEY_UNSUPPORTED. */
export async function issueOrganisationCertificate(
  keyStore: KeyStore,
  issuer: CertificateIssuer,
  csr: string | Uint8Array,
  organisation: OrganisationIdentity,
  options: OrganisationCertificateOptions = {},
): Promise<IssuedCertificate> {
  const request = parseCsr(csr);
  return issueForKey(keyStore, issuer, request.spki, organisation, options);
}

/** Custodial: the key pair is generated in the KeyStore and never leaves it. */
export async function issueCustodialOrganisationCertificate(
  keyStore: KeyStore,
  issuer: CertificateIssuer,
  organisation: OrganisationIdentity,
  options: OrganisationCertificateOptions & { keySpec?: KeySpec } = {},
): Promise<IssuedCertificate & { keyId: string }> {
  const key = await keyStore.generate(`organisation ${organisation.id}`, options.keySpec ?? 'P-256');
  const certificate = await issueForKey(keyStore, issuer, key.publicKeySpki, organisation, options);
  return { ...certificate, keyId: key.id };
}

async function issueForKey(keyStore: KeyStore, issuer: CertificateIssuer, spki: Buffer, organisation: OrganisationIdentity, options: OrganisationCertificateOptions): Promise<IssuedCertificate> {
  const notBefore = startOfValidity(options.now ?? new Date());
  return issueCertificate(keyStore, {
    subject: organisationSubject(organisation),
    publicKey: spki,
    issuer,
    profile: {
      ...PROFILES.organisation,
      subjectAltNameUris: [`urn:uuid:${organisation.id}`],
      ...(options.crlUrl ? { crlDistributionPoint: options.crlUrl } : {}),
    },
    notBefore,
    notAfter: yearsAfter(notBefore, VALIDITY_YEARS.organisation, parseCertificate(issuer.certificate).notAfter),
  });
}
