import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { RevocationReason } from '../../../../libs/pki/index.js';

/** Either a CSR (the organisation keeps its key) or `custodial: true` (the exchange keeps it). */
export class IssueCertificateDto {
  @ApiPropertyOptional({ description: 'PKCS#10 certificate signing request, PEM. RSA 2048-4096 or ECDSA P-256. The subject is taken from the organisation record.' })
  @IsOptional() @IsString() @MinLength(100) @MaxLength(16_384)
  csr?: string;

  @ApiPropertyOptional({ enum: [true], description: 'Have the exchange generate a P-256 key and hold it encrypted, signing on the organisation\'s behalf' })
  @IsOptional() @Equals(true, { message: 'must be true when given' })
  custodial?: true;
}

/** Reasons an organisation's certificate may be revoked for (RFC 5280 CRLReason, the CA-only ones left out). */
export const ORGANISATION_REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
] as const satisfies readonly RevocationReason[];

export class RevokeCertificateDto {
  @ApiProperty({ enum: ORGANISATION_REVOCATION_REASONS, description: 'RFC 5280 CRLReason' })
  @IsIn(ORGANISATION_REVOCATION_REASONS)
  reason: (typeof ORGANISATION_REVOCATION_REASONS)[number];
}

export class CertificateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'PEM' }) certificate: string;
  @ApiProperty({ description: 'Hexadecimal, lower case', example: '5f0c3a...' }) serialNumber: string;
  @ApiProperty({ description: 'SHA-256 of the DER, hexadecimal' }) fingerprintSha256: string;
  @ApiProperty() subject: string;
  @ApiProperty({ format: 'date-time' }) notBefore: string;
  @ApiProperty({ format: 'date-time' }) notAfter: string;
  @ApiProperty({ description: 'The exchange holds the private key' }) custodial: boolean;
  @ApiProperty({ enum: ['VALID', 'REVOKED', 'EXPIRED'] }) status: 'VALID' | 'REVOKED' | 'EXPIRED';
  @ApiPropertyOptional({ format: 'date-time' }) revokedAt?: string;
  @ApiPropertyOptional({ enum: ORGANISATION_REVOCATION_REASONS }) revocationReason?: string;
}

export class CertificateListDto {
  @ApiProperty({ type: [CertificateDto] }) items: CertificateDto[];
}
