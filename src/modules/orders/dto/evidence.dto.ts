import { ApiProperty } from '@nestjs/swagger';

export class EvidenceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'mailbox.mbox' }) filename: string;
  @ApiProperty({ example: 'application/octet-stream' }) mediaType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the bytes received, hex' }) sha256: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The production step that delivered it' }) productionSeq: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class EvidenceListDto {
  @ApiProperty({ type: [EvidenceDto] }) items: EvidenceDto[];
}

export class RecipientCertificateDto {
  @ApiProperty() serialNumber: string;
  @ApiProperty() subject: string;
  @ApiProperty() fingerprintSha256: string;
  @ApiProperty({ format: 'date-time' }) notAfter: string;
  @ApiProperty({ description: 'PEM: `openssl cms -encrypt -binary -aes256 -recip recipient.pem -outform DER`' }) certificate: string;
}

export class RecipientCertificatesDto {
  @ApiProperty({ format: 'uuid', description: 'The evidence recipient (the issuing authority unless the order names another)' }) recipientId: string;
  @ApiProperty({ type: [RecipientCertificateDto], description: 'Its own certificates only: never a custodial one, whose key the exchange holds' }) items: RecipientCertificateDto[];
}
