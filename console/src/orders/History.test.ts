import { describe, expect, it } from 'vitest';
import { organisationOfSubject, stepVerified } from './History';

describe('the history', () => {
  it('names the organisation of a signer from its certificate subject, escaped commas included', () => {
    expect(organisationOfSubject('CN=Police nationale\\, OFAC,organizationIdentifier=EVX-2230f87c,O=Police nationale\\, OFAC,C=FR')).toBe('Police nationale, OFAC');
    expect(organisationOfSubject('CN=Examplegram,O=Examplegram,C=US')).toBe('Examplegram');
    expect(organisationOfSubject('CN=No organisation')).toBeNull();
  });

  it('marks a step verified only when signature, chain, seal and timestamp all hold', () => {
    const check = { seq: 1, action: 'CREATE' as const, signatureValid: true, chainValid: true, sealValid: true, timestampValid: true, signer: null, timestampedAt: null, problems: [] };
    expect(stepVerified(check)).toBe(true);
    for (const broken of ['signatureValid', 'chainValid', 'sealValid', 'timestampValid'] as const) expect(stepVerified({ ...check, [broken]: false }), broken).toBe(false);
    expect(stepVerified({ ...check, problems: ['seal: certificate revoked'] })).toBe(false);
    expect(stepVerified(undefined)).toBe(false);
  });
});
