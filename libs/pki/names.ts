/**
 * X.501 distinguished names: written from a list of attributes, read back as RFC 4514 text.
 * Issuer names are always copied as raw bytes from the issuer's certificate, never re-encoded,
 * so that name matching (RFC 5280 7.1) is a byte comparison.
 */
import { type DerNode, TAG, expectTag, oid, printableString, readOid, readString, sequence, setOf, utf8String } from './der.js';
import { PkiError } from './errors.js';
import { OID } from './oids.js';

export type NameAttributeType = 'C' | 'ST' | 'L' | 'O' | 'OU' | 'CN' | 'serialNumber' | 'organizationIdentifier';

export interface NameAttribute {
  type: NameAttributeType;
  value: string;
}

const TYPE_OIDS: Record<NameAttributeType, string> = {
  C: OID.countryName,
  ST: OID.stateOrProvinceName,
  L: OID.localityName,
  O: OID.organizationName,
  OU: OID.organizationalUnitName,
  CN: OID.commonName,
  serialNumber: OID.serialNumber,
  organizationIdentifier: OID.organizationIdentifier,
};
const TYPE_NAMES = new Map(Object.entries(TYPE_OIDS).map(([name, id]) => [id, name]));

/** A Name with one attribute per RDN, in the order given (most general first: C, O, ..., CN). */
export function encodeName(attributes: readonly NameAttribute[]): Buffer {
  return sequence(
    ...attributes.map(({ type, value }) => {
      if (value.length === 0 || value.length > 256) throw new PkiError('CERTIFICATE_INVALID', `name attribute ${type} must have 1-256 characters`);
      if (type === 'C' && !/^[A-Z]{2}$/.test(value)) throw new PkiError('CERTIFICATE_INVALID', 'country must be an ISO 3166-1 alpha-2 code');
      // RFC 5280 4.1.2.4 / X.520: countryName and serialNumber are PrintableString; the rest UTF8String.
      const encoded = type === 'C' || type === 'serialNumber' ? printableString(value) : utf8String(value);
      return setOf([sequence(oid(TYPE_OIDS[type]), encoded)]);
    }),
  );
}

/** RFC 4514 text: the most specific RDN first, e.g. `CN=Acme Legal,O=Acme Legal,C=FR`. */
export function formatName(name: DerNode): string {
  expectTag(name, TAG.SEQUENCE);
  return name.children
    .map((rdn) =>
      rdn.children
        .map((pair) => {
          const typeOid = readOid(pair.child(0));
          let value: string;
          try {
            value = escapeValue(readString(pair.child(1)));
          } catch {
            value = `#${pair.child(1).bytes.toString('hex')}`;
          }
          return `${TYPE_NAMES.get(typeOid) ?? typeOid}=${value}`;
        })
        .join('+'),
    )
    .reverse()
    .join(',');
}

function escapeValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ')
    .split('')
    .map((c) => (c.charCodeAt(0) < 0x20 ? `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c)) // control characters as \hh
    .join('');
}
