/**
 * The new-order form's state and how it becomes the API's request bodies: `POST /orders`,
 * `PATCH /orders/:id` and `POST /routing/evaluate`. Every control is named by the API field
 * path it fills, so the API's field errors find it.
 */
import type {
  CreateOrderBody,
  DataCategory,
  EmergencyGround,
  Instrument,
  ListedCategory,
  Order,
  OrderType,
  RoutingQuery,
  Target,
  TargetKind,
} from '../api/types';
import { isoToLocalInput, localInputToIso } from '../i18n/format';

export type TriState = '' | 'yes' | 'no';

export interface TargetDraft {
  kind: TargetKind;
  value: string;
  sourcePort: string;
  timestamp: string;
  destinationIp: string;
  destinationPort: string;
  protocol: '' | NonNullable<Target['protocol']>;
  /** A removal order's URL: the account that published the content (checked against the certified accounts). */
  accountHandle: string;
}

/** Why the content is terrorist content (Reg. 2021/784 Art 2(7)(a)-(e)), in the Regulation's order. */
export const TCO_CONTENT_REASONS = ['INCITEMENT', 'SOLICITATION', 'PARTICIPATION', 'INSTRUCTION', 'THREAT'] as const;
export type TcoContentReason = (typeof TCO_CONTENT_REASONS)[number];

export interface Draft {
  type: OrderType;
  providerId: string;
  caseReference: string;
  dataCategories: DataCategory[];
  targets: TargetDraft[];
  /** `datetime-local` values, in the user's time zone. */
  timeFrom: string;
  timeTo: string;
  offenceDescription: string;
  legalProvisions: string;
  maxSentenceMonths: string;
  listedCategory: '' | ListedCategory;
  emergency: boolean;
  emergencyGround: EmergencyGround;
  emergencyJustification: string;
  targetIsUsPerson: TriState;
  targetLocation: string;
  offenceInIssuingState: TriState;
  targetResidesInIssuingState: TriState;
  caseSummary: string;
  necessityGrounds: string;
  language: string;
  /** '' keeps the route's preferred instrument. */
  instrument: '' | Instrument;
  /** The authority the evidence goes to (EPOC section L(a)); '' for the issuing authority itself. */
  evidenceRecipientId: string;
  /** REMOVAL (Reg. 2021/784): why it is terrorist content, and the content described. */
  removalReasons: TcoContentReason[];
  contentDescription: string;
  /** Art 3(2): a duly justified emergency, for a provider not informed 12 hours before its first order. */
  removalEmergencyJustification: string;
  /** Art 11(3): the content provider is not informed until then (`datetime-local`). */
  nonDisclosure: boolean;
  nonDisclosureReason: string;
  nonDisclosureUntil: string;
  /** Going ahead although a target names a certified account: the reason every party reads. */
  overrideCertifiedReason: string;
}

export function emptyTarget(kind: TargetKind = 'ACCOUNT'): TargetDraft {
  return { kind, value: '', sourcePort: '', timestamp: '', destinationIp: '', destinationPort: '', protocol: '', accountHandle: '' };
}

export function emptyDraft(): Draft {
  return {
    type: 'PRODUCTION',
    providerId: '',
    caseReference: '',
    dataCategories: [],
    targets: [emptyTarget()],
    timeFrom: '',
    timeTo: '',
    offenceDescription: '',
    legalProvisions: '',
    maxSentenceMonths: '',
    listedCategory: '',
    emergency: false,
    emergencyGround: 'LIFE',
    emergencyJustification: '',
    targetIsUsPerson: '',
    targetLocation: '',
    offenceInIssuingState: '',
    targetResidesInIssuingState: '',
    caseSummary: '',
    necessityGrounds: '',
    language: '',
    instrument: '',
    evidenceRecipientId: '',
    removalReasons: [],
    contentDescription: '',
    removalEmergencyJustification: '',
    nonDisclosure: false,
    nonDisclosureReason: '',
    nonDisclosureUntil: '',
    overrideCertifiedReason: '',
  };
}

const tri = (value: TriState): boolean | undefined => (value === '' ? undefined : value === 'yes');
const fromTri = (value: boolean | null): TriState => (value === null ? '' : value ? 'yes' : 'no');
/** Numbers as typed: left out when empty, so the API names the missing field. */
const number = (value: string): number | undefined => (value.trim() === '' ? undefined : Number(value));

