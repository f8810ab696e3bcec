import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DATA_CATEGORIES,
  LISTED_OFFENCE_CATEGORIES,
  ORDER_TYPES,
  type DataCategory,
  type ListedOffenceCategory,
  type OrderType,
} from '../../../../libs/domain/data-categories.js';
import { EMERGENCY_GROUNDS, TARGET_KINDS, TRANSPORT_PROTOCOLS, type EmergencyGround, type TargetKind, type TransportProtocol } from '../../../../libs/domain/order-content.js';
import { INSTRUMENT_CODES, type InstrumentCode } from '../../../../libs/routing/index.js';
import { IsIsoCountry, IsLanguageCode, IsUtcTimestamp } from '../../../common/validation/validators.js';
import { SIGNATURE_DESCRIPTION } from './transition.dto.js';

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

/** `POST /orders` (API.md "Orders"). */
export class CreateOrderDto {
  @ApiProperty({ enum: ORDER_TYPES })
  @IsIn(ORDER_TYPES)
  type: OrderType;

  @ApiProperty({ format: 'uuid', description: 'A provider of the directory (`GET /providers`)' })
  @IsUUID('all', { message: 'must be a UUID' })
  providerId: string;

  @ApiProperty({ example: 'OFAC-2026-0412', description: 'The issuing authority\'s file number' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  caseReference: string;

  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true })
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @ArrayMaxSize(DATA_CATEGORIES.length) @IsIn(DATA_CATEGORIES, { each: true })
  dataCategories: DataCategory[];

  @ApiProperty({ type: [TargetDto] })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => TargetDto)
  targets: TargetDto[];

  @ApiPropertyOptional({ type: TimeRangeDto })
  @IsOptional() @ValidateNested() @Type(() => TimeRangeDto)
  timeRange?: TimeRangeDto;

  @ApiProperty({ type: OrderOffenceDto })
  @IsDefined() @ValidateNested() @Type(() => OrderOffenceDto)
  offence: OrderOffenceDto;

  @ApiPropertyOptional({ type: EmergencyDto })
  @IsOptional() @ValidateNested() @Type(() => EmergencyDto)
  emergency?: EmergencyDto;

  @ApiPropertyOptional()
  @IsOptional() @IsBoolean()
  targetIsUsPerson?: boolean;

  @ApiPropertyOptional({ example: 'FR' })
  @IsOptional() @IsIsoCountry()
  targetLocation?: string;

  @ApiPropertyOptional({ description: 'Reg. 2023/1543 Art 8(2)' })
  @IsOptional() @IsBoolean()
  offenceInIssuingState?: boolean;

  @ApiPropertyOptional({ description: 'Reg. 2023/1543 Art 8(2)' })
  @IsOptional() @IsBoolean()
  targetResidesInIssuingState?: boolean;

  @ApiPropertyOptional({ description: 'Section M: for the enforcing authority only, never shown to the provider' })
  @IsOptional() @IsString() @MaxLength(20000)
  caseSummary?: string;

  @ApiPropertyOptional({ description: 'Section M: for the enforcing authority only, never shown to the provider' })
  @IsOptional() @IsString() @MaxLength(20000)
  necessityGrounds?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The authority the evidence goes to (EPOC section L(a)); the issuing authority when absent' })
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' })
  evidenceRecipientId?: string;

  @ApiPropertyOptional({ example: 'en', description: 'A language the addressee accepts; its first when absent' })
  @IsOptional() @IsLanguageCode()
  language?: string;

  @ApiPropertyOptional({ enum: INSTRUMENT_CODES, description: 'An eligible instrument other than the preferred one' })
  @IsOptional() @IsIn(INSTRUMENT_CODES)
  instrument?: InstrumentCode;

  @ApiPropertyOptional({ description: `${SIGNATURE_DESCRIPTION} For CREATE, orderId is null and version 0.` })
  @IsOptional() @IsString() @MaxLength(65536)
  signature?: string;
}

/** `PATCH /orders/:id`: any field of the draft; the whole draft is checked and routed again. */
export class UpdateOrderDto extends PartialType(CreateOrderDto) {}
