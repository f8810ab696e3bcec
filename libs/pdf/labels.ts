/**
 * Fixed labels of every form, by language, kept as data (`labels/<language>.json`), never in
 * code: adding an EU language is adding one file with the same keys (a spec checks they match).
 * Free text (descriptions, explanations) is never translated: it stays as its author wrote it.
 */
import { readFileSync, readdirSync } from 'node:fs';

type Catalogue = {
  language: string;
  name: string;
  common: Record<string, string>;
  forms: Record<string, { title: string; subtitle: string }>;
  sections: Record<string, string>;
  fields: Record<string, string>;
  values: Record<string, string>;
};

const LABELS_DIR = new URL('./labels/', import.meta.url);

function load(): Map<string, Catalogue> {
  const catalogues = new Map<string, Catalogue>();
  for (const file of readdirSync(LABELS_DIR).filter((name) => name.endsWith('.json')).sort()) {
    const catalogue = JSON.parse(readFileSync(new URL(file, LABELS_DIR), 'utf8')) as Catalogue;
    catalogues.set(catalogue.language, catalogue);
  }
  return catalogues;
}

const CATALOGUES = load();

/** ISO 639-1 codes a document can be produced in. */
export const DOCUMENT_LANGUAGES: readonly string[] = [...CATALOGUES.keys()];

/** The labels of one language; `t('fields.dueAt')`, with `{name}` placeholders filled from `values`. */
export interface Labels {
  language: string;
  t(key: string, values?: Record<string, string | number>): string;
  form(form: string): { title: string; subtitle: string };
  has(key: string): boolean;
}

export function labelsFor(language: string): Labels {
  const catalogue = CATALOGUES.get(language);
  if (!catalogue) throw new Error(`no labels for language ${language}; available: ${DOCUMENT_LANGUAGES.join(', ')}`);
  const lookup = (key: string): string | undefined => {
    const [group, ...rest] = key.split('.');
    const table = (catalogue as unknown as Record<string, Record<string, unknown>>)[group];
    const value = table?.[rest.join('.')];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    language,
    t(key, values = {}) {
      const text = lookup(key);
      if (text === undefined) throw new Error(`label ${key} is missing for ${language}`);
      return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
    },
    form(form) {
      const entry = catalogue.forms[form];
      if (!entry) throw new Error(`form ${form} has no labels in ${language}`);
      return entry;
    },
    has(key) {
      return lookup(key) !== undefined;
    },
  };
}

/** Every key of a catalogue, for checking that languages match. */
export function labelKeys(language: string): string[] {
  const catalogue = CATALOGUES.get(language);
  if (!catalogue) return [];
  const keys = (value: unknown, prefix: string): string[] =>
    typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key)) : [prefix];
  return keys({ ...catalogue, language: undefined, name: undefined }, '').filter((key) => key !== 'language' && key !== 'name');
}
