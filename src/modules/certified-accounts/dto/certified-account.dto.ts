import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class CreateCertifiedAccountDto {
  @ApiProperty({ format: 'uuid', description: 'A provider of the directory' })
  @IsUUID('all', { message: 'must be a UUID' })
  providerId: string;

  @ApiProperty({ example: '@counter.voices', description: 'The account on that provider\'s service; compared after NFKC normalisation, without case, format characters or leading @s' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  handle: string;

  @ApiProperty({ example: 'Association Voix Contre la Haine', description: 'Who holds it' })
  @IsString() @IsNotEmpty() @MaxLength(300)
  holder: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The authority that recommended the certification' })
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' })
  recommendedBy?: string;
}

export class CertifiedAccountQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' })
  providerId?: string;

  @ApiPropertyOptional({ example: '@counter.voices' })
  @IsOptional() @IsString() @MaxLength(200)
  handle?: string;
}

export class CertifiedAccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty() handle: string;
  @ApiProperty() holder: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) recommendedBy: string | null;
  @ApiProperty({ format: 'date-time' }) certifiedAt: string;
}

export class CertifiedAccountListDto {
  @ApiProperty({ type: [CertifiedAccountDto] }) items: CertifiedAccountDto[];
}
