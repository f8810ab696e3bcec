import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DATA_CATEGORIES, DATA_TIERS, ORDER_TYPES, type DataCategory, type DataTier, type OrderType } from '../../../../libs/domain/data-categories.js';
import { AUTHORITY_DESIGNATIONS, AUTHORITY_TYPES, ESTABLISHMENT_ROLES, type AuthorityCapacity, type AuthorityType, type EstablishmentRole, type Role } from '../../../../libs/domain/identity.js';
import { HOP_KINDS, type HopKind } from '../../../../libs/domain/order-lifecycle.js';
import { CHANNELS, FORMS, HOP_ADDRESSEE_ROLES, INSTRUMENT_CODES, type Channel, type Confidence, type Form, type HopAddresseeRole, type InstrumentCode } from '../../../../libs/routing/index.js';
import { RoutingDeadlineDto } from './routing-result.dto.js';

const CONFIDENCE = ['CONFIRMED', 'UNCONFIRMED'];

export class StateAbsenceDto {
  @ApiProperty({ example: 'DK' }) country: string;
  @ApiProperty({ example: 'Denmark does not take part in Regulation (EU) 2023/1543 (Protocol No 22).' }) reason: string;
}

export class StateSetDto {
  @ApiProperty({ example: 'E_EVIDENCE_STATES' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty() basis: string;
  @ApiProperty({ type: [String], description: 'ISO 3166-1 alpha-2 codes; empty when anyState' }) members: string[];
  @ApiProperty({ description: 'Every State' }) anyState: boolean;
  @ApiProperty({ type: [StateAbsenceDto], description: 'Why a State one might expect is not a member' }) absent: StateAbsenceDto[];
  @ApiProperty({ enum: CONFIDENCE }) confidence: Confidence;
  @ApiProperty({ type: [String] }) unconfirmed: string[];
}

export class PartyPairDto {
  @ApiProperty({ description: 'State set code' }) issuing: string;
  @ApiProperty({ description: 'State set code' }) addressee: string;
  @ApiProperty({ description: 'Holds both ways' }) reciprocal: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Not between two States of this set' }) exceptBetween: string | null;
  @ApiProperty({ type: String, nullable: true }) exceptBetweenReason: string | null;
  @ApiProperty() basis: string;
}

export class ReservationsDto {
  @ApiProperty({ description: 'State set code' }) states: string;
  @ApiProperty() basis: string;
}

export class AddresseeRuleDto {
  @ApiProperty({ enum: ESTABLISHMENT_ROLES, isArray: true, description: 'Most preferred first' }) roles: EstablishmentRole[];
  @ApiProperty() includeHeadquarters: boolean;
  @ApiProperty({ type: String, nullable: true, enum: ['DOMAIN_REGISTRAR'] }) providerKind: 'DOMAIN_REGISTRAR' | null;
  @ApiProperty() basis: string;
}

export class CoverageDto {
  @ApiProperty({ enum: ORDER_TYPES }) orderType: OrderType;
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true }) dataCategories: DataCategory[];
  @ApiProperty({ enum: FORMS }) form: Form;
  @ApiProperty() basis: string;
}

export class OffenceThresholdDto {
  @ApiProperty({ enum: DATA_TIERS, isArray: true }) tiers: DataTier[];
  @ApiProperty({ example: 36 }) minMaxSentenceMonths: number;
  @ApiProperty() listedCategoriesSuffice: boolean;
  @ApiProperty() basis: string;
  @ApiPropertyOptional() anyOffenceBasis?: string;
}

export class TargetRestrictionDto {
  @ApiProperty({ enum: ['NOT_A_US_PERSON', 'NOT_LOCATED_IN'] }) kind: 'NOT_A_US_PERSON' | 'NOT_LOCATED_IN';
  @ApiProperty({ type: String, nullable: true, description: 'State set code, for NOT_LOCATED_IN' }) states: string | null;
  @ApiProperty() basis: string;
}

export class IssuerRuleDto {
  @ApiProperty({ enum: DATA_TIERS }) tier: DataTier;
  @ApiProperty({ enum: AUTHORITY_TYPES, isArray: true }) issuers: AuthorityType[];
  @ApiProperty({ enum: AUTHORITY_TYPES, isArray: true }) validators: AuthorityType[];
  @ApiProperty() emergencyWithoutPriorValidation: boolean;
  @ApiProperty({ type: Number, nullable: true }) exPostValidationHours: number | null;
  @ApiProperty() basis: string;
  @ApiPropertyOptional({ enum: [...new Set([...AUTHORITY_TYPES, ...AUTHORITY_DESIGNATIONS])], isArray: true, description: 'Only an authority acting as one of these may issue (a removal order: a competent authority)' })
  issuerActsAs?: AuthorityCapacity[];
  @ApiPropertyOptional({ description: 'Why only they issue' }) issuerBasis?: string;
}

