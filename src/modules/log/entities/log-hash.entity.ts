import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every hash the tree ever needs, once, under Go's stored-hash index (libs/tlog/storage.ts): leaf
 * hashes and the roots of the perfect subtrees they complete. Tiles, tree hashes and proofs are
 * read from here. Append-only (a trigger refuses changes).
 */
@Entity({ name: 'log_hashes' })
export class LogHashEntity {
  @PrimaryColumn({ type: 'bigint' })
  index: string;

  @Column({ type: 'bytea' })
  hash: Buffer;
}
