import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DATA_CATEGORIES, ORDER_TYPES, type DataCategory, type DataTier, type OrderType } from '../../../../libs/domain/data-categories.js';
import { AUTHORITY_TYPES, type AuthorityType } from '../../../../libs/domain/identity.js';
import { HOP_KINDS, ORDER_PARTIES, ORDER_STATUSES, type HopKind, type OrderStatus, type ReviewStatus } from '../../../../libs/domain/order-lifecycle.js';
import type { RoutingResult } from '../../../../libs/routing/index.js';
import { ContactDto } from '../../identity/dto/organisation.dto.js';
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

/** An organisation taking part in the order, by name. */
export class IssuerSuspensionDto {
  @ApiProperty({ format: 'date-time' }) suspendedAt: string;
  @ApiProperty() reason: string;
}

export class OrderParticipantDto {
  @ApiProperty({ enum: ORDER_PARTIES.filter((p) => p !== 'SYSTEM') }) party: StoredParty;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ example: 'Crown Court at Southwark' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: 'GB' }) country: string | null;
  @ApiProperty({ enum: AUTHORITY_TYPES, nullable: true }) authorityType: AuthorityType | null;
  @ApiProperty({ type: ContactDto, nullable: true, description: 'An authority\'s functional contacts' }) contact: ContactDto | null;
  @ApiProperty({ type: IssuerSuspensionDto, nullable: true, description: 'The operator suspended this organisation: what it signed or passed on deserves a second look' }) suspended: IssuerSuspensionDto | null;
}

export class HopDeadlineDto {
  @ApiProperty({ example: 'RECOGNITION' }) clock: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty() overdue: boolean;
}

export class HopAuthorityDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
}

/** One authority between the issuing side and the provider, and where the order stands with it. */
export class HopStateDto {
  @ApiProperty({ enum: HOP_KINDS, description: 'CERTIFICATION (POST /certify), TRANSMISSION and RECOGNITION (POST /forward)' }) kind: HopKind;
  @ApiProperty({ enum: ['ISSUING', 'ADDRESSEE'] }) side: 'ISSUING' | 'ADDRESSEE';
  @ApiProperty({ example: 'GB' }) country: string;
  @ApiProperty({ enum: ['PENDING', 'PASSED', 'REFUSED', 'WITHDRAWN'], nullable: true, description: 'null before the order reaches it' }) outcome: 'PENDING' | 'PASSED' | 'REFUSED' | 'WITHDRAWN' | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) receivedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) actedAt: string | null;
  @ApiProperty({ type: [HopAuthorityDto], description: 'Who takes it: the authority that acted, or those that may' }) authorities: HopAuthorityDto[];
  @ApiProperty({ type: [HopDeadlineDto], description: 'The instrument\'s clocks against this hop, from its receipt (an EIO\'s recognition within 30 days)' }) deadlines: HopDeadlineDto[];
}

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) function: string | null;
}

/** Whether a second person of the issuing authority vouched for an emergency order (docs/state-to-state.md, "Emergency orders a provider can trust"). */
export class EmergencyVerificationDto {
  @ApiProperty() countersigned: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) countersignedAt: string | null;
  @ApiProperty({ type: PersonDto, nullable: true }) countersignedBy: PersonDto | null;
}

/** A provider asked the issuing authority to confirm an emergency order (docs/state-to-state.md, "Emergency orders a provider can trust"). */
export class OrderChallengeDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() organisationName: string;
}

/** What the exchange knows of the issuing authority, for the provider deciding whether to trust an order. */
export class IssuerRecordDto {
  @ApiProperty({ description: 'Orders of this issuing authority that reached their addressee on the exchange before this one did (taken at receipt, never changed)' }) ordersSentBefore: number;
  @ApiProperty({ description: 'Of those, orders sent to your organisation' }) ordersSentToYouBefore: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the certificate that signed its last step before receipt was issued' }) certificateIssuedAt: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'That certificate was more than 30 days old when it signed; a new one is what a hijacked account would use' }) certificateOlderThan30Days: boolean | null;
}


