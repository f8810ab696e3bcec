import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** Six digits, as authenticator apps show them (a space in the middle, as some print them, is not accepted: the client takes it out). */
export const TOTP_CODE = /^\d{6}$/;
export const TOTP_CODE_MESSAGE = 'must be the 6 digits your authenticator app shows';

export class LoginDto {
  @ApiProperty({ example: 'officer@ofac.fr.demo' })
  @IsEmail({}, { message: 'must be an e-mail address' }) @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'demo-password-123', writeOnly: true })
  @IsString() @MinLength(1) @MaxLength(128)
  password: string;

  @ApiPropertyOptional({ example: '123456', description: 'The one-time code of the second factor, for a user who enrolled one (otherwise ignored). Without it such a user gets 401 `TOTP_REQUIRED`' })
  @IsOptional() @IsString() @Matches(TOTP_CODE, { message: TOTP_CODE_MESSAGE })
  totp?: string;
}

export class TokenDto {
  @ApiProperty({ description: 'JWT to send as `Authorization: Bearer <token>`' }) accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires', example: 900 }) expiresIn: number;
}
