import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { PkiKeyEntity } from './pki-key.entity.js';

/**
 * The transparency log's Ed25519 note key, made with the exchange PKI. Its origin is fixed when
 * the key is made (from PUBLIC_URL): a log's origin never changes, even if its address does.
 */
@Entity({ name: 'log_keys' })
export class LogKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'key_id', type: 'uuid' })
  keyId: string;

  @ManyToOne(() => PkiKeyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'key_id', foreignKeyConstraintName: 'fk_log_keys_key' })
  key: Relation<PkiKeyEntity>;

  /** The checkpoint origin line, also the key's name, e.g. `evidence.example.eu/api/v1/log`. */
  @Column({ type: 'varchar', length: 200 })
  origin: string;

  /** `<origin>+<key ID>+<base64(0x01 || public key)>`, as GET /log/key serves it. */
  @Column({ name: 'verifier_key', type: 'varchar', length: 300 })
  verifierKey: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
