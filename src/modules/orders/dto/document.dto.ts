import { ApiProperty } from '@nestjs/swagger';
import { DOCUMENT_AUDIENCES, DOCUMENT_FORMS, type DocumentAudience, type DocumentForm } from '../../../../libs/pdf/index.js';

export class RenditionDto {
  @ApiProperty({ example: 'fr' }) language: string;
  @ApiProperty({ description: 'SHA-256 of the signed PDF, hex' }) sha256: string;
  @ApiProperty() size: number;
  @ApiProperty({ description: 'SHA-256 of the embedded order.json, as printed on every page' }) jsonSha256: string;
}

export class DocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: DOCUMENT_FORMS }) form: DocumentForm;
  @ApiProperty({ enum: DOCUMENT_AUDIENCES, description: 'ENFORCING_AUTHORITY copies carry Section M and are never shown to the provider' }) audience: DocumentAudience;
  @ApiProperty({ description: 'The step whose record names this document' }) stepSeq: number;
  @ApiProperty({ type: [String], example: ['en', 'fr'] }) languages: string[];
  @ApiProperty({ description: 'SHA-256 of the signed PDF in the order\'s language' }) sha256: string;
  @ApiProperty({ type: [RenditionDto] }) renditions: RenditionDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class DocumentListDto {
  @ApiProperty({ type: [DocumentDto] }) items: DocumentDto[];
}
