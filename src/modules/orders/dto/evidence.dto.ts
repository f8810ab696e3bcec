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
