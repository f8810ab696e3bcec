/**
 * What an order asks for, checked strictly: an order rejected by a provider weeks later for a
 * misplaced character is the investigators' most common complaint (docs/domain.md, "Identification
 * behind shared IP addresses"). The DTO layer checks shapes; the rules here span fields and need
 * to know the provider (carrier-grade NAT).
 */
import { isIP } from 'node:net';
import type { DataCategory, ListedOffenceCategory, OrderType } from './data-categories.js';
import type { FieldProblem } from './identity.js';

export const TARGET_KINDS = ['ACCOUNT', 'EMAIL', 'PHONE', 'IP_ADDRESS', 'URL', 'DEVICE_ID'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const TRANSPORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'QUIC'] as const;
export type TransportProtocol = (typeof TRANSPORT_PROTOCOLS)[number];

export const EMERGENCY_GROUNDS = ['LIFE', 'PHYSICAL_INTEGRITY', 'SAFETY', 'CRITICAL_INFRASTRUCTURE'] as const;
export type EmergencyGround = (typeof EMERGENCY_GROUNDS)[number];

export interface Target {
  kind: TargetKind;
  value: string;
  sourcePort?: number;
  /** UTC, normalised from the explicit offset the requester gave. */
  timestamp?: string;
  destinationIp?: string;
  destinationPort?: number;
  protocol?: TransportProtocol;
  /** A removal order: the account that published the content (checked against the certified accounts). */
  accountHandle?: string;
}

export interface OrderContent {
  type: OrderType;
  providerId: string;
  caseReference: string;
  dataCategories: DataCategory[];
  targets: Target[];
  timeRange?: { from: string; to: string };
  offence: { description: string; legalProvisions: string; maxSentenceMonths: number; listedCategory?: ListedOffenceCategory };
  emergency?: { ground: EmergencyGround; justification: string };
  targetIsUsPerson?: boolean;
  targetLocation?: string;
  offenceInIssuingState?: boolean;
  targetResidesInIssuingState?: boolean;
  /** Section M of the EPOC: for the enforcing authority only, never the provider. */
  caseSummary?: string;
  necessityGrounds?: string;
  evidenceRecipientId?: string;
  language?: string;
  instrument?: string;
  /** A removal order (Reg. 2021/784 Annex I section B): why the content is terrorist content, and what it is. */
  removal?: { reasons: TcoContentReason[]; contentDescription: string; emergencyJustification?: string; nonDisclosure?: { reason: string; until: string } };
  /** A removal order naming a certified account: the issuer's reason to go ahead, shown to every party. */
  overrideCertified?: { reason: string };
  /** Derived by the exchange: the certified accounts a removal order names, with the override above. */
  certifiedAccounts?: { handle: string; holder: string }[];
}

/**
 * Why content is terrorist content (Reg. 2021/784 Art 2(7)(a)-(e)): it incites terrorist offences,
 * solicits someone to commit or contribute to one, solicits participation in a terrorist group,
 * instructs in making or using weapons or hazardous substances for one, or threatens one.
 */
export const TCO_CONTENT_REASONS = ['INCITEMENT', 'SOLICITATION', 'PARTICIPATION', 'INSTRUCTION', 'THREAT'] as const;
export type TcoContentReason = (typeof TCO_CONTENT_REASONS)[number];

/**
 * Annex III of Reg. 2021/784: why a removal order cannot be executed. Force majeure or de facto
 * impossibility not attributable to the provider (Art 3(7)): the hour runs again once the grounds
 * cease; manifest errors or insufficient information (Art 3(8)): once the clarification arrives.
 */
export const TCO_IMPOSSIBILITY_REASONS = ['FORCE_MAJEURE', 'DE_FACTO_IMPOSSIBILITY', 'MANIFEST_ERRORS', 'INSUFFICIENT_INFORMATION'] as const;
export type TcoImpossibilityReason = (typeof TCO_IMPOSSIBILITY_REASONS)[number];
export const TCO_CLARIFICATION_REASONS: readonly TcoImpossibilityReason[] = ['MANIFEST_ERRORS', 'INSUFFICIENT_INFORMATION'];

