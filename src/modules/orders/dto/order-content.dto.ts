import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LISTED_OFFENCE_CATEGORIES, type ListedOffenceCategory } from '../../../../libs/domain/data-categories.js';
import { EMERGENCY_GROUNDS, TARGET_KINDS, TCO_CONTENT_REASONS, TRANSPORT_PROTOCOLS, type EmergencyGround, type TargetKind, type TcoContentReason, type TransportProtocol } from '../../../../libs/domain/order-content.js';
import { IsNestedObject, IsUtcTimestamp } from '../../../common/validation/validators.js';

/** The parts of an order's content shared by the request that drafts it and the order as served. */
export class TargetDto {
  @ApiProperty({ enum: TARGET_KINDS })
  @IsIn(TARGET_KINDS)
  kind: TargetKind;

  @ApiProperty({ example: '203.0.113.7', description: 'Checked by kind: e-mail address, E.164 phone number (+33612345678), IPv4 or IPv6 (with optional /prefix), http(s) URL, or an account or device identifier' })
  @IsString() @IsNotEmpty() @MaxLength(2048)
  value: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 65535, description: 'IP_ADDRESS: required for IPv4 to a carrier-grade NAT operator' })
  @IsOptional() @IsInt() @Min(0) @Max(65535)
  sourcePort?: number;

  @ApiPropertyOptional({ example: '2026-09-01T12:15:30+02:00', description: 'IP_ADDRESS: when the address was used, to the second, with an explicit offset; stored in UTC' })
  @IsOptional() @IsUtcTimestamp()
  timestamp?: string;

  @ApiPropertyOptional({ example: '198.51.100.20' })
  @IsOptional() @IsString() @MaxLength(64)
  destinationIp?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 65535 })
  @IsOptional() @IsInt() @Min(0) @Max(65535)
  destinationPort?: number;

  @ApiPropertyOptional({ enum: TRANSPORT_PROTOCOLS })
  @IsOptional() @IsIn(TRANSPORT_PROTOCOLS)
  protocol?: TransportProtocol;

  @ApiPropertyOptional({ example: '@propaganda.cell', description: 'REMOVAL: the account that published the content; required when the URL\'s path names no account (https://host/@account/... or https://host/account/...). Both are checked against the certified accounts (NFKC, no case, no leading @s); a certified account is refused unless the issuer overrides' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200)
  accountHandle?: string;
}

/** Art 11(3): the issuing authority asks that the content provider not be told, for reasons of public security, for a limited time. */
export class NonDisclosureDto {
  @ApiProperty({ example: 'An investigation into the network that posted it is under way' })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  reason: string;

  @ApiProperty({ example: '2026-10-15T00:00:00Z', description: 'Until when the content provider is not informed (renewable by amending a draft or issuing again)' })
  @IsUtcTimestamp()
  until: string;
}

/** A removal order's section B (Reg. 2021/784 Annex I): why the content is terrorist content, and what it is. */
export class RemovalContentDto {
  @ApiProperty({ enum: TCO_CONTENT_REASONS, isArray: true, description: 'Reg. 2021/784 Art 2(7)(a)-(e)' })
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(TCO_CONTENT_REASONS, { each: true })
  reasons: TcoContentReason[];

  @ApiProperty({ example: 'Video calling for attacks on places of worship' })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  contentDescription: string;

  @ApiPropertyOptional({ type: NonDisclosureDto, description: 'Reg. 2021/784 Art 11(3): the provider does not inform the content provider until then' })
  @IsOptional() @IsNestedObject(() => NonDisclosureDto)
  nonDisclosure?: NonDisclosureDto;

  @ApiPropertyOptional({ example: 'An attack is announced for tonight', description: 'Reg. 2021/784 Art 3(2): a duly justified emergency lets the order go to a provider that has not been informed 12 hours before its first removal order' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(4000)
  emergencyJustification?: string;
}

/** The issuer goes ahead with a removal order naming a certified account: its reason, shown to every party. */
export class OverrideCertifiedDto {
  @ApiProperty({ example: 'The account was taken over and now publishes propaganda' })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  reason: string;
}

export class TimeRangeDto {
  @ApiProperty({ example: '2026-08-01T00:00:00Z' })
  @IsUtcTimestamp()
  from: string;

  @ApiProperty({ example: '2026-08-31T23:59:59Z' })
  @IsUtcTimestamp()
  to: string;
}

export class OrderOffenceDto {
  @ApiProperty({ example: 'Fraud committed through a social network' })
  @IsString() @IsNotEmpty() @MaxLength(2000)
  description: string;

  @ApiProperty({ example: 'Code pénal, art. 313-1' })
  @IsString() @IsNotEmpty() @MaxLength(1000)
  legalProvisions: string;

  @ApiProperty({ minimum: 0, maximum: 1200, example: 60, description: 'Maximum custodial sentence in the issuing State, in months' })
  @IsInt() @Min(0) @Max(1200)
  maxSentenceMonths: number;

  @ApiPropertyOptional({ enum: LISTED_OFFENCE_CATEGORIES })
  @IsOptional() @IsIn(LISTED_OFFENCE_CATEGORIES)
  listedCategory?: ListedOffenceCategory;
}

export class EmergencyDto {
  @ApiProperty({ enum: EMERGENCY_GROUNDS, description: 'Reg. 2023/1543 Art 3(18)' })
  @IsIn(EMERGENCY_GROUNDS)
  ground: EmergencyGround;

  @ApiProperty({ description: 'Why the emergency is duly established (EPOC section C)' })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  justification: string;
}

