import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CatalogueError, loadCatalogue, parseCatalogue } from './catalogue.js';
import { INSTRUMENT_CODES, type Catalogue } from './types.js';

const raw = (): Catalogue => JSON.parse(readFileSync(new URL('./catalogue.json', import.meta.url), 'utf8')) as Catalogue;

/** The problems `parseCatalogue` reports for a catalogue broken by `breakIt`. */
function problemsOf(breakIt: (catalogue: Catalogue & Record<string, unknown>) => void): { path: string; message: string }[] {
  const catalogue = raw() as Catalogue & Record<string, unknown>;
  breakIt(catalogue);
  try {
    parseCatalogue(catalogue, 'broken.json');
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogueError);
    return (error as CatalogueError).problems;
  }
  throw new Error('the broken catalogue was accepted');
}

describe('the shipped catalogue', () => {
  const catalogue = loadCatalogue();

  it('loads, has a version, and lists every stable instrument code once', () => {
    expect(catalogue.version).toMatch(/^\d{4}\.\d{1,2}\.\d+$/);
    expect(catalogue.instruments.map((instrument) => instrument.code).sort()).toEqual([...INSTRUMENT_CODES].sort());
  });

  it('is frozen, so no caller can change the law in memory', () => {
    expect(Object.isFrozen(catalogue)).toBe(true);
    expect(Object.isFrozen(catalogue.instruments[0].parties[0])).toBe(true);
  });

  it('encodes the dates of the research: Regulation 2026-08-18, UK-US 2022-10-03, AU-US 2024-01-30, CETS 224 not in force', () => {
    const from = Object.fromEntries(catalogue.instruments.map((instrument) => [instrument.code, instrument.effectiveFrom]));
    expect(from).toMatchObject({
      EU_PRODUCTION_ORDER: '2026-08-18',
      EU_PRESERVATION_ORDER: '2026-08-18',
      UK_US_DAA: '2022-10-03',
      US_UK_DAA: '2022-10-03',
      AU_US_DAA: '2024-01-30',
      SAP_ART6_DOMAIN: null,
      SAP_ART7_SUBSCRIBER: null,
      SAP_ART8: null,
      SAP_ART9_EMERGENCY: null,
    });
  });

  it('keeps Denmark out of the Regulation, Denmark and Ireland out of the EIO, Ireland out of Budapest', () => {
    const members = (name: string) => catalogue.stateSets[name].members ?? [];
    expect(members('EU_MEMBER_STATES')).toHaveLength(27);
    expect(members('E_EVIDENCE_STATES')).toEqual(members('EU_MEMBER_STATES').filter((c) => c !== 'DK'));
    expect(members('EIO_STATES')).toEqual(members('EU_MEMBER_STATES').filter((c) => c !== 'DK' && c !== 'IE'));
    expect(members('BUDAPEST_PARTIES')).not.toContain('IE');
    expect(members('BUDAPEST_PARTIES')).toEqual(expect.arrayContaining(['US', 'GB', 'AU', 'JP', 'FR', 'DE', 'DK']));
    expect(members('SAP_PARTIES')).toEqual(['HU', 'JP', 'RS']);
  });

  it('marks every instrument that rests on an unconfirmed point', () => {
    const unconfirmed = catalogue.instruments.filter((instrument) => instrument.confidence === 'UNCONFIRMED');
    expect(unconfirmed.every((instrument) => (instrument.unconfirmed ?? []).length > 0)).toBe(true);
    expect(unconfirmed.map((instrument) => instrument.code)).toEqual(expect.arrayContaining(['UK_US_DAA', 'AU_US_DAA', 'SAP_ART8', 'MLA']));
  });

  it('the schema lists the same instrument codes as the code', () => {
    const schema = JSON.parse(readFileSync(new URL('./catalogue.schema.json', import.meta.url), 'utf8'));
    expect([...schema.definitions.instrument.properties.code.enum].sort()).toEqual([...INSTRUMENT_CODES].sort());
  });
});

describe('a broken catalogue is refused, naming the path', () => {
  it('a wrong type', () => {
    expect(problemsOf((c) => ((c.instruments[2] as unknown as Record<string, unknown>).preferenceRank = 'high'))).toContainEqual({
      path: '/instruments/2/preferenceRank',
      message: 'must be integer',
    });
  });

  it('a missing member', () => {
    expect(problemsOf((c) => delete (c.instruments[0] as unknown as Record<string, unknown>).code)).toContainEqual({
      path: '/instruments/0/code',
      message: 'is required',
    });
  });

  it('an unknown member (a typo)', () => {
    expect(problemsOf((c) => ((c.instruments[1] as unknown as Record<string, unknown>).effectivFrom = '2026-01-01'))).toContainEqual({
      path: '/instruments/1/effectivFrom',
      message: 'is not a member the schema knows',
    });
  });

  it('a country that is not an alpha-2 code', () => {
    const problems = problemsOf((c) => c.stateSets.EIO_STATES.members?.push('UK '));
    expect(problems.map((p) => p.path)).toContain(`/stateSets/EIO_STATES/members/${raw().stateSets.EIO_STATES.members!.length}`);
  });

  it('a reference to a State set that does not exist', () => {
    expect(problemsOf((c) => (c.instruments[0].parties[0].addressee = 'EU_28'))).toEqual([
      { path: '/instruments/0/parties/0/addressee', message: expect.stringContaining('names no state set') },
    ]);
  });

  it('a date that does not exist, and an end before the start', () => {
    const problems = problemsOf((c) => {
      c.instruments[0].effectiveFrom = '2026-02-30';
      c.instruments[3].effectiveUntil = '2020-01-01';
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: '/instruments/0/effectiveFrom', message: '2026-02-30 is not a calendar date' },
        { path: '/instruments/3/effectiveUntil', message: 'must come after effectiveFrom' },
      ]),
    );
  });

  it('an unconfirmed point on an instrument marked confirmed', () => {
    expect(problemsOf((c) => (c.instruments[0].unconfirmed = ['a doubt']))).toContainEqual({
      path: '/instruments/0/confidence',
      message: 'must be UNCONFIRMED when unconfirmed points are listed',
    });
  });

  it('a file that is not JSON, or is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'evx-catalogue-'));
    try {
      const file = join(dir, 'catalogue.json');
      writeFileSync(file, '{ "version": ');
      expect(() => loadCatalogue(pathToFileURL(file))).toThrow(/invalid: \/ is not JSON/);
      expect(() => loadCatalogue(pathToFileURL(join(dir, 'missing.json')))).toThrow(/cannot be read .*copy libs\/\*\*\/\*\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the error message itself names the source and the path', () => {
    const catalogue = raw();
    catalogue.version = 'one';
    expect(() => parseCatalogue(catalogue, 'broken.json')).toThrow(/^Routing catalogue broken\.json is invalid: \/version must match pattern/);
  });
});
