import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import {
  MAX_DER_DEPTH,
  MAX_DER_NODES,
  TAG,
  bitString,
  explicit,
  generalizedTime,
  integer,
  integerHex,
  octetString,
  oid,
  parseDer,
  readBitString,
  readInteger,
  readOctetString,
  readOid,
  readTime,
  sequence,
  setOf,
  tlv,
  utcTime,
  utf8String,
  x509Time,
} from './der.js';
import { PkiError } from './errors.js';
import { parseSignedData } from './cms.js';
import { createTestPki } from './testing.js';

describe('DER writer', () => {
  it('encodes short and long lengths minimally', () => {
    expect(tlv(0x04, Buffer.alloc(0x7f)).subarray(0, 2)).toEqual(Buffer.from([0x04, 0x7f]));
    expect(tlv(0x04, Buffer.alloc(0x80)).subarray(0, 3)).toEqual(Buffer.from([0x04, 0x81, 0x80]));
    expect(tlv(0x04, Buffer.alloc(0x100)).subarray(0, 4)).toEqual(Buffer.from([0x04, 0x82, 0x01, 0x00]));
    expect(tlv(0x04, Buffer.alloc(0x10000)).subarray(0, 5)).toEqual(Buffer.from([0x04, 0x83, 0x01, 0x00, 0x00]));
  });

  it('encodes INTEGERs as positive minimal two-complement values', () => {
    expect(integer(0)).toEqual(Buffer.from('020100', 'hex'));
    expect(integer(127)).toEqual(Buffer.from('02017f', 'hex'));
    expect(integer(128)).toEqual(Buffer.from('02020080', 'hex'));
    expect(integer(Buffer.from('0000ff', 'hex'))).toEqual(Buffer.from('020200ff', 'hex'));
    expect(integer(2n ** 64n)).toEqual(Buffer.from('0209010000000000000000', 'hex'));
  });

  it('encodes OIDs, including the 128-bit arc of the UUID OID space', () => {
    expect(oid('1.2.840.113549.1.7.2')).toEqual(Buffer.from('06092a864886f70d010702', 'hex'));
    const uuidArc = '2.25.213072282940258774872546872200426690014.1.1';
    expect(readOid(parseDer(oid(uuidArc)))).toBe(uuidArc);
    // Cross-check with openssl, an independent implementation.
    const printed = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: oid(uuidArc), encoding: 'utf8' });
    expect(printed).toContain(`OBJECT            :${uuidArc}`);
  });

  it('orders SET OF elements by their encodings', () => {
    expect(setOf([Buffer.from('0402ffff', 'hex'), Buffer.from('040100', 'hex')])).toEqual(Buffer.from('3107040100' + '0402ffff', 'hex'));
  });

  it('writes UTCTime through 2049 and GeneralizedTime from 2050 (RFC 5280)', () => {
    expect(x509Time(new Date('2049-12-31T23:59:59Z'))).toEqual(utcTime(new Date('2049-12-31T23:59:59Z')));
    expect(x509Time(new Date('2050-01-01T00:00:00Z'))[0]).toBe(TAG.GENERALIZED_TIME);
    expect(generalizedTime(new Date('2026-03-01T12:00:00.120Z'), true).subarray(2).toString()).toBe('20260301120000.12Z');
    expect(generalizedTime(new Date('2026-03-01T12:00:00.000Z'), true).subarray(2).toString()).toBe('20260301120000Z');
  });
});