/** The Section M fields (Reg. 2023/1543 Art 5(5)(i),(j), Art 9(3)). */
export const SECTION_M_FIELDS = ['caseSummary', 'necessityGrounds'] as const;

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const E164 = /^\+[1-9]\d{1,14}$/;
const OFFSET_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const PRINTABLE = /^[^\p{Cc}]+$/u;

/** `2026-09-01T12:15:30+02:00` → `2026-09-01T10:15:30Z` (milliseconds kept only when given). */
export function toUtc(timestamp: string): string {
  // Date rolls 30 February over to 2 March without a word: only calendar-exact input gets here.
  if (!isOffsetTimestamp(timestamp)) throw new RangeError('not a calendar-exact timestamp with an offset');
  const iso = new Date(timestamp).toISOString();
  return /\.\d+/.test(timestamp) ? iso : iso.replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)` naming an instant that exists: a day of that
 * month (leap years by the Gregorian rule), hours 00-23, years 1000-9999 (also in UTC),
 * offsets within ±14:00. No leap second: JavaScript and PostgreSQL have none.
 */
export function isOffsetTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || !OFFSET_TIMESTAMP.test(value)) return false;
  const [year, month, day, hour, minute, second] = [[0, 4], [5, 7], [8, 10], [11, 13], [14, 16], [17, 19]].map(([from, to]) => Number(value.slice(from, to)));
  const offset = value.endsWith('Z') ? [0, 0] : [Number(value.slice(-5, -3)), Number(value.slice(-2))];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth) return false;
  if (hour > 23 || minute > 59 || second > 59 || offset[1] > 59 || offset[0] * 60 + offset[1] > 14 * 60) return false;
  const utcYear = new Date(value).getUTCFullYear();
  return utcYear >= 1000 && utcYear <= 9999;
}

/** An IPv6 address, optionally with its prefix length (`2001:db8::/64`). */
function ipv6(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || isIP(address) !== 6) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= 128);
}

function valueProblem(target: Target): string | null {
  const value = target.value;
  switch (target.kind) {
    case 'EMAIL':
      return EMAIL.test(value) && value.length <= 254 ? null : 'must be an e-mail address, e.g. user@example.org';
    case 'PHONE':
      return E164.test(value) ? null : 'must be an E.164 number: + then the country code and number, digits only, e.g. +33612345678';
    case 'IP_ADDRESS':
      return isIP(value) === 4 || ipv6(value) ? null : 'must be an IPv4 address or an IPv6 address with an optional prefix, e.g. 203.0.113.7 or 2001:db8::/64';
    case 'URL': {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname ? null : 'must be an http or https URL';
      } catch {
        return 'must be an absolute URL, e.g. https://example.org/profile/123';
      }
    }
    case 'ACCOUNT':
    case 'DEVICE_ID':
      return value.trim() === value && PRINTABLE.test(value) ? null : 'must not contain control characters or leading or trailing spaces';
  }
}

/**
 * Field problems in the order's targets, time range, offence and emergency, in the order's own
 * terms (`targets[0].sourcePort`). `cgnatOperator`: the provider shares public IPv4 addresses
 * between subscribers, so an address alone identifies nobody.
 */
export function orderContentProblems(content: OrderContent, provider: { cgnatOperator: boolean }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!Array.isArray(content.targets)) return problems;
  content.targets.forEach((target, index) => {
    // A target the request's shape check already refused (not an object, no string value) has its own error.
    if (typeof target !== 'object' || target === null || typeof target.value !== 'string' || !(TARGET_KINDS as readonly string[]).includes(target.kind)) return;
    const field = `targets[${index}]`;
    const problem = valueProblem(target);
    if (problem) problems.push({ field: `${field}.value`, message: problem });
    if (content.type === 'REMOVAL' && target.kind !== 'URL') problems.push({ field: `${field}.kind`, message: 'must be URL: a removal order names the content by its URL (Reg. 2021/784 Annex I section B)' });
    if (content.type !== 'REMOVAL' && target.accountHandle !== undefined) problems.push({ field: `${field}.accountHandle`, message: 'applies only to a removal order' });
    const ipOnly = ['sourcePort', 'timestamp', 'destinationIp', 'destinationPort', 'protocol'] as const;
    if (target.kind !== 'IP_ADDRESS') {
      for (const member of ipOnly) {
        if (target[member] !== undefined) problems.push({ field: `${field}.${member}`, message: 'applies only to an IP_ADDRESS target' });
      }
      return;
    }
    if (target.destinationIp !== undefined && isIP(target.destinationIp) === 0) problems.push({ field: `${field}.destinationIp`, message: 'must be an IPv4 or IPv6 address' });
    if (provider.cgnatOperator && isIP(target.value) === 4) {
      // Europol/EC3 5127/17; RFC 6302: behind carrier-grade NAT the port and the second identify the line.
      if (target.sourcePort === undefined) {
        problems.push({ field: `${field}.sourcePort`, message: 'is required: this provider operates carrier-grade NAT, so an IPv4 address identifies a subscriber only with its source port and timestamp' });
      }
      if (target.timestamp === undefined) {
        problems.push({ field: `${field}.timestamp`, message: 'is required: this provider operates carrier-grade NAT, so an IPv4 address identifies a subscriber only with its source port and timestamp (to the second, with its offset)' });
      }
    }
  });
  if (content.timeRange && typeof content.timeRange.from === 'string' && typeof content.timeRange.to === 'string' && Date.parse(content.timeRange.from) >= Date.parse(content.timeRange.to)) {
    problems.push({ field: 'timeRange.to', message: 'must be after timeRange.from' });
  }
  if (content.type === 'PRODUCTION' && Array.isArray(content.dataCategories) && content.dataCategories.includes('IDENTIFICATION') && !content.targets.some((t) => t?.kind === 'IP_ADDRESS')) {
    problems.push({ field: 'targets', message: 'identification data (Reg. 2023/1543 Art 3(10)) are sought for an IP address: add an IP_ADDRESS target' });
  }
  return problems;
}

/** The content with Section M left out: what the provider may read. */
export function withoutSectionM<T extends Partial<OrderContent>>(content: T): Omit<T, 'caseSummary' | 'necessityGrounds'> {
  const { caseSummary: _summary, necessityGrounds: _grounds, ...rest } = content;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Annex III: why an order cannot be executed, or what the addressee needs clarified

/** Annex III section D, in the form's order: reasons 1-3 ask for clarification, 4-10 explain non-execution. */
export const ANNEX_III_REASONS = [
  'INCOMPLETE',
  'MANIFEST_ERROR',
  'INSUFFICIENT_INFORMATION',
  'DATA_NOT_STORED',
  'DE_FACTO_IMPOSSIBILITY',
  'NOT_ISSUED_BY_COMPETENT_AUTHORITY',
  'OFFENCE_NOT_COVERED',
  'SERVICE_NOT_COVERED',
  'IMMUNITY_OR_PRIVILEGE',
  'THIRD_COUNTRY_CONFLICT',
] as const;
export type AnnexIIIReason = (typeof ANNEX_III_REASONS)[number];
export const CLARIFICATION_REASONS: readonly AnnexIIIReason[] = ANNEX_III_REASONS.slice(0, 3);
export const NON_EXECUTION_REASONS: readonly AnnexIIIReason[] = ANNEX_III_REASONS.slice(3);

/** Annex III reason number (1-10) of a reason code. */
export function annexIIIReasonNumber(reason: AnnexIIIReason): number {
  return ANNEX_III_REASONS.indexOf(reason) + 1;
}

/** Accepts the form's numbers (1-10) or the codes; answers the code, or null. */
export function parseAnnexIIIReason(value: unknown): AnnexIIIReason | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= ANNEX_III_REASONS.length) return ANNEX_III_REASONS[value - 1];
  if (typeof value === 'string' && (ANNEX_III_REASONS as readonly string[]).includes(value)) return value as AnnexIIIReason;
  return null;
}

/** Grounds for refusal the enforcing authority may raise (Reg. 2023/1543 Art 12(1)(a)-(d)). */
export const REFUSAL_GROUNDS = ['IMMUNITY_PRIVILEGE_OR_PRESS_FREEDOM', 'FUNDAMENTAL_RIGHTS', 'NE_BIS_IN_IDEM', 'DUAL_CRIMINALITY'] as const;
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number];

/** Annex V: the request for production that follows a preservation. */
export const SUBSEQUENT_REQUEST_KINDS = ['EPOC', 'EIO', 'MLA', 'OTHER'] as const;
export type SubsequentRequestKind = (typeof SUBSEQUENT_REQUEST_KINDS)[number];
