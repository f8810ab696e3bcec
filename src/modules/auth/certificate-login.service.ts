import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { serviceAccountRoles } from '../../../libs/domain/identity.js';
import { parseCertificate, verifyRawSignature, x5tS256 } from '../../../libs/pki/index.js';
import { Clock } from '../../common/clock.js';
import { ApiError, validationError } from '../../common/errors/api-error.js';
import type { UserEntity } from '../identity/entities/user.entity.js';
import { OrganisationsRepository } from '../identity/organisations.repository.js';
import { UsersRepository } from '../identity/users.repository.js';
import { AuthChallengesRepository } from '../pki/auth-challenges.repository.js';
import { CertificatesRepository } from '../pki/certificates.repository.js';
import { ExchangePkiService } from '../pki/exchange-pki.service.js';
import { AuthService } from './auth.service.js';
import type { ChallengeDto } from './dto/certificate-login.dto.js';
import type { TokenDto } from './dto/login.dto.js';

/** Long enough for a client to sign, short enough that a leaked nonce is soon worthless. */
const CHALLENGE_TTL_MS = 2 * 60 * 1000;

/**
 * Certificate login (docs/api.md): the client presents a certificate the exchange issued, signs a
 * single-use nonce with its key, and receives a token bound to that certificate
 * (`cnf.x5t#S256`), which stops working the moment the certificate is revoked. The token
 * acts as the organisation's system account. Every failure gets one answer; the log says why.
 */
@Injectable()
export class CertificateLoginService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly dataSource: DataSource,
    private readonly challenges: AuthChallengesRepository,
    private readonly certificates: CertificatesRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly users: UsersRepository,
    private readonly pki: ExchangePkiService,
    private readonly auth: AuthService,
    private readonly clock: Clock,
  ) {}

  async challenge(certificatePem: string): Promise<ChallengeDto> {
    let der: Buffer;
    try {
      der = parseCertificate(certificatePem).der;
    } catch {
      throw validationError([{ field: 'certificate', message: 'is not a readable X.509 certificate' }]);
    }
    const now = this.clock.now();
    await this.challenges.deleteExpired(now);
    const challenge = await this.challenges.create(der, randomBytes(32), new Date(now.getTime() + CHALLENGE_TTL_MS));
    return { challengeId: challenge.id, nonce: challenge.nonce.toString('base64'), expiresAt: challenge.expiresAt.toISOString() };
  }

  async login(challengeId: string, signature: string): Promise<TokenDto> {
    const now = this.clock.now();
    // Consumed before anything is checked: a nonce gets exactly one attempt.
    const challenge = await this.challenges.consume(challengeId, now);
    if (!challenge) return this.refuse('unknown or already used challenge', { challengeId });
    if (challenge.expiresAt <= now) return this.refuse('expired challenge', { challengeId });

    const fingerprint = parseCertificate(challenge.certificateDer).fingerprintSha256;
    const known = await this.certificates.findByFingerprint(fingerprint);
    if (!known || known.purpose !== 'ORGANISATION' || !known.organisationId) return this.refuse('certificate not issued to an organisation here', { fingerprint });
    const report = await this.pki.verifier().validateCertificate(challenge.certificateDer, { at: now, purpose: 'authentication' });
    if (report.indication !== 'TOTAL_PASSED') {
      return this.refuse('certificate not valid', { fingerprint, indication: report.indication, subIndication: report.subIndication });
    }
    if (!verifyRawSignature(challenge.certificateDer, challenge.nonce, signature)) return this.refuse('signature over the nonce does not verify', { fingerprint });

    const account = await this.serviceAccount(known.organisationId);
    if (!account.active) return this.refuse('service account disabled', { organisationId: known.organisationId });
    this.logger.log({ msg: 'certificate login succeeded', organisationId: known.organisationId, serialNumber: known.serialNumber });
    return this.auth.issueToken({ sub: account.id, org: account.organisationId, cnf: { 'x5t#S256': x5tS256(challenge.certificateDer) } });
  }

  private refuse(reason: string, context: Record<string, unknown>): never {
    this.logger.warn({ msg: 'certificate login failed', reason, ...context });
    throw new ApiError('UNAUTHENTICATED', 'Certificate login failed: the certificate, the challenge or the signature was not accepted.');
  }

  /** The organisation's system account, created with its first certificate login. */
  private async serviceAccount(organisationId: string): Promise<UserEntity> {
    const existing = await this.users.findServiceAccount(organisationId);
    if (existing) return existing;
    const organisation = await this.organisations.findById(organisationId);
    if (!organisation) throw new Error(`organisation ${organisationId} of a known certificate is missing`);
    try {
      return await this.dataSource.transaction((manager) =>
        this.users.insert(
          {
            organisationId,
            kind: 'SERVICE',
            email: `service+${organisationId}@exchange.invalid`,
            name: `${organisation.name} (system)`,
            // Not a PHC string: no password ever matches it.
            passwordHash: '!',
            roles: serviceAccountRoles(organisation.kind, organisation.authorityType),
          },
          manager,
        ),
      );
    } catch (error) {
      // Two first logins at once: the unique e-mail index lets one create it; read the other's.
      if (error instanceof QueryFailedError) {
        const created = await this.users.findServiceAccount(organisationId);
        if (created) return created;
      }
      throw error;
    }
  }
}