function targetBody(target: TargetDraft): Target {
  const body: Target = { kind: target.kind, value: target.value.trim() };
  if (target.kind === 'IP_ADDRESS') {
    const sourcePort = number(target.sourcePort);
    const destinationPort = number(target.destinationPort);
    if (sourcePort !== undefined) body.sourcePort = sourcePort;
    if (target.timestamp.trim()) body.timestamp = target.timestamp.trim();
    if (target.destinationIp.trim()) body.destinationIp = target.destinationIp.trim();
    if (destinationPort !== undefined) body.destinationPort = destinationPort;
    if (target.protocol) body.protocol = target.protocol;
  }
  if (target.kind === 'URL' && target.accountHandle.trim()) body.accountHandle = target.accountHandle.trim();
  return body;
}

/**
 * A removal order's body: its URLs and the Regulation's terms. It names no offence, data
 * categories, time range, emergency, Section M or routing facts (the API refuses them).
 */
function removalBody(draft: Draft): CreateOrderBody {
  const body: CreateOrderBody = {
    type: 'REMOVAL',
    providerId: draft.providerId,
    caseReference: draft.caseReference.trim(),
    targets: draft.targets.map(targetBody),
    removal: {
      reasons: draft.removalReasons,
      contentDescription: draft.contentDescription.trim(),
      ...(draft.removalEmergencyJustification.trim() ? { emergencyJustification: draft.removalEmergencyJustification.trim() } : {}),
      ...(draft.nonDisclosure ? { nonDisclosure: { reason: draft.nonDisclosureReason.trim(), until: localInputToIso(draft.nonDisclosureUntil) } } : {}),
    },
  };
  if (draft.overrideCertifiedReason.trim()) body.overrideCertified = { reason: draft.overrideCertifiedReason.trim() };
  if (draft.language) body.language = draft.language;
  return body;
}

/** The body of `POST /orders` (and, whole, of `PATCH /orders/:id`). */
export function toOrderBody(draft: Draft): CreateOrderBody {
  if (draft.type === 'REMOVAL') return removalBody(draft);
  const maxSentenceMonths = number(draft.maxSentenceMonths);
  const body: CreateOrderBody = {
    type: draft.type,
    providerId: draft.providerId,
    caseReference: draft.caseReference.trim(),
    dataCategories: draft.dataCategories,
    targets: draft.targets.map(targetBody),
    offence: {
      description: draft.offenceDescription.trim(),
      legalProvisions: draft.legalProvisions.trim(),
      ...(maxSentenceMonths !== undefined ? { maxSentenceMonths } : {}),
      ...(draft.listedCategory ? { listedCategory: draft.listedCategory } : {}),
    } as CreateOrderBody['offence'],
  };
  if (draft.timeFrom || draft.timeTo) body.timeRange = { from: localInputToIso(draft.timeFrom), to: localInputToIso(draft.timeTo) };
  if (draft.emergency) body.emergency = { ground: draft.emergencyGround, justification: draft.emergencyJustification.trim() };
  const facts = {
    targetIsUsPerson: tri(draft.targetIsUsPerson),
    offenceInIssuingState: tri(draft.offenceInIssuingState),
    targetResidesInIssuingState: tri(draft.targetResidesInIssuingState),
  };
  for (const [key, value] of Object.entries(facts)) if (value !== undefined) (body as unknown as Record<string, unknown>)[key] = value;
  if (draft.targetLocation.trim()) body.targetLocation = draft.targetLocation.trim().toUpperCase();
  if (draft.caseSummary.trim()) body.caseSummary = draft.caseSummary.trim();
  if (draft.necessityGrounds.trim()) body.necessityGrounds = draft.necessityGrounds.trim();
  if (draft.language) body.language = draft.language;
  if (draft.instrument) body.instrument = draft.instrument;
  if (draft.evidenceRecipientId) body.evidenceRecipientId = draft.evidenceRecipientId;
  return body;
}

/**
 * The body of `POST /routing/evaluate` for the facts filled in so far; null until the three
 * the route depends on (provider, data categories, maximum sentence) are there.
 */
