import { toPem } from '../../../libs/pki/index.js';
import type { CertificateDto } from './dto/certificate.dto.js';
import type { CertificateEntity } from './entities/certificate.entity.js';

export function mapCertificate(certificate: CertificateEntity, now: Date): CertificateDto {
  const status = certificate.revokedAt ? 'REVOKED' : certificate.notAfter <= now ? 'EXPIRED' : 'VALID';
  return {
    id: certificate.id,
    certificate: toPem('CERTIFICATE', certificate.der),
    serialNumber: certificate.serialNumber,
    fingerprintSha256: certificate.fingerprintSha256,
    subject: certificate.subject,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    custodial: certificate.keyId !== null,
    status,
    ...(certificate.revokedAt ? { revokedAt: certificate.revokedAt.toISOString(), revocationReason: certificate.revocationReason ?? 'unspecified' } : {}),
  };
}
