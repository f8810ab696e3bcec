import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A blob some row refers to (evidence, a signed document), recorded in the same transaction as
 * that row. The blob store may hold bytes that no committed row adopted (a request that failed
 * after staging, a crash between commit and COMMIT): the sweeper removes those, and only those.
 */
@Entity({ name: 'blobs' })
export class StoredBlobEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bigint' })
  size: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
