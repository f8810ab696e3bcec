import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { STATISTICS_DIMENSIONS, type StatisticsDimension } from '../../../../libs/domain/statistics.js';

export const STATISTICS_PARTS = ['ISSUING', 'VALIDATING', 'ENFORCING', 'ADDRESSEE'] as const;
export type StatisticsPart = (typeof STATISTICS_PARTS)[number];

export class PublicStatisticsQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Orders received (issued to the addressee) from this instant; the start of this calendar year (UTC) by default' })
  @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Up to this instant, excluded; now by default' })
  @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: ['country', 'instrument'], description: 'Groups: issuing and enforcing State (default), or legal instrument' })
  @IsOptional() @IsIn(['country', 'instrument'])
  by?: 'country' | 'instrument';

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: the same figures as RFC 4180 CSV (also with `Accept: text/csv`)' })
  @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class StatisticsQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Orders received (issued to the addressee) from this instant; the start of this calendar year (UTC) by default' })
  @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Up to this instant, excluded; now by default' })
  @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: STATISTICS_DIMENSIONS, description: 'Groups: issuing and enforcing State (default), legal instrument, or addressee' })
  @IsOptional() @IsIn(STATISTICS_DIMENSIONS)
  by?: StatisticsDimension;

  @ApiPropertyOptional({
    enum: STATISTICS_PARTS,
    description: 'Which of your organisation\'s orders: those it issued (an authority\'s default), validated or reviewed as enforcing authority, or received (a provider\'s default, and its only choice)',
  })
  @IsOptional() @IsIn(STATISTICS_PARTS)
  as?: StatisticsPart;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: the same figures as RFC 4180 CSV (also with `Accept: text/csv`)' })
  @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** A count per code: an object whose members are all numbers. */
const COUNTS = { type: 'object', additionalProperties: { type: 'number' } } as const;

export class StatisticsCheckpointDto {
  @ApiProperty({ example: 'evidence.example.eu/api/v1/log' }) origin: string;
  @ApiProperty({ description: 'The tree size of the checkpoint the figures were computed at: only steps at log indexes below it count' }) size: number;
  @ApiProperty({ description: 'Its root hash, base64 (GET /api/v1/log/checkpoint, and the tiles, prove every counted step)' }) rootHash: string;
}

export class StatisticsTimeDto {
  @ApiProperty() answered: number;
  @ApiProperty({ nullable: true, type: Number }) average: number | null;
  @ApiProperty({ nullable: true, type: Number }) median: number | null;
  @ApiProperty({ nullable: true, type: Number }) max: number | null;
}

export class StatisticsWindowDto {
  @ApiProperty({ format: 'date-time', example: '2026-01-01T00:00:00.000Z' }) from: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-04T20:00:00.000Z' }) to: string;
}

export class StatisticsDeadlinesDto {
  @ApiProperty({ example: 10 }) met: number;
  @ApiProperty({ example: 1 }) missed: number;
  @ApiProperty({ example: 2 }) open: number;
}

export class StatisticsSubsequentDto {
  @ApiProperty({ example: 1 }) count: number;
  @ApiProperty({ nullable: true, type: Number, example: 480 }) average: number | null;
}

