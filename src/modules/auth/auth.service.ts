import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../config/app-config.js';
import { ApiError } from '../../common/errors/api-error.js';
import { PasswordHasher } from '../identity/password-hasher.js';
import { UsersRepository } from '../identity/users.repository.js';
import type { TokenDto } from './dto/login.dto.js';
import type { AccessTokenClaims } from './token-claims.js';

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly jwt: JwtService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * One answer for every failure (unknown e-mail, wrong password, disabled account), and the
   * same work on each path, so the response reveals nothing about which accounts exist.
   */
  async login(email: string, password: string): Promise<TokenDto> {
    const user = await this.users.findByEmail(email);
    const passwordOk = await this.passwords.verify(user?.passwordHash, password);
    // A service account has no usable password; it logs in with a certificate only.
    if (!user || !passwordOk || !user.active || user.kind !== 'PERSON') {
      this.logger.warn({ msg: 'login failed', email });
      throw new ApiError('UNAUTHENTICATED', 'The e-mail address or password is wrong.');
    }
    this.logger.log({ msg: 'login succeeded', userId: user.id, organisationId: user.organisationId });
    return this.issueToken({ sub: user.id, org: user.organisationId });
  }

  async issueToken(claims: AccessTokenClaims): Promise<TokenDto> {
    const accessToken = await this.jwt.signAsync({ ...claims });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtTtlSeconds };
  }
}
