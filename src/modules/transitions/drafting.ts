import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { tierOfAll, type DataCategory } from '../../../libs/domain/data-categories.js';
import { targetHandleKeys } from '../../../libs/domain/account-handles.js';
import { DomainError } from '../../../libs/domain/errors.js';
import type { FieldProblem } from '../../../libs/domain/identity.js';
import { hex } from '../../../libs/domain/step-chain.js';
import { orderContentProblems, toUtc, type OrderContent } from '../../../libs/domain/order-content.js';
import { canonicalJson } from '../../../libs/pki/index.js';
import { DOCUMENT_LANGUAGES } from '../../../libs/pdf/labels.js';
import { factsMissingAbove, type InstrumentCode, type RoutingResult, type SelectedRoute } from '../../../libs/routing/index.js';
import type { Principal } from '../../common/auth/principal.js';
import { validationError } from '../../common/errors/api-error.js';
import { flattenValidationErrors } from '../../common/validation/validation.pipe.js';
import { OrganisationsRepository } from '../identity/organisations.repository.js';
import type { OrderEntity } from '../orders/entities/order.entity.js';
import { CertifiedAccountsService, certifiedNamedBy, refuseCertified } from '../certified-accounts/certified-accounts.service.js';
import { RoutingService } from '../routing/routing.service.js';
import { CreateOrderDto } from './dto/create-order.dto.js';

/** The columns of an order that its draft decides (and an amendment decides again). */
export type DraftFields = Pick<OrderEntity, 'type' | 'instrument' | 'form' | 'tier' | 'emergency' | 'providerId' | 'evidenceRecipientId' | 'enforcingState' | 'content' | 'sectionM' | 'routing'>;

/**
 * A draft as a whole: its shape (the request's DTO), the law's rules on its content (targets
 * behind carrier-grade NAT, time ranges, identification), the parties it names, and its route.
 * Every problem is reported in one answer, so a practitioner fixes a request in one go. Creation
 * checks the body; an amendment checks the stored draft with the changes merged in.
 */
