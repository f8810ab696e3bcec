/**
 * The forms, section by section, as functions of the document model: Annexes I, II, III, V and VI
 * of Regulation (EU) 2023/1543 (section letters as in the Regulation's annexes), and the forms of
 * the other routes. Labels come from the language catalogue; values from the order, never retyped.
 */
import { ANNEX_III_REASONS } from '../domain/order-content.js';
import type { Labels } from './labels.js';
import type { DocumentForm, DocumentModel, PartyInfo } from './model.js';

export interface Row {
  label: string;
  value: string;
}

export interface Section {
  letter: string;
  title: string;
  rows: Row[];
}

type FormBuilder = (model: DocumentModel, t: Labels) => Section[];

/** `2026-11-30T09:41:00.123Z` → `2026-11-30 09:41:00 UTC`. */
export function utc(iso: string | null | undefined, t: Labels): string {
  if (!iso) return t.t('common.notApplicable');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

function party(info: PartyInfo | null, t: Labels): string {
  if (!info) return t.t('common.notApplicable');
  const type = info.authorityType && t.has(`values.authorityType.${info.authorityType}`) ? t.t(`values.authorityType.${info.authorityType}`) : null;
  return [info.name, [type, info.country].filter(Boolean).join(', ')].filter(Boolean).join(' — ');
}

function yesNo(value: boolean, t: Labels): string {
  return t.t(value ? 'common.yes' : 'common.no');
}

function categories(model: DocumentModel, t: Labels): string {
  return model.order.dataCategories.map((category) => `${t.t('common.checked')} ${t.t(`values.dataCategory.${category}`)}`).join('\n');
}

function targets(model: DocumentModel, t: Labels): Row[] {
  return model.order.targets.map((target, index) => {
    const context = [
      target.sourcePort !== undefined ? `port ${target.sourcePort}` : null,
      target.timestamp ? utc(target.timestamp, t) : null,
      target.destinationIp ? `→ ${target.destinationIp}${target.destinationPort !== undefined ? `:${target.destinationPort}` : ''}` : null,
      target.protocol ?? null,
    ].filter(Boolean);
    return {
      label: `${index + 1}. ${t.t(`values.targetKind.${target.kind}`)}`,
      value: context.length ? `${target.value}\n${t.t('fields.targetContext')}: ${context.join(', ')}` : target.value,
    };
  });
}

function timeRange(model: DocumentModel, t: Labels): string {
  const range = model.order.timeRange;
  return range ? `${t.t('fields.from')} ${utc(range.from, t)} ${t.t('fields.to').toLowerCase()} ${utc(range.to, t)}` : t.t('common.notApplicable');
}

function offenceRows(model: DocumentModel, t: Labels): Row[] {
  const { offence } = model.order;
  const threshold =
    model.order.type === 'PRESERVATION' || model.order.tier === 'LOW'
      ? t.t('values.threshold.any')
      : offence.maxSentenceMonths >= 36
        ? t.t('values.threshold.sentence')
        : t.t('values.threshold.listed');
  return [
    { label: t.t('fields.offenceDescription'), value: offence.description },
    { label: t.t('fields.legalProvisions'), value: offence.legalProvisions },
    { label: t.t('fields.maxSentence'), value: String(offence.maxSentenceMonths) },
    { label: t.t('fields.listedOffence'), value: offence.listedCategory ? t.t(`values.listed.${offence.listedCategory}`) : t.t('common.no') },
    { label: t.t('fields.threshold'), value: threshold },
  ];
}

function emergencyRows(model: DocumentModel, t: Labels): Row[] {
  const emergency = model.order.emergency;
  if (!emergency) return [{ label: t.t('fields.emergency'), value: t.t('common.no') }];
  return [
    { label: t.t('fields.emergency'), value: t.t('common.yes') },
    { label: t.t('fields.emergencyGround'), value: t.t(`values.emergencyGround.${emergency.ground}`) },
    { label: t.t('fields.emergencyJustification'), value: emergency.justification },
  ];
}

function addresseeRows(model: DocumentModel, t: Labels): Row[] {
  const { addressee } = model;
  return [
    { label: t.t('fields.addressee'), value: `${addressee.name} (${t.t('fields.organisationId')}: ${addressee.id})` },
    { label: t.t('fields.addresseeCapacity'), value: t.has(`values.establishmentRole.${addressee.role}`) ? t.t(`values.establishmentRole.${addressee.role}`) : addressee.role },
    { label: t.t('fields.addresseeState'), value: addressee.establishmentCountry },
    { label: t.t('fields.addresseeLanguages'), value: addressee.languages.join(', ') },
  ];
}

function authorityDetails(info: PartyInfo | null, model: DocumentModel, t: Labels): Row[] {
  if (!info) return [{ label: t.t('fields.name'), value: t.t('common.notApplicable') }];
  return [
    { label: t.t('fields.name'), value: info.name },
    { label: t.t('fields.authorityType'), value: info.authorityType && t.has(`values.authorityType.${info.authorityType}`) ? t.t(`values.authorityType.${info.authorityType}`) : t.t('common.notApplicable') },
    { label: t.t('fields.country'), value: info.country ?? t.t('common.notApplicable') },
    { label: t.t('fields.organisationId'), value: info.id },
    { label: t.t('fields.fileNumber'), value: model.order.caseReference },
  ];
}

function productionDeadline(model: DocumentModel, t: Labels): string {
  if (model.order.emergency) return t.t('values.deadline.emergency');
  return model.enforcing.required ? t.t('values.deadline.productionReview') : t.t('values.deadline.production10');
}

function reviewRows(model: DocumentModel, t: Labels): Row[] {
  return [
    { label: t.t('fields.notificationRequired'), value: model.enforcing.required ? t.t('values.notification.required') : t.t('values.notification.notRequired') },
    ...(model.enforcing.required ? [{ label: t.t('fields.enforcingState'), value: model.enforcing.state ?? '' }] : []),
  ];
}

function signatureRows(model: DocumentModel, t: Labels): Row[] {
  return [
    { label: t.t('common.signedBy'), value: `${model.signer.certificateSubject}\n${t.t('common.onBehalfOf')} ${model.signer.organisation}` },
    { label: t.t('common.signature'), value: t.t('common.signatureNote') },
  ];
}

function stepPayload(model: DocumentModel): Record<string, unknown> {
  return model.step?.payload ?? {};
}

function sectionsFrom(...sections: [string, string, Row[]][]): Section[] {
  return sections.map(([letter, title, rows]) => ({ letter, title, rows }));
}

const epoc: FormBuilder = (model, t) => {
  const sections: [string, string, Row[]][] = [
    ['A', t.t('sections.issuingValidating'), [
      { label: t.t('fields.issuingState'), value: model.issuingAuthority.country ?? '' },
      { label: t.t('fields.issuingAuthority'), value: party(model.issuingAuthority, t) },
      { label: t.t('fields.validatingAuthority'), value: party(model.validatingAuthority, t) },
      { label: t.t('fields.fileNumber'), value: model.order.caseReference },
    ]],
    ['B', t.t('sections.addressee'), addresseeRows(model, t)],
    ['C', t.t('sections.deadlines'), [
      { label: t.t('fields.deadline'), value: productionDeadline(model, t) },
      { label: t.t('fields.issuedAt'), value: utc(model.clocks.issuedAt, t) },
      { label: t.t('fields.receivedAt'), value: utc(model.clocks.receivedAt, t) },
      { label: t.t('fields.dueAt'), value: utc(model.clocks.dueAt, t) },
      ...(model.enforcing.required ? [{ label: t.t('fields.reviewEndsAt'), value: utc(model.clocks.reviewEndsAt, t) }] : []),
      ...emergencyRows(model, t),
      ...(model.clocks.exPostValidationDueAt ? [{ label: t.t('fields.exPostValidationDueAt'), value: utc(model.clocks.exPostValidationDueAt, t) }] : []),
    ]],
    ['D', t.t('sections.relation'), [{ label: t.t('fields.earlierOrder'), value: t.t('common.none') }]],
    ['E', t.t('sections.identification'), targets(model, t)],
    ['F', t.t('sections.evidenceProduced'), [
      { label: t.t('fields.categories'), value: categories(model, t) },
      { label: t.t('fields.timeRange'), value: timeRange(model, t) },
    ]],
    ['G', t.t('sections.conditions'), offenceRows(model, t)],
    ['H', t.t('sections.notification'), reviewRows(model, t)],
    ['I', t.t('sections.issuingDetails'), [...authorityDetails(model.issuingAuthority, model, t), ...(model.validatingAuthority ? [] : signatureRows(model, t))]],
    ['J', t.t('sections.validatingDetails'), [...authorityDetails(model.validatingAuthority, model, t), ...(model.validatingAuthority ? signatureRows(model, t) : [])]],
    ['K', t.t('sections.centralAuthority'), [{ label: t.t('fields.centralAuthority'), value: t.t('common.notApplicable') }]],
    ['L', t.t('sections.transfer'), [
      { label: t.t('fields.transferTo'), value: party(model.evidenceRecipient, t) },
      { label: t.t('fields.contact'), value: party(model.issuingAuthority, t) },
    ]],
  ];
  if (model.sectionM) {
    sections.push(['M', t.t('sections.sectionM'), [
      { label: t.t('fields.caseSummary'), value: model.sectionM.caseSummary ?? t.t('common.none') },
      { label: t.t('fields.necessityGrounds'), value: model.sectionM.necessityGrounds ?? t.t('common.none') },
    ]]);
  }
  return sectionsFrom(...sections);
};

const epocPr: FormBuilder = (model, t) =>
  sectionsFrom(
    ['A', t.t('sections.issuingValidating'), [
      { label: t.t('fields.issuingState'), value: model.issuingAuthority.country ?? '' },
      { label: t.t('fields.issuingAuthority'), value: party(model.issuingAuthority, t) },
      { label: t.t('fields.validatingAuthority'), value: party(model.validatingAuthority, t) },
      { label: t.t('fields.fileNumber'), value: model.order.caseReference },
    ]],
    ['B', t.t('sections.addressee'), [
      ...addresseeRows(model, t),
      { label: t.t('fields.deadline'), value: t.t('values.deadline.preservation') },
      { label: t.t('fields.receivedAt'), value: utc(model.clocks.receivedAt, t) },
      { label: t.t('fields.preservationEndsAt'), value: utc(model.clocks.preservationExpiresAt, t) },
      ...emergencyRows(model, t),
      ...(model.clocks.exPostValidationDueAt ? [{ label: t.t('fields.exPostValidationDueAt'), value: utc(model.clocks.exPostValidationDueAt, t) }] : []),
    ]],
    ['C', t.t('sections.relation'), [{ label: t.t('fields.earlierOrder'), value: t.t('common.none') }]],
    ['D', t.t('sections.identification'), targets(model, t)],
    ['E', t.t('sections.evidencePreserved'), [
      { label: t.t('fields.categories'), value: categories(model, t) },
      { label: t.t('fields.timeRange'), value: timeRange(model, t) },
    ]],
    ['F', t.t('sections.conditions'), offenceRows(model, t)],
    ['G', t.t('sections.issuingDetails'), [...authorityDetails(model.issuingAuthority, model, t), ...(model.validatingAuthority ? [] : signatureRows(model, t))]],
    ['H', t.t('sections.validatingDetails'), [...authorityDetails(model.validatingAuthority, model, t), ...(model.validatingAuthority ? signatureRows(model, t) : [])]],
    ['I', t.t('sections.centralAuthority'), [{ label: t.t('fields.centralAuthority'), value: t.t('common.notApplicable') }]],
  );

/** An Annex III reason (code or number) as the form words it: "4. The order does not concern…". */
function reasonLabel(reason: string | number, t: Labels): string {
  const number = typeof reason === 'number' ? reason : ANNEX_III_REASONS.indexOf(reason as never) + 1;
  return number >= 1 && number <= ANNEX_III_REASONS.length ? `${number}. ${t.t(`values.reason.${number}`)}` : String(reason);
}

/** Annex III reasons, 1-10, ticked as the addressee chose them. */
function reasonRows(model: DocumentModel, t: Labels): Row[] {
  const chosen = new Set(((stepPayload(model).reasons as { number: number }[] | undefined) ?? []).map((reason) => reason.number));
  return Array.from({ length: 10 }, (_, index) => ({
    label: `${chosen.has(index + 1) ? t.t('common.checked') : t.t('common.unchecked')} ${index + 1}`,
    value: t.t(`values.reason.${index + 1}`),
  }));
}

const annexIII: FormBuilder = (model, t) => {
  const payload = stepPayload(model);
  const conflict = payload.thirdCountryConflict as { law: string; provisions: string; nature: string; reasoning: string } | undefined;
  const preservation = payload.preservation as { preserved: boolean; reason?: string } | undefined;
  const clarification = model.step?.action === 'REQUEST_CLARIFICATION';
  const decisions = (payload.decisions as { target: string; category: string; produced: boolean; reason?: string }[] | undefined) ?? [];
  return sectionsFrom(
    ['A', t.t('sections.certificateConcerned'), [
      { label: t.t('fields.certificateType'), value: model.order.type === 'PRODUCTION' ? 'EPOC' : 'EPOC-PR' },
      { label: t.t('common.reference'), value: model.order.reference },
    ]],
    ['B', t.t('sections.authorities'), [
      { label: t.t('fields.issuingAuthority'), value: party(model.issuingAuthority, t) },
      { label: t.t('fields.validatingAuthority'), value: party(model.validatingAuthority, t) },
      { label: t.t('fields.fileNumber'), value: model.order.caseReference },
      { label: t.t('fields.issuedAt'), value: utc(model.clocks.issuedAt, t) },
      { label: t.t('fields.receivedAt'), value: utc(model.clocks.receivedAt, t) },
      { label: t.t('fields.enforcingState'), value: model.enforcing.required ? (model.enforcing.state ?? '') : t.t('common.notApplicable') },
    ]],
    ['C', t.t('sections.addressee'), addresseeRows(model, t)],
    ['D', t.t('sections.reasons'), [
      ...reasonRows(model, t),
      ...decisions.map((decision) => ({
        label: `${decision.produced ? t.t('fields.produced') : t.t('fields.withheld')}`,
        value: `${decision.target} — ${t.t(`values.dataCategory.${decision.category}`)}${decision.reason ? ` (${reasonLabel(decision.reason, t)})` : ''}`,
      })),
      { label: t.t('fields.explanation'), value: String(payload.explanation ?? payload.message ?? t.t('common.none')) },
    ]],
    ['E', t.t('sections.thirdCountry'), conflict
      ? [
          { label: t.t('fields.law'), value: conflict.law },
          { label: t.t('fields.provisions'), value: conflict.provisions },
          { label: t.t('fields.nature'), value: t.t(`values.nature.${conflict.nature}`) },
          { label: t.t('fields.reasoning'), value: conflict.reasoning },
        ]
      : [{ label: t.t('fields.law'), value: t.t('common.notApplicable') }]],
    ['F', t.t('sections.clarification'), [{ label: t.t('fields.message'), value: clarification ? String(payload.message ?? '') : t.t('common.notApplicable') }]],
    ['G', t.t('sections.preservation'), preservation
      ? [
          { label: t.t('fields.preserved'), value: yesNo(preservation.preserved, t) },
          ...(preservation.reason ? [{ label: t.t('fields.preservationReason'), value: preservation.reason }] : []),
        ]
      : [{ label: t.t('fields.preserved'), value: t.t('common.notApplicable') }]],
    ['H', t.t('sections.addresseeContact'), [
      { label: t.t('fields.respondent'), value: party(model.step?.actor ?? model.addressee, t) },
      { label: t.t('fields.issuedAt'), value: utc(model.step?.at, t) },
      ...signatureRows(model, t),
    ]],
  );
};

function preservationOrderRows(model: DocumentModel, t: Labels): Row[] {
  return [
    { label: t.t('common.reference'), value: model.order.reference },
    { label: t.t('fields.fileNumber'), value: model.order.caseReference },
    { label: t.t('fields.issuedAt'), value: utc(model.clocks.issuedAt, t) },
    { label: t.t('fields.receivedAt'), value: utc(model.clocks.receivedAt, t) },
  ];
}

const annexV: FormBuilder = (model, t) => {
  const payload = stepPayload(model);
  return sectionsFrom(
    ['A', t.t('sections.addressee'), addresseeRows(model, t)],
    ['B', t.t('sections.issuingValidating'), [
      { label: t.t('fields.issuingAuthority'), value: party(model.issuingAuthority, t) },
      { label: t.t('fields.validatingAuthority'), value: party(model.validatingAuthority, t) },
    ]],
    ['C', t.t('sections.preservationOrder'), preservationOrderRows(model, t)],
    ['D', t.t('sections.subsequentRequest'), [
      { label: t.t('fields.requestKind'), value: t.t(`values.subsequentKind.${String(payload.kind)}`) },
      { label: t.t('fields.requestReference'), value: String(payload.reference ?? '') },
      { label: t.t('fields.requestIssuedAt'), value: typeof payload.issuedAt === 'string' ? utc(new Date(payload.issuedAt).toISOString(), t) : '' },
      { label: t.t('fields.explanation'), value: t.t('values.annexV.effect') },
    ]],
    ['E', t.t('common.signature'), signatureRows(model, t)],
  );
};

const annexVI: FormBuilder = (model, t) =>
  sectionsFrom(
    ['A', t.t('sections.addressee'), addresseeRows(model, t)],
    ['B', t.t('sections.issuingValidating'), [
      { label: t.t('fields.issuingAuthority'), value: party(model.issuingAuthority, t) },
      { label: t.t('fields.validatingAuthority'), value: party(model.validatingAuthority, t) },
    ]],
    ['C', t.t('sections.preservationOrder'), preservationOrderRows(model, t)],
    ['D', t.t('sections.extension'), [
      { label: t.t('fields.extensionDays'), value: t.t('values.annexVI.days') },
      { label: t.t('fields.newEnd'), value: utc(model.clocks.preservationExpiresAt, t) },
    ]],
    ['E', t.t('common.signature'), signatureRows(model, t)],
  );

/** The request forms of the other routes share one shape: who asks whom, for what, on which basis. */
function requestForm(extra: (model: DocumentModel, t: Labels) => [string, string, Row[]][]): FormBuilder {
  return (model, t) =>
    sectionsFrom(
      ['A', t.t('sections.requestingAuthority'), [...authorityDetails(model.issuingAuthority, model, t), { label: t.t('fields.validatingAuthority'), value: party(model.validatingAuthority, t) }]],
      ['B', t.t('sections.addressee'), addresseeRows(model, t)],
      ['C', t.t('sections.legalBasisSection'), [
        { label: t.t('common.instrument'), value: model.route.name },
        { label: t.t('common.legalBasis'), value: model.route.legalBasis },
        { label: t.t('fields.transmission'), value: model.route.transmission },
        ...(model.route.certifiedBy ? [{ label: t.t('fields.certifiedBy'), value: model.route.certifiedBy }] : []),
      ]],
      ['D', t.t('sections.dataSought'), [...targets(model, t), { label: t.t('fields.categories'), value: categories(model, t) }, { label: t.t('fields.timeRange'), value: timeRange(model, t) }]],
      ['E', t.t('sections.offence'), offenceRows(model, t).slice(0, 4)],
      ...extra(model, t),
      ['Z', t.t('common.signature'), signatureRows(model, t)],
    ).map((section, index) => ({ ...section, letter: String.fromCharCode(65 + index) }));
}

const urgency = (model: DocumentModel, t: Labels): [string, string, Row[]] => [
  '',
  t.t('sections.urgency'),
  [...emergencyRows(model, t), { label: t.t('fields.deadlineRequested'), value: utc(model.clocks.dueAt ?? model.clocks.preservationExpiresAt, t) }],
];

const FORMS: Record<DocumentForm, FormBuilder> = {
  EPOC: epoc,
  EPOC_PR: epocPr,
  ANNEX_III: annexIII,
  ANNEX_V: annexV,
  ANNEX_VI: annexVI,
  OPO_COVER: requestForm((model, t) => [
    ['', t.t('sections.restrictions'), [
      { label: t.t('fields.usPerson'), value: model.order.targetIsUsPerson === false ? t.t('common.yes') : t.t('common.no') },
      { label: t.t('fields.targetLocation'), value: model.order.targetLocation ?? t.t('common.notApplicable') },
    ]],
    urgency(model, t),
  ]),
  PRESERVATION_REQUEST: requestForm((model, t) => [
    ['', t.t('sections.intendedRequest'), [{ label: t.t('fields.preservationEndsAt'), value: utc(model.clocks.preservationExpiresAt, t) }]],
    urgency(model, t),
  ]),
  VOLUNTARY_DISCLOSURE_REQUEST: requestForm((model, t) => [urgency(model, t)]),
  MLA_REQUEST: requestForm((model, t) => [urgency(model, t), ['', t.t('sections.confidentiality'), [{ label: t.t('sections.confidentiality'), value: t.t('fields.confidentialityText') }]]]),
};

export function formSections(model: DocumentModel, t: Labels): Section[] {
  return FORMS[model.form](model, t);
}
