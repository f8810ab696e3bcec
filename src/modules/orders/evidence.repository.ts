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

  /** Is this content still named by any evidence row (so the blob must stay)? */
  async isReferenced(sha256: string, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.dataSource.manager).exists(EvidenceEntity, { where: { sha256 } });
  }
}
