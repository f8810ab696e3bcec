import { LANGS, useI18n, type Lang } from '../i18n/i18n';

const NAMES: Record<Lang, string> = { en: 'English', fr: 'Français' };

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="language-switch">
      <label htmlFor="language">{t('common.language')}</label>
      <select id="language" value={lang} onChange={(event) => setLang(event.target.value as Lang)}>
        {LANGS.map((code) => (
          <option key={code} value={code} lang={code}>
            {NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
