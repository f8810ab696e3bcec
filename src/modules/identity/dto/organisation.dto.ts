import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  AUTHORITY_DESIGNATIONS,
  AUTHORITY_TYPES,
  ESTABLISHMENT_ROLES,
  ORGANISATION_KINDS,
  PROVIDER_SERVICES,
  type AuthorityDesignation,
  type AuthorityType,
  type EstablishmentRole,
  type OrganisationKind,
  type ProviderService,
} from '../../../../libs/domain/identity.js';
import { PageQueryDto } from '../../../common/pagination.js';
import { IsIsoCountry, IsLanguageCode } from '../../../common/validation/validators.js';

/** An authority's functional contact details, as the forms print them (Reg. 2023/1543 Annex I sections I, J, L). */
export class ContactDto {
  @ApiPropertyOptional({ example: 'entraide.bepi@justice.fr.demo', description: 'A functional mailbox, not a person\'s', nullable: true, type: String })
  @IsOptional() @IsEmail({}, { message: 'must be an e-mail address' }) @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ example: '+33 1 44 77 60 60', description: 'International format: + then the country code', nullable: true, type: String })
  @IsOptional() @IsString() @Matches(/^\+[1-9][0-9 ]{4,24}$/, { message: 'must be an international number: + then the country code and number, e.g. +44 20 7035 4848' })
  phone?: string | null;

  @ApiPropertyOptional({ example: '13 place Vendôme, 75001 Paris, France', nullable: true, type: String })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500)
  address?: string | null;
}

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

  @ApiPropertyOptional({ enum: AUTHORITY_DESIGNATIONS, isArray: true, description: 'Authorities only: what it is designated for beside its type (the US Department of Justice is a central authority designated under the data access agreements too)' })
  @IsOptional() @IsArray() @ArrayMaxSize(AUTHORITY_DESIGNATIONS.length) @IsIn(AUTHORITY_DESIGNATIONS, { each: true })
  designations?: AuthorityDesignation[];

  @ApiPropertyOptional({ example: ['fr', 'en'], description: 'Authorities: ISO 639-1 codes it accepts requests in, preferred first (a provider states them per establishment)' })
  @IsOptional() @IsArray() @ArrayMaxSize(24) @IsLanguageCode({ each: true })
  languages?: string[];

  @ApiPropertyOptional({ type: ContactDto })
  @IsOptional() @ValidateNested() @Type(() => ContactDto)
  contact?: ContactDto;

  @ApiPropertyOptional({ type: [EstablishmentDto], description: 'Providers only' })
  @IsOptional() @IsArray() @ArrayMaxSize(60) @ValidateNested({ each: true }) @Type(() => EstablishmentDto)
  establishments?: EstablishmentDto[];

  @ApiPropertyOptional({ description: 'Providers only: shares public IPv4 addresses behind carrier-grade NAT' })
  @IsOptional() @IsBoolean()
  cgnatOperator?: boolean;

  @ApiPropertyOptional({ enum: PROVIDER_SERVICES, isArray: true, description: 'Providers only: the services it offers; a removal order (Reg. 2021/784) reaches only a provider offering HOSTING' })
  @IsOptional() @IsArray() @ArrayMaxSize(PROVIDER_SERVICES.length) @IsIn(PROVIDER_SERVICES, { each: true })
  services?: ProviderService[];

  @ApiPropertyOptional({ description: 'Its people must sign in with a second factor (TOTP); false when left out' })
  @IsOptional() @IsBoolean()
  requireTotp?: boolean;
}

/**
 * What the operator may change on an organisation after it was registered: a provider's services
 * and an authority's designations (a database from before they existed has none), and whether
 * its people must sign in with a second factor.
 */
export class UpdateOrganisationDto {
  @ApiPropertyOptional({ enum: AUTHORITY_DESIGNATIONS, isArray: true, description: 'Authorities only: replaces its designations (TCO_COMPETENT_AUTHORITY: competent for removal orders)' })
  @IsOptional() @IsArray() @ArrayMaxSize(AUTHORITY_DESIGNATIONS.length) @IsIn(AUTHORITY_DESIGNATIONS, { each: true })
  designations?: AuthorityDesignation[];

