import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { RevocationReason } from '../../../../libs/pki/index.js';
import { OrganisationEntity } from '../../identity/entities/organisation.entity.js';
import { PkiKeyEntity } from './pki-key.entity.js';

/** What a certificate is for: the exchange's own four, or an organisation's signing certificate. */
export const CERTIFICATE_PURPOSES = ['ROOT_CA', 'ISSUING_CA', 'SEAL', 'TSA', 'ORGANISATION'] as const;
export type CertificatePurpose = (typeof CERTIFICATE_PURPOSES)[number];

/** Every certificate the exchange CA issued, with its revocation status. */
@Entity({ name: 'certificates' })
@Index('ux_certificates_serial', ['serialNumber'], { unique: true })
@Index('ux_certificates_fingerprint', ['fingerprintSha256'], { unique: true })
@Index('ix_certificates_organisation', ['organisationId'])
@Index('ix_certificates_purpose', ['purpose'])
export class CertificateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Lower-case hex, without leading zero bytes beyond what DER needs. */
  @Column({ name: 'serial_number', type: 'varchar', length: 64 })
  serialNumber: string;

  @Column({ type: 'varchar', length: 16 })
  purpose: CertificatePurpose;

  /** Null for the exchange's own certificates. */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_certificates_organisation' })
  organisation: Relation<OrganisationEntity> | null;

  @Column({ type: 'varchar', length: 500 })
  subject: string;

  @Column({ name: 'fingerprint_sha256', type: 'char', length: 64 })
  fingerprintSha256: string;

  @Column({ type: 'bytea' })
  der: Buffer;

  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore: Date;

  @Column({ name: 'not_after', type: 'timestamptz' })
  notAfter: Date;

  /** The private key in the key store: the exchange's own and custodial certificates only. */
  @Column({ name: 'key_id', type: 'uuid', nullable: true })
  keyId: string | null;

  @ManyToOne(() => PkiKeyEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'key_id', foreignKeyConstraintName: 'fk_certificates_key' })
  key: Relation<PkiKeyEntity> | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** RFC 5280 CRLReason name, e.g. keyCompromise. */
  @Column({ name: 'revocation_reason', type: 'varchar', length: 32, nullable: true })
  revocationReason: RevocationReason | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
