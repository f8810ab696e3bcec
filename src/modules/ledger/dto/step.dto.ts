import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '../../../../libs/domain/identity.js';
import { ORDER_ACTIONS, ORDER_STATUSES, type ActorRole, type OrderAction, type OrderStatus } from '../../../../libs/domain/order-lifecycle.js';

export class StepActorDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) userId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) organisationId: string | null;
  @ApiProperty({ enum: [...ROLES, 'SYSTEM'], example: 'VALIDATOR', description: 'SYSTEM for the exchange\'s own clock' }) role: ActorRole;
  @ApiProperty({ nullable: true, type: String, example: 'HHJ Eleanor Price', description: 'The person, as the directory names them now (not part of the signed bytes)' }) name: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Crown Court at Southwark', description: 'The organisation, as the directory names it now (not part of the signed bytes)' }) organisationName: string | null;
}

export class StepIntentDto {
  @ApiProperty({ description: 'base64 of the RFC 8785 JSON the acting organisation signed' }) canonical: string;
  @ApiProperty({ description: 'Detached CMS (base64 DER) over `canonical`' }) cms: string;
  @ApiProperty() signerFingerprintSha256: string;
  @ApiProperty({ enum: ['CLIENT', 'CUSTODIAL', 'EXCHANGE'] }) signedBy: string;
}

export class StepSealDto {
  @ApiProperty({ description: 'The exchange seal\'s detached CMS (base64 DER) over the step\'s `canonical` bytes' }) cms: string;
  @ApiProperty({ description: 'RFC 3161 TimeStampToken (base64 DER, token form) whose message imprint is `hash`' }) timestampToken: string;
}

export class StepLogDto {
  @ApiProperty({ description: 'The step\'s entry in the transparency log (GET /api/v1/log/...): the leaf index of its 32-byte `hash`', example: 1234 }) index: number;
}

/** One signed step (docs/api.md, "A signed step"). */
export class StepDto {
  @ApiProperty() seq: number;
  @ApiProperty({ enum: ORDER_ACTIONS }) action: OrderAction;
  @ApiProperty({ enum: ORDER_STATUSES, nullable: true }) fromStatus: OrderStatus | null;
  @ApiProperty({ enum: ORDER_STATUSES }) toStatus: OrderStatus;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: StepActorDto }) actor: StepActorDto;
  @ApiProperty() payloadSha256: string;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
  @ApiProperty({ description: 'base64 of the RFC 8785 step fields that `hash` and the seal cover' }) canonical: string;
  @ApiProperty({ type: StepIntentDto }) intent: StepIntentDto;
  @ApiProperty({ type: StepSealDto }) seal: StepSealDto;
  @ApiProperty({ type: StepLogDto, nullable: true, description: 'Where the transparency log holds the step; null for the moment (usually under a second) before it is sequenced' }) log: StepLogDto | null;
  @ApiPropertyOptional({ type: Object, description: 'What the exchange derived for this step (route, manifest...); its SHA-256 is `recordSha256` in `canonical`. Before issue: only for the issuing, validating and enforcing authorities' }) record?: Record<string, unknown>;
  @ApiPropertyOptional({ type: Object, description: 'The signed payload (its SHA-256 is `payloadSha256`). Before issue: only for the issuing, validating and enforcing authorities' }) payload?: Record<string, unknown>;
}

export class StepListDto {
  @ApiProperty({ type: [StepDto] }) items: StepDto[];
}

export class StepCheckDto {
  @ApiProperty() seq: number;
  @ApiProperty({ enum: ORDER_ACTIONS }) action: OrderAction;
  @ApiProperty() signatureValid: boolean;
  @ApiProperty() chainValid: boolean;
  @ApiProperty() sealValid: boolean;
  @ApiProperty() timestampValid: boolean;
  @ApiProperty({ nullable: true, type: Object }) signer: { subject: string; fingerprintSha256: string } | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) timestampedAt: string | null;
  @ApiProperty({ type: [String] }) problems: string[];
}

export class VerificationDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ type: [StepCheckDto] }) steps: StepCheckDto[];
  @ApiProperty({ type: [String] }) problems: string[];
}
