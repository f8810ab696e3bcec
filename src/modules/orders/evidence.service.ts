import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../../../libs/domain/errors.js';
import { decide } from '../../../libs/domain/order-lifecycle.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { ApiError, validationError } from '../../common/errors/api-error.js';
import { IdempotencyService } from '../../common/idempotency/idempotency.service.js';
import { AppConfig } from '../../config/app-config.js';
import { BLOB_STORE, BlobTooLargeError, type BlobStore, type StagedBlob, type StoredBlob } from './blob-store.js';
import type { EvidenceDto, EvidenceListDto, RecipientCertificatesDto, StartUploadDto, UploadStatusDto } from './dto/evidence.dto.js';
import { EvidenceUploadEntity } from './entities/evidence-upload.entity.js';
import type { OrderEntity } from './entities/order.entity.js';
import { CertificatesRepository } from '../pki/certificates.repository.js';
import { toPem } from '../../../libs/pki/index.js';
import { EvidenceEntity } from './entities/evidence.entity.js';
import { EvidenceRepository } from './evidence.repository.js';
import { OrdersRepository, type StoredParty } from './orders.repository.js';
import { OrdersService, orderNotFound } from './orders.service.js';

const ENVELOPED_MEDIA_TYPE = 'application/pkcs7-mime; smime-type=enveloped-data';
const isEncrypted = (mediaType: string) => mediaType.startsWith('application/pkcs7-mime');

/** DER of OID 1.2.840.113549.1.7.3 (id-envelopedData). */
const ENVELOPED_DATA_OID = Buffer.from('06092a864886f70d010703', 'hex');

/** Parties that see what was delivered: the provider, the issuing side and the evidence recipient. */
const EVIDENCE_READERS: readonly StoredParty[] = ['ADDRESSEE', 'ISSUING', 'VALIDATING', 'EVIDENCE_RECIPIENT'];

export interface UploadHeaders {
  contentLength?: number;
  contentDisposition?: string;
  contentType?: string;
  reprDigest?: string;
}

/**
 * Evidence a provider delivers (API.md `POST /orders/:id/evidence`): streamed to the blob store
 * while hashed, checked against `Repr-Digest` (RFC 9530), recorded by digest. The minimal
 * version; issue 7 adds resumable uploads, encryption to the recipient and the bundle.
 */
