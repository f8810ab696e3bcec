import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { TOTP_CODE, TOTP_CODE_MESSAGE } from './login.dto.js';

export class TotpCodeDto {
  @ApiProperty({ example: '123456', description: 'A current code from the authenticator app' })
  @IsString() @Matches(TOTP_CODE, { message: TOTP_CODE_MESSAGE })
  code: string;
}

export class StartTotpEnrolmentDto {
  @ApiPropertyOptional({ example: '123456', description: 'Required when a second factor is already enabled: a current code from it, so that only its holder can replace it' })
  @IsOptional() @IsString() @Matches(TOTP_CODE, { message: TOTP_CODE_MESSAGE })
  code?: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', description: 'The shared secret in base32 (RFC 4648, no padding), to type into an authenticator app; shown this once' })
  secret: string;

  @ApiProperty({
    example: 'otpauth://totp/Evidence%20Exchange:officer%40ofac.fr.demo?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Evidence%20Exchange&algorithm=SHA1&digits=6&period=30',
    description: 'The same secret as a Key Uri Format URI, for a QR code',
  })
  otpauthUri: string;
}
