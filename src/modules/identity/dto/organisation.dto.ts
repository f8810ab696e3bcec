import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  AUTHORITY_TYPES,
  ESTABLISHMENT_ROLES,
  ORGANISATION_KINDS,
  type AuthorityType,
  type EstablishmentRole,
  type OrganisationKind,
} from '../../../../libs/domain/identity.js';
import { IsIsoCountry, IsLanguageCode } from '../../../common/validation/validators.js';

export class EstablishmentDto {
  @ApiProperty({ example: 'IE', description: 'ISO 3166-1 alpha-2' })
  @IsIsoCountry()
  country: string;

  @ApiProperty({ enum: ESTABLISHMENT_ROLES })
  @IsIn(ESTABLISHMENT_ROLES)
  role: EstablishmentRole;

  @ApiProperty({ example: ['en', 'fr'], description: 'ISO 639-1 codes the establishment accepts orders in' })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(24) @IsLanguageCode({ each: true })
  languages: string[];
}

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Police nationale, OFAC' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ['AUTHORITY', 'PROVIDER'] })
  @IsIn(['AUTHORITY', 'PROVIDER'])
  kind: 'AUTHORITY' | 'PROVIDER';

  @ApiProperty({ example: 'FR', description: 'ISO 3166-1 alpha-2 of the State the organisation belongs to or is headquartered in' })
  @IsIsoCountry()
  country: string;

  @ApiPropertyOptional({ enum: AUTHORITY_TYPES, description: 'Required for an authority' })
  @IsOptional() @IsIn(AUTHORITY_TYPES)
  authorityType?: AuthorityType;

  @ApiPropertyOptional({ type: [EstablishmentDto], description: 'Providers only' })
  @IsOptional() @IsArray() @ArrayMaxSize(60) @ValidateNested({ each: true }) @Type(() => EstablishmentDto)
  establishments?: EstablishmentDto[];

  @ApiPropertyOptional({ description: 'Providers only: shares public IPv4 addresses behind carrier-grade NAT' })
  @IsOptional() @IsBoolean()
  cgnatOperator?: boolean;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ type: String, nullable: true, description: 'null only for the operator' }) country: string | null;
  @ApiPropertyOptional({ enum: AUTHORITY_TYPES }) authorityType?: AuthorityType;
  @ApiProperty() cgnatOperator: boolean;
  @ApiProperty({ type: [EstablishmentDto] }) establishments: EstablishmentDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** One provider as investigators look it up: where and in which languages it takes orders. */
export class ProviderDirectoryEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Headquarters' }) country: string;
  @ApiProperty() cgnatOperator: boolean;
  @ApiProperty({ type: [EstablishmentDto] }) establishments: EstablishmentDto[];
}

export class ProviderPageDto {
  @ApiProperty({ type: [ProviderDirectoryEntryDto] }) items: ProviderDirectoryEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