@Injectable()
export class EvidenceService {
  private readonly logger = new Logger('Evidence');
  /** Uploads receiving a chunk in this process: a second chunk at once is refused. */
  private readonly busy = new Set<string>();

  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly orders: OrdersRepository,
    private readonly ordersService: OrdersService,
    private readonly evidence: EvidenceRepository,
    private readonly idempotency: IdempotencyService,
    private readonly certificates: CertificatesRepository,
    private readonly clock: Clock,
  ) {}

  async upload(principal: Principal, orderId: string, body: Readable, headers: UploadHeaders): Promise<EvidenceDto> {
    const filename = filenameOf(headers.contentDisposition);
    const declared = headers.reprDigest !== undefined ? sha256OfReprDigest(headers.reprDigest) : undefined;
    const found = await this.orders.findVisible(principal.organisationId, orderId);
    if (!found) throw orderNotFound(orderId);
    this.assertProducible(principal, found);

    // Two limits: per file, and for all the evidence of the order together.
    const orderRoom = this.config.evidenceMaxOrderBytes - (await this.evidence.totalSize(orderId));
    const limit = Math.min(this.config.evidenceMaxBytes, orderRoom);
    const tooLarge = () =>
      limit === this.config.evidenceMaxBytes
        ? new DomainError('EVIDENCE_TOO_LARGE', `An evidence file may hold at most ${limit} bytes (EVIDENCE_MAX_BYTES).`)
        : new DomainError('EVIDENCE_TOO_LARGE', `This order has room for ${Math.max(0, orderRoom)} more bytes of evidence (EVIDENCE_MAX_ORDER_BYTES ${this.config.evidenceMaxOrderBytes}).`);
    if (headers.contentLength !== undefined && headers.contentLength > limit) throw tooLarge();
    let staged;
    try {
      staged = await this.blobs.stage(body, Math.max(0, limit));
    } catch (error) {
      if (error instanceof BlobTooLargeError) throw tooLarge();
      // The client went away mid-body: its problem, not ours; the partial file is already gone.
      if (isAbort(error)) throw new ApiError('MALFORMED_REQUEST', 'The upload was interrupted before its end; nothing was kept. Send it again.');
      throw error;
    }
    const mediaType = headers.contentType ?? 'application/octet-stream';
    // Checked while staged: a failure discards only these bytes, never a blob already stored.
    await this.checkStaged(staged, mediaType, declared === undefined ? undefined : { sha256: declared, field: 'Repr-Digest' });
    const stored = await this.blobs.commit(staged);
    return this.dataSource.transaction(async (manager) => {
      const dto = await this.record(manager, principal, { id: randomUUID(), orderId, filename, mediaType }, stored);
      await this.idempotency.complete(manager, dto);
      return dto;
    });
  }

  /** A checked, committed blob becomes evidence of the order (one row, inside the caller's transaction). */
  private async record(manager: EntityManager, principal: Principal, file: { id: string; orderId: string; filename: string; mediaType: string }, stored: StoredBlob): Promise<EvidenceDto> {
    const row = await this.evidence.insert(
      Object.assign(new EvidenceEntity(), {
        ...file,
        mediaType: isEncrypted(file.mediaType) ? ENVELOPED_MEDIA_TYPE : file.mediaType,
        size: String(stored.size),
        sha256: stored.sha256,
        storageKey: stored.key,
        uploadedBy: principal.userId,
        productionSeq: null,
        createdAt: this.clock.now(),
      }),
      manager,
    );
    this.logger.log({ msg: 'evidence received', orderId: file.orderId, evidenceId: row.id, size: stored.size, sha256: stored.sha256, by: principal.userId });
    return mapEvidence(row);
  }

  // -------------------------------------------------------------------------------------------
  // Resumable uploads: the file declared first, then `Content-Range` chunks in order, each
  // checked (`Content-Digest`), the whole file checked against its declared SHA-256 at the end.

  async startUpload(principal: Principal, orderId: string, input: StartUploadDto): Promise<UploadStatusDto> {
    const found = await this.orders.findVisible(principal.organisationId, orderId);
    if (!found) throw orderNotFound(orderId);
    this.assertProducible(principal, found);
    const room = Math.min(this.config.evidenceMaxBytes, this.config.evidenceMaxOrderBytes - (await this.evidence.totalSize(orderId)));
    if (input.size > room) throw new DomainError('EVIDENCE_TOO_LARGE', `This file may hold at most ${Math.max(0, room)} bytes (EVIDENCE_MAX_BYTES, EVIDENCE_MAX_ORDER_BYTES).`);
    const upload = Object.assign(new EvidenceUploadEntity(), {
      id: randomUUID(),
      orderId,
      uploadedBy: principal.userId,
      organisationId: principal.organisationId,
      filename: filenameOf(`attachment; filename="${input.filename.replace(/["\\]/g, '')}"`),
      mediaType: input.mediaType ?? 'application/octet-stream',
      size: String(input.size),
      sha256: input.sha256,
      received: '0',
      createdAt: this.clock.now(),
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(EvidenceUploadEntity, upload as never);
      await this.idempotency.complete(manager, uploadStatus(upload));
    });
    return uploadStatus(upload);
  }

  async uploadStatus(principal: Principal, orderId: string, uploadId: string): Promise<UploadStatusDto> {
    return uploadStatus(await this.session(principal, orderId, uploadId));
  }

  /** One chunk; answers the upload's status, or the evidence once the last chunk completed the file. */
  async uploadChunk(principal: Principal, orderId: string, uploadId: string, body: Readable, headers: { contentRange?: string; contentDigest?: string }): Promise<{ done: false; status: UploadStatusDto } | { done: true; evidence: EvidenceDto }> {
    const upload = await this.session(principal, orderId, uploadId);
    const range = parseContentRange(headers.contentRange);
    const received = Number(upload.received);
    if (range.total !== Number(upload.size)) throw validationError([{ field: 'Content-Range', message: `must end with /${upload.size}, the size declared for this upload` }]);
    if (range.start !== received) {
      throw new DomainError('UPLOAD_OFFSET_MISMATCH', `This upload has ${received} bytes; the next chunk must start there (bytes ${received}-…/${upload.size}).`, { received });
    }
    const declared = headers.contentDigest !== undefined ? sha256OfReprDigest(headers.contentDigest, 'Content-Digest') : undefined;
    if (this.busy.has(uploadId)) throw new DomainError('UPLOAD_OFFSET_MISMATCH', 'A chunk of this upload is still arriving; resume from the status once it ends.', { received });
    this.busy.add(uploadId);
    try {
      let chunk;
      try {
        chunk = await this.blobs.appendPart(uploadId, body, range.end - range.start + 1);
      } catch (error) {
        await this.blobs.truncatePart(uploadId, received);
        if (error instanceof BlobTooLargeError) throw validationError([{ field: 'Content-Range', message: 'the body is longer than the range it announces' }]);
        if (isAbort(error)) throw new ApiError('MALFORMED_REQUEST', `The chunk was interrupted; the upload still has ${received} bytes. Send the chunk again.`);
        throw validationError([{ field: 'Content-Range', message: error instanceof Error ? error.message : 'the chunk does not match its range' }]);
      }
      if (declared !== undefined && declared !== chunk.sha256) {
        await this.blobs.truncatePart(uploadId, received);
        throw new DomainError('EVIDENCE_DIGEST_MISMATCH', `The chunk's SHA-256 is ${chunk.sha256}; Content-Digest declared ${declared}. It was not kept; send it again.`, {
          errors: [{ field: 'Content-Digest', message: 'does not match the SHA-256 of the chunk received' }],
        });
      }
      upload.received = String(range.end + 1);
      await this.dataSource.manager.update(EvidenceUploadEntity, { id: uploadId, received: String(received) }, { received: upload.received });
      if (range.end + 1 < Number(upload.size)) return { done: false, status: uploadStatus(upload) };
      return { done: true, evidence: await this.complete(principal, upload) };
    } finally {
      this.busy.delete(uploadId);
    }
  }

  /** The whole file against its declared digest; then it becomes evidence like a one-shot upload. */
  private async complete(principal: Principal, upload: EvidenceUploadEntity): Promise<EvidenceDto> {
    const staged = await this.blobs.stagePart(upload.id);
    try {
      await this.checkStaged(staged, upload.mediaType, { sha256: upload.sha256, field: 'sha256' });
    } catch (error) {
      await this.dataSource.manager.delete(EvidenceUploadEntity, { id: upload.id });
      throw error;
    }
    const stored = await this.blobs.commit(staged);
    return this.dataSource.transaction(async (manager) => {
      const dto = await this.record(manager, principal, { id: upload.id, orderId: upload.orderId, filename: upload.filename, mediaType: upload.mediaType }, stored);
      await manager.delete(EvidenceUploadEntity, { id: upload.id });
      return dto;
    });
  }

  private async session(principal: Principal, orderId: string, uploadId: string): Promise<EvidenceUploadEntity> {
    const found = await this.orders.findVisible(principal.organisationId, orderId);
    if (!found) throw orderNotFound(orderId);
    const upload = await this.dataSource.manager.findOne(EvidenceUploadEntity, { where: { id: uploadId, orderId, organisationId: principal.organisationId } });
    if (!upload) throw new DomainError('EVIDENCE_NOT_FOUND', `Order ${orderId} has no upload ${uploadId} of your organisation in progress.`);
    this.assertProducible(principal, found);
    return upload;
  }

  /** Only while the provider may still produce: the same rule as the production step itself. */
  private assertProducible(principal: Principal, found: { order: OrderEntity; parties: StoredParty[] }): void {
    const decision = decide('PRODUCE', this.ordersService.factsOf(found.order, this.clock.now()), { parties: found.parties, roles: principal.roles, authorityType: principal.authorityType });
    if (!decision.allowed && decision.refusal !== 'REVIEW_PENDING') {
      throw new DomainError(decision.refusal === 'FORBIDDEN' ? 'ORDER_ACTION_FORBIDDEN' : 'ORDER_INVALID_TRANSITION', `Evidence cannot be delivered now: ${decision.message}.`, { state: found.order.status });
    }
  }

  /**
   * The certificates a provider may encrypt evidence to (CMS EnvelopedData): the evidence
   * recipient's own, never a custodial one, whose key the exchange holds.
   */
  async recipientCertificates(principal: Principal, orderId: string): Promise<RecipientCertificatesDto> {
    const found = await this.orders.findVisible(principal.organisationId, orderId);
    if (!found) throw orderNotFound(orderId);
    if (!found.parties.includes('ADDRESSEE')) throw new DomainError('ORDER_ACTION_FORBIDDEN', 'Only the addressee encrypts evidence to the recipient.');
    const recipientId = found.order.evidenceRecipientId ?? found.order.issuingOrganisationId;
    const now = this.clock.now();
    const own = (await this.certificates.listForOrganisation(recipientId)).filter((c) => c.keyId === null && c.revokedAt === null && c.notAfter > now);
    return {
      recipientId,
      items: own.map((c) => ({ serialNumber: c.serialNumber, subject: c.subject, fingerprintSha256: c.fingerprintSha256, notAfter: c.notAfter.toISOString(), certificate: toPem('CERTIFICATE', c.der) })),
    };
  }

  /**
   * What a staged file must be before it becomes evidence: the digest the sender declared, and an
   * EnvelopedData when declared encrypted. A failure discards the staged bytes (and only them).
   */
  private async checkStaged(staged: StagedBlob, mediaType: string, declared?: { sha256: string; field: string }): Promise<void> {
    if (declared && declared.sha256 !== staged.sha256) {
      await this.blobs.discard(staged);
      throw new DomainError('EVIDENCE_DIGEST_MISMATCH', `The SHA-256 of what arrived is ${staged.sha256}; ${declared.field} declared ${declared.sha256}. Nothing was kept.`, {
        errors: [{ field: declared.field, message: 'does not match the SHA-256 of the bytes received' }],
      });
    }
    if (isEncrypted(mediaType) && !(await this.isEnvelopedData(staged))) {
      await this.blobs.discard(staged);
      throw validationError([{ field: 'Content-Type', message: 'application/pkcs7-mime must carry a DER CMS EnvelopedData (openssl cms -encrypt -outform DER)' }]);
    }
  }

  /** The staged bytes start as a DER ContentInfo of type id-envelopedData (1.2.840.113549.1.7.3). */
  private async isEnvelopedData(staged: StagedBlob): Promise<boolean> {
    const stream = this.blobs.openStaged(staged);
    const head: Buffer[] = [];
    let length = 0;
    try {
      for await (const chunk of stream) {
        head.push(chunk as Buffer);
        length += (chunk as Buffer).length;
        if (length >= 32) break;
      }
    } finally {
      stream.destroy();
    }
    const bytes = Buffer.concat(head).subarray(0, 32);
    return bytes[0] === 0x30 && bytes.includes(ENVELOPED_DATA_OID);
  }

  async list(principal: Principal, orderId: string): Promise<EvidenceListDto> {
    const found = await this.orders.findVisible(principal.organisationId, orderId);
    if (!found) throw orderNotFound(orderId);
    if (!found.parties.some((party) => EVIDENCE_READERS.includes(party))) {
      throw new DomainError('ORDER_ACTION_FORBIDDEN', 'Only the provider, the issuing side and the evidence recipient see the evidence of an order.');
    }
    const items = await this.evidence.listForOrder(orderId);
    if (found.parties.includes('ADDRESSEE')) return { items: items.map(mapEvidence) };
    // The issuing side sees what was produced, never a file the provider has not delivered (a
    // review may still forbid it), and nothing once the order is withdrawn (data obtained may not
    // be used: Reg. 2023/1543 Arts 4(5), 12(2)).
    const facts = this.ordersService.factsOf(found.order, this.clock.now());
    const barred = found.order.status === 'WITHDRAWN' || (facts.review?.status === 'GROUNDS_RAISED' && facts.review.groundsInFull);
    return { items: barred ? [] : items.filter((item) => item.productionSeq !== null).map(mapEvidence) };
  }
}

