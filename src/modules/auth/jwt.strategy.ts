import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Principal } from '../../common/auth/principal.js';
import { UsersRepository } from '../identity/users.repository.js';
import { CertificatesRepository } from '../pki/certificates.repository.js';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { JWT_SECRET, type JwtSecret } from './jwt-secret.js';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, TOTP_ENROLMENT_SCOPE, type AccessTokenClaims } from './token-claims.js';

/**
 * Verifies the bearer token, then loads the user afresh: a disabled account or a removed role
 * takes effect on the next request, not when the token expires (ASVS 8.3.2).
 */
/** Registered time claims (RFC 7519 4.1), in seconds since the epoch. */
interface TimeClaims {
  iat?: unknown;
  exp?: unknown;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Instances' clocks may differ by this much. */
const CLOCK_SKEW_SECONDS = 30;

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(JWT_SECRET) secret: JwtSecret,
    private readonly users: UsersRepository,
    private readonly certificates: CertificatesRepository,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, made once: given a string, jsonwebtoken tries (and fails) to parse it as a
      // public key on every request, which cost more than the rest of the check.
      // passport-jwt's types say string | Buffer; it hands the value to jsonwebtoken, which takes a KeyObject.
      secretOrKey: createSecretKey(Buffer.from(secret.value)) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims & TimeClaims): Promise<Principal | false> {
    if (!this.shortLived(claims) || !UUID.test(String(claims.sub)) || !UUID.test(String(claims.org))) return false;
    const authTime = this.authTime(claims);
    if (authTime === null || (claims.scope !== undefined && claims.scope !== TOTP_ENROLMENT_SCOPE)) return false;
    const principal = await this.users.findActivePrincipal(claims.sub);
    if (!principal || principal.organisationId !== claims.org) return false;
    const thumbprint = claims.cnf?.['x5t#S256'];
    if (thumbprint !== undefined && !(await this.certificateStillGood(thumbprint, principal.organisationId))) return false;
    return { ...principal, session: { authTime, enrolmentOnly: claims.scope === TOTP_ENROLMENT_SCOPE, ...(thumbprint !== undefined ? { certificateThumbprint: thumbprint } : {}) } };
  }

  /**
   * When the sign-in happened: `auth_time`, which a renewal carries over, never after the token
   * itself was issued; a token without one (issued before renewals existed) counts from its `iat`.
   */
  private authTime(claims: AccessTokenClaims & TimeClaims): number | null {
    const iat = claims.iat as number;
    if (claims.auth_time === undefined) return iat;
    return typeof claims.auth_time === 'number' && Number.isFinite(claims.auth_time) && claims.auth_time <= iat + CLOCK_SKEW_SECONDS ? claims.auth_time : null;
  }

  /**
   * jsonwebtoken checks `exp` and `nbf` only when present. A token of ours always has both
   * `iat` and `exp`, `exp` at most JWT_TTL_SECONDS ahead: one signed with a leaked key for a
   * year, or with no end, is refused. Judged on the wall clock, as jsonwebtoken judges `exp`.
   */
  private shortLived(claims: TimeClaims): boolean {
    const now = Date.now() / 1000;
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number') return false;
    return iat <= now + CLOCK_SKEW_SECONDS && exp <= now + this.config.jwtTtlSeconds + CLOCK_SKEW_SECONDS && exp - iat <= this.config.jwtTtlSeconds;
  }

  /** A certificate-bound token lives only as long as its certificate: revoked or expired, it stops now. */
  private async certificateStillGood(thumbprint: string, organisationId: string): Promise<boolean> {
    const fingerprint = Buffer.from(thumbprint, 'base64url').toString('hex');
    const certificate = await this.certificates.findByFingerprint(fingerprint);
    return certificate !== null && certificate.organisationId === organisationId && certificate.revokedAt === null && certificate.notAfter > this.clock.now();
  }
}
