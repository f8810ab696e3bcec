import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  Matches,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { DATA_CATEGORIES, type DataCategory } from '../../../../libs/domain/data-categories.js';
import {
  ANNEX_III_REASONS,
  REFUSAL_GROUNDS,
  SUBSEQUENT_REQUEST_KINDS,
  TCO_IMPOSSIBILITY_REASONS,
  parseAnnexIIIReason,
  type TcoImpossibilityReason,
  type RefusalGround,
  type SubsequentRequestKind,
} from '../../../../libs/domain/order-content.js';
import { IsNestedObject, IsUtcTimestamp } from '../../../common/validation/validators.js';

export const SIGNATURE_DESCRIPTION =
  'Optional detached CMS (base64 DER) by a certificate of the acting organisation over the RFC 8785 JSON of `{ orderId, action, version, payloadSha256 }` ' +
  '(or `{ orderId, action, version, payload }`), where payload is this body without `signature` and version the order\'s current version. ' +
  'Without it the organisation\'s custodial key signs. Actions: SUBMIT, VALIDATE, REFUSE_VALIDATION, ISSUE, ACKNOWLEDGE, REQUEST_CLARIFICATION, CLARIFY, ' +
  'CONFIRM_PRESERVATION, EXTEND_PRESERVATION, CONFIRM_SUBSEQUENT_REQUEST, REVIEW, NOT_EXECUTE, PRODUCE, WITHDRAW, CLOSE, CERTIFY, REFUSE_CERTIFICATION, FORWARD, ' +
  'REFUSE_FORWARDING, COUNTERSIGN, CHALLENGE, REMOVE, RESUME_EXECUTION, REQUEST_SCRUTINY, SCRUTINISE, CREATE, AMEND.';

/** Annex III reasons as the form numbers them (1-10) or by code. */
function IsAnnexIIIReason(allowed: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAnnexIIIReason',
      validator: {
        validate: (value: unknown) => {
          const reason = parseAnnexIIIReason(value);
          return reason !== null && allowed.includes(reason);
        },
        defaultMessage: () => `each must be one of ${allowed.map((r) => `${ANNEX_III_REASONS.indexOf(r as never) + 1} (${r})`).join(', ')}`,
      },
    },
    options,
  );
}

/** Every transition body may carry the actor's signature. */
export class SignedBodyDto {
  @ApiPropertyOptional({ description: SIGNATURE_DESCRIPTION })
  @IsOptional() @IsString() @MaxLength(65536)
  signature?: string;
}

export class SubmitDto extends SignedBodyDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The judicial authority asked to validate; every qualified one of the issuing State when absent' })
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' })
  validatingAuthorityId?: string;
}

export class ValidateDto extends SignedBodyDto {
  @ApiProperty({ enum: ['APPROVE', 'REFUSE'] })
  @IsIn(['APPROVE', 'REFUSE'])
  decision: 'APPROVE' | 'REFUSE';