export function toRoutingQuery(draft: Draft, issuingCountry: string | null): RoutingQuery | null {
  // A removal order's route depends on the provider alone (it removes content, and names no offence).
  if (draft.type === 'REMOVAL') {
    if (!issuingCountry || !draft.providerId) return null;
    return { issuingCountry, providerId: draft.providerId, orderType: 'REMOVAL', dataCategories: ['CONTENT'], offence: { maxSentenceMonths: 0 }, emergency: false };
  }
  const maxSentenceMonths = number(draft.maxSentenceMonths);
  if (!issuingCountry || !draft.providerId || draft.dataCategories.length === 0 || maxSentenceMonths === undefined || Number.isNaN(maxSentenceMonths)) return null;
  const query: RoutingQuery = {
    issuingCountry,
    providerId: draft.providerId,
    orderType: draft.type,
    dataCategories: draft.dataCategories,
    offence: { maxSentenceMonths, ...(draft.listedCategory ? { listedCategory: draft.listedCategory } : {}) },
    emergency: draft.emergency,
  };
  const targetIsUsPerson = tri(draft.targetIsUsPerson);
  const offenceInIssuingState = tri(draft.offenceInIssuingState);
  const targetResidesInIssuingState = tri(draft.targetResidesInIssuingState);
  if (targetIsUsPerson !== undefined) query.targetIsUsPerson = targetIsUsPerson;
  if (offenceInIssuingState !== undefined) query.offenceInIssuingState = offenceInIssuingState;
  if (targetResidesInIssuingState !== undefined) query.targetResidesInIssuingState = targetResidesInIssuingState;
  if (/^[A-Za-z]{2}$/.test(draft.targetLocation.trim())) query.targetLocation = draft.targetLocation.trim().toUpperCase();
  return query;
}

/** A draft order back into the form, to edit it. */
export function fromOrder(order: Order): Draft {
  return {
    type: order.type,
    providerId: order.providerId,
    caseReference: order.caseReference,
    dataCategories: [...order.dataCategories],
    targets: order.targets.map((target) => ({
      kind: target.kind,
      value: target.value,
      sourcePort: target.sourcePort === undefined ? '' : String(target.sourcePort),
      timestamp: target.timestamp ?? '',
      destinationIp: target.destinationIp ?? '',
      destinationPort: target.destinationPort === undefined ? '' : String(target.destinationPort),
      protocol: target.protocol ?? '',
      accountHandle: target.accountHandle ?? '',
    })),
    timeFrom: isoToLocalInput(order.timeRange?.from),
    timeTo: isoToLocalInput(order.timeRange?.to),
    offenceDescription: order.offence.description,
    legalProvisions: order.offence.legalProvisions,
    maxSentenceMonths: String(order.offence.maxSentenceMonths),
    listedCategory: order.offence.listedCategory ?? '',
    emergency: order.emergency !== null,
    emergencyGround: order.emergency?.ground ?? 'LIFE',
    emergencyJustification: order.emergency?.justification ?? '',
    targetIsUsPerson: fromTri(order.targetIsUsPerson),
    targetLocation: order.targetLocation ?? '',
    offenceInIssuingState: fromTri(order.offenceInIssuingState),
    targetResidesInIssuingState: fromTri(order.targetResidesInIssuingState),
    caseSummary: order.caseSummary ?? '',
    necessityGrounds: order.necessityGrounds ?? '',
    language: order.language ?? '',
    instrument: '',
    evidenceRecipientId: order.evidenceRecipientId === order.issuingAuthorityId ? '' : order.evidenceRecipientId,
    removalReasons: (order.removal?.reasons ?? []).filter((reason): reason is TcoContentReason => (TCO_CONTENT_REASONS as readonly string[]).includes(reason)),
    contentDescription: order.removal?.contentDescription ?? '',
    removalEmergencyJustification: '',
    // The order shows until when, not why: the reason is asked again when the draft is saved.
    nonDisclosure: Boolean(order.removal?.nonDisclosureUntil),
    nonDisclosureReason: '',
    nonDisclosureUntil: isoToLocalInput(order.removal?.nonDisclosureUntil),
    overrideCertifiedReason: order.removal?.certifiedOverride?.reason ?? '',
  };
}

/** Every API field path the form can show an error on. */
export function formFields(draft: Draft): string[] {
  const fields = [
    'type',
    'providerId',
    'caseReference',
    'dataCategories',
    'targets',
    'timeRange',
    'timeRange.from',
    'timeRange.to',
    'offence',
    'offence.description',
    'offence.legalProvisions',
    'offence.maxSentenceMonths',
    'offence.listedCategory',
    'emergency',
    'emergency.ground',
    'emergency.justification',
    'targetIsUsPerson',
    'targetLocation',
    'offenceInIssuingState',
    'targetResidesInIssuingState',
    'caseSummary',
    'necessityGrounds',
    'language',
    'instrument',
    'evidenceRecipientId',
    'removal',
    'removal.reasons',
    'removal.contentDescription',
    'removal.emergencyJustification',
    'removal.nonDisclosure',
    'removal.nonDisclosure.reason',
    'removal.nonDisclosure.until',
    'overrideCertified',
    'overrideCertified.reason',
  ];
  draft.targets.forEach((_, index) => {
    for (const field of ['', '.kind', '.value', '.sourcePort', '.timestamp', '.destinationIp', '.destinationPort', '.protocol', '.accountHandle']) fields.push(`targets[${index}]${field}`);
  });
  return fields;
}