/** The host State's scrutiny of a removal order (Reg. 2021/784 Art 4). */
export class ScrutinyStateDto {
  @ApiProperty({ example: 'IE', description: 'The State of the main establishment or legal representative, whose competent authority has a copy' }) state: string;
  @ApiProperty({ enum: ['PENDING', 'NO_INFRINGEMENT', 'INFRINGEMENT', 'LAPSED'] }) status: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Until when the provider or the content provider may ask for scrutiny (48 hours from receipt)' }) requestDueAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) requestedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: '72 hours from the copy, or from a request if later' }) endsAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class CertifiedAccountRefDto {
  @ApiProperty() handle: string;
  @ApiProperty() holder: string;
}

export class CertifiedOverrideDto {
  @ApiProperty() reason: string;
  @ApiProperty({ type: [CertifiedAccountRefDto] }) accounts: CertifiedAccountRefDto[];
}

/** What a removal order asks and where it stands (Reg. 2021/784). */
export class RemovalStateDto {
  @ApiProperty({ type: [String], example: ['INCITEMENT'], description: 'Reg. 2021/784 Art 2(7)(a)-(e)' }) reasons: string[];
  @ApiProperty() contentDescription: string;
  @ApiProperty({ nullable: true, type: String, enum: ['REMOVED', 'DISABLED'], description: 'What the provider did (Annex II)' }) action: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) actedAt: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Confirmed within the hour of receipt (or of the end of an Annex III impediment); null before the answer' }) withinTheHour: boolean | null;
  @ApiProperty({ type: ScrutinyStateDto, nullable: true, description: 'Null when the provider is established or represented in the issuing State' }) scrutiny: ScrutinyStateDto | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Art 11(3): the content provider is not informed until then (the issuing authority\'s decision)' }) nonDisclosureUntil: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Art 11(1): the provider informed the content provider of the removal; null before the answer' }) contentProviderInformed: boolean | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'Art 6(2): the provider preserves the removed content and related data until then (six months from the removal)' }) preservedUntil: string | null;
  @ApiProperty({ description: 'The order was revoked after scrutiny: the provider reinstates the content or access to it (Art 4(5))' }) reinstate: boolean;
  @ApiProperty({ type: CertifiedOverrideDto, nullable: true, description: 'The order names certified accounts and the issuer went ahead: its reason, shown to every party' }) certifiedOverride: CertifiedOverrideDto | null;
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
  @ApiProperty({ type: OrderOffenceDto, description: 'A removal order names no offence: it states the Regulation\'s terms (terrorist content, Reg. 2021/784 Art 2(7); Directive (EU) 2017/541), with the content described' }) offence: OrderOffenceDto;
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
  @ApiProperty({ type: [OrderParticipantDto], description: 'Every organisation taking part, by name' }) participants: OrderParticipantDto[];
  @ApiProperty({ type: [HopStateDto], description: 'The authorities between the issuing side and the provider (certify, forward), in order; empty on a route straight to the provider' }) transmission: HopStateDto[];
  @ApiProperty({ type: EmergencyVerificationDto, nullable: true, description: 'Emergency orders: whether a second person of the issuing authority vouched for it' }) emergencyVerification: EmergencyVerificationDto | null;
  @ApiProperty({ type: [OrderChallengeDto], description: 'Providers\' requests to confirm an emergency order' }) challenges: OrderChallengeDto[];
  @ApiProperty({ type: IssuerRecordDto, nullable: true, description: 'For the provider only: the issuing authority\'s record on the exchange' }) issuerRecord: IssuerRecordDto | null;
  @ApiProperty({ type: IssuerSuspensionDto, nullable: true, description: 'The operator suspended the issuing authority (a hijacked account, a forged order): treat the order with care' }) issuingAuthoritySuspended: IssuerSuspensionDto | null;
  @ApiPropertyOptional({ type: RemovalStateDto, description: 'Removal orders only (Reg. 2021/784): what was done, the host State\'s scrutiny, and whether to reinstate' }) removal?: RemovalStateDto;
  @ApiProperty({ description: 'Hash of the last signed step' }) lastStepHash: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] }) items: OrderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

