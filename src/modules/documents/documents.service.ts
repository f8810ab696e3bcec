import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, type Repository } from 'typeorm';
import { DomainError } from '../../../libs/domain/errors.js';
import { readsDocument } from '../../../libs/domain/order-access.js';
import { isReceipt } from '../../../libs/domain/order-clocks.js';
import type { DocumentToMake } from '../../../libs/domain/order-documents.js';
import { clocksOf } from '../../../libs/domain/order-facts.js';
import { HOPS, type OrderAction, type OrderStatus } from '../../../libs/domain/order-lifecycle.js';
import type { HistoryStep } from '../../../libs/domain/order-facts.js';
import { DOCUMENT_LANGUAGES, signPdf, type DocumentForm, type DocumentModel, type PartyInfo } from '../../../libs/pdf/index.js';
import type { HopInfo, Person } from '../../../libs/pdf/model.js';
import type { CadesSigner } from '../../../libs/pki/index.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { validationError } from '../../common/errors/api-error.js';
import type { CombinedStatement } from '../../database/combined-statement.js';
import { anyOf } from '../../database/prepared-statements.js';
import { readAsParty } from '../../database/row-level-security.js';
import { OrganisationEntity } from '../identity/entities/organisation.entity.js';
import { UserEntity } from '../identity/entities/user.entity.js';
import { StepSigningService } from '../ledger/step-signing.service.js';
import type { OrderEntity } from '../orders/entities/order.entity.js';
import { stateOf } from '../orders/orders.mapper.js';
import { OrdersService } from '../orders/orders.service.js';
import { ExchangePkiService, EXCHANGE_NAME } from '../pki/exchange-pki.service.js';
import { BLOB_STORE, type BlobStore, type StagedBlob } from '../storage/blob-store.js';
import { StorageService } from '../storage/storage.service.js';
import type { DocumentListDto } from './dto/document.dto.js';
import { OrderDocumentEntity, type Rendition } from './entities/order-document.entity.js';
import { PdfRenderer } from './pdf-renderer.js';

/** A document rendered and signed for a step, its bytes staged: committed with the step or discarded. */
export interface PreparedDocument {
  id: string;
  form: DocumentForm;
  audience: DocumentToMake['audience'];
  signerFingerprintSha256: string;
  language: string;
  /** The embedded order.json (RFC 8785) and its SHA-256: every later translation embeds the same bytes. */
  model: Buffer;
  jsonSha256: string;
  staged: StagedBlob;
  createdAt: Date;
}

/** How a step's record names the documents it made. */
export interface RecordedDocument {
  id: string;
  form: DocumentForm;
  audience: DocumentToMake['audience'];
  signerFingerprintSha256: string;
  jsonSha256: string;
  renditions: { language: string; sha256: string; jsonSha256: string }[];
}

/** The step a document is made for, as it will be recorded. */
export interface DocumentStep {
  action: OrderAction;
  seq: number;
  at: Date;
  fromStatus: OrderStatus;
  toStatus: OrderStatus;
  payload: Record<string, unknown>;
  /** ISSUE by police in an emergency: the ex-post validation clock the form states starts with it. */
  withoutPriorValidation: boolean;
  /** The authority that validates with this step (VALIDATE), or the order's validator. */
  validatingOrganisationId: string | null;
}