function mapEvidence(row: EvidenceEntity): EvidenceDto {
  return {
    id: row.id,
    filename: row.filename,
    mediaType: row.mediaType,
    size: Number(row.size),
    sha256: row.sha256,
    productionSeq: row.productionSeq,
    createdAt: row.createdAt.toISOString(),
  };
}

/** `attachment; filename="mailbox.mbox"` (or RFC 6266 `filename*=UTF-8''...`) → a safe base name. */
export function filenameOf(header: string | undefined): string {
  if (!header) return 'evidence.bin';
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  const plain = /filename\s*=\s*"((?:[^"\\]|\\.)*)"|filename\s*=\s*([^;\s]+)/i.exec(header);
  let name: string | undefined;
  try {
    name = extended ? decodeURIComponent(extended[1]) : (plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]);
  } catch {
    throw validationError([{ field: 'Content-Disposition', message: 'has a filename that is not valid percent-encoded UTF-8' }]);
  }
  // Never a path: the last segment, without control characters.
  // Control and format characters (bidi overrides can disguise "exe.pdf" as "fdp.exe") go too.
  const base = (name ?? '').split(/[\\/]/).pop()?.replace(/[\p{Cc}\p{Cf}]/gu, '').trim() ?? '';
  if (!base || base === '.' || base === '..') throw validationError([{ field: 'Content-Disposition', message: 'must name the file: attachment; filename="..."' }]);
  return base.slice(0, 255);
}

