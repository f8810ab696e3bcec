/** The evidence of the order with its digests, and the upload for the addressee's legal team. */
import type { Me, Order } from '../api/types';
import type { Evidence } from '../api/types';
import { EvidenceUploader } from '../evidence/EvidenceUploader';
import { formatBytes } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { DateTime } from '../ui/feedback';

/** The states in which production (and so its evidence) may still come (libs/domain: PRODUCE). */
const PRODUCIBLE = ['ISSUED', 'ACKNOWLEDGED'];

export function EvidenceSection({ order, me, evidence, onChange }: { order: Order; me: Me; evidence: Evidence[] | null; onChange(): Promise<void> }) {
  const { t, lang } = useI18n();
  const uploading = order.type === 'PRODUCTION' && order.parties.includes('ADDRESSEE') && me.user.roles.includes('RESPONDER') && PRODUCIBLE.includes(order.status);
  if (!uploading && (evidence === null || (evidence.length === 0 && order.type !== 'PRODUCTION'))) return null;
  return (
    <section className="panel" aria-labelledby="evidence-title">
      <h2 id="evidence-title">{t('evidence.title')}</h2>
      {uploading && <EvidenceUploader orderId={order.id} onUploaded={onChange} />}
      {evidence && evidence.length === 0 && <p className="muted">{t('evidence.none')}</p>}
      {evidence && evidence.length > 0 && (
        <div className="table-wrap" role="region" aria-labelledby="evidence-caption" tabIndex={0}>
          <table className="evidence">
            <caption id="evidence-caption">{t('evidence.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('evidence.filename')}</th>
                <th scope="col">{t('evidence.size')}</th>
                <th scope="col">SHA-256</th>
                <th scope="col">{t('evidence.uploadedAt')}</th>
                <th scope="col">{t('evidence.produced')}</th>
              </tr>
            </thead>
            <tbody>
              {evidence.map((item) => (
                <tr key={item.id}>
                  <th scope="row">{item.filename}</th>
                  <td>{formatBytes(item.size, lang)}</td>
                  <td>
                    <code className="hash">{item.sha256}</code>
                  </td>
                  <td>
                    <DateTime iso={item.createdAt} />
                  </td>
                  <td>{item.productionSeq === null ? t('evidence.notYetProduced') : t('evidence.inStep', { seq: item.productionSeq })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
