import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, In, type EntityManager } from 'typeorm';
import { DomainError } from '../../../libs/domain/errors.js';
import { isReceipt, orderClocks } from '../../../libs/domain/order-clocks.js';
import { decide, type OrderAction } from '../../../libs/domain/order-lifecycle.js';
import { DOCUMENT_LANGUAGES, renderDocument, signPdf, type DocumentAudience, type DocumentForm, type DocumentModel, type PartyInfo } from '../../../libs/pdf/index.js';
import type { CadesSigner } from '../../../libs/pki/index.js';
import type { Principal } from '../../common/auth/principal.js';
import { validationError } from '../../common/errors/api-error.js';
import { OrganisationEntity } from '../identity/entities/organisation.entity.js';
import { ExchangePkiService, EXCHANGE_NAME } from '../pki/exchange-pki.service.js';
import { BLOB_STORE, type BlobStore } from './blob-store.js';
import type { DocumentListDto } from './dto/document.dto.js';
import { OrderDocumentEntity, type Rendition } from './entities/order-document.entity.js';
import type { OrderEntity } from './entities/order.entity.js';
import { canReadSectionM } from './orders.mapper.js';
import { OrdersRepository, type StoredParty } from './orders.repository.js';
import { OrdersService, orderNotFound } from './orders.service.js';
import { StepSigningService } from './step-signing.service.js';

/** A document rendered, signed and stored before the transaction that records it. */
export interface PreparedDocument {
  id: string;
  form: DocumentForm;
  audience: DocumentAudience;
  signerFingerprintSha256: string;
  renditions: Rendition[];
  createdAt: Date;
}

/** The form an instrument's route produces when the order is issued (routing `form` → document). */
const ISSUANCE_FORMS: Partial<Record<string, DocumentForm>> = {
  EPOC: 'EPOC',
  EPOC_PR: 'EPOC_PR',
  OPO_COVER: 'OPO_COVER',
  IPO_COVER: 'OPO_COVER',
  PRESERVATION_REQUEST: 'PRESERVATION_REQUEST',
  VOLUNTARY_DISCLOSURE_REQUEST: 'VOLUNTARY_DISCLOSURE_REQUEST',
  MLA_REQUEST: 'MLA_REQUEST',
};
const EU_INSTRUMENTS = ['EU_PRODUCTION_ORDER', 'EU_PRESERVATION_ORDER'];

