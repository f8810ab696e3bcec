/** Names for the API's schemas, all generated from openapi.json (schema.d.ts). */
import type { components } from './schema';

type Schemas = components['schemas'];

export type Order = Schemas['OrderDto'];
export type OrderStatus = Order['status'];
export type OrderType = Order['type'];
export type OrderParty = Order['parties'][number];
export type OrderPage = Schemas['OrderPageDto'];
export type Me = Schemas['MeDto'];
export type Role = Schemas['MeUserDto']['roles'][number];
export type AuthorityType = NonNullable<Schemas['MeOrganisationDto']['authorityType']>;
export type Provider = Schemas['ProviderDirectoryEntryDto'];
export type Establishment = Schemas['EstablishmentDto'];
export type CreateOrderBody = Schemas['CreateOrderDto'];
export type UpdateOrderBody = Schemas['UpdateOrderDto'];
export type Target = Schemas['TargetDto'];
export type TargetKind = Target['kind'];
export type DataCategory = Order['dataCategories'][number];
export type ListedCategory = NonNullable<Schemas['OrderOffenceDto']['listedCategory']>;
export type EmergencyGround = Schemas['EmergencyDto']['ground'];
export type Instrument = NonNullable<CreateOrderBody['instrument']>;
export type RoutingQuery = Schemas['EvaluateRoutingDto'];
export type RoutingResult = Schemas['RoutingResultDto'];
export type SelectedRoute = Schemas['SelectedRouteDto'];
export type RoutingCandidate = Schemas['RoutingCandidateDto'];
export type RoutingReason = Schemas['RoutingReasonDto'];
export type Step = Schemas['StepDto'];
export type StepAction = Step['action'];
export type Verification = Schemas['VerificationDto'];
export type StepCheck = Schemas['StepCheckDto'];
export type OrderDocument = Schemas['DocumentDto'];
export type Evidence = Schemas['EvidenceDto'];
export type UploadStatus = Schemas['UploadStatusDto'];
export type EnforcingReviewState = Schemas['EnforcingReviewStateDto'];
export type ReviewGround = NonNullable<Schemas['EnforcingReviewDto']['grounds']>[number];
export type ConflictNature = Schemas['ThirdCountryConflictDto']['nature'];
export type SubsequentKind = Schemas['SubsequentRequestDto']['kind'];
export type Organisation = Schemas['OrganisationDto'];
export type CreateOrganisationBody = Schemas['CreateOrganisationDto'];
export type CreateUserBody = Schemas['CreateUserDto'];
export type User = Schemas['UserDto'];
export type Certificate = Schemas['CertificateDto'];
export type RevocationReason = Schemas['RevokeCertificateDto']['reason'];
export type EstablishmentRole = Establishment['role'];
export type OrganisationKind = Organisation['kind'];

/**
 * Annex III reasons (Reg. 2023/1543): 1-3 ask for clarification, 4-10 explain non-execution.
 * The API documents the field loosely (`reasons: array`), so the codes are listed here in the
 * form's order; the console sends the codes.
 */
export const CLARIFICATION_REASONS = ['INCOMPLETE', 'MANIFEST_ERROR', 'INSUFFICIENT_INFORMATION'] as const;
export const NON_EXECUTION_REASONS = [
  'DATA_NOT_STORED',
  'DE_FACTO_IMPOSSIBILITY',
  'NOT_ISSUED_BY_COMPETENT_AUTHORITY',
  'OFFENCE_NOT_COVERED',
  'SERVICE_NOT_COVERED',
  'IMMUNITY_OR_PRIVILEGE',
  'THIRD_COUNTRY_CONFLICT',
] as const;
export type ClarificationReason = (typeof CLARIFICATION_REASONS)[number];
export type NonExecutionReason = (typeof NON_EXECUTION_REASONS)[number];

/** The routing evaluation the order stores (`routing`, documented as a plain object). */
export function routingOf(order: Order): RoutingResult | null {
  const routing = order.routing as unknown;
  return routing && typeof routing === 'object' && 'candidates' in routing ? (routing as RoutingResult) : null;
}
export type Authority = Schemas['AuthorityDto'];
/** What the directory lists an authority under: its type, or a designation. */
export type AuthorityCapacity = Authority['authorityType'] | Authority['designations'][number];
export type HopState = Order['transmission'][number];
export type Participant = Order['participants'][number];
export type Webhook = Schemas['WebhookDto'];
export type CreatedWebhook = Schemas['CreatedWebhookDto'];
export type WebhookEventType = Webhook['events'][number];
export type Delivery = Schemas['DeliveryDto'];
