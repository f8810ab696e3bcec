/**
 * Loads the routing catalogue and refuses to run on a broken one: the JSON Schema checks the
 * shape, `referenceProblems` what a schema cannot (names of State sets, date order). Every
 * problem names the JSON path it is about, so a bad edit to catalogue.json is found at start-up.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { HOP_KINDS } from '../domain/order-lifecycle.js';
import type { Catalogue, Confidence } from './types.js';

// Read beside this module, so it works from the TypeScript sources and from dist/ (the build
// copies the JSON files, scripts/copy-assets.js).
const CATALOGUE_URL = new URL('./catalogue.json', import.meta.url);
const SCHEMA_URL = new URL('./catalogue.schema.json', import.meta.url);

export interface CatalogueProblem {
  /** JSON Pointer into the catalogue, e.g. `/instruments/3/preferenceRank`. */
  path: string;
  message: string;
}

export class CatalogueError extends Error {
  constructor(
    readonly source: string,
    readonly problems: CatalogueProblem[],
  ) {
    super(`Routing catalogue ${source} is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
    this.name = 'CatalogueError';
  }
}

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);
  return compiled;
}

/** The catalogue shipped with the code. */
export function loadCatalogue(url: URL = CATALOGUE_URL): Catalogue {
  const source = url.pathname.split('/').slice(-3).join('/');
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch (error) {
    // From dist/, a missing file usually means the build did not run scripts/copy-assets.js.
    throw new CatalogueError(source, [{ path: '/', message: `cannot be read (${(error as Error).message}); does the build copy libs/**/*.json?` }]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CatalogueError(source, [{ path: '/', message: `is not JSON: ${(error as Error).message}` }]);
  }
  return parseCatalogue(data, source);
}

/** Checks `data` against the schema and the cross-references; returns it frozen. */
export function parseCatalogue(data: unknown, source = 'catalogue'): Catalogue {
  const validate = schemaValidator();
  if (!validate(data)) throw new CatalogueError(source, schemaProblems(validate.errors ?? []));
  const catalogue = data as Catalogue;
  const problems = referenceProblems(catalogue);
  if (problems.length > 0) throw new CatalogueError(source, problems);
  return deepFreeze(catalogue);
}

function schemaProblems(errors: ErrorObject[]): CatalogueProblem[] {
  const problems = errors.map((error): CatalogueProblem => {
    const at = error.instancePath;
    if (error.keyword === 'required') return { path: `${at}/${String(error.params.missingProperty)}`, message: 'is required' };
    if (error.keyword === 'additionalProperties') {
      return { path: `${at}/${String(error.params.additionalProperty)}`, message: 'is not a member the schema knows' };
    }
    return { path: at || '/', message: error.message ?? 'is invalid' };
  });
  // oneOf branches repeat the same complaint; say it once.
  const unique = new Map(problems.map((problem) => [`${problem.path} ${problem.message}`, problem]));
  return [...unique.values()];
}

/** What the schema cannot see: names that must exist, dates that must be real and in order. */
export function referenceProblems(catalogue: Catalogue): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const known = Object.keys(catalogue.stateSets);
  const requireSet = (name: string, path: string) => {
    if (!Object.hasOwn(catalogue.stateSets, name)) problems.push({ path, message: `names no state set (known: ${known.join(', ')})` });
  };
  const requireConsistentConfidence = (confidence: Confidence, unconfirmed: string[] | undefined, path: string) => {
    if (unconfirmed && confidence !== 'UNCONFIRMED') {
      problems.push({ path: `${path}/confidence`, message: 'must be UNCONFIRMED when unconfirmed points are listed' });
    }
    if (!unconfirmed && confidence === 'UNCONFIRMED') problems.push({ path: `${path}/unconfirmed`, message: 'must list what is unconfirmed' });
  };

  for (const [name, set] of Object.entries(catalogue.stateSets)) {
    const at = `/stateSets/${name}`;
    requireConsistentConfidence(set.confidence, set.unconfirmed, at);
    for (const country of Object.keys(set.absent ?? {})) {
      if (set.anyState || set.members?.includes(country)) problems.push({ path: `${at}/absent/${country}`, message: 'explains the absence of a member' });
    }
  }

  const codes = new Set<string>();
  catalogue.instruments.forEach((instrument, index) => {
    const at = `/instruments/${index}`;
    if (codes.has(instrument.code)) problems.push({ path: `${at}/code`, message: `repeats ${instrument.code}` });
    codes.add(instrument.code);
    instrument.parties.forEach((pair, p) => {
      requireSet(pair.issuing, `${at}/parties/${p}/issuing`);
      requireSet(pair.addressee, `${at}/parties/${p}/addressee`);
      if (pair.exceptBetween) requireSet(pair.exceptBetween, `${at}/parties/${p}/exceptBetween`);
    });
    if (instrument.reservations) requireSet(instrument.reservations.states, `${at}/reservations/states`);
    instrument.targetRestrictions.forEach((restriction, r) => {
      if (restriction.kind === 'NOT_LOCATED_IN') requireSet(restriction.states, `${at}/targetRestrictions/${r}/states`);
    });
    for (const field of ['effectiveFrom', 'effectiveUntil'] as const) {
      const date = instrument[field];
      if (date !== null && !isCalendarDate(date)) problems.push({ path: `${at}/${field}`, message: `${date} is not a calendar date` });
    }
    if (instrument.effectiveUntil !== null && (instrument.effectiveFrom === null || instrument.effectiveUntil <= instrument.effectiveFrom)) {
      problems.push({ path: `${at}/effectiveUntil`, message: 'must come after effectiveFrom' });
    }
    requireConsistentConfidence(instrument.confidence, instrument.unconfirmed, at);
    for (const tier of ['LOW', 'HIGH'] as const) {
      const rule = instrument.approvals[tier];
      if (rule.issuers.length === 0 && rule.validators.length === 0) problems.push({ path: `${at}/approvals/${tier}`, message: 'names nobody who may issue or validate' });
    }
    problems.push(...hopProblems(instrument, at));
  });
  return problems;
}

/**
 * The hops of a route: each kind at most once and in the order of the life cycle (certification,
 * transmission, recognition), certification and transmission by the issuing side and recognition
 * by the State addressed, one authority at most addressed by the form, and clocks that exist.
 */
function hopProblems(instrument: Catalogue['instruments'][number], at: string): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  let last = -1;
  instrument.hops.forEach((hop, index) => {
    const path = `${at}/hops/${index}`;
    const order = HOP_KINDS.indexOf(hop.kind);
    if (order <= last) problems.push({ path: `${path}/kind`, message: `${hop.kind} must come once, after ${HOP_KINDS.slice(0, order).join(', ') || 'nothing'} and before ${HOP_KINDS.slice(order + 1).join(', ') || 'nothing'}` });
    last = Math.max(last, order);
    const side = hop.kind === 'RECOGNITION' ? 'ADDRESSEE' : 'ISSUING';
    if (hop.side !== side) problems.push({ path: `${path}/side`, message: `a ${hop.kind} hop is taken by the ${side === 'ISSUING' ? 'issuing State' : 'State addressed'} (${side})` });
    if (hop.addresseeRole && hop.kind !== 'RECOGNITION') problems.push({ path: `${path}/addresseeRole`, message: 'only the authority of the State addressed can be the form\'s addressee' });
    for (const [d, clock] of (hop.deadlines ?? []).entries()) {
      if (!instrument.deadlines.some((deadline) => deadline.clock === clock)) problems.push({ path: `${path}/deadlines/${d}`, message: `names no clock of the instrument's deadlines` });
    }
    if (hop.unconfirmed && hop.confidence !== 'UNCONFIRMED') problems.push({ path: `${path}/confidence`, message: 'must be UNCONFIRMED when unconfirmed points are listed' });
    if (!hop.unconfirmed && hop.confidence === 'UNCONFIRMED') problems.push({ path: `${path}/unconfirmed`, message: 'must list what is unconfirmed' });
    if (hop.unconfirmed && instrument.confidence !== 'UNCONFIRMED') problems.push({ path: `${at}/confidence`, message: 'must be UNCONFIRMED when a hop is' });
  });
  return problems;
}

function isCalendarDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