export class EnforcingReviewRuleDto {
  @ApiProperty({ enum: DATA_TIERS, isArray: true }) tiers: DataTier[];
  @ApiProperty() exceptionWhenOffenceAndResidenceInIssuingState: boolean;
  @ApiProperty() suspensiveExceptInEmergency: boolean;
  @ApiProperty() basis: string;
  @ApiProperty() exceptionBasis: string;
}

export class ClockConditionDto {
  @ApiPropertyOptional() emergency?: boolean;
  @ApiPropertyOptional() enforcingReview?: boolean;
  @ApiPropertyOptional({ enum: DATA_TIERS }) tier?: DataTier;
  @ApiPropertyOptional({ enum: ORDER_TYPES }) orderType?: OrderType;
}

export class DeadlineRuleDto extends RoutingDeadlineDto {
  @ApiProperty({ type: ClockConditionDto, nullable: true, description: 'The clock runs only when all of these hold' }) when: ClockConditionDto | null;
}

export class TransmissionDto {
  @ApiProperty() via: string;
  @ApiProperty({ type: String, nullable: true }) certifiedBy: string | null;
  @ApiProperty() basis: string;
}

export class HopRuleDto {
  @ApiProperty({ enum: HOP_KINDS, description: 'CERTIFICATION (certify), TRANSMISSION and RECOGNITION (forward)' }) kind: HopKind;
  @ApiProperty({ enum: ['ISSUING', 'ADDRESSEE'], description: 'An authority of the issuing State or of the State addressed' }) side: 'ISSUING' | 'ADDRESSEE';
  @ApiProperty({ enum: [...new Set([...AUTHORITY_TYPES, ...AUTHORITY_DESIGNATIONS])], isArray: true, description: 'It acts as one of these (type or designation)' }) actingAs: AuthorityCapacity[];
  @ApiProperty({ enum: ['OFFICER', 'VALIDATOR', 'PROSECUTOR', 'CERTIFIER'], isArray: true }) roles: Role[];
  @ApiProperty({ enum: HOP_ADDRESSEE_ROLES, nullable: true, description: 'The route\'s form is addressed to this authority' }) addresseeRole: HopAddresseeRole | null;
  @ApiProperty({ type: [String], description: 'Clocks that run against this hop from its receipt' }) deadlines: string[];
  @ApiProperty() basis: string;
  @ApiProperty({ description: 'Why this authority reads the order\'s grounds' }) groundsBasis: string;
  @ApiProperty({ enum: CONFIDENCE }) confidence: Confidence;
  @ApiProperty({ type: [String] }) unconfirmed: string[];
}

export class InstrumentDto {
  @ApiProperty({ enum: INSTRUMENT_CODES }) code: InstrumentCode;
  @ApiProperty() name: string;
  @ApiProperty() legalBasis: string;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'First day of use; null while not in force' }) effectiveFrom: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'First day it can no longer be used' }) effectiveUntil: string | null;
  @ApiProperty({ type: String, nullable: true }) effectiveNote: string | null;
  @ApiProperty({ description: 'In force on `asOf`' }) inForce: boolean;
  @ApiProperty({ type: [PartyPairDto] }) parties: PartyPairDto[];
  @ApiProperty({ type: ReservationsDto, nullable: true }) reservations: ReservationsDto | null;
  @ApiProperty({ type: AddresseeRuleDto }) addressee: AddresseeRuleDto;
  @ApiProperty({ type: [CoverageDto] }) covers: CoverageDto[];
  @ApiProperty() emergencyOnly: boolean;
  @ApiProperty({ type: OffenceThresholdDto, nullable: true }) offenceThreshold: OffenceThresholdDto | null;
  @ApiProperty({ type: [TargetRestrictionDto] }) targetRestrictions: TargetRestrictionDto[];
  @ApiProperty({ type: [IssuerRuleDto], description: 'Who may issue or validate, per data tier' }) approvals: IssuerRuleDto[];
  @ApiProperty({ type: EnforcingReviewRuleDto, nullable: true }) enforcingReview: EnforcingReviewRuleDto | null;
  @ApiProperty({ type: [DeadlineRuleDto] }) deadlines: DeadlineRuleDto[];
  @ApiProperty({ type: String, nullable: true }) deadlinesNote: string | null;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ type: TransmissionDto }) transmission: TransmissionDto;
  @ApiProperty({ type: [HopRuleDto], description: 'The authorities between the issuing side and the provider, in order' }) hops: HopRuleDto[];
  @ApiProperty({ description: 'Lower is preferred' }) preferenceRank: number;
  @ApiProperty({ enum: CONFIDENCE }) confidence: Confidence;
  @ApiProperty({ type: [String], description: 'Points the research could not confirm' }) unconfirmed: string[];
}

/** `GET /routing/instruments`: the catalogue, as reviewed data. */
export class CatalogueDto {
  @ApiProperty({ example: '2026.11.1' }) version: string;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'date', description: 'The date `inForce` is computed for (today, UTC)' }) asOf: string;
  @ApiProperty({ type: [StateSetDto] }) stateSets: StateSetDto[];
  @ApiProperty({ type: [InstrumentDto] }) instruments: InstrumentDto[];
}