/**
 * The legally formatted documents of orders (libs/pdf): made when a step produces a form, in
 * every language with a label catalogue, PAdES-signed by the acting organisation (its custodial
 * key; the exchange's seal when the organisation keeps its own key), stored by digest.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
    private readonly ordersService: OrdersService,
    private readonly signing: StepSigningService,
    private readonly exchangePki: ExchangePkiService,
  ) {}

  /** The forms `action` produces on this order, with the copy each is for. */
  formsFor(order: OrderEntity, action: OrderAction, partialProduction = false): { form: DocumentForm; audience: DocumentAudience }[] {
    const eu = EU_INSTRUMENTS.includes(order.instrument);
    switch (action) {
      case 'ISSUE':
      case 'VALIDATE': {
        if (order.status !== 'DRAFT' && order.status !== 'PENDING_VALIDATION') return [];
        const form = ISSUANCE_FORMS[order.form];
        if (!form) return [];
        // Art 8(1), 9(3): the enforcing authority's copy carries Section M; the addressee's never does.
        return [{ form, audience: 'ADDRESSEE' }, ...(order.enforcingState && form === 'EPOC' ? [{ form, audience: 'ENFORCING_AUTHORITY' as const }] : [])];
      }
      case 'REQUEST_CLARIFICATION':
      case 'NOT_EXECUTE':
        return eu ? [{ form: 'ANNEX_III', audience: 'ADDRESSEE' }] : [];
      case 'PRODUCE':
        return eu && partialProduction ? [{ form: 'ANNEX_III', audience: 'ADDRESSEE' }] : [];
      case 'CONFIRM_SUBSEQUENT_REQUEST':
        return eu ? [{ form: 'ANNEX_V', audience: 'ADDRESSEE' }] : [];
      case 'EXTEND_PRESERVATION':
        return eu ? [{ form: 'ANNEX_VI', audience: 'ADDRESSEE' }] : [];
      default:
        return [];
    }
  }

  /**
   * Renders and signs the forms a step will produce, before its transaction (rendering takes tens
   * of milliseconds; the embedded database has one connection). Nothing if the law would refuse
   * the step anyway: the transaction decides again under the row lock.
   */
  async prepare(principal: Principal, order: OrderEntity, parties: readonly StoredParty[], action: OrderAction, payload: Record<string, unknown>, at: Date, options: { partial?: boolean } = {}): Promise<PreparedDocument[]> {
    const forms = this.formsFor(order, action, options.partial);
    if (forms.length === 0) return [];
    const decision = decide(action as never, this.ordersService.factsOf(order, at), { parties, roles: principal.roles, authorityType: principal.authorityType }, { partial: options.partial });
    if (!decision.allowed) return [];

    const signer = await this.pdfSigner(principal);
    const base = await this.model(order, principal, action, payload, at, decision.to, decision.effects.startsExPostValidation === true, signer);
    const prepared: PreparedDocument[] = [];
    for (const { form, audience } of forms) {
      const model: DocumentModel = { ...base, form, audience, sectionM: audience === 'ENFORCING_AUTHORITY' ? { caseSummary: order.sectionM?.caseSummary ?? null, necessityGrounds: order.sectionM?.necessityGrounds ?? null } : null };
      const renditions: Rendition[] = [];
      for (const language of DOCUMENT_LANGUAGES) {
        const rendered = await renderDocument(model, language, { signingTime: at });
        const pdf = await signPdf(rendered.pdf, signer.cades, this.exchangePki.tsa());
        const stored = await this.blobs.put(Readable.from([pdf]), Number.MAX_SAFE_INTEGER);
        renditions.push({ language, sha256: stored.sha256, size: stored.size, jsonSha256: rendered.jsonSha256 });
      }
      prepared.push({ id: randomUUID(), form, audience, signerFingerprintSha256: signer.cades.certificate.fingerprintSha256, renditions, createdAt: at });
    }
    return prepared;
  }

  /** Inside the step's transaction: the rows, and what the step's record says of them. */
  async record(manager: EntityManager, orderId: string, seq: number, documents: readonly PreparedDocument[]): Promise<Record<string, unknown>[]> {
    for (const document of documents) {
      await manager.insert(OrderDocumentEntity, { ...document, orderId, stepSeq: seq } as never);
    }
    return documents.map((document) => ({
      id: document.id,
      form: document.form,
      audience: document.audience,
      signerFingerprintSha256: document.signerFingerprintSha256,
      renditions: document.renditions.map(({ language, sha256, jsonSha256 }) => ({ language, sha256, jsonSha256 })),
    }));
  }

  async list(principal: Principal, orderId: string): Promise<DocumentListDto> {
    const found = await this.orders.findVisible(principal.organisationId, orderId);
    if (!found) throw orderNotFound(orderId);
    const rows = await this.dataSource.manager.find(OrderDocumentEntity, { where: { orderId }, order: { stepSeq: 'ASC', audience: 'ASC', form: 'ASC' } });
    const readsSectionM = canReadSectionM(found.parties);
    return {
      items: rows
        .filter((row) => row.audience === 'ADDRESSEE' || readsSectionM)
        .map((row) => {
          const main = row.renditions.find((r) => r.language === found.order.content.language) ?? row.renditions[0];
          return {
            id: row.id,
            form: row.form,
            audience: row.audience,
            stepSeq: row.stepSeq,
            languages: row.renditions.map((r) => r.language),
            sha256: main.sha256,
            renditions: row.renditions,
            createdAt: row.createdAt.toISOString(),
          };
        }),
    };
  }

  /** The signed PDF in `language` (the order's language by default). */
  async open(principal: Principal, orderId: string, documentId: string, language?: string): Promise<{ stream: Readable; filename: string; size: number; sha256: string }> {
    const found = await this.orders.findVisible(principal.organisationId, orderId);
    if (!found) throw orderNotFound(orderId);
    const row = await this.dataSource.manager.findOne(OrderDocumentEntity, { where: { id: documentId, orderId } });
    if (!row || (row.audience === 'ENFORCING_AUTHORITY' && !canReadSectionM(found.parties))) {
      throw new DomainError('DOCUMENT_NOT_FOUND', `Order ${orderId} has no document ${documentId} visible to your organisation.`);
    }
    // Without ?lang=, the order's language, or the first made when it has no label catalogue (as the list shows).
    const rendition = language ? row.renditions.find((r) => r.language === language) : (row.renditions.find((r) => r.language === found.order.content.language) ?? row.renditions[0]);
    if (!rendition) throw validationError([{ field: 'lang', message: `must be one of ${row.renditions.map((r) => r.language).join(', ')}` }]);
    const copy = row.audience === 'ENFORCING_AUTHORITY' ? '-enforcing-authority' : '';
    return { stream: this.blobs.open(rendition.sha256), filename: `${found.order.reference}-${row.form}${copy}-${rendition.language}.pdf`, size: rendition.size, sha256: rendition.sha256 };
  }

  /** The acting organisation's custodial key; the exchange's seal for an organisation that keeps its own. */
  private async pdfSigner(principal: Principal): Promise<{ cades: CadesSigner; organisation: string; subject: string }> {
    const custodial = await this.signing.custodialSigner(principal.organisationId);
    if (custodial) return { cades: custodial, organisation: principal.organisationName, subject: custodial.certificate.subject };
    const seal = this.exchangePki.seal();
    return { cades: seal, organisation: `${EXCHANGE_NAME}, for ${principal.organisationName}`, subject: seal.certificate.subject };
  }

  private async model(
    order: OrderEntity,
    principal: Principal,
    action: OrderAction,
    payload: Record<string, unknown>,
    at: Date,
    to: OrderEntity['status'],
    withoutPriorValidation: boolean,
    signer: { organisation: string; subject: string },
  ): Promise<Omit<DocumentModel, 'form' | 'audience' | 'sectionM'>> {
    const validatingId = action === 'VALIDATE' ? principal.organisationId : order.validatingOrganisationId;
    const ids = [...new Set([order.issuingOrganisationId, order.providerId, order.evidenceRecipientId ?? order.issuingOrganisationId, validatingId, principal.organisationId].filter((id): id is string => !!id))];
    // One query for every organisation the document names (no establishments needed).
    const organisations = new Map((await this.dataSource.manager.find(OrganisationEntity, { where: { id: In(ids) } })).map((organisation) => [organisation.id, organisation]));
    const info = (id: string | null | undefined): PartyInfo | null => {
      const organisation = id ? organisations.get(id) : undefined;
      return organisation ? { id: organisation.id, name: organisation.name, country: organisation.country, authorityType: organisation.authorityType } : null;
    };
    // The clocks as they stand once this step is taken.
    const history = [...order.history.map((step) => ({ ...step, at: new Date(step.at) })), { action, at, fromStatus: order.status, toStatus: to, payload: { ...payload, withoutPriorValidation } }];
    const selected = order.routing.selected!;
    const clocks = orderClocks({ type: order.type, emergency: order.emergency, enforcingReview: order.enforcingState !== null, deadlines: selected.deadlines, steps: history }, at);
    const issue = history.find(isReceipt);
    const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
    const content = order.content;
    const provider = info(order.providerId)!;
    return {
      order: {
        id: order.id,
        reference: order.reference,
        type: order.type,
        caseReference: content.caseReference,
        tier: order.tier,
        dataCategories: content.dataCategories,
        targets: content.targets,
        timeRange: content.timeRange ?? null,
        offence: content.offence,
        emergency: content.emergency ?? null,
        targetIsUsPerson: content.targetIsUsPerson ?? null,
        targetLocation: content.targetLocation ?? null,
        language: content.language ?? 'en',
      },
      route: {
        instrument: selected.instrument,
        name: selected.name,
        legalBasis: selected.legalBasis,
        catalogueVersion: order.routing.catalogueVersion,
        transmission: selected.transmission,
        certifiedBy: selected.approvals.certifiedBy,
      },
      issuingAuthority: info(order.issuingOrganisationId)!,
      validatingAuthority: info(validatingId),
      evidenceRecipient: info(order.evidenceRecipientId ?? order.issuingOrganisationId)!,
      addressee: { ...provider, establishmentCountry: selected.addressee.country, role: selected.addressee.role, languages: selected.addressee.languages },
      enforcing: { required: order.enforcingState !== null, state: order.enforcingState },
      clocks: {
        issuedAt: iso(issue?.at),
        receivedAt: iso(clocks.receivedAt),
        dueAt: iso(clocks.dueAt),
        reviewEndsAt: iso(clocks.review?.endsAt),
        preservationExpiresAt: iso(clocks.preservationExpiresAt),
        exPostValidationDueAt: iso(clocks.exPostValidationDueAt),
      },
      step: ['ISSUE', 'VALIDATE'].includes(action) ? null : { seq: order.version + 1, action, at: at.toISOString(), payload, actor: info(principal.organisationId)! },
      signer: { organisation: signer.organisation, certificateSubject: signer.subject },
    };
  }

}
