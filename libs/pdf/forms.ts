/**
 * The forms, section by section, as functions of the document model: Annexes I, II, III, V and VI
 * of Regulation (EU) 2023/1543 (section letters as in the Regulation's annexes), and the forms of
 * the other routes. Labels come from the language catalogue; values from the order, never retyped.
 * The face of a form names organisations and people with their contacts, never by the exchange's
 * identifiers: those stay in the embedded order.json and the exchange reference.
 */
import { ANNEX_III_REASONS, parseAnnexIIIReason, TCO_CONTENT_REASONS, TCO_IMPOSSIBILITY_REASONS } from '../domain/order-content.js';
import type { HopKind } from '../domain/order-lifecycle.js';
import type { Labels } from './labels.js';
import type { DocumentForm, DocumentModel, PartyInfo, Person } from './model.js';

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

/** The instrument's name, legal basis and channel in the copy's language (the catalogue's words when a language lacks them). */
export function instrumentText(model: DocumentModel, t: Labels, what: 'instrumentName' | 'legalBasis' | 'transmission'): string {
  const key = `values.${what}.${model.route.instrument}`;
  if (t.has(key)) return t.t(key);
  return what === 'instrumentName' ? model.route.name : what === 'legalBasis' ? model.route.legalBasis : model.route.transmission;
}

/** A certificate subject as a reader wants it: no organisation identifier (it holds the exchange's id). */
export function displaySubject(subject: string): string {
  return subject
    .split(/(?<!\\),/)
    .filter((rdn) => !/^(organizationIdentifier|2\.5\.4\.97|serialNumber)=/i.test(rdn.trim()))
    .map((rdn) => rdn.trim().replace(/\\(.)/g, '$1'))
    .join(', ');
}