@Injectable()
export class Drafting {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly routing: RoutingService,
    private readonly certified: CertifiedAccountsService,
  ) {}

  /** The draft of a new order: the body without its signature; an optional member sent as null is absent. */
  async fromBody(principal: Principal, body: Record<string, unknown>): Promise<DraftFields> {
    return this.check(principal, withoutNulls(body));
  }

  /**
   * The stored draft with `patch` merged in: a member sent as null clears it, absent members keep
   * their value; the result must be a whole valid draft (a required member cleared is missing).
   */
  async merged(principal: Principal, order: OrderEntity, patch: Record<string, unknown>): Promise<DraftFields> {
    const merged: Record<string, unknown> = { ...order.content, ...order.sectionM };
    // What the exchange derived, not what the drafter sent: found again by the check.
    delete merged.certifiedAccounts;
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'signature') continue;
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    return this.check(principal, merged);
  }

  private async check(principal: Principal, plain: Record<string, unknown>): Promise<DraftFields> {
    const { signature: _signature, ...fields } = plain;
    const dto = plainToInstance(CreateOrderDto, fields, { enableImplicitConversion: false });
    const problems: FieldProblem[] = flattenValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: true } }));
    const refused = (field: string) => problems.some((problem) => problem.field === field || problem.field.startsWith(`${field}.`) || problem.field.startsWith(`${field}[`));
    const content = toContent(dto);

    // The rules that need the provider, on whatever of the draft has the right shape.
    const provider = !refused('providerId') ? await this.organisations.findById(content.providerId) : null;
    if (!refused('providerId') && (!provider || provider.kind !== 'PROVIDER')) problems.push({ field: 'providerId', message: 'is not a provider of the directory (GET /providers)' });
    if (provider?.kind === 'PROVIDER') {
      problems.push(...orderContentProblems(content, { cgnatOperator: provider.cgnatOperator }).filter((problem) => !refused(problem.field)));
    }
    if (content.evidenceRecipientId && !refused('evidenceRecipientId')) {
      const recipient = await this.organisations.findById(content.evidenceRecipientId);
      if (recipient?.kind !== 'AUTHORITY') problems.push({ field: 'evidenceRecipientId', message: 'is not an authority of the exchange' });
    }
    if (content.type === 'REMOVAL') problems.push(...removalDraftProblems(content));
    else if (content.removal !== undefined || content.overrideCertified !== undefined) {
      if (content.removal !== undefined) problems.push({ field: 'removal', message: 'applies only to a REMOVAL order' });
      if (content.overrideCertified !== undefined) problems.push({ field: 'overrideCertified', message: 'applies only to a REMOVAL order' });
    }
    if (content.language && !refused('language') && !DOCUMENT_LANGUAGES.includes(content.language)) {
      problems.push({ field: 'language', message: `has no forms on the exchange: choose one of ${DOCUMENT_LANGUAGES.join(', ')}` });
    }
    if (problems.length) throw validationError(problems);
    if (content.type === 'REMOVAL') await this.checkCertifiedAccounts(content);
    return this.route(principal, content, provider!);
  }

  /**
   * A removal order naming a certified account (the white list) is refused, unless the issuer
   * overrides with a reason; then the accounts are recorded on the order for every party to see.
   */
  private async checkCertifiedAccounts(content: OrderContent): Promise<void> {
    const found = await certifiedNamedBy(this.certified, content);
    if (found.length === 0) return;
    refuseCertified(content, found, null);
    content.certifiedAccounts = found.map(({ handle, holder }) => ({ handle, holder }));
  }

  /** Routes a checked draft; what the order row takes from it. */
  private async route(principal: Principal, content: OrderContent, provider: NonNullable<Awaited<ReturnType<OrganisationsRepository['findById']>>>): Promise<DraftFields> {
    // A removal order removes content and names no offence (Reg. 2021/784 Art 3(1)).
    const removal = content.type === 'REMOVAL';
    const dataCategories = removal ? (['CONTENT'] as DataCategory[]) : content.dataCategories;
    const offence = removal ? { maxSentenceMonths: 0 } : { maxSentenceMonths: content.offence.maxSentenceMonths, ...(content.offence.listedCategory ? { listedCategory: content.offence.listedCategory } : {}) };
    // The issuer is one of the exchange's active authorities (its user could not act otherwise):
    // one read serves the route's hops and the issuer's capacities.
    const authorities = await this.routing.activeAuthorities();
    const issuer = authorities.find((authority) => authority.id === principal.organisationId);
    const routing = await this.routing.evaluateFor(
      provider,
      {
        issuingCountry: principal.organisationCountry!,
        providerId: content.providerId,
        orderType: content.type,
        dataCategories,
        offence,
        issuer: { authorityType: issuer?.authorityType ?? null, designations: [...(issuer?.designations ?? [])] },
        emergency: content.emergency !== undefined,
        ...pick(content, ['targetIsUsPerson', 'targetLocation', 'offenceInIssuingState', 'targetResidesInIssuingState']),
      },
      { prefer: content.instrument as InstrumentCode | undefined, authorities },
    );
    // Facts before fallbacks: a route chosen only because the request left out a fact is no choice.
    if (!content.instrument) refuseMissingFacts(routing);
    const selected = routing.selected;
    if (!selected) {
      throw new DomainError('ROUTING_NO_INSTRUMENT', 'No legal instrument lets this order go to this provider; each candidate says why.', {
        candidates: routing.candidates.map((c) => ({ instrument: c.instrument, eligible: c.eligible, reasons: c.reasons.filter((r) => r.outcome === 'NOT_MET') })),
      });
    }
    if (content.instrument && selected.instrument !== content.instrument) {
      const candidate = routing.candidates.find((c) => c.instrument === content.instrument);
      throw new DomainError('ROUTING_INSTRUMENT_NOT_ELIGIBLE', `${content.instrument} does not apply to this order; ${selected.instrument} does.`, {
        errors: [{ field: 'instrument', message: `is not eligible: ${candidate?.reasons.filter((r) => r.outcome === 'NOT_MET').map((r) => r.message).join(' ') ?? ''}` }],
      });
    }
    const language = orderLanguage(selected, content.language);
    const { caseSummary, necessityGrounds, ...visible } = content;
    return {
      type: content.type,
      instrument: selected.instrument,
      form: selected.form,
      tier: tierOfAll(dataCategories),
      emergency: content.emergency !== undefined,
      providerId: content.providerId,
      evidenceRecipientId: content.evidenceRecipientId ?? null,
      enforcingState: selected.enforcingReview ? selected.enforcingState : null,
      content: { ...visible, dataCategories, language },
      sectionM: caseSummary !== undefined || necessityGrounds !== undefined ? stripUndefined({ caseSummary, necessityGrounds }) : null,
      routing,
    };
  }
}

/**
 * ROUTING_FACTS_MISSING: an instrument preferred to the one routing would choose fails only for
 * facts the request left out (whether the target is a US person, where the target is). Each fact
 * is named as a field, with why it matters.
 */
function refuseMissingFacts(routing: RoutingResult): void {
  const missing = factsMissingAbove(routing);
  if (missing.length === 0) return;
  const facts = [...new Set(missing.flatMap((entry) => entry.facts))];
  const fallback = routing.selected ? `routing would otherwise choose ${routing.selected.instrument}` : 'no other instrument applies';
  const errors = facts.map((fact) => {
    const instruments = missing.filter((entry) => entry.facts.includes(fact)).map((entry) => entry.instrument);
    return { field: fact, message: `is needed: ${instruments.join(' and ')} may apply depending on it, and ${fallback}; state it (the answer may be that it does not apply)` };
  });
  throw new DomainError('ROUTING_FACTS_MISSING', `The order leaves out ${facts.join(' and ')}, on which ${missing.map((entry) => entry.instrument).join(' and ')} depend; state ${facts.length > 1 ? 'them' : 'it'} before the order is routed.`, {
    errors,
    missingFacts: facts,
    candidates: missing,
  });
}

