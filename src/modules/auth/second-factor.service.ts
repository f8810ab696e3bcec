import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { base32Encode, generateTotpSecret, openSecret, otpauthUri, sealSecret, verifyTotp } from '../../../libs/pki/index.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock.js';
import { ApiError, validationError } from '../../common/errors/api-error.js';
import { AppConfig } from '../../config/app-config.js';
import type { UserEntity } from '../identity/entities/user.entity.js';
import { OrganisationsRepository } from '../identity/organisations.repository.js';
import { UsersRepository } from '../identity/users.repository.js';
import { resolveKeyEncryptionKey } from '../pki/key-store.provider.js';
import type { TotpEnrolmentDto } from './dto/second-factor.dto.js';
import { LOGIN_WINDOW_MS, LoginAttemptStore } from './login-attempts.js';

/** The HKDF purpose the secrets are sealed under (libs/pki secret-box): apart from every other sealed thing. */
const SEAL_PURPOSE = 'totp secrets';
/** What the authenticator app lists the account under. */
export const TOTP_ISSUER = 'Evidence Exchange';

/**
 * The second factor (TOTP, RFC 6238): enrolment, its confirmation, removal, and the check of a
 * code at sign-in. Secrets are sealed at rest under the key-encryption key. A code is good once:
 * the time step it matched is stored with a conditional UPDATE, and that step and every earlier
 * one are refused from then on, even to two requests racing with one code.
 *
 * Codes are judged on the wall clock, the one the person's authenticator app reads, never on the
 * exchange's clock (which the demo clock can move forward).
 */
@Injectable()
export class SecondFactorService {
  private readonly logger = new Logger('Auth');
  private readonly kek: Buffer;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly attempts: LoginAttemptStore,
    private readonly clock: Clock,
  ) {
    this.kek = resolveKeyEncryptionKey(config);
  }

  /**
   * Starts an enrolment (or starts it again): a new secret, shown this once. Replacing a factor
   * that is enabled needs a current code from it, so a stolen session cannot swap it for its own.
   */
  async start(principal: Principal, code: string | undefined): Promise<TotpEnrolmentDto> {
    const user = await this.person(principal);
    if (user.totpSecretSealed) {
      if (code === undefined) throw validationError([{ field: 'code', message: 'is required: a second factor is enabled, and replacing it needs a current code from it' }]);
      await this.limitCodes(user.id);
      await this.consume(user, user.totpSecretSealed, code);
    }
    const secret = generateTotpSecret();
    await this.users.startTotpEnrolment(user.id, this.seal(secret));
    this.logger.log({ msg: 'second factor enrolment started', userId: user.id, replacing: user.totpSecretSealed !== null });
    return { secret: base32Encode(secret), otpauthUri: otpauthUri(TOTP_ISSUER, user.email, secret) };
  }

  /** The first code from the app enables the factor (and is used up). */
  async confirm(principal: Principal, code: string): Promise<void> {
    const user = await this.person(principal);
    const pending = user.totpPendingSecretSealed;
    if (!pending) throw new ApiError('TOTP_NO_ENROLMENT', 'No enrolment is waiting for confirmation: start one with POST /api/v1/me/totp.');
    await this.limitCodes(user.id);
    const step = verifyTotp(this.open(pending), code, nowSeconds());
    if (step === null) throw codeRejected();
    if (!(await this.users.confirmTotpEnrolment(user.id, pending, step, new Date()))) {
      throw new ApiError('TOTP_NO_ENROLMENT', 'The enrolment was started again meanwhile: confirm the newest one.');
    }
    this.logger.log({ msg: 'second factor enabled', userId: user.id, organisationId: user.organisationId });
  }

  /** Removes the factor with a current code, unless the organisation requires one. */
  async disable(principal: Principal, code: string): Promise<void> {
    const user = await this.person(principal);
    const secret = user.totpSecretSealed;
    if (!secret) throw new ApiError('TOTP_NOT_ENABLED', 'No second factor is enabled for you.');
    const organisation = await this.organisations.findById(user.organisationId);
    if (organisation?.requireTotp) throw new ApiError('TOTP_REQUIRED_BY_ORGANISATION', `${organisation.name} requires a second factor of its people: it cannot be removed (the operator can reset it, for a lost device).`);
    await this.limitCodes(user.id);
    const step = verifyTotp(this.open(secret), code, nowSeconds());
    if (step === null || !(await this.users.disableTotp(user.id, secret, step))) throw codeRejected();
    this.logger.warn({ msg: 'second factor removed', userId: user.id, organisationId: user.organisationId });
  }

  /** At sign-in, for a user with a factor: whether `code` is a current, unused code of it (used up if so). */
  async acceptAtSignIn(user: UserEntity, code: string): Promise<boolean> {
    const secret = user.totpSecretSealed;
    if (!secret) return false;
    await this.limitCodes(user.id);
    const step = verifyTotp(this.open(secret), code, nowSeconds());
    return step !== null && this.users.acceptTotpStep(user.id, secret, step);
  }

  /**
   * Every code tried for one account counts, wherever it is tried (sign-in, enrolment, its
   * confirmation, removal) and from whatever address: LOGIN_RATE_LIMIT a minute. Without it, a
   * stolen session could guess its way to replacing or removing the owner's factor, and someone
   * with the password could spread guesses over many addresses.
   */
  private async limitCodes(userId: string): Promise<void> {
    const now = this.clock.now();
    const count = await this.attempts.hit(createHash('sha256').update(`totp|${userId}`).digest(), now);
    if (count.attempts > this.config.loginRateLimit) {
      const wait = Math.max(1, count.windowStart.getTime() + LOGIN_WINDOW_MS - now.getTime());
      this.logger.warn({ msg: 'second factor codes rate-limited', userId });
      throw new ApiError('RATE_LIMITED', `Too many one-time codes for this account; wait ${Math.ceil(wait / 1000)} seconds before trying again.`);
    }
  }

  private async consume(user: UserEntity, secret: Buffer, code: string): Promise<void> {
    const step = verifyTotp(this.open(secret), code, nowSeconds());
    if (step === null || !(await this.users.acceptTotpStep(user.id, secret, step))) throw codeRejected();
  }

  /** The signed-in person, read afresh; a system account (certificate login) has no second factor. */
  private async person(principal: Principal): Promise<UserEntity> {
    const user = await this.users.findById(principal.userId);
    if (!user || user.kind !== 'PERSON' || principal.session?.certificateThumbprint !== undefined) {
      throw new ApiError('FORBIDDEN', 'A second factor is for people who sign in with a password; a certificate login proves a key instead.');
    }
    return user;
  }

  private seal(secret: Buffer): Buffer {
    return sealSecret(this.kek, SEAL_PURPOSE, secret);
  }

  private open(sealed: Buffer): Buffer {
    return openSecret(this.kek, SEAL_PURPOSE, sealed);
  }
}

function nowSeconds(): number {
  return Date.now() / 1000;
}

function codeRejected(): ApiError {
  return new ApiError('TOTP_CODE_REJECTED', 'The code is wrong, expired or already used: type the one your authenticator app shows now.', {
    errors: [{ field: 'code', message: 'is not a current code of your authenticator app, or was used already' }],
  });
}
