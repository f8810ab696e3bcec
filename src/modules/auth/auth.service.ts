import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Principal } from '../../common/auth/principal.js';
import { AppConfig } from '../../config/app-config.js';
import { ApiError } from '../../common/errors/api-error.js';
import { OrganisationsRepository } from '../identity/organisations.repository.js';
import { PasswordHasher } from '../identity/password-hasher.js';
import { UsersRepository } from '../identity/users.repository.js';
import type { TokenDto } from './dto/login.dto.js';
import { SecondFactorService } from './second-factor.service.js';
import { TOTP_ENROLMENT_SCOPE, type AccessTokenClaims } from './token-claims.js';

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly passwords: PasswordHasher,
    private readonly secondFactor: SecondFactorService,
    private readonly jwt: JwtService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * One answer for every failure of the password (unknown e-mail, wrong password, disabled
   * account), and the same work on each path, so the response reveals nothing about which
   * accounts exist. Only after the right password does the second factor speak: `TOTP_REQUIRED`
   * without a code, `TOTP_INVALID` for a wrong or used one.
   */
  async login(email: string, password: string, totp?: string): Promise<TokenDto> {
    const user = await this.users.findByEmail(email);
    const passwordOk = await this.passwords.verify(user?.passwordHash, password);
    // A service account has no usable password; it logs in with a certificate only.
    if (!user || !passwordOk || !user.active || user.kind !== 'PERSON') {
      this.logger.warn({ msg: 'login failed', email });
      throw new ApiError('UNAUTHENTICATED', 'The e-mail address or password is wrong.');
    }
    const authTime = Math.floor(Date.now() / 1000);
    if (user.totpSecretSealed) {
      if (totp === undefined) {
        this.logger.log({ msg: 'login needs the second factor', userId: user.id });
        throw new ApiError('TOTP_REQUIRED', 'Type the one-time code your authenticator app shows (member `totp`).', { errors: [{ field: 'totp', message: 'is required: a second factor is enabled for this account' }] });
      }
      if (!(await this.secondFactor.acceptAtSignIn(user, totp))) {
        this.logger.warn({ msg: 'login failed', reason: 'second factor', userId: user.id });
        throw new ApiError('TOTP_INVALID', 'The one-time code is wrong, expired or was used already: type the one your app shows now.', { errors: [{ field: 'totp', message: 'is not a current, unused code' }] });
      }
      this.logger.log({ msg: 'login succeeded', userId: user.id, organisationId: user.organisationId, secondFactor: true });
      return this.issueToken({ sub: user.id, org: user.organisationId, auth_time: authTime });
    }
    const organisation = await this.organisations.findById(user.organisationId);
    if (organisation?.requireTotp) {
      this.logger.log({ msg: 'login succeeded, second factor to enrol', userId: user.id, organisationId: user.organisationId });
      return this.issueToken({ sub: user.id, org: user.organisationId, auth_time: authTime, scope: TOTP_ENROLMENT_SCOPE });
    }
    this.logger.log({ msg: 'login succeeded', userId: user.id, organisationId: user.organisationId });
    return this.issueToken({ sub: user.id, org: user.organisationId, auth_time: authTime });
  }

  /**
   * A new token for the same session: the same claims (organisation, certificate binding,
   * enrolment-only scope, sign-in time), a new expiry, but never past SESSION_MAX_SECONDS from
   * the sign-in; then the person signs in again. The guard has already refused a disabled
   * account, a suspended organisation and a revoked certificate.
   */
  async refresh(principal: Principal): Promise<TokenDto> {
    const session = principal.session!;
    const now = Math.floor(Date.now() / 1000);
    const left = session.authTime + this.config.sessionMaxSeconds - now;
    if (left <= 0) throw new ApiError('UNAUTHENTICATED', 'The session reached its longest lifetime: sign in again.');
    return this.issueToken(
      {
        sub: principal.userId,
        org: principal.organisationId,
        auth_time: session.authTime,
        ...(session.certificateThumbprint !== undefined ? { cnf: { 'x5t#S256': session.certificateThumbprint } } : {}),
        ...(session.enrolmentOnly ? { scope: TOTP_ENROLMENT_SCOPE } : {}),
      },
      Math.min(this.config.jwtTtlSeconds, left),
    );
  }

  /** Confirms an enrolment and answers a full token for the same session (a person whose organisation requires the factor goes on at once). */
  async confirmSecondFactor(principal: Principal, code: string): Promise<TokenDto> {
    const session = principal.session!;
    const left = session.authTime + this.config.sessionMaxSeconds - Math.floor(Date.now() / 1000);
    // A session past its longest lifetime is not renewed by confirming a factor.
    if (left <= 0) throw new ApiError('UNAUTHENTICATED', 'The session reached its longest lifetime: sign in again.');
    await this.secondFactor.confirm(principal, code);
    return this.issueToken({ sub: principal.userId, org: principal.organisationId, auth_time: session.authTime }, Math.min(this.config.jwtTtlSeconds, left));
  }

  async issueToken(claims: AccessTokenClaims, expiresIn = this.config.jwtTtlSeconds): Promise<TokenDto> {
    const accessToken = await this.jwt.signAsync({ auth_time: Math.floor(Date.now() / 1000), ...claims }, { expiresIn });
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }

}
