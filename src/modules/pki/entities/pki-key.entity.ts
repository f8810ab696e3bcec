import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { KeySpec } from '../../../../libs/pki/key-store.js';

/**
 * One private key of the software key store, wrapped with AES-256-GCM under the key-encryption
 * key (libs/pki/software-key-store.ts). Nothing here is usable without the KEK, which never
 * enters the database.
 */
@Entity({ name: 'pki_keys' })
export class PkiKeyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  label: string;

  @Column({ type: 'varchar', length: 16 })
  spec: KeySpec;

  @Column({ name: 'public_key_spki', type: 'bytea' })
  publicKeySpki: Buffer;

  /** IV || ciphertext || GCM tag. */
  @Column({ name: 'wrapped_key', type: 'bytea' })
  wrappedKey: Buffer;

  /** Which KEK wrapped it (a short hash), so a wrong KEK is reported as such. */
  @Column({ name: 'kek_id', type: 'varchar', length: 32 })
  kekId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
