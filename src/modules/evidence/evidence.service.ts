import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../../libs/domain/errors.js';
import { encryptsEvidence, evidenceView } from '../../../libs/domain/order-access.js';
import { factsOf } from '../../../libs/domain/order-facts.js';
import { decide } from '../../../libs/domain/order-lifecycle.js';
import { toPem } from '../../../libs/pki/index.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { ApiError, validationError } from '../../common/errors/api-error.js';
import type { IdempotencyClaim } from '../../common/idempotency/idempotency-claim.js';
import { AppConfig } from '../../config/app-config.js';
import { stateOf } from '../orders/orders.mapper.js';
import type { VisibleOrder } from '../orders/orders.repository.js';
import { OrdersService } from '../orders/orders.service.js';
import { CertificatesRepository } from '../pki/certificates.repository.js';
import { BLOB_STORE, BlobTooLargeError, type BlobStore, type StagedBlob, type StoredBlob } from '../storage/blob-store.js';
import { StorageService } from '../storage/storage.service.js';
import type { EvidenceDto, EvidenceListDto, RecipientCertificatesDto, StartUploadDto, UploadStatusDto } from './dto/evidence.dto.js';
import { EvidenceUploadEntity } from './entities/evidence-upload.entity.js';
import { EvidenceEntity } from './entities/evidence.entity.js';
import { EvidenceRepository, CHUNK_CLAIM_MS, RESERVATION_LEASE_MS } from './evidence.repository.js';

const ENVELOPED_MEDIA_TYPE = 'application/pkcs7-mime; smime-type=enveloped-data';
const isEncrypted = (mediaType: string) => mediaType.startsWith('application/pkcs7-mime');

/** DER of OID 1.2.840.113549.1.7.3 (id-envelopedData). */
const ENVELOPED_DATA_OID = Buffer.from('06092a864886f70d010703', 'hex');

export interface UploadHeaders {
  contentLength?: number;
  contentDisposition?: string;
  contentType?: string;
  reprDigest?: string;
}

/**
 * Evidence a provider delivers: streamed to the blob store while hashed, checked against
 * `Repr-Digest` (RFC 9530), recorded by digest. Before a byte is read, the room it may take is
 * reserved under the order's lock, so concurrent uploads never exceed EVIDENCE_MAX_ORDER_BYTES
 * together. Resumable uploads declare the file, then send `Content-Range` chunks in order.
 */