/**
 * The order's language: the one asked for, if the addressee accepts it; otherwise the first the
 * addressee accepts that the exchange has forms in. Never silently another (Reg. 2023/1543 Art 9(4):
 * a language the addressee accepts).
 */
function orderLanguage(selected: SelectedRoute, asked: string | undefined): string {
  const accepted = selected.addressee.languages;
  if (asked) {
    if (accepted.length > 0 && !accepted.includes(asked)) throw validationError([{ field: 'language', message: `must be one the addressee accepts: ${accepted.join(', ')}` }]);
    return asked;
  }
  const language = accepted.find((candidate) => DOCUMENT_LANGUAGES.includes(candidate));
  if (language) return language;
  const reason = accepted.length > 0 ? `the addressee accepts ${accepted.join(', ')} and the exchange has forms in ${DOCUMENT_LANGUAGES.join(', ')} only` : 'the addressee states no language it accepts';
  throw validationError([{ field: 'language', message: `is required: ${reason}; choose the language of the order (${DOCUMENT_LANGUAGES.join(', ')})` }]);
}

/** A removal order's draft: no categories but content, no offence, no emergency or time range (Reg. 2021/784 Art 3, Annex I). */
function removalDraftProblems(content: OrderContent): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (content.dataCategories !== undefined && !(content.dataCategories.length === 1 && content.dataCategories[0] === 'CONTENT')) {
    problems.push({ field: 'dataCategories', message: 'a removal order concerns content only: leave it out or send ["CONTENT"]' });
  }
  for (const field of ['offence', 'timeRange', 'emergency', 'caseSummary', 'necessityGrounds', 'evidenceRecipientId', 'targetIsUsPerson', 'targetLocation', 'offenceInIssuingState', 'targetResidesInIssuingState'] as const) {
    if (content[field] !== undefined) problems.push({ field, message: 'does not apply to a removal order (Reg. 2021/784)' });
  }
  // The white list is checked against the account each target names: its accountHandle, and the
  // account its URL names (https://host/@name/..., https://host/name/...). A URL with no path to
  // read an account from must state accountHandle, or the check could be passed by leaving it out.
  if (Array.isArray(content.targets)) {
    content.targets.forEach((target, index) => {
      if (typeof target !== 'object' || target === null || target.kind !== 'URL' || typeof target.value !== 'string' || !URL.canParse(target.value)) return;
      if (targetHandleKeys(target).length === 0) {
        problems.push({ field: `targets[${index}].accountHandle`, message: 'is required: the URL names no account in its path (https://host/@account/... or https://host/account/...), so state the account that published the content' });
      }
    });
  }
  return problems;
}

/** What the exchange derived for a draft and records in its step: the route and what it fixes. */
export function draftRecord(order: OrderEntity): Record<string, unknown> {
  const selected = order.routing.selected!;
  return {
    reference: order.reference,
    catalogueVersion: order.routing.catalogueVersion,
    instrument: selected.instrument,
    form: selected.form,
    addressee: selected.addressee,
    hops: selected.hops.map(({ kind, country, authorities }) => ({ kind, country, authorities })),
    enforcingState: order.enforcingState,
    // The draft as the provider will read it, and Section M by digest only (the provider sees records).
    contentSha256: hex(canonicalJson(order.content)),
    sectionMSha256: order.sectionM ? hex(canonicalJson(order.sectionM)) : null,
  };
}

/** The checked request as an order's content: timestamps normalised to UTC. */
function toContent(dto: CreateOrderDto): OrderContent {
  const content = JSON.parse(JSON.stringify(dto)) as OrderContent;
  if (Array.isArray(content.targets)) {
    content.targets = content.targets.map((target) =>
      target && typeof target === 'object' ? (typeof target.timestamp === 'string' && safeUtc(target.timestamp) ? { ...withoutNulls(target), timestamp: safeUtc(target.timestamp)! } : withoutNulls(target)) : target,
    );
  }
  if (content.timeRange && typeof content.timeRange === 'object') {
    const from = safeUtc(content.timeRange.from);
    const to = safeUtc(content.timeRange.to);
    if (from && to) content.timeRange = { from, to };
  }
  return content;
}

/** UTC of a timestamp the shape check accepted; undefined for one it refused (reported already). */
function safeUtc(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return toUtc(value);
  } catch {
    return undefined;
  }
}

function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((key) => value[key] !== undefined).map((key) => [key, value[key]])) as Partial<Pick<T, K>>;
}
