import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { OpensslWorkspace, createTestPki, type TestPki } from '../pki/testing.js';
import { sampleModel } from './fixtures.js';
import { rememberedShapeCharacters } from './render.js';
import { DOCUMENT_FORMS, DOCUMENT_LANGUAGES, labelKeys, labelsFor, renderDocument, signPdf, type DocumentForm, type DocumentModel } from './index.js';

const GOLDEN = new URL('./testdata/golden/', import.meta.url).pathname;
const SIGNING_TIME = new Date('2026-09-01T08:00:00Z');
const ws = new OpensslWorkspace();
let pki: TestPki;

function run(command: string, args: string[]): { status: number; output: string } {
  const result = spawnSync(command, args, { cwd: ws.path, encoding: 'utf8' });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** A model with the step each annex needs, so every section has something to show. */
function modelFor(form: DocumentForm): DocumentModel {
  const provider = { id: '651e03c2-e2b0-472c-b5f7-2e1fdbcd9181', name: 'Examplegram', country: 'US', authorityType: null, contact: null, representative: null };
  const step = (action: string, payload: Record<string, unknown>) => ({ step: { seq: 5, action, at: '2026-09-02T10:00:00.000Z', actor: provider, payload } });
  switch (form) {
    case 'ANNEX_III':
      return sampleModel(form, step('NOT_EXECUTE', {
        reasons: [{ number: 4, code: 'DATA_NOT_STORED' }, { number: 10, code: 'THIRD_COUNTRY_CONFLICT' }],
        explanation: 'Les données sont stockées aux États-Unis.',
        thirdCountryConflict: { law: 'Stored Communications Act', provisions: '18 U.S.C. 2702(a)(1)', nature: 'FUNDAMENTAL_RIGHTS', reasoning: 'The provider is a US company.' },
        preservation: { preserved: true },
      }));
    case 'ANNEX_V':
      return sampleModel(form, step('CONFIRM_SUBSEQUENT_REQUEST', { kind: 'EIO', reference: 'EIO-2026-77', issuedAt: '2026-09-20T09:00:00+02:00' }));
    case 'ANNEX_VI':
      return sampleModel(form, step('EXTEND_PRESERVATION', {}));
    case 'TCO_ANNEX_II':
      return sampleModel(form, step('REMOVE', { action: 'DISABLED', hashes: [{ sha256: 'a'.repeat(64), pdq: 'f'.repeat(64) }] }));
    case 'TCO_ANNEX_III':
      return sampleModel(form, step('NOT_EXECUTE', { reasons: ['FORCE_MAJEURE'], explanation: 'Panne générale du centre de données de Dublin.' }));
    default:
      return sampleModel(form, form === 'EPOC' ? { audience: 'ENFORCING_AUTHORITY', sectionM: { caseSummary: 'Quarante victimes de fausses annonces.', necessityGrounds: 'Identifier les complices.' } } : {});
  }
}

/** What the page text must hold for each form: the section titles (by label key) and values from the order. */
const EXPECTED_SECTIONS: Record<DocumentForm, string[]> = {
  EPOC: ['issuingValidating', 'addressee', 'deadlines', 'relation', 'identification', 'evidenceProduced', 'conditions', 'notification', 'issuingDetails', 'validatingDetails', 'centralAuthority', 'transfer', 'sectionM'],
  EPOC_PR: ['issuingValidating', 'addressee', 'relation', 'identification', 'evidencePreserved', 'conditions', 'issuingDetails', 'validatingDetails', 'centralAuthority'],
  ANNEX_III: ['certificateConcerned', 'authorities', 'addressee', 'reasons', 'thirdCountry', 'clarification', 'preservation', 'addresseeContact'],
  ANNEX_V: ['addressee', 'issuingValidating', 'preservationOrder', 'subsequentRequest'],
  ANNEX_VI: ['addressee', 'issuingValidating', 'preservationOrder', 'extension'],
  OPO_COVER: ['application', 'orderMade', 'addressee', 'legalBasisSection', 'certification', 'dataSought', 'offence', 'restrictions', 'urgency'],
  PRESERVATION_REQUEST: ['requestingAuthority', 'requestedAuthority', 'providerConcerned', 'legalBasisSection', 'dataSought', 'offence', 'facts', 'intendedRequest', 'urgency'],
  VOLUNTARY_DISCLOSURE_REQUEST: ['requestingAuthority', 'addressee', 'legalBasisSection', 'dataSought', 'offence', 'urgency'],
  MLA_REQUEST: ['requestingAuthority', 'requestedAuthority', 'transmittingAuthority', 'providerConcerned', 'legalBasisSection', 'dataSought', 'offence', 'facts', 'urgency', 'confidentiality'],
  TCO_ANNEX_I: ['tcoIssuingAndAddressee', 'tcoContent', 'tcoContentProvider', 'tcoCopy', 'issuingDetails', 'tcoRedress'],
  TCO_ANNEX_II: ['tcoOrderConcerned', 'addressee', 'tcoActionTaken', 'addresseeContact'],
  TCO_ANNEX_III: ['tcoOrderConcerned', 'addressee', 'tcoImpossibility', 'addresseeContact'],
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const textOf = (form: DocumentForm, language: string) => run('pdftotext', ['-layout', `${form}-${language}.pdf`, '-']).output.replace(/\s+/g, ' ');

const signed = new Map<string, { pdf: Buffer; jsonSha256: string; json: Buffer }>();
async function document(form: DocumentForm, language: string) {
  const key = `${form}-${language}`;
  if (!signed.has(key)) {
    const rendered = await renderDocument(modelFor(form), language, { signingTime: SIGNING_TIME });
    const pdf = await signPdf(rendered.pdf, pki.organisationSigner, pki.tsa);
    writeFileSync(join(ws.path, `${key}.pdf`), pdf);
    signed.set(key, { pdf, jsonSha256: rendered.jsonSha256, json: rendered.json });
  }
  return signed.get(key)!;
}

beforeAll(async () => {
  pki = await createTestPki({ now: new Date('2026-08-01T00:00:00Z'), tsaClock: () => SIGNING_TIME });
  ws.file('ca.pem', pki.caPem);
  // pdfsig reads trust from an NSS database: the exchange root, trusted for signatures.
  ws.file('root.pem', pki.pki.root.pem);
  run('mkdir', ['nssdb']);
  expect(run('certutil', ['-N', '-d', 'sql:nssdb', '--empty-password']).status).toBe(0);
  expect(run('certutil', ['-A', '-d', 'sql:nssdb', '-n', 'exchange-root', '-t', 'CT,C,C', '-i', 'root.pem']).status).toBe(0);
});
afterAll(() => ws.remove());

describe('label catalogues', () => {
  it('give every language the same keys, and every form a title', () => {
    const english = labelKeys('en');
    for (const language of DOCUMENT_LANGUAGES) expect(labelKeys(language)).toEqual(english);
    for (const language of DOCUMENT_LANGUAGES) for (const form of DOCUMENT_FORMS) expect(labelsFor(language).form(form).title.length).toBeGreaterThan(10);
    expect(DOCUMENT_LANGUAGES).toEqual(expect.arrayContaining(['en', 'fr']));
  });
});

describe.each(DOCUMENT_FORMS.flatMap((form) => DOCUMENT_LANGUAGES.map((language) => [form, language] as const)))('%s in %s', (form, language) => {
  it('holds the form\'s sections in the language and the order\'s values as entered', async () => {
    const { jsonSha256 } = await document(form, language);
    const { status, output } = run('pdftotext', ['-layout', `${form}-${language}.pdf`, '-']);
    expect(status).toBe(0);
    const text = output.replace(/\s+/g, ' ');
    const t = labelsFor(language);
    const model = modelFor(form);
    expect(text).toContain(t.form(form).title.split(' ').slice(0, 4).join(' '));
    for (const section of EXPECTED_SECTIONS[form]) expect(text).toContain(t.t(`sections.${section}`).split(' ').slice(0, 3).join(' '));
    // Headings as the official forms write them.
    expect(text).toContain(t.t('common.sectionHeading', { letter: 'A', title: '' }).trim());
    expect(text).toContain('EVX-2026-7KQ3M9XD');
    expect(text).toContain(model.addressee.name);
    expect(text).toContain(jsonSha256);
    expect(text).toContain(t.t('common.page', { page: 1, pages: '' }).replace(/\s+$/, '').split(' ').slice(0, 2).join(' '));
    // No identifier of the exchange on the face of the form: names and contacts instead.
    expect(text).not.toMatch(UUID);
    expect(text).not.toContain('organizationIdentifier');
    expect(text).toContain(`${t.t('common.copyFor')} ${t.t(`common.copy.${model.audience}`)}`);
    if (model.signer.person) expect(text).toContain(`${t.t('common.signedBy')}: ${model.signer.person.name}, ${model.signer.person.function}`);
    // The instrument in the copy's language.
    expect(text).toContain(t.t(`values.instrumentName.${model.route.instrument}`));
    if (['EPOC', 'EPOC_PR', 'OPO_COVER', 'PRESERVATION_REQUEST', 'VOLUNTARY_DISCLOSURE_REQUEST', 'MLA_REQUEST'].includes(form)) {
      expect(text).toContain(model.order.targets[0].value);
      expect(text).toContain(model.order.offence.description.slice(0, 30)); // free text stays as written, in any language
      expect(text).toContain(model.issuingAuthority.contact!.phone!);
      expect(text).toContain(model.issuingAuthority.representative!.name);
    }
    if (form === 'EPOC') {
      expect(text).toContain('Quarante victimes'); // Section M, in the enforcing authority's copy
      expect(text).toContain(t.t('sections.sectionM')); // whole, however long the heading
      expect(text).toContain(`${t.t('fields.earlierOrder')} ${t.t('values.noEarlierOrder')}`);
      expect(text).toContain('Hélène Rousseau, Juge d\'instruction');
    }
    if (form === 'ANNEX_III') expect(text).toMatch(/\[X\] 10/);
    if (form === 'TCO_ANNEX_I') {
      expect(text).toContain('https://examplegram.example/p/8812');
      expect(text).toContain('Vidéo appelant à commettre des attentats'); // free text stays as written
      expect(text).toContain(`[X] (a) ${t.t('values.tcoReason.INCITEMENT')}`);
      expect(text).toMatch(/\[ ?\] ?\(b\) /);
      expect(text).toMatch(/\[X\] \(e\) /);
      expect(text).toContain('2026-09-01 09:00:00 UTC'); // one hour from receipt
      expect(text).toContain('Department of Justice'); // the copy to Ireland's competent authority (Art 4)
      expect(text).toContain(model.issuingAuthority.contact!.phone!);
    }
    if (form === 'TCO_ANNEX_II') {
      expect(text).toMatch(/\[ ?\] ?1 /); // pdftotext may drop the spaces of an empty box
      expect(text).toContain(t.t('values.tcoAction.REMOVED'));
      expect(text).toMatch(/\[X\] 2 /);
      expect(text).toContain('a'.repeat(40)); // the hash as sent (it may wrap)
      expect(text).toContain('f'.repeat(40));
    }
    if (form === 'TCO_ANNEX_III') {
      expect(text).toContain(`[X] 1 ${t.t('values.tcoImpossibility.FORCE_MAJEURE')}`);
      expect(text).toMatch(/\[ ?\] ?3 /);
      expect(text).toContain('Panne générale du centre de données');
    }
  });

  it('is PAdES-signed, valid and trusted for pdfsig, and clean for qpdf', async () => {
    await document(form, language);
    const sig = run('pdfsig', ['-nssdir', 'sql:nssdb', `${form}-${language}.pdf`]);
    expect(sig.output).toContain('Signature Type: ETSI.CAdES.detached');
    expect(sig.output).toContain('Signature Validation: Signature is Valid.');
    expect(sig.output).toContain('Certificate Validation: Certificate is Trusted.');
    expect(sig.output).toContain('Total document signed');
    const check = run('qpdf', ['--check', `${form}-${language}.pdf`]);
    expect(check.status).toBe(0);
    expect(check.output).toContain('No syntax or stream encoding errors found');
    expect(check.output).not.toMatch(/WARNING/i);
  });
});

describe('the forms of routes through other authorities', () => {
  it('states on the OPO cover who certified and served it and when, with none of the Regulation\'s rows', async () => {
    for (const language of DOCUMENT_LANGUAGES) {
      await document('OPO_COVER', language);
      const text = textOf('OPO_COVER', language);
      const t = labelsFor(language);
      expect(text).toContain(`${t.t('fields.certifiedBy')} Home Office, UK Designated Authority`);
      expect(text).toContain('Priya Shah, Investigatory Powers Unit');
      expect(text).toContain(`${t.t('fields.certifiedAt')} 2026-09-02 09:30:00 UTC`);
      expect(text).toContain(`${t.t('fields.madeBy')} Crown Court at Southwark`);
      expect(text).toContain('HHJ Eleanor Price, Circuit Judge');
      expect(text).toContain(t.t('values.transmission.UK_US_DAA'));
      for (const euOnly of [t.t('fields.listedOffence'), t.t('fields.threshold'), t.t('fields.notificationRequired')]) expect(text).not.toContain(euOnly);
    }
  });

  it('addresses the letter of request to the requested central authority, through the requesting one, for the authorities only', async () => {
    await document('MLA_REQUEST', 'fr');
    const text = textOf('MLA_REQUEST', 'fr');
    expect(text).toContain('UK Central Authority, Home Office');
    expect(text).toContain('ukca-mla@homeoffice.uk.demo');
    expect(text).toContain('Ministère de la Justice, DACG-BEPI');
    expect(text).toContain('Quarante victimes de fausses annonces'); // the facts, for the central authorities
    expect(text).toContain('Exemplaire destiné aux autorités chargées de la transmission');
    expect(text).toContain('Entraide judiciaire');
  });

  it('ticks the Annex III reasons given for what a partial production withholds', async () => {
    const model = sampleModel('ANNEX_III', {
      step: { seq: 6, action: 'PRODUCE', at: '2026-09-05T10:00:00.000Z', actor: { id: '651e03c2-e2b0-472c-b5f7-2e1fdbcd9181', name: 'Examplegram', country: 'US', authorityType: null }, payload: { decisions: [{ target: 'suspect.account.42', category: 'CONTENT', produced: false, reason: 'DATA_NOT_STORED' }, { target: 'suspect.account.42', category: 'TRAFFIC', produced: true }] } },
    });
    const rendered = await renderDocument(model, 'fr', { signingTime: SIGNING_TIME });
    ws.file('partial.pdf', rendered.pdf);
    const text = run('pdftotext', ['-layout', 'partial.pdf', '-']).output.replace(/\s+/g, ' ');
    expect(text).toMatch(/\[X\] 4 /);
    expect(text).toMatch(/\[ \] 10 /);
    expect(text).toContain('Explications Aucune');
  });
});

describe('the signed PDF', () => {
  it('embeds order.json as a PDF/A-3 associated file whose SHA-256 is the one printed', async () => {
    const { json, jsonSha256 } = await document('EPOC', 'en');
    expect(run('pdfdetach', ['-saveall', '-o', ws.path, 'EPOC-en.pdf']).status).toBe(0);
    const attached = readFileSync(join(ws.path, 'order.json'));
    expect(attached.equals(json)).toBe(true);
    expect(createHash('sha256').update(attached).digest('hex')).toBe(jsonSha256);
    expect(JSON.parse(attached.toString('utf8'))).toMatchObject({ form: 'EPOC', order: { reference: 'EVX-2026-7KQ3M9XD' } });
    const fonts = run('pdffonts', ['EPOC-en.pdf']).output;
    expect(fonts).toContain('DejaVuSans');
    expect(fonts).not.toMatch(/Helvetica/);
    expect(fonts.split('\n').filter((line) => line.includes('DejaVu')).every((line) => / yes +yes +yes /.test(line))).toBe(true);
    const raw = (await document('EPOC', 'en')).pdf.toString('latin1');
    expect(raw).toContain('/AFRelationship /Data');
    expect(raw).toContain('pdfaid:part>3');
  });

  it('is the same byte for byte when rendered again, from the shapes of words the fonts remember', async () => {
    // The first rendering shapes every word; the later ones take the remembered shapes (scaled in
    // place by pdfkit, so a shared copy would come out twice as wide the second time).
    const model = modelFor('ANNEX_III');
    const first = await renderDocument(model, 'fr', { signingTime: SIGNING_TIME });
    await renderDocument(model, 'en', { signingTime: SIGNING_TIME });
    const again = await renderDocument(model, 'fr', { signingTime: SIGNING_TIME });
    expect(Buffer.from(again.pdf).equals(Buffer.from(first.pdf))).toBe(true);
  });

  it('keeps nothing of a word too long for its line once the document is made', async () => {
    // pdfkit shapes such a word again for every prefix it tries on a line; remembering those
    // held hundreds of megabytes after a 20,000-character word.
    const word = 'QmFzZTY0'.repeat(500);
    await renderDocument(modelFor('EPOC'), 'en', { signingTime: SIGNING_TIME });
    const before = rememberedShapeCharacters();
    const rendered = await renderDocument(sampleModel('EPOC', { audience: 'ENFORCING_AUTHORITY', sectionM: { caseSummary: word, necessityGrounds: 'Identifier les complices.' } }), 'en', { signingTime: SIGNING_TIME });
    expect(rendered.pdf.length).toBeGreaterThan(0);
    expect(rememberedShapeCharacters() - before).toBeLessThan(2_000);
  });

  it('carries a CAdES signature openssl accepts over exactly the byte range', async () => {
    const { pdf } = await document('EPOC_PR', 'fr');
    const [a, b, c, d] = (/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/.exec(pdf.toString('latin1')) ?? []).slice(1).map(Number);
    // Everything is covered but the hex string of /Contents, brackets included.
    expect([a, c + d]).toEqual([0, pdf.length]);
    expect([pdf.toString('latin1', b, b + 1), pdf.toString('latin1', c - 1, c)]).toEqual(['<', '>']);
    expect(pdf.toString('latin1', b - 10, b)).toBe('/Contents ');
    const hex = pdf.subarray(b + 1, c - 1).toString('latin1').replace(/0+$/, '');
    ws.file('sig.der', Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex'));
    ws.file('signed.bin', Buffer.concat([pdf.subarray(0, b), pdf.subarray(c)]));
    expect(ws.openssl(['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'sig.der', '-content', 'signed.bin', '-CAfile', 'ca.pem', '-purpose', 'any', '-out', '/dev/null'])).toContain('Verification successful');
    const printed = ws.openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', 'sig.der']);
    expect(printed).toContain('id-smime-aa-signingCertificateV2');
    expect(printed).toContain('id-smime-aa-timeStampToken');
    expect(printed).not.toContain('signingTime');
  });

  it('renders the same pages as the golden images, within a tolerance, in every language', async () => {
    const drift: string[] = [];
    for (const [form, language] of DOCUMENT_FORMS.flatMap((f) => DOCUMENT_LANGUAGES.map((l) => [f, l] as const))) {
      await document(form, language);
      run('pdftoppm', ['-png', '-gray', '-r', '40', '-f', '1', '-l', '1', '-singlefile', `${form}-${language}.pdf`, `${form}-${language}-page1`]);
      const rendered = readFileSync(join(ws.path, `${form}-${language}-page1.png`));
      const actual = PNG.sync.read(rendered);
      const goldenPath = join(GOLDEN, `${form}-${language}-page1.png`);
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenPath)) {
        if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`no golden page for ${form}: run with UPDATE_GOLDEN=1 and look at ${goldenPath}`);
        writeFileSync(goldenPath, rendered);
        continue;
      }
      const golden = PNG.sync.read(readFileSync(goldenPath));
      if (golden.width !== actual.width || golden.height !== actual.height) {
        drift.push(`${form}: size ${actual.width}x${actual.height}, golden ${golden.width}x${golden.height}`);
        continue;
      }
      let different = 0;
      for (let i = 0; i < golden.data.length; i += 4) {
        const delta = Math.max(...[0, 1, 2].map((channel) => Math.abs(golden.data[i + channel] - actual.data[i + channel])));
        if (delta > 64) different += 1;
      }
      const share = different / (golden.width * golden.height);
      // Anti-aliasing may move a few pixels; a moved block or a missing line moves far more.
      if (share > 0.005) drift.push(`${form}: ${(share * 100).toFixed(2)} % of the page differs`);
    }
    expect(drift).toEqual([]);
  });
});
