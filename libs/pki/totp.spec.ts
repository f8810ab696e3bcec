import { base32Decode, base32Encode, generateTotpSecret, hotpCode, otpauthUri, totpCode, totpTimeStep, verifyTotp, type TotpAlgorithm } from './totp.js';

/** RFC 6238 Appendix B: the seed for each algorithm is the ASCII digits repeated to the hash's size. */
const SEEDS: Record<TotpAlgorithm, Buffer> = {
  SHA1: Buffer.from('12345678901234567890'),
  SHA256: Buffer.from('12345678901234567890123456789012'),
  SHA512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};

const APPENDIX_B: [number, string, TotpAlgorithm, string][] = [
  [59, '0000000000000001', 'SHA1', '94287082'],
  [59, '0000000000000001', 'SHA256', '46119246'],
  [59, '0000000000000001', 'SHA512', '90693936'],
  [1111111109, '00000000023523EC', 'SHA1', '07081804'],
  [1111111109, '00000000023523EC', 'SHA256', '68084774'],
  [1111111109, '00000000023523EC', 'SHA512', '25091201'],
  [1111111111, '00000000023523ED', 'SHA1', '14050471'],
  [1111111111, '00000000023523ED', 'SHA256', '67062674'],
  [1111111111, '00000000023523ED', 'SHA512', '99943326'],
  [1234567890, '000000000273EF07', 'SHA1', '89005924'],
  [1234567890, '000000000273EF07', 'SHA256', '91819424'],
  [1234567890, '000000000273EF07', 'SHA512', '93441116'],
  [2000000000, '0000000003F940AA', 'SHA1', '69279037'],
  [2000000000, '0000000003F940AA', 'SHA256', '90698825'],
  [2000000000, '0000000003F940AA', 'SHA512', '38618901'],
  [20000000000, '0000000027BC86AA', 'SHA1', '65353130'],
  [20000000000, '0000000027BC86AA', 'SHA256', '77737706'],
  [20000000000, '0000000027BC86AA', 'SHA512', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(APPENDIX_B)('gives the Appendix B code at %i s (T = %s) with %s', (time, step, algorithm, code) => {
    expect(totpTimeStep(time)).toBe(Number.parseInt(step, 16));
    expect(totpCode(SEEDS[algorithm], time, { digits: 8, algorithm })).toBe(code);
  });

  it('gives the RFC 4226 Appendix D HOTP values for counters 0 to 9 (6 digits, SHA-1)', () => {
    const codes = Array.from({ length: 10 }, (_, counter) => hotpCode(SEEDS.SHA1, counter));
    expect(codes).toEqual(['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']);
  });

  it('keeps leading zeros', () => {
    expect(totpCode(SEEDS.SHA1, 1111111109, { digits: 8 })).toBe('07081804');
    expect(totpCode(SEEDS.SHA1, 1111111109)).toBe('081804');
  });

  it('accepts the code of the current step and one step either side, answering the step that matched', () => {
    const now = 1111111111; // step 37037037
    expect(verifyTotp(SEEDS.SHA1, totpCode(SEEDS.SHA1, now), now)).toBe(37037037);
    expect(verifyTotp(SEEDS.SHA1, totpCode(SEEDS.SHA1, now - 30), now)).toBe(37037036);
    expect(verifyTotp(SEEDS.SHA1, totpCode(SEEDS.SHA1, now + 30), now)).toBe(37037038);
    expect(verifyTotp(SEEDS.SHA1, totpCode(SEEDS.SHA1, now - 60), now)).toBeNull();
    expect(verifyTotp(SEEDS.SHA1, totpCode(SEEDS.SHA1, now + 60), now)).toBeNull();
    expect(verifyTotp(SEEDS.SHA1, totpCode(SEEDS.SHA1, now - 60), now, { window: 2 })).toBe(37037035);
    expect(verifyTotp(SEEDS.SHA1, totpCode(SEEDS.SHA1, now - 30), now, { window: 0 })).toBeNull();
  });

  it('refuses another secret’s code, and anything that is not a code of the right length, without throwing', () => {
    const now = 2000000000;
    const other = generateTotpSecret();
    expect(other).toHaveLength(20);
    expect(verifyTotp(other, totpCode(SEEDS.SHA1, now), now)).toBeNull();
    for (const wrong of ['', '12345', '1234567', '12345a', ' 12345', '１２３４５６', '-12345']) expect(verifyTotp(SEEDS.SHA1, wrong, now)).toBeNull();
    // An 8-digit code is not a 6-digit one, even when its last six digits match.
    expect(verifyTotp(SEEDS.SHA1, totpCode(SEEDS.SHA1, now, { digits: 8 }), now)).toBeNull();
  });

  it('refuses settings outside RFC 4226 and RFC 6238', () => {
    expect(() => totpCode(SEEDS.SHA1, 59, { digits: 5 })).toThrow(RangeError);
    expect(() => totpCode(SEEDS.SHA1, 59, { digits: 9 })).toThrow(RangeError);
    expect(() => totpCode(SEEDS.SHA1, 59, { period: 0 })).toThrow(RangeError);
    expect(() => totpCode(SEEDS.SHA1, 59, { algorithm: 'MD5' as TotpAlgorithm })).toThrow(RangeError);
    expect(() => verifyTotp(SEEDS.SHA1, '123456', 59, { window: 11 })).toThrow(RangeError);
  });
});

describe('base32 (RFC 4648)', () => {
  const VECTORS: [string, string][] = [
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ];

  it.each(VECTORS)('encodes %j as %s without its padding, and decodes it back with or without', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded.replace(/=+$/, ''));
    expect(base32Decode(encoded).toString()).toBe(plain);
    expect(base32Decode(encoded.replace(/=+$/, '')).toString()).toBe(plain);
  });

  it('reads what people type: lower case, spaces and hyphens between groups', () => {
    expect(base32Decode('mzxw 6ytb-oi').toString()).toBe('foobar');
  });

  it('round-trips random secrets', () => {
    for (let i = 0; i < 50; i++) {
      const secret = generateTotpSecret();
      const encoded = base32Encode(secret);
      expect(encoded).toMatch(/^[A-Z2-7]{32}$/);
      expect(base32Decode(encoded).equals(secret)).toBe(true);
    }
  });

  it('refuses characters outside the alphabet and impossible lengths', () => {
    expect(() => base32Decode('MZXW1')).toThrow(/not a base32 character/);
    expect(() => base32Decode('MZXW8')).toThrow(/not a base32 character/);
    expect(() => base32Decode('MZX')).toThrow(/impossible length/);
    expect(() => base32Decode('M')).toThrow(/impossible length/);
  });
});

describe('otpauth URI (Key Uri Format)', () => {
  it('names the issuer and the account, percent-encoded, with the secret in base32 and the parameters spelt out', () => {
    const uri = otpauthUri('Evidence Exchange', 'officer@ofac.fr.demo', SEEDS.SHA1);
    expect(uri).toBe('otpauth://totp/Evidence%20Exchange:officer%40ofac.fr.demo?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Evidence%20Exchange&algorithm=SHA1&digits=6&period=30');
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(base32Decode(parsed.searchParams.get('secret')!).equals(SEEDS.SHA1)).toBe(true);
  });

  it('refuses a colon in the issuer or the account, which would split the label wrongly', () => {
    expect(() => otpauthUri('A:B', 'x@y.demo', SEEDS.SHA1)).toThrow(/colon/);
    expect(() => otpauthUri('Exchange', 'x:y', SEEDS.SHA1)).toThrow(/colon/);
  });
});