/**
 * The legally formatted documents of orders (libs/pdf). A step that makes a form renders it in the
 * order's language in the worker pool and signs it by the acting organisation's custodial key (the
 * exchange's seal for an organisation that keeps its own key); its bytes are staged, and committed
 * with the step or discarded with it. Other languages are made when first asked for, from the
 * same model, and sealed by the exchange as translations: each embeds the order.json whose digest
 * the step recorded.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('Documents');

  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(OrganisationEntity) private readonly organisations: Repository<OrganisationEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly storage: StorageService,
    private readonly orders: OrdersService,
    private readonly signing: StepSigningService,
    private readonly exchangePki: ExchangePkiService,
    private readonly renderer: PdfRenderer,
    private readonly clock: Clock,
  ) {}

  /** Renders, signs and stages the documents a step makes, before its transaction. */
  async prepare(principal: Principal, order: OrderEntity, step: DocumentStep, documents: readonly DocumentToMake[]): Promise<PreparedDocument[]> {
    if (documents.length === 0) return [];
    const signer = await this.pdfSigner(principal);
    const base = await this.model(order, principal, step, { ...signer, person: { name: principal.name, function: null } });
    const language = order.content.language ?? 'en';
    const prepared: PreparedDocument[] = [];
    try {
      for (const { form, audience } of documents) {
        const model: DocumentModel = {
          ...base,
          form,
          audience,
          // Section M for the enforcing authority; the same facts in a letter to the authorities of the route.
          sectionM: audience !== 'ADDRESSEE' ? { caseSummary: order.sectionM?.caseSummary ?? null, necessityGrounds: order.sectionM?.necessityGrounds ?? null } : null,
        };
        const rendered = await this.renderer.render({ model, language, signingTime: step.at.toISOString() });
        const pdf = await signPdf(rendered.pdf, signer.cades, this.exchangePki.tsa());
        const staged = await this.blobs.stage(pdf, Number.MAX_SAFE_INTEGER);
        prepared.push({ id: randomUUID(), form, audience, signerFingerprintSha256: signer.cades.certificate.fingerprintSha256, language, model: rendered.json, jsonSha256: rendered.jsonSha256, staged, createdAt: step.at });
      }
    } catch (error) {
      await this.discard(prepared);
      throw error;
    }
    return prepared;
  }

  /** What the step's record says of its documents (sealed into the step before its transaction). */
  recordOf(prepared: readonly PreparedDocument[]): RecordedDocument[] {
    return prepared.map((document) => ({
      id: document.id,
      form: document.form,
      audience: document.audience,
      signerFingerprintSha256: document.signerFingerprintSha256,
      jsonSha256: document.jsonSha256,
      renditions: [{ language: document.language, sha256: document.staged.sha256, jsonSha256: document.jsonSha256 }],
    }));
  }

  /**
   * The rows and the blobs they adopt, as parts of the step's statement; once it ran, `commit`
   * moves the bytes to their address.
   */
  saveIn(statement: CombinedStatement, orderId: string, seq: number, prepared: readonly PreparedDocument[]): void {
    for (const document of prepared) {
      const rendition: Rendition = { language: document.language, sha256: document.staged.sha256, size: document.staged.size, jsonSha256: document.jsonSha256, sealedBy: 'SIGNER' };
      const values = [
        document.id,
        orderId,
        seq,
        document.form,
        document.audience,
        document.signerFingerprintSha256,
        document.language,
        document.jsonSha256,
        document.model,
        // jsonb from its JSON text: node-postgres would send an array as a PostgreSQL array.
        JSON.stringify([rendition]),
        document.createdAt,
      ].map((value) => statement.bind(value));
      statement.with(
        `INSERT INTO order_documents (id, order_id, step_seq, form, audience, signer_fingerprint_sha256, language, json_sha256, model, renditions, created_at)
         VALUES (${values.join(', ')})`,
      );
    }
    this.storage.adoptIn(
      statement,
      prepared.map((document) => document.staged),
    );
  }

  /**
   * Inside the step's transaction, after its statement and last of all: the bytes go to their
   * address, so nothing before can fail with them there; a failed COMMIT leaves them unadopted for
   * the sweeper.
   */
  async commit(prepared: readonly PreparedDocument[]): Promise<void> {
    for (const document of prepared) await this.blobs.commit(document.staged);
  }

  /** A refused or conflicting step: its staged documents go. */
  async discard(prepared: readonly PreparedDocument[]): Promise<void> {
    await Promise.all(prepared.map((document) => this.blobs.discard(document.staged).catch(() => undefined)));
  }

  async list(principal: Principal, orderId: string): Promise<DocumentListDto> {
    const { order, parties } = await this.orders.visible(principal, orderId);
    const rows = await readAsParty(this.dataSource, principal.organisationId, (reader) =>
      reader.find(OrderDocumentEntity, { where: { orderId }, order: { stepSeq: 'ASC', audience: 'ASC', form: 'ASC' } }),
    );
    return {
      items: rows
        .filter((row) => readsDocument(row.audience, parties))
        .map((row) => {
          const original = originalOf(row, order.content.language);
          return {
            id: row.id,
            form: row.form,
            audience: row.audience,
            stepSeq: row.stepSeq,
            language: original.language,
            languages: row.model ? [...DOCUMENT_LANGUAGES] : row.renditions.map((r) => r.language),
            sha256: original.sha256,
            jsonSha256: row.jsonSha256 ?? original.jsonSha256,
            renditions: row.renditions.map(({ language, sha256, size, jsonSha256 }) => ({ language, sha256, size, jsonSha256 })),
            createdAt: row.createdAt.toISOString(),
          };
        }),
    };
  }

  /** The signed PDF in `language` (the original's by default), translated and sealed when first asked for. */
  async open(principal: Principal, orderId: string, documentId: string, language?: string): Promise<{ stream: Readable; filename: string; size: number; sha256: string }> {
    const { order, parties } = await this.orders.visible(principal, orderId);
    const row = await readAsParty(this.dataSource, principal.organisationId, (reader) => reader.findOne(OrderDocumentEntity, { where: { id: documentId, orderId } }));
    if (!row || !readsDocument(row.audience, parties)) {
      throw new DomainError('DOCUMENT_NOT_FOUND', `Order ${orderId} has no document ${documentId} visible to your organisation.`);
    }
    const available = row.model ? DOCUMENT_LANGUAGES : row.renditions.map((r) => r.language);
    if (language !== undefined && !available.includes(language)) throw validationError([{ field: 'lang', message: `must be one of ${available.join(', ')}` }]);
    const rendition = language === undefined ? originalOf(row, order.content.language) : (row.renditions.find((r) => r.language === language) ?? (await this.translate(row, language)));
    const copy = row.audience === 'ENFORCING_AUTHORITY' ? '-enforcing-authority' : '';
    return { stream: this.blobs.open(rendition.sha256), filename: `${order.reference}-${row.form}${copy}-${rendition.language}.pdf`, size: rendition.size, sha256: rendition.sha256 };
  }

  /**
   * Makes the document in another language from its stored model, sealed by the exchange, and
   * keeps it: the first request waits for the rendering, later ones read it.
   */
  private async translate(row: OrderDocumentEntity, language: string): Promise<Rendition> {
    const original = originalOf(row, row.language ?? undefined);
    const model = JSON.parse(row.model!.toString('utf8')) as DocumentModel;
    const seal = this.exchangePki.seal();
    const rendered = await this.renderer.render({
      model,
      language,
      signingTime: this.clock.now().toISOString(),
      translation: { signer: { organisation: EXCHANGE_NAME, certificateSubject: seal.certificate.subject }, originalLanguage: original.language, originalSignedAt: row.createdAt.toISOString() },
    });
    if (rendered.jsonSha256 !== row.jsonSha256) throw new Error(`document ${row.id}: the translation does not embed the recorded order.json`);
    const pdf = await signPdf(rendered.pdf, seal, this.exchangePki.tsa());
    const staged = await this.blobs.stage(pdf, Number.MAX_SAFE_INTEGER);
    const made: Rendition = { language, sha256: staged.sha256, size: staged.size, jsonSha256: rendered.jsonSha256, sealedBy: 'EXCHANGE' };
    try {
      return await this.dataSource.transaction(async (manager) => {
        const locked = await manager.findOne(OrderDocumentEntity, { where: { id: row.id }, lock: { mode: 'pessimistic_write' } });
        // Another request made it meanwhile: keep the first.
        const existing = locked?.renditions.find((r) => r.language === language);
        if (existing) {
          await this.blobs.discard(staged);
          return existing;
        }
        await manager.update(OrderDocumentEntity, { id: row.id }, { renditions: [...(locked?.renditions ?? row.renditions), made] } as never);
        await this.storage.adopt(manager, [staged]);
        await this.blobs.commit(staged);
        this.logger.log({ msg: 'document translated', documentId: row.id, language });
        return made;
      });
    } catch (error) {
      await this.blobs.discard(staged).catch(() => undefined);
      throw error;
    }
  }

  /** The acting organisation's custodial key; the exchange's seal for an organisation that keeps its own. */
  private async pdfSigner(principal: Principal): Promise<{ cades: CadesSigner; organisation: string; subject: string }> {
    const custodial = await this.signing.custodialSigner(principal);
    if (custodial) return { cades: custodial, organisation: principal.organisationName, subject: custodial.certificate.subject };
    const seal = this.exchangePki.seal();
    return { cades: seal, organisation: `${EXCHANGE_NAME}, for ${principal.organisationName}`, subject: seal.certificate.subject };
  }

  /**
   * The document model: the order, its route and the step, as stored (never retyped), with the
   * names, contacts and people the form prints beside the ids order.json keeps.
   */
  private async model(order: OrderEntity, principal: Principal, step: DocumentStep, signer: { organisation: string; subject: string; person: Person }): Promise<Omit<DocumentModel, 'form' | 'audience' | 'sectionM'>> {
    const validatingId = step.validatingOrganisationId;
    // The order's history with this step in it, each step with who took it.
    const current: HistoryStep = { action: step.action, at: step.at.toISOString(), fromStatus: step.fromStatus, toStatus: step.toStatus, payload: { ...step.payload, withoutPriorValidation: step.withoutPriorValidation }, actor: { userId: principal.userId, organisationId: principal.organisationId } };
    const history = [...order.history, current];
    const selected = order.routing.selected!;
    const hops = selected.hops ?? [];
    // Who took each hop: the authority that acted, or the one the route named.
    const hopActors = hops.map((hop) => history.find((entry) => entry.fromStatus === HOPS[hop.kind].status && entry.toStatus !== entry.fromStatus)?.actor ?? null);
    const hopOrganisations = hops.map((hop, index) => hopActors[index]?.organisationId ?? hop.authorities?.[0]?.organisationId ?? null);
    // A removal order's copy to the competent authority of the host State (Reg. 2021/784 Art 4), recorded at receipt.
    const scrutinyIds = Array.isArray(step.payload.scrutinyAuthorities) ? step.payload.scrutinyAuthorities.filter((id): id is string => typeof id === 'string') : [];
    const ids = [order.issuingOrganisationId, order.providerId, order.evidenceRecipientId ?? order.issuingOrganisationId, validatingId, principal.organisationId, ...hopOrganisations, ...scrutinyIds].filter((id): id is string => !!id);
    // The people the form names: who issued (or applied), who validated, who took each hop.
    const issued = history.find((entry) => entry.action === 'ISSUE');
    const validated = [...history].reverse().find((entry) => entry.action === 'VALIDATE' && entry.actor?.organisationId === validatingId);
    const issuerPerson = issued?.actor?.userId ?? order.createdBy;
    const personIds = [issuerPerson, validated?.actor?.userId, ...hopActors.map((actor) => actor?.userId)].filter((id): id is string => !!id);
    // One query each for every organisation and person the document names.
    const [organisationRows, userRows] = await Promise.all([
      this.organisations.find({ where: { id: anyOf(ids) } }),
      this.users.find({ where: { id: anyOf([...personIds, principal.userId]) }, select: { id: true, name: true, function: true } }),
    ]);
    const organisations = new Map(organisationRows.map((organisation) => [organisation.id, organisation]));
    const people = new Map(userRows.map((user) => [user.id, { name: user.name, function: user.function ?? null }]));
    const info = (id: string | null | undefined, representative?: string | null): PartyInfo | null => {
      const organisation = id ? organisations.get(id) : undefined;
      if (!organisation) return null;
      return {
        id: organisation.id,
        name: organisation.name,
        country: organisation.country,
        authorityType: organisation.authorityType,
        contact: organisation.kind === 'AUTHORITY' ? { email: organisation.contactEmail, phone: organisation.contactPhone, address: organisation.contactAddress } : null,
        representative: representative ? (people.get(representative) ?? null) : null,
      };
    };
    // The clocks as they stand once this step is taken.
    const clocks = clocksOf({ ...stateOf(order), status: step.toStatus, history }, step.at);
    // Made: issued, or validated from a pending validation; received: the step that put it in the provider's inbox.
    const made = history.find((entry) => entry.action === 'ISSUE' || (entry.action === 'VALIDATE' && entry.fromStatus === 'PENDING_VALIDATION'));
    const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
    const content = order.content;
    const provider = info(order.providerId)!;
    const place = selected.provider ?? selected.addressee;
    const hopInfo: HopInfo[] = hops.flatMap((hop, index) => {
      const authority = info(hopOrganisations[index], hopActors[index]?.userId);
      const acted = history.find((entry) => entry.fromStatus === HOPS[hop.kind].status && entry.toStatus !== entry.fromStatus);
      return authority ? [{ kind: hop.kind, authority, actedAt: acted?.at ?? null }] : [];
    });
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
        // A removal order names no offence: the reasons of Reg. 2021/784 Art 2(7) take its place.
        offence: content.offence ?? { description: '', legalProvisions: '', maxSentenceMonths: 0 },
        emergency: content.emergency ?? null,
        targetIsUsPerson: content.targetIsUsPerson ?? null,
        targetLocation: content.targetLocation ?? null,
        language: content.language ?? 'en',
        removal: content.removal ?? null,
      },
      route: {
        instrument: selected.instrument,
        name: selected.name,
        legalBasis: selected.legalBasis,
        catalogueVersion: order.routing.catalogueVersion,
        transmission: selected.transmission,
        certifiedBy: selected.approvals.certifiedBy,
      },
      issuingAuthority: info(order.issuingOrganisationId, issuerPerson)!,
      validatingAuthority: info(validatingId, validated?.actor?.userId),
      evidenceRecipient: info(order.evidenceRecipientId ?? order.issuingOrganisationId)!,
      addressee: { ...provider, establishmentCountry: place.country, role: place.role, languages: place.languages },
      hops: hopInfo,
      enforcing: { required: order.enforcingState !== null, state: order.enforcingState },
      scrutiny: selected.scrutiny ? { state: selected.scrutiny.state, authorities: scrutinyIds.map((id) => info(id)).filter((entry): entry is PartyInfo => entry !== null) } : null,
      clocks: {
        issuedAt: made?.at ?? null,
        receivedAt: iso(clocks.receivedAt),
        dueAt: iso(clocks.dueAt),
        reviewEndsAt: iso(clocks.review?.endsAt),
        preservationExpiresAt: iso(clocks.preservationExpiresAt),
        exPostValidationDueAt: iso(clocks.exPostValidationDueAt),
      },
      step: isReceipt(step) || made === current ? null : { seq: step.seq, action: step.action, at: step.at.toISOString(), payload: step.payload, actor: info(principal.organisationId)! },
      signer: { organisation: signer.organisation, certificateSubject: signer.subject, person: people.get(principal.userId) ?? signer.person },
    };
  }
}

/** The rendition made with the step (its signer's), or for older rows the order's language. */
function originalOf(row: OrderDocumentEntity, language: string | undefined): Rendition {
  return row.renditions.find((r) => r.sealedBy === 'SIGNER') ?? row.renditions.find((r) => r.language === language) ?? row.renditions[0];
}
