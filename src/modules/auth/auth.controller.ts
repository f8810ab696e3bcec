import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators.js';
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
  @ApiOperation({ summary: 'Exchange an e-mail address and password for a short-lived access token' })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems(400, 401, 413, 429)
  login(@Body() body: LoginDto): Promise<TokenDto> {
    return this.auth.login(body.email, body.password);
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
