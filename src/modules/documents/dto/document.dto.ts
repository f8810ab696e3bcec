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
  @ApiProperty({ example: 'en', description: 'The language the step made it in (the order\'s), signed by the acting organisation' }) language: string;
  @ApiProperty({ type: [String], example: ['en', 'fr'], description: 'Every language it can be read in (`?lang=`); the others are made when first asked for, sealed by the exchange as translations of the same order.json' }) languages: string[];
  @ApiProperty({ description: 'SHA-256 of the signed PDF in `language`' }) sha256: string;
  @ApiProperty({ description: 'SHA-256 of the order.json every rendition embeds, as the step recorded it' }) jsonSha256: string;
  @ApiProperty({ type: [RenditionDto], description: 'The renditions made so far' }) renditions: RenditionDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class DocumentListDto {
  @ApiProperty({ type: [DocumentDto] }) items: DocumentDto[];
}