describe('DER reader', () => {
  it('reads back what the writer wrote', () => {
    const der = sequence(integer(1), octetString(Buffer.from('abc')), bitString(Buffer.from([0x80]), 7), explicit(0, utf8String('é')), utcTime(new Date('2026-01-02T03:04:05Z')));
    const node = parseDer(der);
    expect(readInteger(node.child(0))).toBe(1n);
    expect(readOctetString(node.child(1)).toString()).toBe('abc');
    expect(readBitString(node.child(2))).toEqual({ unusedBits: 7, bytes: Buffer.from([0x80]) });
    expect(node.child(3, 0xa0).child(0).value.toString('utf8')).toBe('é');
    expect(readTime(node.child(4)).toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('reads negative INTEGERs and strips only a sign octet from serial hex', () => {
    expect(readInteger(parseDer(Buffer.from('0201ff', 'hex')))).toBe(-1n);
    expect(integerHex(parseDer(Buffer.from('020300ff01', 'hex')))).toBe('ff01');
    expect(integerHex(parseDer(Buffer.from('02020100', 'hex')))).toBe('0100');
  });

  it('reads BER indefinite lengths and constructed OCTET STRINGs', () => {
    const ber = Buffer.from('3080' + '2480' + '040161' + '040162' + '0000' + '0000', 'hex');
    const node = parseDer(ber);
    expect(readOctetString(node.child(0)).toString()).toBe('ab');
    expect(node.end).toBe(ber.length);
  });

  it('refuses truncation, trailing bytes, impossible dates and huge lengths with DER_INVALID', () => {
    const der = sequence(integer(5), octetString(Buffer.alloc(200)));
    for (const bad of [der.subarray(0, der.length - 1), Buffer.concat([der, Buffer.from([0])]), Buffer.from('3085ffffffffff', 'hex'), Buffer.from('30', 'hex')]) {
      expect(() => parseDer(bad).children.map((child) => child.value)).toThrow(PkiError);
    }
    expect(() => readTime(parseDer(Buffer.concat([Buffer.from([TAG.UTC_TIME, 13]), Buffer.from('260231000000Z')])))).toThrow('bad time value');
    expect(() => readTime(parseDer(Buffer.concat([Buffer.from([TAG.UTC_TIME, 17]), Buffer.from('2602010000+0100')])))).toThrow(PkiError);
  });

  it(`reads ${MAX_DER_DEPTH} levels and refuses deeper nesting with DER_INVALID, not a stack overflow`, () => {
    const indefinite = (depth: number) => Buffer.concat([Buffer.from('3080'.repeat(depth), 'hex'), Buffer.from('0000'.repeat(depth), 'hex')]);
    expect(parseDer(indefinite(MAX_DER_DEPTH)).end).toBe(MAX_DER_DEPTH * 4);
    for (const depth of [MAX_DER_DEPTH + 1, 100_000]) {
      expect(() => parseDer(indefinite(depth))).toThrow(expect.objectContaining({ code: 'DER_INVALID', message: expect.stringMatching(/deeper than 64/) }));
    }
    // Definite lengths are read lazily: the limit holds when the nesting is walked, as a
    // constructed OCTET STRING is by readOctetString.
    let nested = octetString(Buffer.from('x'));
    for (let i = 0; i < 10_000; i++) nested = tlv(TAG.OCTET_STRING | 0x20, nested);
    expect(() => readOctetString(parseDer(nested))).toThrow(expect.objectContaining({ code: 'DER_INVALID' }));
  });

  it(`refuses more than ${MAX_DER_NODES.toLocaleString('en')} elements in one structure`, () => {
    const many = Buffer.concat([Buffer.from('3080', 'hex'), Buffer.alloc(2 * (MAX_DER_NODES + 1), Buffer.from('0500', 'hex')), Buffer.from('0000', 'hex')]);
    expect(() => parseDer(many)).toThrow(expect.objectContaining({ code: 'DER_INVALID', message: expect.stringMatching(/elements/) }));
  });

  it('never fails with anything but a PkiError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          const walk = (node: ReturnType<typeof parseDer>): void => {
            if (node.constructed) node.children.forEach(walk);
          };
          walk(parseDer(bytes));
        } catch (error) {
          if (!(error instanceof PkiError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never fails with anything but a PkiError on a mutated CMS signature', async () => {
    const { organisationSigner, tsa } = await createTestPki();
    const cms = await organisationSigner.sign(Buffer.from('content'), { timestamper: tsa });
    fc.assert(
      fc.property(fc.nat(cms.length - 1), fc.integer({ min: 1, max: 255 }), fc.nat(cms.length), (position, mask, cut) => {
        const mutated = Buffer.from(cms);
        mutated[position] ^= mask;
        for (const candidate of [mutated, mutated.subarray(0, cut)]) {
          try {
            parseSignedData(candidate);
          } catch (error) {
            if (!(error instanceof PkiError)) throw error;
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
