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
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DATA_CATEGORIES, ORDER_TYPES, type DataCategory, type OrderType } from '../../../../libs/domain/data-categories.js';
import { INSTRUMENT_CODES, type InstrumentCode } from '../../../../libs/routing/index.js';
import { IsIsoCountry, IsLanguageCode, IsNestedObject } from '../../../common/validation/validators.js';
import { SIGNATURE_DESCRIPTION } from './transition.dto.js';
import { EmergencyDto, OrderOffenceDto, OverrideCertifiedDto, RemovalContentDto, TargetDto, TimeRangeDto } from '../../orders/dto/order-content.dto.js';

/** `POST /orders` (docs/api.md, "Orders"). */
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

  @ApiPropertyOptional({ enum: DATA_CATEGORIES, isArray: true, description: 'Required but for a REMOVAL order (which removes content: CONTENT)' })
  @ValidateIf((order: CreateOrderDto) => order.type !== 'REMOVAL' || order.dataCategories !== undefined)
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @ArrayMaxSize(DATA_CATEGORIES.length) @IsIn(DATA_CATEGORIES, { each: true })
  dataCategories: DataCategory[];

  @ApiProperty({ type: [TargetDto] })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => TargetDto)
  targets: TargetDto[];

  @ApiPropertyOptional({ type: TimeRangeDto })
  @IsOptional() @IsNestedObject(() => TimeRangeDto)
  timeRange?: TimeRangeDto;

  @ApiPropertyOptional({ type: OrderOffenceDto, description: 'Required but for a REMOVAL order' })
  @ValidateIf((order: CreateOrderDto) => order.type !== 'REMOVAL' || order.offence !== undefined)
  @IsDefined() @IsNestedObject(() => OrderOffenceDto)
  offence: OrderOffenceDto;

  @ApiPropertyOptional({ type: RemovalContentDto, description: 'REMOVAL only, and required for it: Reg. 2021/784 Annex I section B' })
  @ValidateIf((order: CreateOrderDto) => order.type === 'REMOVAL' || order.removal !== undefined)
  @IsDefined() @IsNestedObject(() => RemovalContentDto)
  removal?: RemovalContentDto;

  @ApiPropertyOptional({ type: OverrideCertifiedDto, description: 'REMOVAL: go ahead although a target names a certified account; the reason is shown to every party' })
  @IsOptional() @IsNestedObject(() => OverrideCertifiedDto)
  overrideCertified?: OverrideCertifiedDto;

  @ApiPropertyOptional({ type: EmergencyDto })
  @IsOptional() @IsNestedObject(() => EmergencyDto)
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
