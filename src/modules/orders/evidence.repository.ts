import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { EvidenceEntity } from './entities/evidence.entity.js';

@Injectable()
export class EvidenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(evidence: EvidenceEntity, manager: EntityManager): Promise<EvidenceEntity> {
    await manager.insert(EvidenceEntity, evidence as QueryDeepPartialEntity<EvidenceEntity>);
    return evidence;
  }

  listForOrder(orderId: string): Promise<EvidenceEntity[]> {
    return this.dataSource.manager.find(EvidenceEntity, { where: { orderId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findForOrder(orderId: string, ids: readonly string[], manager: EntityManager): Promise<EvidenceEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.find(EvidenceEntity, { where: { orderId, id: In([...ids]) } });
  }

  /** Binds the files to the production step that delivers them; a file is produced once. */
  async markProduced(orderId: string, ids: readonly string[], productionSeq: number, manager: EntityManager): Promise<void> {
    if (ids.length === 0) return;
    await manager.update(EvidenceEntity, { orderId, id: In([...ids]), productionSeq: IsNull() }, { productionSeq });
  }

  /** The manifest entries of `ids` on this order, in that order (unknown ids are left out; the step refuses them). */
  async manifestOf(orderId: string, ids: readonly string[]): Promise<ReturnType<typeof listing>[]> {
    const rows = await this.findForOrder(orderId, ids, this.dataSource.manager);
    return ids.map((id) => rows.find((row) => row.id === id)).filter((row): row is EvidenceEntity => row !== undefined).map(listing);
  }

  /** Bytes of evidence delivered for an order, and announced by its resumable uploads in progress. */
  async totalSize(orderId: string): Promise<number> {
    const [row] = (await this.dataSource.manager.query(
      'SELECT ((SELECT coalesce(sum(size), 0) FROM evidence WHERE order_id = $1) + (SELECT coalesce(sum(size), 0) FROM evidence_uploads WHERE order_id = $1))::text AS total',
      [orderId],
    )) as { total: string }[];
    return Number(row.total);
  }

}

/** How a production manifest names a file. */
export function listing(file: EvidenceEntity): { id: string; filename: string; mediaType: string; size: number; sha256: string } {
  return { id: file.id, filename: file.filename, mediaType: file.mediaType, size: Number(file.size), sha256: file.sha256 };
}
