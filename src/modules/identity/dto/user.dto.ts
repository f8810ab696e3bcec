import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { AUTHORITY_TYPES, ORGANISATION_KINDS, ROLES, type AuthorityType, type OrganisationKind, type Role } from '../../../../libs/domain/identity.js';

export class CreateUserDto {
  @ApiProperty({ example: 'officer@ofac.fr.demo' })
  @IsEmail({}, { message: 'must be an e-mail address' }) @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Camille Martin' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'Commandant de police', description: 'The person\'s post, printed under the name on the forms' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200)
  function?: string;

  @ApiProperty({ minLength: 12, maxLength: 128, writeOnly: true })
  @IsString() @MinLength(12) @MaxLength(128)
  password: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray() @ArrayNotEmpty() @ArrayUnique() @ArrayMaxSize(ROLES.length) @IsIn(ROLES, { each: true })
  roles: Role[];
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) function: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'A second factor (TOTP) is enabled' }) totpEnabled: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
}

export class MeUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) function: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ description: 'A second factor (TOTP) is enabled' }) totpEnabled: boolean;
}

export class MeOrganisationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ type: String, nullable: true }) country: string | null;
  @ApiProperty({ enum: AUTHORITY_TYPES, required: false }) authorityType?: AuthorityType;
  @ApiProperty({ description: 'Its people must sign in with a second factor' }) requireTotp: boolean;
}

export class MeDto {
  @ApiProperty({ type: MeUserDto }) user: MeUserDto;
  @ApiProperty({ type: MeOrganisationDto }) organisation: MeOrganisationDto;
  @ApiProperty({ description: 'This session may only enrol a second factor (`/me/totp`) until it is done: every other route answers 403 `TOTP_ENROLMENT_REQUIRED`' })
  totpEnrolmentRequired: boolean;
}
