/**
 * The evidence bundle as an ASiC-E container (ETSI EN 319 162-1) with a CAdES signature: a zip
 * whose first entry is `mimetype` (stored), whose data objects are listed with their SHA-256 in
 * `META-INF/ASiCManifest.xml`, and `META-INF/signature.p7s`, a detached CAdES over that manifest.
 */
export const ASIC_MIMETYPE = 'application/vnd.etsi.asic-e+zip';

export const BUNDLE_PATHS = {
  mimetype: 'mimetype',
  manifest: 'META-INF/ASiCManifest.xml',
  signature: 'META-INF/signature.p7s',
  order: 'order/order.json',
  steps: 'order/steps.json',
  production: 'order/production-manifest.json',
  ca: 'pki/ca.pem',
  crl: 'pki/crl.der',
  exchange: 'pki/exchange.json',
  verify: 'VERIFY.txt',
  /** The transparency log's verifier key; each step's proof is at logProofPath(seq). */
  logKey: 'log/log-key.txt',
  /** The log's witnesses' verifier keys, one a line (only when it has witnesses). */
  logWitnesses: 'log/witnesses.txt',
} as const;

const SHA256_URI = 'http://www.w3.org/2001/04/xmlenc#sha256';

export interface DataObject {
  /** Path inside the zip. */
  uri: string;
  mimeType: string;
  /** Hex. */
  sha256: string;
}

const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unescapeXml = (value: string) => value.replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');

export function asicManifest(objects: readonly DataObject[]): Buffer {
  const references = objects
    .map(
      (object) =>
        `  <asic:DataObjectReference URI="${escapeXml(encodeURI(object.uri))}" MimeType="${escapeXml(object.mimeType)}">\n` +
        `    <ds:DigestMethod Algorithm="${SHA256_URI}"/>\n` +
        `    <ds:DigestValue>${Buffer.from(object.sha256, 'hex').toString('base64')}</ds:DigestValue>\n` +
        '  </asic:DataObjectReference>\n',
    )
    .join('');
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<asic:ASiCManifest xmlns:asic="http://uri.etsi.org/02918/v1.2.1#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">\n' +
      `  <asic:SigReference URI="${BUNDLE_PATHS.signature}" MimeType="application/pkcs7-signature"/>\n` +
      references +
      '</asic:ASiCManifest>\n',
    'utf8',
  );
}

/** Reads a manifest this module wrote; anything else is refused rather than half-understood. */
export function parseAsicManifest(xml: Buffer): { sigReference: string; objects: DataObject[] } {
  const text = xml.toString('utf8');
  const sig = /<asic:SigReference URI="([^"]+)"/.exec(text);
  if (!text.includes('<asic:ASiCManifest') || !sig) throw new Error('not an ASiCManifest');
  const objects: DataObject[] = [];
  const pattern = /<asic:DataObjectReference URI="([^"]+)" MimeType="([^"]*)">\s*<ds:DigestMethod Algorithm="([^"]+)"\/>\s*<ds:DigestValue>([A-Za-z0-9+/=]+)<\/ds:DigestValue>\s*<\/asic:DataObjectReference>/g;
  for (const match of text.matchAll(pattern)) {
    if (match[3] !== SHA256_URI) throw new Error(`unsupported digest method ${match[3]}`);
    // URIs are percent-encoded (a filename may hold spaces or non-ASCII letters).
    objects.push({ uri: decodeURI(unescapeXml(match[1])), mimeType: unescapeXml(match[2]), sha256: Buffer.from(match[4], 'base64').toString('hex') });
  }
  const declared = (text.match(/<asic:DataObjectReference /g) ?? []).length;
  if (declared !== objects.length) throw new Error('the manifest has references this verifier cannot read');
  return { sigReference: unescapeXml(sig[1]), objects };
}
