import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
} from 'class-validator';
import {
  DATA_CATEGORIES,
  LISTED_OFFENCE_CATEGORIES,
  ORDER_TYPES,
  type DataCategory,
  type ListedOffenceCategory,
  type OrderType,
} from '../../../../libs/domain/data-categories.js';
import { IsCalendarDate, IsIsoCountry, IsNestedObject } from '../../../common/validation/validators.js';

export class OffenceDto {
  @ApiProperty({ minimum: 0, maximum: 1200, example: 60, description: 'Maximum custodial sentence in the issuing State, in months (life imprisonment: 1200)' })
  @IsInt() @Min(0) @Max(1200)
  maxSentenceMonths: number;

  @ApiPropertyOptional({ enum: LISTED_OFFENCE_CATEGORIES, description: 'An offence that opens traffic and content data below 3 years (Reg. 2023/1543 Art 5(4))' })
  @IsOptional() @IsIn(LISTED_OFFENCE_CATEGORIES)
  listedCategory?: ListedOffenceCategory;
}

/** `POST /routing/evaluate` (docs/api.md, "Routing"). */
export class EvaluateRoutingDto {
  @ApiProperty({ example: 'FR', description: 'ISO 3166-1 alpha-2 of the issuing State' })
  @IsIsoCountry()
  issuingCountry: string;

  @ApiProperty({ format: 'uuid', description: 'A provider of the directory (`GET /providers`)' })
  @IsUUID('all', { message: 'must be a UUID' })
  providerId: string;

  @ApiProperty({ enum: ORDER_TYPES })
  @IsIn(ORDER_TYPES)
  orderType: OrderType;

  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true, example: ['CONTENT'] })
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @ArrayMaxSize(DATA_CATEGORIES.length) @IsIn(DATA_CATEGORIES, { each: true })
  dataCategories: DataCategory[];

  @ApiProperty({ type: OffenceDto })
  @IsDefined() @IsNestedObject(() => OffenceDto)
  offence: OffenceDto;

  @ApiProperty({ description: 'Imminent threat to the life, physical integrity or safety of a person, or to critical infrastructure' })
  @IsBoolean()
  emergency: boolean;

  @ApiPropertyOptional({ description: 'The target is a US person (UK-US and AU-US agreements may never target one)' })
  @IsOptional() @IsBoolean()
  targetIsUsPerson?: boolean;

  @ApiPropertyOptional({ example: 'GB', description: 'ISO 3166-1 alpha-2 of where the target is located' })
  @IsOptional() @IsIsoCountry()
  targetLocation?: string;

  @ApiPropertyOptional({ description: 'The offence was committed in the issuing State (Reg. 2023/1543 Art 8(2))' })
  @IsOptional() @IsBoolean()
  offenceInIssuingState?: boolean;

  @ApiPropertyOptional({ description: 'The person whose data are sought resides in the issuing State (Reg. 2023/1543 Art 8(2))' })
  @IsOptional() @IsBoolean()
  targetResidesInIssuingState?: boolean;

  @ApiPropertyOptional({ format: 'date', example: '2026-09-01', description: 'Date the order would be issued on; today (UTC) when absent' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}
