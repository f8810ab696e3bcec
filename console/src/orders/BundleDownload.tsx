/**
 * The signed evidence bundle, for those the API lets download it (the issuing authority and the
 * evidence recipient) once something was produced. It is fetched with the token and saved from
 * memory; very large bundles are better fetched by a system with `GET /orders/:id/bundle`.
 */
import { useState } from 'react';
import { fetchBinary } from '../api/client';
import type { Order } from '../api/types';
import { formatBytes } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../ui/feedback';

const PRODUCED = ['PRODUCED', 'PARTIALLY_PRODUCED', 'CLOSED'];

export function BundleDownload({ order }: { order: Order }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const entitled = order.parties.includes('ISSUING') || order.parties.includes('EVIDENCE_RECIPIENT');
  if (!entitled || !PRODUCED.includes(order.status)) return null;

  const download = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const blob = await fetchBinary(`/api/v1/orders/${encodeURIComponent(order.id)}/bundle`);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${order.reference}-bundle.zip`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setSaved(blob.size);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="bundle-title">
      <h2 id="bundle-title">{t('bundle.title')}</h2>
      <p className="muted">{t('bundle.intro')}</p>
      <button type="button" className="button button--primary" disabled={busy} onClick={() => void download()}>
        {t('bundle.download')}
      </button>
      <p role="status" className="status-message">
        {saved !== null && t('bundle.saved', { size: formatBytes(saved, lang) })}
      </p>
      <ProblemAlert problem={problem} />
    </section>
  );
}
