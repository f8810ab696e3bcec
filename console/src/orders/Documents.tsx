/**
 * The signed PDFs of the order, each in every language it was made in: opened in the page
 * (fetched with the token, shown from a blob: address the CSP allows for frames only) or saved.
 */
import { useEffect, useState } from 'react';
import { fetchBinary } from '../api/client';
import type { Order, OrderDocument } from '../api/types';
import { formatBytes } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { DateTime, ProblemAlert } from '../ui/feedback';

interface Opened {
  documentId: string;
  language: string;
  url: string;
  filename: string;
}

export function Documents({ order, documents }: { order: Order; documents: OrderDocument[] | null }) {
  const { t, label, lang } = useI18n();
  const [languages, setLanguages] = useState<Record<string, string>>({});
  const [opened, setOpened] = useState<Opened | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => () => {
    if (opened) URL.revokeObjectURL(opened.url);
  }, [opened]);

  const languageOf = (document: OrderDocument) => {
    const chosen = languages[document.id];
    if (chosen) return chosen;
    const preferred = [lang, order.language ?? ''].find((code) => document.languages.includes(code));
    return preferred ?? document.languages[0];
  };

  const open = async (document: OrderDocument) => {
    const language = languageOf(document);
    setBusy(document.id);
    setProblem(null);
    try {
      const blob = await fetchBinary(`/api/v1/orders/${encodeURIComponent(order.id)}/documents/${encodeURIComponent(document.id)}?lang=${encodeURIComponent(language)}`);
      const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
      setOpened({ documentId: document.id, language, url, filename: `${order.reference}-${document.form}-${language}.pdf` });
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel" aria-labelledby="documents-title">
      <h2 id="documents-title">{t('documents.title')}</h2>
      {documents === null && <p className="muted">{t('common.loading')}</p>}
      {documents?.length === 0 && <p className="muted">{t('documents.none')}</p>}
      {documents && documents.length > 0 && (
        <ul className="documents">
          {documents.map((document) => {
            const rendition = document.renditions.find((entry) => entry.language === languageOf(document));
            const selectId = `document-lang-${document.id}`;
            const name = `${label('documentForm', document.form)}, ${label('audience', document.audience)}`;
            // Two copies of one form (the addressee's, the enforcing authority's): name each button apart.
            const shared = documents.filter((other) => other.form === document.form).length > 1;
            return (
              <li key={document.id} className="document">
                <div>
                  <strong>{label('documentForm', document.form)}</strong>
                  <span className="muted">
                    {' '}
                    · {label('audience', document.audience)} · <DateTime iso={document.createdAt} />
                    {rendition && ` · ${formatBytes(rendition.size, lang)}`}
                  </span>
                  {rendition && (
                    <p className="digest">
                      SHA-256 <code>{rendition.sha256}</code>
                    </p>
                  )}
                </div>
                <div className="button-row">
                  <label htmlFor={selectId}>
                    {t('documents.language')}
                    <span className="visually-hidden"> {t('documents.of', { name })}</span>
                  </label>
                  <select id={selectId} value={languageOf(document)} onChange={(event) => setLanguages({ ...languages, [document.id]: event.target.value })}>
                    {document.languages.map((code) => (
                      <option key={code} value={code}>
                        {label('language', code)}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="button"
                    aria-label={shared ? t('documents.openCopy', { name }) : undefined}
                    disabled={busy === document.id}
                    onClick={() => void open(document)}
                  >
                    {t('documents.open', { form: label('documentForm', document.form) })}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <ProblemAlert problem={problem} />
      {opened && (
        <div className="pdf-viewer">
          <p>
            <a href={opened.url} download={opened.filename}>
              {t('documents.download', { name: opened.filename })}
            </a>
          </p>
          <iframe title={t('documents.viewer', { name: opened.filename })} src={opened.url} />
        </div>
      )}
    </section>
  );
}
