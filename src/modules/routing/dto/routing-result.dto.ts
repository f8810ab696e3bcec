import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DATA_TIERS, type DataTier } from '../../../../libs/domain/data-categories.js';
import { AUTHORITY_DESIGNATIONS, AUTHORITY_TYPES, ESTABLISHMENT_ROLES, type AuthorityCapacity, type AuthorityType, type EstablishmentRole, type Role } from '../../../../libs/domain/identity.js';
import { HOP_KINDS, type HopKind } from '../../../../libs/domain/order-lifecycle.js';
import {
  CHANNELS,
  FORMS,
  HOP_ADDRESSEE_ROLES,
  INSTRUMENT_CODES,
  REASON_CODES,
  ROUTING_FACTS,
  type HopAddresseeRole,
  type RoutingFact,
  type Channel,
  type Confidence,
  type Form,
  type InstrumentCode,
  type ReasonCode,
  type ReasonOutcome,
} from '../../../../libs/routing/index.js';

const CONFIDENCE = ['CONFIRMED', 'UNCONFIRMED'];

export class RoutingReasonDto {
  @ApiProperty({ enum: REASON_CODES, description: 'Stable machine code' }) code: ReasonCode;
  @ApiProperty({ example: 'Denmark does not take part in Regulation (EU) 2023/1543 (Protocol No 22).' }) message: string;
  @ApiProperty({ example: 'Reg. 2023/1543 Art 3(1)', description: 'The legal basis the reason rests on' }) basis: string;
  @ApiProperty({ enum: ['MET', 'NOT_MET', 'NOTE'], description: 'NOT_MET names a failed condition; NOTE flags an unconfirmed point' })
  outcome: ReasonOutcome;
}

export class RoutingCandidateDto {
  @ApiProperty({ enum: INSTRUMENT_CODES }) instrument: InstrumentCode;
  @ApiProperty() name: string;
  @ApiProperty() eligible: boolean;
  @ApiProperty({ description: 'Lower is preferred' }) preferenceRank: number;
  @ApiProperty({ type: [RoutingReasonDto], description: 'Why it applies (MET, NOTE), or every condition that fails (NOT_MET)' })
  reasons: RoutingReasonDto[];

  @ApiProperty({ enum: ROUTING_FACTS, isArray: true, description: 'Facts the request left out that this instrument\'s conditions need; an order is not routed past an instrument that needs one (ROUTING_FACTS_MISSING)' })
  missingFacts: RoutingFact[];
}

export class RoutingProviderPlaceDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ example: 'IE' }) country: string;
  @ApiProperty({ enum: ESTABLISHMENT_ROLES }) role: EstablishmentRole;
  @ApiProperty({ example: ['en', 'fr'], description: 'Languages the establishment accepts orders in' }) languages: string[];
  @ApiPropertyOptional({ description: 'The headquarters stands in for an establishment the directory does not list' }) headquarters?: boolean;
}

export class RoutingAddresseeDto {
  @ApiProperty({ format: 'uuid', type: String, nullable: true, description: 'The provider, or on a route through the State addressed its authority (the requested central authority of a letter of request)' }) organisationId: string | null;
  @ApiProperty({ example: 'IE' }) country: string;
  @ApiProperty({ enum: [...ESTABLISHMENT_ROLES, ...HOP_ADDRESSEE_ROLES] }) role: EstablishmentRole | HopAddresseeRole;
  @ApiProperty({ example: ['en', 'fr'], description: 'Languages the addressee accepts orders in' }) languages: string[];
  @ApiPropertyOptional({ description: 'An authority\'s name' }) name?: string;
  @ApiPropertyOptional({ description: 'The headquarters stands in for an establishment the directory does not list' }) headquarters?: boolean;
}

export class RoutingHopAuthorityDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
}

export class RoutingHopDto {
  @ApiProperty({ enum: HOP_KINDS }) kind: HopKind;
  @ApiProperty({ enum: ['ISSUING', 'ADDRESSEE'] }) side: 'ISSUING' | 'ADDRESSEE';
  @ApiProperty({ example: 'GB' }) country: string;
  @ApiProperty({ enum: [...new Set([...AUTHORITY_TYPES, ...AUTHORITY_DESIGNATIONS])], isArray: true }) actingAs: AuthorityCapacity[];
  @ApiProperty({ enum: ['OFFICER', 'VALIDATOR', 'PROSECUTOR', 'CERTIFIER'], isArray: true }) roles: Role[];
  @ApiProperty({ enum: HOP_ADDRESSEE_ROLES, nullable: true }) addresseeRole: HopAddresseeRole | null;
  @ApiProperty({ type: [String] }) deadlines: string[];
  @ApiProperty() basis: string;
  @ApiProperty() groundsBasis: string;
  @ApiProperty({ type: [RoutingHopAuthorityDto], nullable: true, description: 'The authorities of the exchange that may take it' }) authorities: RoutingHopAuthorityDto[] | null;
  @ApiProperty({ enum: CONFIDENCE }) confidence: Confidence;
}

