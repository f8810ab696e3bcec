import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';

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

/** `POST /orders/:id/evidence/uploads`: the file a resumable upload will deliver. */
export class StartUploadDto {
  @ApiProperty({ example: 'mailbox.mbox' }) @IsString() @IsNotEmpty() @MaxLength(255) filename: string;
  @ApiProperty({ description: 'Bytes of the whole file' }) @IsInt() @Min(1) size: number;
  @ApiProperty({ description: 'SHA-256 of the whole file, hex: checked when the last chunk arrives' }) @Matches(/^[0-9a-f]{64}$/, { message: 'must be a lower-case hex SHA-256' }) sha256: string;
  @ApiPropertyOptional({ example: 'application/mbox', description: 'application/pkcs7-mime for a CMS EnvelopedData (checked when complete)' })
  @IsOptional() @IsString() @MaxLength(255) @Matches(/^[\w.+-]+\/[\w.+-]+(; ?[\w.+-]+=[\w.+-]+)*$/, { message: 'must be a media type, e.g. application/octet-stream' })
  mediaType?: string;
}

export class UploadStatusDto {
  @ApiProperty({ format: 'uuid', description: 'Also the evidence id once complete' }) id: string;
  @ApiProperty() filename: string;
  @ApiProperty() size: number;
  @ApiProperty({ description: 'Bytes received so far: the next chunk starts here' }) received: number;
  @ApiProperty() sha256: string;
}