export class StatisticsAggregateDto {
  @ApiProperty({ description: 'Orders received by their addressee in the window (Art 28(2)(a))' }) issued: number;
  @ApiProperty({ ...COUNTS, example: { PRODUCTION: 12, PRESERVATION: 3 } }) byType: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'By category of data asked for; an order asking for several counts in each', example: { SUBSCRIBER: 9, IDENTIFICATION: 0, TRAFFIC: 4, CONTENT: 2 } }) byDataCategory: Record<string, number>;
  @ApiProperty() emergency: number;
  @ApiProperty({ description: 'Emergency orders issued without prior validation (Art 4(5), Art 28(2)(b))' }) emergencyWithoutPriorValidation: number;
  @ApiProperty({ description: '… whose ex-post validation was refused or lapsed' }) exPostValidationNotGranted: number;
  @ApiProperty({ description: 'Notifications to an enforcing authority (Art 8, Art 28(2)(d))' }) notifiedToEnforcingState: number;
  @ApiProperty({ ...COUNTS, description: 'FULFILLED, PARTIALLY_FULFILLED, NOT_EXECUTED, WITHDRAWN, EXPIRED, PENDING (Art 28(2)(c))' }) outcomes: Record<string, number>;
  @ApiProperty({ type: StatisticsDeadlinesDto, description: 'Production deadlines met, missed (late, or overdue), still open' }) deadlines: StatisticsDeadlinesDto;
  @ApiProperty({ type: StatisticsTimeDto, description: 'Hours from receipt to the answer (production, non-execution, preservation confirmed), clarification pauses left out (Art 28(2)(e))' }) timeToAnswerHours: StatisticsTimeDto;
  @ApiProperty({ type: StatisticsSubsequentDto, description: 'EPOC-PR: hours from receipt to the subsequent request (Art 28(2)(f))' }) timeToSubsequentRequestHours: StatisticsSubsequentDto;
  @ApiProperty({ ...COUNTS, description: 'Art 12(1) grounds for refusal raised by enforcing authorities' }) refusalGrounds: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'Annex III reasons 4-10 for not executing' }) nonExecutionReasons: Record<string, number>;
}

export class StatisticsGroupDto extends StatisticsAggregateDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', nullable: true }, description: '`issuingState`, `enforcingState` (null: not notified); or `instrument`; or `providerId`, `providerName`, `providerCountry`', example: { issuingState: 'FR', enforcingState: 'IE' } })
  key: Record<string, string | null>;
}

/** Removal orders (Reg. 2021/784) received in the window: how they were answered. */
export class RemovalStatisticsDto {
  @ApiProperty({ description: 'Removal orders that reached their hosting provider in the window' }) received: number;
  @ApiProperty({ description: 'Removed or disabled within the hour of receipt (or of the end of an Annex III impediment, Art 3(3), 3(7)-(8))' }) executedWithinTheHour: number;
  @ApiProperty() executedLate: number;
  @ApiProperty({ description: 'Reported impossible (Annex III) and not executed since' }) impossible: number;
  @ApiProperty({ description: 'Revoked after the host State\'s scrutiny (Art 4)' }) revokedAfterScrutiny: number;
  @ApiProperty({ description: 'Awaited, within the hour' }) pending: number;
  @ApiProperty({ description: 'Awaited, past the hour' }) overdue: number;
}

export class StatisticsDto {
  @ApiProperty({
    description: 'PUBLIC, or the organisation and the part it played in the orders counted',
    oneOf: [
      { type: 'string', enum: ['PUBLIC'] },
      { type: 'object', properties: { organisationId: { type: 'string', format: 'uuid' }, as: { type: 'string', enum: [...STATISTICS_PARTS] } }, required: ['organisationId', 'as'], additionalProperties: false },
    ],
    example: { organisationId: '7bd1e883-da12-492e-ac72-eda7fe3f2a83', as: 'ADDRESSEE' },
  })
  scope: 'PUBLIC' | { organisationId: string; as: StatisticsPart };
  @ApiProperty({ type: StatisticsWindowDto }) window: StatisticsWindowDto;
  @ApiProperty({ enum: STATISTICS_DIMENSIONS }) by: StatisticsDimension;
  @ApiProperty({ type: StatisticsCheckpointDto }) checkpoint: StatisticsCheckpointDto;
  @ApiProperty({ format: 'date-time' }) computedAt: string;
  @ApiProperty({ type: StatisticsAggregateDto }) total: StatisticsAggregateDto;
  @ApiProperty({ type: [StatisticsGroupDto] }) groups: StatisticsGroupDto[];
  @ApiProperty({
    type: RemovalStatisticsDto,
    nullable: true,
    description: 'Removal orders (Reg. 2021/784) received in the window and how they were answered: a provider\'s own (as ADDRESSEE), every provider\'s together (public), the orders an authority issued (as ISSUING); null for the other parts',
  })
  removalOrders: RemovalStatisticsDto | null;
}