export class RoutingApprovalsDto {
  @ApiProperty({ enum: AUTHORITY_TYPES, isArray: true, description: 'May issue alone' }) issuers: AuthorityType[];
  @ApiProperty({ enum: AUTHORITY_TYPES, isArray: true, description: 'May validate an order drafted by another competent authority' })
  validators: AuthorityType[];
  @ApiProperty({ description: 'This emergency order may be issued without prior validation' }) emergencyWithoutPriorValidation: boolean;
  @ApiProperty({ type: Number, nullable: true, example: 48 }) exPostValidationHours: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Authority that certifies or transmits the order' }) certifiedBy: string | null;
  @ApiProperty() basis: string;
}

export class RoutingDeadlineDto {
  @ApiProperty({ example: 'PRODUCTION' }) clock: string;
  @ApiProperty({ example: 'P10D', description: 'ISO 8601 duration' }) duration: string;
  @ApiProperty({ enum: ['RECEIPT', 'ISSUE', 'RECOGNITION', 'REQUEST'] }) from: 'RECEIPT' | 'ISSUE' | 'RECOGNITION' | 'REQUEST';
  @ApiProperty() basis: string;
  @ApiPropertyOptional() note?: string;
  @ApiProperty({ enum: CONFIDENCE }) confidence: Confidence;
}

/** Reg. 2021/784 Art 4: the copy to the host State's competent authority, which may scrutinise the order. */
export class RoutingScrutinyDto {
  @ApiProperty({ example: 'IE', description: 'The State of the provider\'s main establishment or legal representative' }) state: string;
  @ApiProperty({ enum: [...new Set([...AUTHORITY_TYPES, ...AUTHORITY_DESIGNATIONS])], isArray: true }) actingAs: AuthorityCapacity[];
  @ApiProperty({ enum: ['REVIEWER', 'VALIDATOR', 'PROSECUTOR', 'OFFICER'], isArray: true }) roles: Role[];
  @ApiProperty() basis: string;
}

export class SelectedRouteDto {
  @ApiProperty({ enum: INSTRUMENT_CODES }) instrument: InstrumentCode;
  @ApiProperty() name: string;
  @ApiProperty() legalBasis: string;
  @ApiProperty({ description: 'The treaty or relation between the two States the route rests on' }) partyBasis: string;
  @ApiProperty({ type: RoutingAddresseeDto, description: 'Whom the form is addressed to' }) addressee: RoutingAddresseeDto;
  @ApiProperty({ type: RoutingProviderPlaceDto, description: 'The provider\'s establishment that answers the order' }) provider: RoutingProviderPlaceDto;
  @ApiProperty({ enum: FORMS }) form: Form;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() transmission: string;
  @ApiProperty({ type: RoutingApprovalsDto }) approvals: RoutingApprovalsDto;
  @ApiProperty({ description: 'The enforcing authority is notified and may raise grounds for refusal' }) enforcingReview: boolean;
  @ApiProperty({ description: 'Why there is, or is not, an enforcing-authority review' }) enforcingReviewReason: string;
  @ApiProperty({ type: String, nullable: true, example: 'IE' }) enforcingState: string | null;
  @ApiProperty({ type: [RoutingDeadlineDto] }) deadlines: RoutingDeadlineDto[];
  @ApiProperty({ type: String, nullable: true }) deadlinesNote: string | null;
  @ApiProperty({ type: [RoutingHopDto], description: 'The authorities between the issuing side and the provider, in order: each certifies or forwards it as a signed step' }) hops: RoutingHopDto[];
  @ApiPropertyOptional({ type: RoutingScrutinyDto, nullable: true, description: 'Removal orders: the copy to the host State\'s competent authority (null for other orders, and when the provider is established in the issuing State)' })
  scrutiny?: RoutingScrutinyDto | null;
  @ApiProperty({ enum: CONFIDENCE }) confidence: Confidence;
}

export class RoutingResultDto {
  @ApiProperty({ example: '2026.11.1' }) catalogueVersion: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ enum: DATA_TIERS, description: 'HIGH when traffic or content data are asked for' }) tier: DataTier;
  @ApiProperty({ type: SelectedRouteDto, nullable: true, description: 'null when no instrument applies' }) selected: SelectedRouteDto | null;
  @ApiProperty({ type: [RoutingCandidateDto] }) candidates: RoutingCandidateDto[];
}