@Injectable()
export class EvidenceService {
  private readonly logger = new Logger('Evidence');
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly storage: StorageService,
    private readonly orders: OrdersService,
    private readonly evidence: EvidenceRepository,
    private readonly certificates: CertificatesRepository,
    private readonly clock: Clock,
  ) {}

  async upload(principal: Principal, orderId: string, body: Readable, headers: UploadHeaders, claim?: IdempotencyClaim): Promise<EvidenceDto> {
    const filename = filenameOf(headers.contentDisposition);
    const declared = headers.reprDigest !== undefined ? sha256OfReprDigest(headers.reprDigest) : undefined;
    this.assertProducible(principal, await this.orders.visible(principal, orderId));

    // The room this file takes, reserved before streaming: its length when announced, else what a file may hold.
    const reservation = await this.evidence.reserve(orderId, principal, headers.contentLength, this.config.evidenceMaxBytes, this.config.evidenceMaxOrderBytes, this.clock.now());
    if ('refused' in reservation) throw tooLarge(reservation.refused, this.config);
    const renewal = setInterval(() => void this.evidence.renewReservation(reservation.id, this.clock.now()).catch(() => undefined), RESERVATION_LEASE_MS / 3);
    renewal.unref();
    let staged: StagedBlob | undefined;
    try {
      try {
        staged = await this.blobs.stage(body, reservation.bytes);
      } catch (error) {
        if (error instanceof BlobTooLargeError) throw tooLarge({ bytes: reservation.bytes, perFile: reservation.bytes === this.config.evidenceMaxBytes }, this.config);
        // The client went away mid-body: its problem, not ours; the partial file is already gone.
        if (isAbort(error)) throw new ApiError('UPLOAD_INTERRUPTED', 'The upload was interrupted before its end; nothing was kept. Send it again (with the same Idempotency-Key, if you used one).');
        throw error;
      }
      const mediaType = headers.contentType ?? 'application/octet-stream';
      // Checked while staged: a failure discards only these bytes, never a blob already stored.
      await this.checkStaged(staged, mediaType, declared === undefined ? undefined : { sha256: declared, field: 'Repr-Digest' });
      const checked = staged;
      return await this.evidence.transaction(async (manager) => {
        await this.evidence.release(manager, reservation.id);
        const dto = await this.record(manager, principal, { id: randomUUID(), orderId, filename, mediaType }, checked);
        await claim?.complete(manager, dto);
        return dto;
      });
    } catch (error) {
      if (staged) await this.blobs.discard(staged).catch(() => undefined);
      await this.evidence.releaseNow(reservation.id).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(renewal);
    }
  }

  /**
   * A checked, staged blob becomes evidence of the order: its row and its adoption in the caller's
   * transaction, then the bytes at their address, last.
   */
  private async record(manager: EntityManager, principal: Principal, file: { id: string; orderId: string; filename: string; mediaType: string }, staged: StagedBlob): Promise<EvidenceDto> {
    const stored: StoredBlob = { key: staged.sha256, sha256: staged.sha256, size: staged.size };
    const row = await this.evidence.insert(
      manager,
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
    );
    await this.storage.adopt(manager, [stored]);
    await this.blobs.commit(staged);
    this.logger.log({ msg: 'evidence received', orderId: file.orderId, evidenceId: row.id, size: stored.size, sha256: stored.sha256, by: principal.userId });
    return mapEvidence(row);
  }

  // -------------------------------------------------------------------------------------------
  // Resumable uploads: the file declared first (its size reserved), then `Content-Range` chunks in
  // order, each checked (`Content-Digest`), the whole file checked against its declared SHA-256.

  async startUpload(principal: Principal, orderId: string, input: StartUploadDto, claim?: IdempotencyClaim): Promise<UploadStatusDto> {
    this.assertProducible(principal, await this.orders.visible(principal, orderId));
    if (input.size > this.config.evidenceMaxBytes) throw tooLarge({ bytes: this.config.evidenceMaxBytes, perFile: true }, this.config);
    const upload = Object.assign(new EvidenceUploadEntity(), {
      id: randomUUID(),
      orderId,
      uploadedBy: principal.userId,
      organisationId: principal.organisationId,
      kind: 'RESUMABLE',
      filename: filenameOf(`attachment; filename="${input.filename.replace(/["\\]/g, '')}"`),
      mediaType: input.mediaType ?? 'application/octet-stream',
      size: String(input.size),
      sha256: input.sha256,
      received: '0',
      leaseUntil: null,
      createdAt: this.clock.now(),
    } satisfies Partial<EvidenceUploadEntity>);
    const status = uploadStatus(upload);
    const refused = await this.evidence.transaction(async (manager) => {
      const room = await this.evidence.roomUnderLock(manager, orderId, this.config.evidenceMaxOrderBytes, this.clock.now());
      if (input.size > room) return room;
      await manager.insert(EvidenceUploadEntity, upload as never);
      await claim?.complete(manager, status);
      return null;
    });
    if (refused !== null) throw tooLarge({ bytes: Math.max(0, refused), perFile: false }, this.config);
    return status;
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
    // The claim lives in the upload's row, so a second chunk at once is refused whichever instance it reaches.
    if (!(await this.evidence.claimChunk(uploadId, received, this.clock.now()))) {
      throw new DomainError('UPLOAD_OFFSET_MISMATCH', 'A chunk of this upload is still arriving; resume from the status once it ends.', { received });
    }
    const renewal = setInterval(() => void this.evidence.renewChunkClaim(uploadId, this.clock.now()).catch(() => undefined), CHUNK_CLAIM_MS / 3);
    renewal.unref();
    let advanced = false;
    try {
      let chunk;
      try {
        chunk = await this.blobs.appendPart(uploadId, received, body, range.end - range.start + 1);
      } catch (error) {
        await this.blobs.truncatePart(uploadId, received);
        if (error instanceof BlobTooLargeError) throw validationError([{ field: 'Content-Range', message: 'the body is longer than the range it announces' }]);
        if (isAbort(error)) throw new ApiError('UPLOAD_INTERRUPTED', `The chunk was interrupted; the upload still has ${received} bytes. Send the chunk again.`);
        throw validationError([{ field: 'Content-Range', message: error instanceof Error ? error.message : 'the chunk does not match its range' }]);
      }
      if (declared !== undefined && declared !== chunk.sha256) {
        await this.blobs.truncatePart(uploadId, received);
        throw new DomainError('EVIDENCE_DIGEST_MISMATCH', `The chunk's SHA-256 is ${chunk.sha256}; Content-Digest declared ${declared}. It was not kept; send it again.`, {
          errors: [{ field: 'Content-Digest', message: 'does not match the SHA-256 of the chunk received' }],
        });
      }
      if (range.end + 1 < Number(upload.size)) {
        await this.evidence.advanceUpload(uploadId, received, range.end + 1);
        advanced = true;
        upload.received = String(range.end + 1);
        return { done: false, status: uploadStatus(upload) };
      }
      // The last chunk: the upload becomes evidence (and its row goes) in one transaction, so a
      // crash before then leaves it resumable at the last chunk's start, never stuck complete.
      const evidence = await this.complete(principal, upload);
      advanced = true;
      return { done: true, evidence };
    } finally {
      clearInterval(renewal);
      if (!advanced) await this.evidence.releaseChunkClaim(uploadId).catch(() => undefined);
    }
  }

  /** The whole file against its declared digest; then it becomes evidence like a one-shot upload. */
  private async complete(principal: Principal, upload: EvidenceUploadEntity): Promise<EvidenceDto> {
    const staged = await this.blobs.stagePart(upload.id);
    try {
      await this.checkStaged(staged, upload.mediaType, { sha256: upload.sha256, field: 'sha256' });
    } catch (error) {
      // A file that does not match its declaration cannot be resumed: the upload ends here.
      await this.blobs.discard(staged).catch(() => undefined);
      await this.evidence.releaseNow(upload.id).catch(() => undefined);
      await this.blobs.removePart(upload.id).catch(() => undefined);
      throw error;
    }
    let evidence: EvidenceDto;
    try {
      evidence = await this.evidence.transaction(async (manager) => {
        await this.evidence.release(manager, upload.id);
        return this.record(manager, principal, { id: upload.id, orderId: upload.orderId, filename: upload.filename, mediaType: upload.mediaType }, staged);
      });
    } catch (error) {
      // Not the file's fault (the database, the store): the upload stays, the last chunk may come again.
      await this.blobs.discard(staged).catch(() => undefined);
      throw error;
    }
    // Left behind if this fails: the sweeper takes parts whose upload is gone.
    await this.blobs.removePart(upload.id).catch(() => undefined);
    return evidence;
  }

  private async session(principal: Principal, orderId: string, uploadId: string): Promise<EvidenceUploadEntity> {
    const found = await this.orders.visible(principal, orderId);
    const upload = await this.evidence.findUpload(uploadId, orderId, principal.organisationId);
    if (!upload) throw new DomainError('EVIDENCE_NOT_FOUND', `Order ${orderId} has no upload ${uploadId} of your organisation in progress.`);
    this.assertProducible(principal, found);
    return upload;
  }

  /**
   * Evidence comes only while the provider may still produce: the same rule as the production step
   * itself, except that a pending review (which suspends production) does not stop the upload.
   */
  private assertProducible(principal: Principal, { order, parties }: VisibleOrder): void {
    const decision = decide('PRODUCE', factsOf(stateOf(order), this.clock.now()), { parties, roles: principal.roles, authorityType: principal.authorityType });
    if (!decision.allowed && decision.refusal !== 'REVIEW_PENDING') {
      throw new DomainError(decision.refusal === 'FORBIDDEN' ? 'ORDER_ACTION_FORBIDDEN' : 'ORDER_INVALID_TRANSITION', `Evidence cannot be delivered now: ${decision.message}.`, { state: order.status });
    }
  }

  /**
   * The certificates a provider may encrypt evidence to (CMS EnvelopedData): the evidence
   * recipient's own, never a custodial one, whose key the exchange holds.
   */
  async recipientCertificates(principal: Principal, orderId: string): Promise<RecipientCertificatesDto> {
    const { order, parties } = await this.orders.visible(principal, orderId);
    if (!encryptsEvidence(parties)) throw new DomainError('ORDER_ACTION_FORBIDDEN', 'Only the addressee encrypts evidence to the recipient.');
    const recipientId = order.evidenceRecipientId ?? order.issuingOrganisationId;
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
    const { order, parties } = await this.orders.visible(principal, orderId);
    const view = evidenceView(parties, factsOf(stateOf(order), this.clock.now()));
    if (view === 'FORBIDDEN') throw new DomainError('ORDER_ACTION_FORBIDDEN', 'Only the provider, the issuing side and the evidence recipient see the evidence of an order.');
    if (view === 'NONE') return { items: [] };
    const items = await this.evidence.listAsParty(principal.organisationId, orderId);
    // The issuing side sees what a production delivered, never a file the provider has not (a review may still forbid it).
    return { items: (view === 'ALL' ? items : items.filter((item) => item.productionSeq !== null)).map(mapEvidence) };
  }
}

function tooLarge(refused: { bytes: number; perFile: boolean }, config: AppConfig): DomainError {
  return refused.perFile
    ? new DomainError('EVIDENCE_TOO_LARGE', `An evidence file may hold at most ${config.evidenceMaxBytes} bytes (EVIDENCE_MAX_BYTES).`)
    : new DomainError('EVIDENCE_TOO_LARGE', `This order has room for ${Math.max(0, refused.bytes)} more bytes of evidence (EVIDENCE_MAX_ORDER_BYTES ${config.evidenceMaxOrderBytes}), counting uploads in progress.`);
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
