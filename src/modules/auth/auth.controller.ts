import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OpenDuringTotpEnrolment, Public } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { AnswerNeverStored } from '../../common/idempotency/idempotency-claim.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { BodyLimit } from '../../common/validation/body-limit.js';
import { AuthService } from './auth.service.js';
import { CertificateLoginService } from './certificate-login.service.js';
import { CertificateLoginDto, ChallengeDto, ChallengeRequestDto } from './dto/certificate-login.dto.js';
import { LoginDto, TokenDto } from './dto/login.dto.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';

/** An e-mail (254) and a password (128) even fully \u-escaped, or a challenge id and a base64 signature (2,048). */
export const LOGIN_BODY_LIMIT = 4 * 1024;
/** A PEM certificate of up to 16,384 characters with its escaped line breaks. */
export const CHALLENGE_BODY_LIMIT = 20 * 1024;

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly certificateLogin: CertificateLoginService,
  ) {}

  @Post('login')
  @Public()
  @BodyLimit(LOGIN_BODY_LIMIT)
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({
    summary: 'Exchange an e-mail address and password (and the one-time code of a second factor, when one is enabled) for a short-lived access token',
    description:
      'A wrong e-mail or password answers 401 `UNAUTHENTICATED` whatever the account. With the right password, a user with a second factor gets 401 `TOTP_REQUIRED` without `totp` and 401 `TOTP_INVALID` for a wrong or used code; a user whose organisation requires a second factor and who has none gets a token that opens only the enrolment (`scope: totp-enrolment`).',
  })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems(400, 401, 413, 429)
  login(@Body() body: LoginDto): Promise<TokenDto> {
    return this.auth.login(body.email, body.password, body.totp);
  }

  @Post('refresh')
  @HttpCode(200)
  @OpenDuringTotpEnrolment()
  @AnswerNeverStored()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Renew the bearer token: the same session with a new expiry',
    description: 'The same claims (organisation, certificate binding, enrolment-only scope, sign-in time) and a new expiry, never later than SESSION_MAX_SECONDS (12 hours by default) after the sign-in: then 401, and the client signs in again. Refused like any request for a disabled account, a suspended organisation or a revoked certificate.',
  })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems(401)
  refresh(@CurrentPrincipal() principal: Principal): Promise<TokenDto> {
    return this.auth.refresh(principal);
  }

  @Post('challenge')
  @Public()
  @BodyLimit(CHALLENGE_BODY_LIMIT)
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({ summary: 'Start a certificate login: present the certificate, receive a single-use nonce to sign' })
  @ApiOkResponse({ type: ChallengeDto })
  @ApiProblems(400, 413, 429)
  challenge(@Body() body: ChallengeRequestDto): Promise<ChallengeDto> {
    return this.certificateLogin.challenge(body.certificate);
  }

  @Post('certificate-login')
  @Public()
  @BodyLimit(LOGIN_BODY_LIMIT)
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({ summary: 'Finish a certificate login: the signed nonce for a token bound to the certificate (cnf.x5t#S256)' })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems(400, 401, 413, 429)
  certificateLoginWith(@Body() body: CertificateLoginDto): Promise<TokenDto> {
    return this.certificateLogin.login(body.challengeId, body.signature);
  }
}
