/**
 * Validation results in the shape of ETSI EN 319 102-1: a main indication, a sub-indication
 * from the standard's list, and the checks that led there (each tagged with the building
 * block it belongs to). `INDETERMINATE` must never be shown to anyone as "valid".
 */
export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';

/** EN 319 102-1 table 5: the sub-indications this library can return, with their main indication. */
export const SUB_INDICATIONS = {
  FORMAT_FAILURE: 'TOTAL_FAILED',
  HASH_FAILURE: 'TOTAL_FAILED',
  SIG_CRYPTO_FAILURE: 'TOTAL_FAILED',
  REVOKED: 'TOTAL_FAILED',
  EXPIRED: 'TOTAL_FAILED',
  NOT_YET_VALID: 'TOTAL_FAILED',
  SIG_CONSTRAINTS_FAILURE: 'INDETERMINATE',
  CHAIN_CONSTRAINTS_FAILURE: 'INDETERMINATE',
  CRYPTO_CONSTRAINTS_FAILURE: 'INDETERMINATE',
  NO_SIGNING_CERTIFICATE_FOUND: 'INDETERMINATE',
  NO_CERTIFICATE_CHAIN_FOUND: 'INDETERMINATE',
  REVOKED_NO_POE: 'INDETERMINATE',
  REVOKED_CA_NO_POE: 'INDETERMINATE',
  OUT_OF_BOUNDS_NO_POE: 'INDETERMINATE',
  TRY_LATER: 'INDETERMINATE',
} as const satisfies Record<string, Indication>;
export type SubIndication = keyof typeof SUB_INDICATIONS;

/**
 * The checks, in the order their failures take precedence (EN 319 102-1 5.3: format, then
 * identification of the signing certificate, then cryptographic verification, then the
 * signature's own constraints, then X.509 validation). The first failed one decides.
 */
export const CHECKS = {
  FORMAT: 'FC',
  ALGORITHMS: 'SAV',
  SIGNING_CERTIFICATE: 'ISC',
  MESSAGE_DIGEST: 'CV',
  SIGNATURE_VALUE: 'CV',
  MESSAGE_IMPRINT: 'CV',
  SIGNATURE_TIMESTAMP: 'SAV',
  CERTIFICATE_CHAIN: 'XCV',
  CERTIFICATE_VALIDITY: 'XCV',
  REVOCATION: 'XCV',
} as const;
export type CheckName = keyof typeof CHECKS;
export type BuildingBlock = (typeof CHECKS)[CheckName];

export interface Check {
  name: CheckName;
  /** The EN 319 102-1 building block: FC, ISC, CV, SAV or XCV. */
  block: BuildingBlock;
  status: 'PASSED' | 'FAILED' | 'NOT_CHECKED';
  subIndication?: SubIndication;
  detail: string;
}

export type { CertificateSummary } from './x509.js';

/** Collects checks; `conclude` turns them into an indication. */
export class CheckList {
  readonly checks: Check[] = [];

  pass(name: CheckName, detail: string): void {
    this.checks.push({ name, block: CHECKS[name], status: 'PASSED', detail });
  }

  fail(name: CheckName, subIndication: SubIndication, detail: string): void {
    this.checks.push({ name, block: CHECKS[name], status: 'FAILED', subIndication, detail });
  }

  skip(name: CheckName, detail: string): void {
    this.checks.push({ name, block: CHECKS[name], status: 'NOT_CHECKED', detail });
  }

  add(checks: readonly Check[]): void {
    this.checks.push(...checks);
  }

  failed(name?: CheckName): boolean {
    return this.checks.some((check) => check.status === 'FAILED' && (name === undefined || check.name === name));
  }

  /** Checks that were never reached are listed as NOT_CHECKED, so every report has the same rows. */
  skipRemaining(names: readonly CheckName[], detail: string): void {
    for (const name of names) if (!this.checks.some((check) => check.name === name)) this.skip(name, detail);
  }

  conclude(): { indication: Indication; subIndication?: SubIndication; problems: string[] } {
    const order = Object.keys(CHECKS) as CheckName[];
    const failures = this.checks.filter((check) => check.status === 'FAILED').sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    const problems = failures.map((check) => check.detail);
    const first = failures[0];
    if (!first?.subIndication) return { indication: 'TOTAL_PASSED', problems };
    return { indication: SUB_INDICATIONS[first.subIndication], subIndication: first.subIndication, problems };
  }
}
