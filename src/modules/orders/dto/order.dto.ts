import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DATA_CATEGORIES, ORDER_TYPES, type DataCategory, type DataTier, type OrderType } from '../../../../libs/domain/data-categories.js';
import { ORDER_PARTIES, ORDER_STATUSES, type OrderStatus, type ReviewStatus } from '../../../../libs/domain/order-lifecycle.js';
import type { RoutingResult } from '../../../../libs/routing/index.js';
import type { StoredParty } from '../orders.repository.js';
import { EmergencyDto, OrderOffenceDto, TargetDto, TimeRangeDto } from './order-content.dto.js';

export class EnforcingReviewStateDto {
  @ApiProperty({ type: String, nullable: true, example: 'IE', description: 'The enforcing State (where the addressee sits)' })
  state: string | null;

  @ApiProperty({ enum: ['PENDING', 'NO_GROUNDS', 'GROUNDS_RAISED', 'LAPSED'] })
  status: ReviewStatus;

  @ApiProperty({ description: 'Production waits for the review (outside emergencies, Reg. 2023/1543 Art 8(4))' })
  suspensive: boolean;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  endsAt: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  decidedAt: string | null;

  @ApiProperty({ type: [String] })
  grounds: string[];

  @ApiProperty()
  partial: boolean;

  @ApiProperty({ description: 'Grounds raised in full: the issuing authority must withdraw the order (Reg. 2023/1543 Art 12(2))' })
  issuerMustWithdraw: boolean;
}

/** An order as its parties see it (docs/api.md, "Orders"). */
export class OrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'EVX-2026-7KQ3M9XD' }) reference: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ description: 'Send as `If-Match: "<version>"` to act only on this version' }) version: number;
  @ApiProperty({ enum: ORDER_TYPES }) type: OrderType;
  @ApiProperty({ example: 'EU_PRODUCTION_ORDER' }) instrument: string;
  @ApiProperty({ example: 'EPOC' }) form: string;
  @ApiProperty({ enum: ['LOW', 'HIGH'] }) tier: DataTier;
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty({ description: 'The establishment the order goes to, as routing chose it', nullable: true, type: Object }) addressee: unknown;
  @ApiProperty({ format: 'uuid' }) issuingAuthorityId: string;
  @ApiProperty({ example: 'FR' }) issuingCountry: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) validatingAuthorityId: string | null;
  @ApiProperty({ format: 'uuid' }) evidenceRecipientId: string;
  @ApiProperty() caseReference: string;
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true }) dataCategories: DataCategory[];
  @ApiProperty({ type: [TargetDto] }) targets: TargetDto[];
  @ApiProperty({ type: TimeRangeDto, nullable: true }) timeRange: TimeRangeDto | null;
  @ApiProperty({ type: OrderOffenceDto }) offence: OrderOffenceDto;
  @ApiProperty({ type: EmergencyDto, nullable: true }) emergency: EmergencyDto | null;
  @ApiProperty({ nullable: true, type: Boolean }) targetIsUsPerson: boolean | null;
  @ApiProperty({ nullable: true, type: String }) targetLocation: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) offenceInIssuingState: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) targetResidesInIssuingState: boolean | null;
  @ApiProperty({ nullable: true, type: String }) language: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Section M: only for the issuing, validating and enforcing authorities' }) caseSummary?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Section M: only for the issuing, validating and enforcing authorities' }) necessityGrounds?: string | null;
  @ApiProperty({ description: 'The routing evaluation stored when the order was created or amended', type: Object }) routing: RoutingResult;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Receipt: when the order reached the provider\'s inbox; every clock starts here' }) receivedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Production deadline, moved by time spent awaiting clarification' }) dueAt: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ description: 'The production clock is stopped while a clarification is awaited' }) clockSuspended: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) preservationExpiresAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Emergency orders issued by police without prior validation' }) exPostValidationDueAt: string | null;
  @ApiProperty({ type: EnforcingReviewStateDto, nullable: true }) enforcingReview: EnforcingReviewStateDto | null;
  @ApiProperty({ enum: ORDER_PARTIES.filter((p) => p !== 'SYSTEM'), isArray: true, description: 'The parts your organisation plays in this order' }) parties: StoredParty[];
  @ApiProperty({ description: 'Hash of the last signed step' }) lastStepHash: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] }) items: OrderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