function person(representative: Person | null | undefined): string | null {
  if (!representative) return null;
  return representative.function ? `${representative.name}, ${representative.function}` : representative.name;
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

/** The offence as every form states it. */
function offenceBasics(model: DocumentModel, t: Labels): Row[] {
  const { offence } = model.order;
  return [
    { label: t.t('fields.offenceDescription'), value: offence.description },
    { label: t.t('fields.legalProvisions'), value: offence.legalProvisions },
    { label: t.t('fields.maxSentence'), value: String(offence.maxSentenceMonths) },
  ];
}

/** Reg. 2023/1543 only: the listed offences and the threshold of Art 5(3)-(4). */
function regulationOffenceRows(model: DocumentModel, t: Labels): Row[] {
  const { offence } = model.order;
  const threshold =
    model.order.type === 'PRESERVATION' || model.order.tier === 'LOW'
      ? t.t('values.threshold.any')
      : offence.maxSentenceMonths >= 36
        ? t.t('values.threshold.sentence')
        : t.t('values.threshold.listed');
  return [
    ...offenceBasics(model, t),
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
    { label: t.t('fields.addressee'), value: addressee.name },
    { label: t.t('fields.addresseeCapacity'), value: t.has(`values.establishmentRole.${addressee.role}`) ? t.t(`values.establishmentRole.${addressee.role}`) : addressee.role },
    { label: t.t('fields.addresseeState'), value: addressee.establishmentCountry },
    { label: t.t('fields.addresseeLanguages'), value: addressee.languages.join(', ') || t.t('common.notApplicable') },
  ];
}

/** How to reach an authority: its functional contacts, as the directory holds them. */
function contactRows(info: PartyInfo, t: Labels): Row[] {
  const contact = info.contact;
  const value = (text: string | null | undefined) => text ?? t.t('common.notApplicable');
  return [
    { label: t.t('fields.address'), value: value(contact?.address) },
    { label: t.t('fields.phone'), value: value(contact?.phone) },
    { label: t.t('fields.email'), value: value(contact?.email) },
  ];
}

/** Annex I sections I and J: name, type, representative and post, address, telephone, e-mail, file number. */
function authorityDetails(info: PartyInfo | null, model: DocumentModel, t: Labels, withFileNumber = true): Row[] {
  if (!info) return [{ label: t.t('fields.name'), value: t.t('common.notApplicable') }];
  return [
    { label: t.t('fields.name'), value: info.name },
    { label: t.t('fields.authorityType'), value: info.authorityType && t.has(`values.authorityType.${info.authorityType}`) ? t.t(`values.authorityType.${info.authorityType}`) : t.t('common.notApplicable') },
    { label: t.t('fields.country'), value: info.country ?? t.t('common.notApplicable') },
    ...(info.representative ? [{ label: t.t('fields.representative'), value: person(info.representative)! }] : []),
    ...contactRows(info, t),
    ...(withFileNumber ? [{ label: t.t('fields.fileNumber'), value: model.order.caseReference }] : []),
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
  const signer = person(model.signer.person);
  return [
    { label: t.t('common.signedBy'), value: `${signer ?? model.signer.organisation}${signer ? `\n${t.t('common.onBehalfOf')} ${model.signer.organisation}` : ''}` },
    { label: t.t('common.certificate'), value: displaySubject(model.signer.certificateSubject) },
    { label: t.t('common.signature'), value: t.t('common.signatureNote') },
  ];
}

function stepPayload(model: DocumentModel): Record<string, unknown> {
  return model.step?.payload ?? {};
}

function hop(model: DocumentModel, kind: HopKind) {
  return (model.hops ?? []).find((candidate) => candidate.kind === kind) ?? null;
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
    ['D', t.t('sections.relation'), [{ label: t.t('fields.earlierOrder'), value: t.t('values.noEarlierOrder') }]],
    ['E', t.t('sections.identification'), targets(model, t)],
    ['F', t.t('sections.evidenceProduced'), [
      { label: t.t('fields.categories'), value: categories(model, t) },
      { label: t.t('fields.timeRange'), value: timeRange(model, t) },
    ]],
    ['G', t.t('sections.conditions'), regulationOffenceRows(model, t)],
    ['H', t.t('sections.notification'), reviewRows(model, t)],
    ['I', t.t('sections.issuingDetails'), [...authorityDetails(model.issuingAuthority, model, t), ...(model.validatingAuthority ? [] : signatureRows(model, t))]],
    ['J', t.t('sections.validatingDetails'), [...authorityDetails(model.validatingAuthority, model, t), ...(model.validatingAuthority ? signatureRows(model, t) : [])]],
    ['K', t.t('sections.centralAuthority'), [{ label: t.t('fields.centralAuthority'), value: t.t('common.notApplicable') }]],
    ['L', t.t('sections.transfer'), [
      { label: t.t('fields.transferTo'), value: party(model.evidenceRecipient, t) },
      { label: t.t('fields.contact'), value: party(model.issuingAuthority, t) },
      ...contactRows(model.issuingAuthority, t),
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
    ['C', t.t('sections.relation'), [{ label: t.t('fields.earlierOrder'), value: t.t('values.noEarlierOrder') }]],
    ['D', t.t('sections.identification'), targets(model, t)],
    ['E', t.t('sections.evidencePreserved'), [
      { label: t.t('fields.categories'), value: categories(model, t) },
      { label: t.t('fields.timeRange'), value: timeRange(model, t) },
    ]],
    ['F', t.t('sections.conditions'), regulationOffenceRows(model, t)],
    ['G', t.t('sections.issuingDetails'), [...authorityDetails(model.issuingAuthority, model, t), ...(model.validatingAuthority ? [] : signatureRows(model, t))]],
    ['H', t.t('sections.validatingDetails'), [...authorityDetails(model.validatingAuthority, model, t), ...(model.validatingAuthority ? signatureRows(model, t) : [])]],
    ['I', t.t('sections.centralAuthority'), [{ label: t.t('fields.centralAuthority'), value: t.t('common.notApplicable') }]],
  );

/** An Annex III reason (code or number) as the form words it: "4. The order does not concern…". */
function reasonLabel(reason: string | number, t: Labels): string {
  const code = parseAnnexIIIReason(reason);
  const number = code ? ANNEX_III_REASONS.indexOf(code) + 1 : 0;
  return number >= 1 ? `${number}. ${t.t(`values.reason.${number}`)}` : String(reason);
}

/**
 * Annex III reasons, 1-10, ticked as the addressee chose them: the reasons of a clarification
 * request or a non-execution, and those given for what a partial production withholds.
 */
function reasonRows(model: DocumentModel, t: Labels): Row[] {
  const payload = stepPayload(model);
  const given = [
    ...((payload.reasons as ({ number?: number; code?: string } | string | number)[] | undefined) ?? []).map((reason) => (typeof reason === 'object' ? (reason.code ?? reason.number) : reason)),
    ...((payload.decisions as { produced: boolean; reason?: string | number }[] | undefined) ?? []).filter((decision) => !decision.produced).map((decision) => decision.reason),
  ];
  const chosen = new Set(given.map((reason) => parseAnnexIIIReason(reason)).filter((code) => code !== null).map((code) => ANNEX_III_REASONS.indexOf(code) + 1));
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
      { label: t.t('fields.explanation'), value: String(payload.explanation ?? payload.message ?? t.t('values.noExplanation')) },
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

/** The forms of the other routes: sections in order, lettered A, B, C... as they come. */
function lettered(...sections: [string, Row[]][]): Section[] {
  return sections.map(([title, rows], index) => ({ letter: String.fromCharCode(65 + index), title, rows }));
}

function legalBasisRows(model: DocumentModel, t: Labels): Row[] {
  return [
    { label: t.t('common.instrument'), value: instrumentText(model, t, 'instrumentName') },
    { label: t.t('common.legalBasis'), value: instrumentText(model, t, 'legalBasis') },
    { label: t.t('fields.transmission'), value: instrumentText(model, t, 'transmission') },
  ];
}

function dataSoughtRows(model: DocumentModel, t: Labels): Row[] {
  return [...targets(model, t), { label: t.t('fields.categories'), value: categories(model, t) }, { label: t.t('fields.timeRange'), value: timeRange(model, t) }];
}

function urgencyRows(model: DocumentModel, t: Labels): Row[] {
  return [...emergencyRows(model, t), { label: t.t('fields.deadlineRequested'), value: utc(model.clocks.dueAt ?? model.clocks.preservationExpiresAt, t) }];
}

/** The facts and grounds, in a copy for the authorities of the route (never the provider's). */
function factsSection(model: DocumentModel, t: Labels): [string, Row[]][] {
  if (!model.sectionM) return [];
  return [[t.t('sections.facts'), [
    { label: t.t('fields.summaryOfFacts'), value: model.sectionM.caseSummary ?? t.t('common.none') },
    { label: t.t('fields.groundsForRequest'), value: model.sectionM.necessityGrounds ?? t.t('common.none') },
  ]]];
}

function hopAuthorityRows(model: DocumentModel, kind: HopKind, t: Labels): Row[] {
  const found = hop(model, kind);
  return found ? authorityDetails(found.authority, model, t, false) : [{ label: t.t('fields.name'), value: t.t('common.notApplicable') }];
}

/**
 * The UK overseas production order's cover sheet: who applied, which judge made the order, who
 * certified and served it and when (COPOA 2019 ss.1, 9; UK-US Agreement Art 5), what it asks for,
 * and the agreement's restrictions. None of Regulation (EU) 2023/1543's rows.
 */
const opoCover: FormBuilder = (model, t) => {
  const certification = hop(model, 'CERTIFICATION');
  return lettered(
    [t.t('sections.application'), [{ label: t.t('fields.applicant'), value: party(model.issuingAuthority, t) }, ...authorityDetails(model.issuingAuthority, model, t)]],
    [t.t('sections.orderMade'), [
      { label: t.t('fields.madeBy'), value: party(model.validatingAuthority ?? model.issuingAuthority, t) },
      ...((model.validatingAuthority ?? model.issuingAuthority).representative ? [{ label: t.t('fields.representative'), value: person((model.validatingAuthority ?? model.issuingAuthority).representative)! }] : []),
      { label: t.t('fields.madeAt'), value: utc(model.clocks.issuedAt, t) },
    ]],
    [t.t('sections.addressee'), addresseeRows(model, t)],
    [t.t('sections.legalBasisSection'), legalBasisRows(model, t)],
    [t.t('sections.certification'), certification
      ? [
          { label: t.t('fields.certifiedBy'), value: party(certification.authority, t) },
          ...authorityDetails(certification.authority, model, t, false).slice(3),
          { label: t.t('fields.certifiedAt'), value: utc(certification.actedAt, t) },
        ]
      : [{ label: t.t('fields.certifiedBy'), value: t.t('common.notApplicable') }]],
    [t.t('sections.dataSought'), dataSoughtRows(model, t)],
    [t.t('sections.offence'), offenceBasics(model, t)],
    [t.t('sections.restrictions'), [
      { label: t.t('fields.usPerson'), value: model.order.targetIsUsPerson === false ? t.t('common.yes') : t.t('common.no') },
      { label: t.t('fields.targetLocation'), value: model.order.targetLocation ?? t.t('common.notApplicable') },
    ]],
    [t.t('sections.urgency'), urgencyRows(model, t)],
    [t.t('common.signature'), signatureRows(model, t)],
  );
};

/**
 * The letter of request: from the requesting authority, through its central authority, to the
 * requested State's central authority, about a provider there; it states the facts (ETS 30 Art 14)
 * and goes to the authorities of the route only.
 */
const mlaRequest: FormBuilder = (model, t) =>
  lettered(
    [t.t('sections.requestingAuthority'), [...authorityDetails(model.issuingAuthority, model, t), { label: t.t('fields.validatingAuthority'), value: party(model.validatingAuthority, t) }]],
    [t.t('sections.requestedAuthority'), hopAuthorityRows(model, 'RECOGNITION', t)],
    [t.t('sections.transmittingAuthority'), hopAuthorityRows(model, 'TRANSMISSION', t)],
    [t.t('sections.providerConcerned'), addresseeRows(model, t)],
    [t.t('sections.legalBasisSection'), legalBasisRows(model, t)],
    [t.t('sections.dataSought'), dataSoughtRows(model, t)],
    [t.t('sections.offence'), offenceBasics(model, t)],
    ...factsSection(model, t),
    [t.t('sections.urgency'), urgencyRows(model, t)],
    [t.t('sections.confidentiality'), [{ label: t.t('sections.confidentiality'), value: t.t('fields.confidentialityText') }]],
    [t.t('common.signature'), signatureRows(model, t)],
  );

/**
 * A preservation request: through the 24/7 point of contact of the requested Party when the route
 * goes that way (ETS 185 Art 29(2): the custodian, a summary of the facts, the necessity, the
 * intended request for mutual assistance), otherwise straight to the provider.
 */
const preservationRequest: FormBuilder = (model, t) => {
  const contactPoint = hop(model, 'RECOGNITION');
  return lettered(
    [t.t('sections.requestingAuthority'), [...authorityDetails(model.issuingAuthority, model, t), { label: t.t('fields.validatingAuthority'), value: party(model.validatingAuthority, t) }]],
    ...(contactPoint ? ([[t.t('sections.requestedAuthority'), hopAuthorityRows(model, 'RECOGNITION', t)], [t.t('sections.providerConcerned'), addresseeRows(model, t)]] as [string, Row[]][]) : ([[t.t('sections.addressee'), addresseeRows(model, t)]] as [string, Row[]][])),
    [t.t('sections.legalBasisSection'), legalBasisRows(model, t)],
    [t.t('sections.dataSought'), dataSoughtRows(model, t)],
    [t.t('sections.offence'), offenceBasics(model, t)],
    ...factsSection(model, t),
    [t.t('sections.intendedRequest'), [
      { label: t.t('fields.preservationEndsAt'), value: utc(model.clocks.preservationExpiresAt, t) },
      ...(contactPoint ? [{ label: t.t('fields.mlaIntention'), value: t.t('values.mlaIntention') }] : []),
    ]],
    [t.t('sections.urgency'), urgencyRows(model, t)],
    [t.t('common.signature'), signatureRows(model, t)],
  );
};

const voluntaryDisclosureRequest: FormBuilder = (model, t) =>
  lettered(
    [t.t('sections.requestingAuthority'), [...authorityDetails(model.issuingAuthority, model, t), { label: t.t('fields.validatingAuthority'), value: party(model.validatingAuthority, t) }]],
    [t.t('sections.addressee'), addresseeRows(model, t)],
    [t.t('sections.legalBasisSection'), legalBasisRows(model, t)],
    [t.t('sections.dataSought'), dataSoughtRows(model, t)],
    [t.t('sections.offence'), offenceBasics(model, t)],
    [t.t('sections.urgency'), urgencyRows(model, t)],
    [t.t('common.signature'), signatureRows(model, t)],
  );

// ---------------------------------------------------------------------------------------------
// Regulation (EU) 2021/784 (terrorist content online): Annexes I, II and III.

/** The removal order named on its feedback and on its Annex III: who issued it, when, and its reference. */
function removalOrderRows(model: DocumentModel, t: Labels): Row[] {
  return [
    { label: t.t('common.reference'), value: model.order.reference },
    { label: t.t('fields.fileNumber'), value: model.order.caseReference },
    { label: t.t('fields.issuingAuthority'), value: party(model.issuingAuthority, t) },
    { label: t.t('fields.issuedAt'), value: utc(model.clocks.issuedAt, t) },
    { label: t.t('fields.receivedAt'), value: utc(model.clocks.receivedAt, t) },
  ];
}

function hostRows(model: DocumentModel, t: Labels): Row[] {
  return [
    ...addresseeRows(model, t),
    { label: t.t('fields.tcoMainEstablishmentState'), value: model.addressee.establishmentCountry },
  ];
}

/** Annex I: the removal order (Reg. 2021/784 Art 3(4)). */
const tcoAnnexI: FormBuilder = (model, t) => {
  const removal = model.order.removal;
  const scrutiny = model.scrutiny;
  return sectionsFrom(
    ['A', t.t('sections.tcoIssuingAndAddressee'), [
      { label: t.t('fields.tcoIssuingState'), value: model.issuingAuthority.country ?? t.t('common.notApplicable') },
      { label: t.t('fields.issuingAuthority'), value: party(model.issuingAuthority, t) },
      ...hostRows(model, t),
      { label: t.t('fields.issuedAt'), value: utc(model.clocks.issuedAt, t) },
      { label: t.t('common.reference'), value: model.order.reference },
      { label: t.t('fields.fileNumber'), value: model.order.caseReference },
    ]],
    ['B', t.t('sections.tcoContent'), [
      ...model.order.targets.map((target) => ({ label: t.t('fields.tcoUrl'), value: `${target.value}${(target as { accountHandle?: string }).accountHandle ? ` (${t.t('fields.tcoAccount')} ${(target as { accountHandle?: string }).accountHandle})` : ''}` })),
      { label: t.t('fields.tcoDescription'), value: removal?.contentDescription ?? t.t('common.notApplicable') },
      // Ticked as the Annex ticks them: the letter of Art 2(7), the words beside it.
      ...TCO_CONTENT_REASONS.map((reason, index) => ({
        label: `${removal?.reasons.includes(reason) ? t.t('common.checked') : t.t('common.unchecked')} (${'abcde'[index]})`,
        value: `${t.t(`values.tcoReason.${reason}`)} (${t.t(`values.tcoReasonBasis.${reason}`)})`,
      })),
      { label: t.t('fields.tcoDeadline'), value: t.t('values.tcoDeadline') },
      { label: t.t('fields.tcoDueAt'), value: utc(model.clocks.dueAt, t) },
    ]],
    ['C', t.t('sections.tcoContentProvider'), [{ label: t.t('fields.tcoNonDisclosure'), value: removal?.nonDisclosure ? t.t('values.tcoNonDisclosureUntil', { until: utc(removal.nonDisclosure.until, t) }) : t.t('values.tcoNoNonDisclosure') }]],
    ['D', t.t('sections.tcoCopy'), scrutiny
      ? [
          { label: t.t('fields.tcoCopySent'), value: t.t('common.yes') },
          { label: t.t('fields.tcoCopyState'), value: scrutiny.state },
          ...scrutiny.authorities.map((authority) => ({ label: t.t('fields.tcoCopyAuthority'), value: party(authority, t) })),
          { label: t.t('fields.tcoScrutiny'), value: t.t('values.tcoScrutiny') },
        ]
      : [{ label: t.t('fields.tcoCopySent'), value: t.t('values.tcoNoCopy') }]],
    ['E', t.t('sections.issuingDetails'), authorityDetails(model.issuingAuthority, model, t)],
    ['F', t.t('sections.tcoRedress'), [{ label: t.t('fields.tcoRedress'), value: t.t('values.tcoRedress') }]],
    ['G', t.t('common.signature'), signatureRows(model, t)],
  );
};

/** Annex II: feedback on the removal or disabling of the content (Reg. 2021/784 Art 3(6)). */
const tcoAnnexII: FormBuilder = (model, t) => {
  const payload = stepPayload(model);
  const hashes = (payload.hashes as { sha256: string; pdq?: string }[] | undefined) ?? [];
  const action = payload.action === 'DISABLED' ? 'DISABLED' : 'REMOVED';
  return sectionsFrom(
    ['A', t.t('sections.tcoOrderConcerned'), removalOrderRows(model, t)],
    ['B', t.t('sections.addressee'), hostRows(model, t)],
    ['C', t.t('sections.tcoActionTaken'), [
      { label: `${action === 'REMOVED' ? t.t('common.checked') : t.t('common.unchecked')} 1`, value: t.t('values.tcoAction.REMOVED') },
      { label: `${action === 'DISABLED' ? t.t('common.checked') : t.t('common.unchecked')} 2`, value: t.t('values.tcoAction.DISABLED') },
      { label: t.t('fields.tcoActedAt'), value: utc(model.step?.at, t) },
      ...hashes.flatMap((hash) => [
        { label: `${t.t('fields.tcoHash')} (SHA-256)`, value: hash.sha256 },
        ...(hash.pdq ? [{ label: `${t.t('fields.tcoHash')} (PDQ)`, value: hash.pdq }] : []),
      ]),
    ]],
    ['D', t.t('sections.addresseeContact'), [
      { label: t.t('fields.respondent'), value: party(model.step?.actor ?? model.addressee, t) },
      ...signatureRows(model, t),
    ]],
  );
};

/** Annex III: information on the impossibility to execute the removal order (Reg. 2021/784 Art 3(7), 3(8)). */
const tcoAnnexIII: FormBuilder = (model, t) => {
  const payload = stepPayload(model);
  const given = new Set(((payload.reasons as unknown[] | undefined) ?? []).map((reason) => (typeof reason === 'object' && reason !== null ? String((reason as { code?: unknown }).code) : String(reason))));
  return sectionsFrom(
    ['A', t.t('sections.tcoOrderConcerned'), removalOrderRows(model, t)],
    ['B', t.t('sections.addressee'), hostRows(model, t)],
    ['C', t.t('sections.tcoImpossibility'), [
      ...TCO_IMPOSSIBILITY_REASONS.map((reason, index) => ({
        label: `${given.has(reason) ? t.t('common.checked') : t.t('common.unchecked')} ${index + 1}`,
        value: `${t.t(`values.tcoImpossibility.${reason}`)}. ${t.t(`values.tcoImpossibilityBasis.${reason}`)}`,
      })),
      { label: t.t('fields.explanation'), value: String(payload.explanation ?? t.t('values.noExplanation')) },
    ]],
    ['D', t.t('sections.addresseeContact'), [
      { label: t.t('fields.respondent'), value: party(model.step?.actor ?? model.addressee, t) },
      { label: t.t('fields.issuedAt'), value: utc(model.step?.at, t) },
      ...signatureRows(model, t),
    ]],
  );
};

const FORMS: Record<DocumentForm, FormBuilder> = {
  TCO_ANNEX_I: tcoAnnexI,
  TCO_ANNEX_II: tcoAnnexII,
  TCO_ANNEX_III: tcoAnnexIII,
  EPOC: epoc,
  EPOC_PR: epocPr,
  ANNEX_III: annexIII,
  ANNEX_V: annexV,
  ANNEX_VI: annexVI,
  OPO_COVER: opoCover,
  PRESERVATION_REQUEST: preservationRequest,
  VOLUNTARY_DISCLOSURE_REQUEST: voluntaryDisclosureRequest,
  MLA_REQUEST: mlaRequest,
};

export function formSections(model: DocumentModel, t: Labels): Section[] {
  return FORMS[model.form](model, t);
}
