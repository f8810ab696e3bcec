import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators.js';
import { ApiProblems } from '../../common/openapi/api-problems.decorator.js';
import { AuthService } from './auth.service.js';
import { CertificateLoginService } from './certificate-login.service.js';
import { CertificateLoginDto, ChallengeDto, ChallengeRequestDto } from './dto/certificate-login.dto.js';
import { LoginDto, TokenDto } from './dto/login.dto.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly certificateLogin: CertificateLoginService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({ summary: 'Exchange an e-mail address and password for a short-lived access token' })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems(400, 401, 429)
  login(@Body() body: LoginDto): Promise<TokenDto> {
    return this.auth.login(body.email, body.password);
  }

  @Post('challenge')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({ summary: 'Start a certificate login: present the certificate, receive a single-use nonce to sign' })
  @ApiOkResponse({ type: ChallengeDto })
  @ApiProblems(400, 429)
  challenge(@Body() body: ChallengeRequestDto): Promise<ChallengeDto> {
    return this.certificateLogin.challenge(body.certificate);
  }

  @Post('certificate-login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiOperation({ summary: 'Finish a certificate login: the signed nonce for a token bound to the certificate (cnf.x5t#S256)' })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems(400, 401, 429)
  certificateLoginWith(@Body() body: CertificateLoginDto): Promise<TokenDto> {
    return this.certificateLogin.login(body.challengeId, body.signature);
  }
}