  @ApiPropertyOptional({ enum: PROVIDER_SERVICES, isArray: true, description: 'Providers only: replaces the services it offers; a removal order reaches only a provider offering HOSTING' })
  @IsOptional() @IsArray() @ArrayMaxSize(PROVIDER_SERVICES.length) @IsIn(PROVIDER_SERVICES, { each: true })
  services?: ProviderService[];

  @ApiPropertyOptional({ description: 'Its people must sign in with a second factor (TOTP); one who has none is let in only to enrol one. Certificate logins are not concerned' })
  @IsOptional() @IsBoolean()
  requireTotp?: boolean;
}

export class SuspensionDto {
  @ApiProperty({ format: 'date-time' }) suspendedAt: string;
  @ApiProperty() reason: string;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ type: String, nullable: true, description: 'null only for the operator' }) country: string | null;
  @ApiPropertyOptional({ enum: AUTHORITY_TYPES }) authorityType?: AuthorityType;
  @ApiProperty({ enum: AUTHORITY_DESIGNATIONS, isArray: true }) designations: AuthorityDesignation[];
  @ApiProperty({ type: [String], example: ['fr'] }) languages: string[];
  @ApiProperty({ type: ContactDto }) contact: ContactDto;
  @ApiProperty() cgnatOperator: boolean;
  @ApiProperty({ enum: PROVIDER_SERVICES, isArray: true, description: 'Providers: the services it offers' }) services: ProviderService[];
  @ApiProperty({ type: [EstablishmentDto] }) establishments: EstablishmentDto[];
  @ApiProperty({ description: 'Its people must sign in with a second factor (TOTP)' }) requireTotp: boolean;
  @ApiProperty({ type: SuspensionDto, nullable: true, description: 'Set while the operator has the organisation suspended' }) suspension: SuspensionDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SuspendOrganisationDto {
  @ApiProperty({ example: 'The account of an officer was taken over; the force asked for its suspension.', description: 'Shown to the providers of its orders in flight' })
  @IsString() @IsNotEmpty() @MaxLength(1000)
  reason: string;
}

/** One authority of the directory (docs/state-to-state.md). */
export class AuthorityDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'UK Central Authority, Home Office' }) name: string;
  @ApiProperty({ example: 'GB' }) country: string;
  @ApiProperty({ enum: AUTHORITY_TYPES }) authorityType: AuthorityType;
  @ApiProperty({ enum: AUTHORITY_DESIGNATIONS, isArray: true }) designations: AuthorityDesignation[];
  @ApiProperty({ type: [String], example: ['en'] }) languages: string[];
  @ApiProperty({ type: ContactDto }) contact: ContactDto;
}

export class AuthorityPageDto {
  @ApiProperty({ type: [AuthorityDto] }) items: AuthorityDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AuthorityQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'GB' })
  @IsOptional() @IsIsoCountry()
  country?: string;

  @ApiPropertyOptional({ enum: [...AUTHORITY_TYPES, ...AUTHORITY_DESIGNATIONS.filter((d) => !(AUTHORITY_TYPES as readonly string[]).includes(d))], description: 'An authority type, or a designation: an authority designated as central authority is listed under CENTRAL_AUTHORITY whatever its type' })
  @IsOptional() @IsIn([...AUTHORITY_TYPES, ...AUTHORITY_DESIGNATIONS])
  authorityType?: AuthorityType | AuthorityDesignation;
}

/** One provider as investigators look it up: where and in which languages it takes orders. */
export class ProviderDirectoryEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Headquarters' }) country: string;
  @ApiProperty() cgnatOperator: boolean;
  @ApiProperty({ enum: PROVIDER_SERVICES, isArray: true, description: 'The services it offers (hosting, electronic communications, domain names ...)' }) services: ProviderService[];
  @ApiProperty({ type: [EstablishmentDto] }) establishments: EstablishmentDto[];
}

export class ProviderPageDto {
  @ApiProperty({ type: [ProviderDirectoryEntryDto] }) items: ProviderDirectoryEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
