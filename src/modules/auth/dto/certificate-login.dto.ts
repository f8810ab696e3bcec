import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class ChallengeRequestDto {
  @ApiProperty({ description: 'The organisation certificate, PEM, as issued by the exchange CA' })
  @IsString() @Matches(/-----BEGIN CERTIFICATE-----/, { message: 'must be a PEM certificate' }) @MaxLength(16_384)
  certificate: string;
}

export class ChallengeDto {
  @ApiProperty({ format: 'uuid' }) challengeId: string;
  @ApiProperty({ description: '32 random bytes, base64: sign exactly these bytes (not the base64 text)' }) nonce: string;
  @ApiProperty({ format: 'date-time', description: 'The challenge is single-use and expires at this time' }) expiresAt: string;
}

export class CertificateLoginDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a UUID' })
  challengeId: string;

  @ApiProperty({ description: 'Base64 signature over the nonce bytes with the certificate\'s key: ECDSA P-256/SHA-256 (DER or raw r||s) or RSA PKCS#1 v1.5/SHA-256' })
  @IsString() @Matches(/^[A-Za-z0-9+/_-]+={0,2}$/, { message: 'must be base64' }) @MaxLength(2048)
  signature: string;
}
