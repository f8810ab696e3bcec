import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { KeyRecord, KeyRecordStore } from '../../../libs/pki/software-key-store.js';
import { PkiKeyEntity } from './entities/pki-key.entity.js';

/**
 * Persists the software key store's wrapped keys in `pki_keys`. Writes go through the
 * DataSource's own manager on purpose: a key is generated before the certificate that uses it,
 * and an orphan wrapped key costs nothing, while a certificate without its key would be useless.
 */
@Injectable()
export class DbKeyRecordStore implements KeyRecordStore {
  constructor(private readonly dataSource: DataSource) {}

  async put(record: KeyRecord): Promise<void> {
    await this.dataSource.manager.insert(PkiKeyEntity, { ...record });
  }

  async get(id: string): Promise<KeyRecord | null> {
    const row = await this.dataSource.manager.findOne(PkiKeyEntity, { where: { id } });
    return row ? { id: row.id, label: row.label, spec: row.spec, publicKeySpki: row.publicKeySpki, wrappedKey: row.wrappedKey, kekId: row.kekId, createdAt: row.createdAt } : null;
  }
}