/** RFC 9530 `Repr-Digest: sha-256=:<base64>:` → hex; other algorithms are not accepted. */
export function sha256OfReprDigest(header: string, field = 'Repr-Digest'): string {
  const match = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/]{43}=):\s*(?:,|$)/.exec(header);
  if (!match) throw validationError([{ field, message: 'must carry sha-256=:<base64 of 32 bytes>: (RFC 9530)' }]);
  return Buffer.from(match[1], 'base64').toString('hex');
}

function isAbort(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error instanceof Error && error.message === 'aborted');
}

/** `Content-Range: bytes 0-1048575/5000000` → the inclusive range and the total. */
export function parseContentRange(header: string | undefined): { start: number; end: number; total: number } {
  const match = header ? /^bytes (\d{1,15})-(\d{1,15})\/(\d{1,15})$/.exec(header.trim()) : null;
  const [start, end, total] = match ? match.slice(1).map(Number) : [NaN, NaN, NaN];
  if (!match || end < start || end >= total) throw validationError([{ field: 'Content-Range', message: 'must be bytes <first>-<last>/<size>, e.g. bytes 0-1048575/5000000' }]);
  return { start, end, total };
}

function uploadStatus(upload: EvidenceUploadEntity): UploadStatusDto {
  return { id: upload.id, filename: upload.filename, size: Number(upload.size), received: Number(upload.received), sha256: upload.sha256 };
}