  @ApiPropertyOptional({ description: 'Required when refusing' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(4000)
  reason?: string;
}

export class CertifyDto extends SignedBodyDto {
  @ApiProperty({ enum: ['CERTIFY', 'REFUSE'], description: 'CERTIFY passes the order on (to the provider, on a route whose last hop this is)' })
  @IsIn(['CERTIFY', 'REFUSE'])
  decision: 'CERTIFY' | 'REFUSE';

  @ApiPropertyOptional({ description: 'Required when refusing; the issuing side reads it' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(4000)
  reason?: string;
}

export class ForwardDto extends SignedBodyDto {
  @ApiProperty({ enum: ['FORWARD', 'REFUSE'], description: 'FORWARD passes the order on: to the requested State\'s authority, or to the provider once that authority has made its own order' })
  @IsIn(['FORWARD', 'REFUSE'])
  decision: 'FORWARD' | 'REFUSE';

  @ApiPropertyOptional({ description: 'Required when refusing; the issuing side reads it' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(4000)
  reason?: string;
}

export class ChallengeBodyDto extends SignedBodyDto {
  @ApiProperty({ example: 'The request arrived from an address we do not know and the threat described does not match the account.', description: 'Why the provider asks the issuing authority to confirm this emergency order' })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  reason: string;
}

export class ClarificationRequestDto extends SignedBodyDto {
  @ApiProperty({ description: 'Annex III reasons 1-3: 1 INCOMPLETE, 2 MANIFEST_ERROR, 3 INSUFFICIENT_INFORMATION', example: ['INSUFFICIENT_INFORMATION'], isArray: true })
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @ArrayMaxSize(3) @IsAnnexIIIReason(ANNEX_III_REASONS.slice(0, 3), { each: true })
  reasons: (string | number)[];

  @ApiProperty()
  @IsString() @IsNotEmpty() @MaxLength(8000)
  message: string;
}

export class MessageDto extends SignedBodyDto {
  @ApiProperty()
  @IsString() @IsNotEmpty() @MaxLength(8000)
  message: string;
}

export class NoteDto extends SignedBodyDto {
  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(4000)
  note?: string;
}

export class SubsequentRequestDto extends SignedBodyDto {
  @ApiProperty({ enum: SUBSEQUENT_REQUEST_KINDS })
  @IsIn(SUBSEQUENT_REQUEST_KINDS)
  kind: SubsequentRequestKind;

  @ApiProperty({ example: 'EPOC EVX-2026-AB12CD34' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  reference: string;

  @ApiProperty({ example: '2026-09-20T09:00:00Z' })
  @IsUtcTimestamp()
  issuedAt: string;
}

export class EnforcingReviewDto extends SignedBodyDto {
  @ApiProperty({ enum: ['NO_GROUNDS', 'GROUNDS_RAISED'] })
  @IsIn(['NO_GROUNDS', 'GROUNDS_RAISED'])
  decision: 'NO_GROUNDS' | 'GROUNDS_RAISED';

  @ApiPropertyOptional({ enum: REFUSAL_GROUNDS, isArray: true, description: 'Reg. 2023/1543 Art 12(1)(a)-(d); required when raising grounds' })
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(REFUSAL_GROUNDS, { each: true })
  grounds?: RefusalGround[];

  @ApiPropertyOptional({ description: 'The grounds concern only part of the data: the rest may be produced' })
  @IsOptional() @IsBoolean()
  partial?: boolean;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(8000)
  explanation?: string;
}

export class ThirdCountryConflictDto {
  @ApiProperty({ description: 'Title of the third country\'s law' })
  @IsString() @IsNotEmpty() @MaxLength(1000)
  law: string;

  @ApiProperty({ description: 'The provisions and their text' })
  @IsString() @IsNotEmpty() @MaxLength(8000)
  provisions: string;

  @ApiProperty({ enum: ['FUNDAMENTAL_RIGHTS', 'NATIONAL_SECURITY_OR_DEFENCE', 'OTHER'] })
  @IsIn(['FUNDAMENTAL_RIGHTS', 'NATIONAL_SECURITY_OR_DEFENCE', 'OTHER'])
  nature: 'FUNDAMENTAL_RIGHTS' | 'NATIONAL_SECURITY_OR_DEFENCE' | 'OTHER';

  @ApiProperty({ description: 'Why the law applies and why it conflicts (Annex III section E)' })
  @IsString() @IsNotEmpty() @MaxLength(8000)
  reasoning: string;
}

export class PreservationStatusDto {
  @ApiProperty({ description: 'Annex III section G: the data are being preserved' })
  @IsBoolean()
  preserved: boolean;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(4000)
  reason?: string;
}

export class NonExecutionDto extends SignedBodyDto {
  @ApiProperty({ description: 'Annex III reasons 4-10 (numbers or codes); a clarification uses /clarification-request', example: ['DATA_NOT_STORED'], isArray: true })
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @ArrayMaxSize(7) @IsAnnexIIIReason(ANNEX_III_REASONS.slice(3), { each: true })
  reasons: (string | number)[];

  @ApiProperty()
  @IsString() @IsNotEmpty() @MaxLength(8000)
  explanation: string;

  @ApiPropertyOptional({ type: ThirdCountryConflictDto, description: 'Required with reason 10 (THIRD_COUNTRY_CONFLICT), Reg. 2023/1543 Art 17' })
  @IsOptional() @IsNestedObject(() => ThirdCountryConflictDto)
  thirdCountryConflict?: ThirdCountryConflictDto;

  @ApiProperty({ type: PreservationStatusDto })
  @IsDefined() @IsNestedObject(() => PreservationStatusDto)
  preservation: PreservationStatusDto;
}

export class ProductionDecisionDto {
  @ApiProperty({ description: 'The target\'s value as in the order' })
  @IsString() @IsNotEmpty() @MaxLength(2048)
  target: string;

  @ApiProperty({ enum: DATA_CATEGORIES })
  @IsIn(DATA_CATEGORIES)
  category: DataCategory;

  @ApiProperty()
  @IsBoolean()
  produced: boolean;

  @ApiPropertyOptional({ description: 'Annex III reason (4-10) for what is withheld; required when not produced' })
  @IsOptional() @IsAnnexIIIReason(ANNEX_III_REASONS.slice(3))
  reason?: string | number;
}

export class ManifestEntryDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'must be a UUID' }) id: string;
  @ApiProperty() @IsString() @MaxLength(255) filename: string;
  @ApiProperty() @IsString() @MaxLength(255) mediaType: string;
  @ApiProperty() @IsInt() @Min(0) size: number;
  @ApiProperty() @Matches(/^[0-9a-f]{64}$/, { message: 'must be a lower-case hex SHA-256' }) sha256: string;
}

export class ProductionDto extends SignedBodyDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Evidence uploaded to this order' })
  @IsArray() @ArrayUnique() @ArrayMaxSize(10000) @IsUUID('all', { each: true, message: 'must list evidence ids (UUIDs) as the upload answered them' })
  evidenceIds: string[];

  @ApiProperty({ type: [ProductionDecisionDto] })
  @IsArray() @ArrayNotEmpty() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ProductionDecisionDto)
  decisions: ProductionDecisionDto[];

  @ApiPropertyOptional({
    type: [ManifestEntryDto],
    description:
      'The production manifest the provider signs: each evidence file (in evidenceIds order) with its name, media type, size and SHA-256 as the upload answered. ' +
      'Built by the exchange when absent (custodial signing); a system signing its own steps sends it, as part of the payload it signs.',
  })
  @IsOptional() @IsArray() @ArrayMaxSize(10000) @ValidateNested({ each: true }) @Type(() => ManifestEntryDto)
  manifest?: ManifestEntryDto[];
}

export class WithdrawDto extends SignedBodyDto {
  @ApiProperty()
  @IsString() @IsNotEmpty() @MaxLength(4000)
  reason: string;
}

// ---------------------------------------------------------------------------------------------
// Removal orders (Regulation (EU) 2021/784)

/** A hash of removed content: SHA-256 always, PDQ for an image (256 bits, 64 hex digits). */
export class ContentHashDto {
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: 'SHA-256 of the removed file, 64 lowercase hex digits' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be 64 lowercase hexadecimal digits (SHA-256)' })
  sha256: string;

  @ApiPropertyOptional({ example: 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22', description: 'PDQ perceptual hash of an image, 64 hex digits' })
  @IsOptional() @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hexadecimal digits (a PDQ hash)' })
  pdq?: string;
}

/** Annex II: the provider removed the content or disabled access to it (Art 3(6)). */
export class RemovalDto extends SignedBodyDto {
  @ApiProperty({ enum: ['REMOVED', 'DISABLED'] })
  @IsIn(['REMOVED', 'DISABLED'])
  action: 'REMOVED' | 'DISABLED';

  @ApiPropertyOptional({ description: 'Reg. 2021/784 Art 11(1): the provider made the information on the removal available to the content provider; refused while a non-disclosure decision runs (Art 11(3))' })
  @IsOptional() @IsBoolean()
  contentProviderInformed?: boolean;

  @ApiPropertyOptional({ type: [ContentHashDto], description: 'Hashes of the removed content (never the content): they go into the shared stay-down list' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ContentHashDto)
  hashes?: ContentHashDto[];

  @ApiPropertyOptional()
  @IsOptional() @IsString() @MaxLength(4000)
  note?: string;
}

/** Annex III of Reg. 2021/784: why the removal order cannot be executed (Art 3(7), 3(8)). */
export class ImpossibilityDto extends SignedBodyDto {
  @ApiProperty({ enum: TCO_IMPOSSIBILITY_REASONS, isArray: true, description: 'FORCE_MAJEURE, DE_FACTO_IMPOSSIBILITY (Art 3(7): the hour runs again when the provider reports the grounds ceased); MANIFEST_ERRORS, INSUFFICIENT_INFORMATION (Art 3(8): when the issuer clarifies)' })
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(TCO_IMPOSSIBILITY_REASONS, { each: true })
  reasons: TcoImpossibilityReason[];

  @ApiProperty({ example: 'Our storage in Dublin is unreachable after a fire; we will remove the content as soon as it is back.' })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  explanation: string;
}

/** Art 4(3): the provider, or the content provider through it, asks for scrutiny within 48 hours. */
export class ScrutinyRequestDto extends SignedBodyDto {
  @ApiProperty({ enum: ['HOSTING_SERVICE_PROVIDER', 'CONTENT_PROVIDER'] })
  @IsIn(['HOSTING_SERVICE_PROVIDER', 'CONTENT_PROVIDER'])
  requestedBy: 'HOSTING_SERVICE_PROVIDER' | 'CONTENT_PROVIDER';

  @ApiProperty({ example: 'The video is a news report on the attack, not propaganda.' })
  @IsString() @IsNotEmpty() @MaxLength(4000)
  reason: string;
}

/** Art 4(4): the competent authority of the host State decides whether the order seriously or manifestly infringes the Regulation or fundamental rights. */
export class ScrutinyDto extends SignedBodyDto {
  @ApiProperty({ enum: ['NO_INFRINGEMENT', 'INFRINGEMENT'], description: 'INFRINGEMENT revokes the order: the provider reinstates the content' })
  @IsIn(['NO_INFRINGEMENT', 'INFRINGEMENT'])
  decision: 'NO_INFRINGEMENT' | 'INFRINGEMENT';

  @ApiProperty()
  @IsString() @IsNotEmpty() @MaxLength(4000)
  reason: string;
}
