import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { Principal } from '../../common/auth/principal.js';
import { readAsParty } from '../../database/row-level-security.js';
import { EvidenceUploadEntity } from './entities/evidence-upload.entity.js';
import { EvidenceEntity } from './entities/evidence.entity.js';

/**
 * A one-shot upload's reservation lives this long unless renewed while its bytes arrive; a crashed
 * upload's room comes back by itself.
 */
export const RESERVATION_LEASE_MS = 5 * 60 * 1000;

/**
 * How long a chunk's claim lasts without news: the request renews it while bytes arrive, so only
 * an instance that died mid-chunk leaves it to run out.
 */
export const CHUNK_CLAIM_MS = 60 * 1000;

export type Reservation = { id: string; bytes: number } | { refused: { bytes: number; perFile: boolean } };

/** How a production manifest names a file. */
export interface ManifestEntry {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
}

@Injectable()
export class EvidenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insert(manager: EntityManager, evidence: EvidenceEntity): Promise<EvidenceEntity> {
    await manager.insert(EvidenceEntity, evidence as QueryDeepPartialEntity<EvidenceEntity>);
    return evidence;
  }

  /**
   * Room left for evidence on the order, under the order's row lock, so that two uploads starting
   * at once see each other's reservation: the evidence delivered, resumable uploads in progress
   * (their declared size) and one-shot uploads streaming (their live reservations).
   */
  async roomUnderLock(manager: EntityManager, orderId: string, maxOrderBytes: number, now: Date): Promise<number> {
    await manager.query('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
    const [row] = (await manager.query(
      `SELECT ((SELECT coalesce(sum(size), 0) FROM evidence WHERE order_id = $1)
             + (SELECT coalesce(sum(size), 0) FROM evidence_uploads WHERE order_id = $1 AND (lease_until IS NULL OR lease_until > $2)))::text AS used`,
      [orderId, now],
    )) as { used: string }[];
    return maxOrderBytes - Number(row.used);
  }

  /**
   * Reserves the room a one-shot upload may fill: its announced length, or without one as much as
   * a file may hold (or what is left, if less). Refused when it does not fit.
   */
  async reserve(orderId: string, principal: Principal, announced: number | undefined, maxFileBytes: number, maxOrderBytes: number, now: Date): Promise<Reservation> {
    if (announced !== undefined && announced > maxFileBytes) return { refused: { bytes: maxFileBytes, perFile: true } };
    return this.transaction(async (manager) => {
      const room = await this.roomUnderLock(manager, orderId, maxOrderBytes, now);
      const bytes = announced ?? Math.min(maxFileBytes, room);
      if (bytes > room || room <= 0) return { refused: { bytes: room, perFile: false } };
      const id = randomUUID();
      await manager.insert(EvidenceUploadEntity, {
        id,
        orderId,
        uploadedBy: principal.userId,
        organisationId: principal.organisationId,
        kind: 'STREAM',
        filename: '',
        mediaType: '',
        size: String(bytes),
        sha256: '0'.repeat(64),
        received: '0',
        leaseUntil: new Date(now.getTime() + RESERVATION_LEASE_MS),
        createdAt: now,
      } as never);
      return { id, bytes };
    });
  }

  async renewReservation(id: string, now: Date): Promise<void> {
    await this.dataSource.manager.update(EvidenceUploadEntity, { id }, { leaseUntil: new Date(now.getTime() + RESERVATION_LEASE_MS) });
  }

  /** The reservation (or resumable upload) ends with the evidence it became, in the same transaction. */
  async release(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(EvidenceUploadEntity, { id });
  }

  async releaseNow(id: string): Promise<void> {
    await this.dataSource.manager.delete(EvidenceUploadEntity, { id });
  }

  findUpload(id: string, orderId: string, organisationId: string): Promise<EvidenceUploadEntity | null> {
    return this.dataSource.manager.findOne(EvidenceUploadEntity, { where: { id, orderId, organisationId, kind: 'RESUMABLE' } });
  }

  /**
   * Claims the right to receive the chunk that starts at `received`: true unless another chunk
   * holds a live claim (on this instance or another) or the upload moved on meanwhile.
   */
  async claimChunk(id: string, received: number, now: Date): Promise<boolean> {
    const [, affected] = (await this.dataSource.manager.query(
      `UPDATE evidence_uploads SET receiving_until = $3
        WHERE id = $1 AND received = $2 AND (receiving_until IS NULL OR receiving_until <= $4)`,
      [id, String(received), new Date(now.getTime() + CHUNK_CLAIM_MS), now],
    )) as [unknown, number];
    return affected === 1;
  }

  async renewChunkClaim(id: string, now: Date): Promise<void> {
    await this.dataSource.manager.update(EvidenceUploadEntity, { id }, { receivingUntil: new Date(now.getTime() + CHUNK_CLAIM_MS) });
  }

  /** The chunk failed: the upload stays where it was and the next chunk may come at once. */
  async releaseChunkClaim(id: string): Promise<void> {
    await this.dataSource.manager.update(EvidenceUploadEntity, { id }, { receivingUntil: null });
  }

  /** Moves `received` forward only from where it was, so two chunks can never both land; ends the chunk's claim. */
  async advanceUpload(id: string, from: number, to: number): Promise<void> {
    await this.dataSource.manager.update(EvidenceUploadEntity, { id, received: String(from) }, { received: String(to), receivingUntil: null });
  }

  /** The evidence of an order as `organisationId` may read it (row-level security). */
  listAsParty(organisationId: string, orderId: string): Promise<EvidenceEntity[]> {
    return readAsParty(this.dataSource, organisationId, (reader) => reader.find(EvidenceEntity, { where: { orderId }, order: { createdAt: 'ASC', id: 'ASC' } }));
  }

  findForOrder(manager: EntityManager, orderId: string, ids: readonly string[]): Promise<EvidenceEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.find(EvidenceEntity, { where: { orderId, id: In([...ids]) } });
  }

  /** Binds the files to the production step that delivers them; a file is produced once. */
  async markProduced(manager: EntityManager, orderId: string, ids: readonly string[], productionSeq: number): Promise<void> {
    if (ids.length === 0) return;
    await manager.update(EvidenceEntity, { orderId, id: In([...ids]), productionSeq: IsNull() }, { productionSeq });
  }

  /** The manifest entries of `ids` on this order, in that order (unknown ids are left out; the step refuses them). */
  async manifestOf(orderId: string, ids: readonly string[]): Promise<ManifestEntry[]> {
    const rows = await this.findForOrder(this.dataSource.manager, orderId, ids);
    return ids.map((id) => rows.find((row) => row.id === id)).filter((row): row is EvidenceEntity => row !== undefined).map(listing);
  }

  /** Resumable uploads that can no longer finish, or nobody touched since `before`; reservations whose lease ran out. */
  abandonedUploads(before: Date, now: Date, acceptingStates: readonly string[]): Promise<{ id: string; kind: string }[]> {
    return this.dataSource.manager.query(
      `SELECT u.id, u.kind FROM evidence_uploads u JOIN orders o ON o.id = u.order_id
        WHERE (u.kind = 'RESUMABLE' AND (o.status <> ALL($3) OR u.created_at < $1))
           OR (u.kind = 'STREAM' AND u.lease_until < $2)`,
      [before, now, acceptingStates],
    ) as Promise<{ id: string; kind: string }[]>;
  }

  async uploadIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.dataSource.manager.find(EvidenceUploadEntity, { where: { id: In([...ids]) }, select: { id: true } });
    return new Set(rows.map((row) => row.id));
  }
}

export function listing(file: EvidenceEntity): ManifestEntry {
  return { id: file.id, filename: file.filename, mediaType: file.mediaType, size: Number(file.size), sha256: file.sha256 };
}
