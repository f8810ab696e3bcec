/**
 * English and French: every string the console shows comes from a catalogue (en.ts, fr.ts,
 * same keys, checked by a test). Free text from the API (routing explanations, problem
 * details) stays in the language the API wrote it in.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en';
import { fr } from './fr';

export type Lang = 'en' | 'fr';
export const LANGS: readonly Lang[] = ['en', 'fr'];
export const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { en, fr };
export type { MessageKey };

export type Params = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const template = CATALOGUES[lang][key] ?? en[key] ?? key;
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : template;
}

/** The label of an API code (`status.DRAFT`), or the code itself when the catalogue has none yet. */
export function labelOf(lang: Lang, group: string, code: string): string {
  const key = `${group}.${code}`;
  return (CATALOGUES[lang] as Record<string, string>)[key] ?? (en as Record<string, string>)[key] ?? code;
}

export function hasLabel(group: string, code: string): boolean {
  return `${group}.${code}` in en;
}

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, params?: Params): string;
  label(group: string, code: string): string;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'evx.lang';

/** The language last chosen here (a preference, not a secret), else the browser's. */
function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'fr') return stored;
  } catch {
    // storage blocked: fall through
  }
  return navigator.language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => fixed ?? initialLang());
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered: fine
    }
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      label: (group, code) => labelOf(lang, group, code),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
