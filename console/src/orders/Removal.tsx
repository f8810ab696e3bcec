/**
 * A removal order's own part (Reg. 2021/784, docs/removal-orders.md): why the content is
 * terrorist content, the provider's answer and whether it came within the hour, the content
 * provider's information, the host State's scrutiny, and the hashes the removal put on the
 * stay-down list (read off the signed REMOVE step: hashes, never the content).
 */
import type { Order, Step } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { DateTime } from '../ui/feedback';

interface ContentHash {
  sha256: string;
  pdq?: string;
}

/** The hashes the last removal step recorded (its record, or failing that what was signed). */
export function stayDownHashesOf(steps: readonly Step[] | null): ContentHash[] {
  const step = [...(steps ?? [])].reverse().find((candidate) => candidate.action === 'REMOVE');
  if (!step) return [];
  const from = (source: unknown) => (source && typeof source === 'object' && Array.isArray((source as { hashes?: unknown }).hashes) ? ((source as { hashes: unknown[] }).hashes) : null);
  const hashes = from(step.record) ?? from(step.payload) ?? [];
  return hashes.flatMap((hash) =>
    hash && typeof hash === 'object' && typeof (hash as ContentHash).sha256 === 'string'
      ? [{ sha256: (hash as ContentHash).sha256, ...(typeof (hash as ContentHash).pdq === 'string' ? { pdq: (hash as ContentHash).pdq } : {}) }]
      : [],
  );
}

export function Removal({ order, steps }: { order: Order; steps: readonly Step[] | null }) {
  const { t, label } = useI18n();
  const removal = order.removal;
  if (order.type !== 'REMOVAL' || !removal) return null;
  const scrutiny = removal.scrutiny;
  const hashes = stayDownHashesOf(steps);
  return (
    <section className="panel" aria-labelledby="removal-title">
      <h2 id="removal-title">{t('removal.title')}</h2>
      {removal.reinstate && (
        <div className="alert alert--warning" role="note">
          <p className="alert__title">{t('removal.reinstate')}</p>
        </div>
      )}
      <dl className="facts">
        <div>
          <dt>{t('removal.reasons')}</dt>
          <dd>
            <ul className="plain">
              {removal.reasons.map((reason) => (
                <li key={reason}>{label('tcoReason', reason)}</li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t('removal.content')}</dt>
          <dd>{removal.contentDescription}</dd>
        </div>
        <div>
          <dt>{t('removal.answer')}</dt>
          <dd>
            {removal.action ? (
              <>
                {label('removalAction', removal.action)} · <DateTime iso={removal.actedAt} />
                {removal.withinTheHour !== null && (
                  <>
                    {' '}
                    <span className={`mark ${removal.withinTheHour ? 'mark--ok' : 'mark--warning'}`}>{removal.withinTheHour ? t('removal.withinTheHour') : t('removal.late')}</span>
                  </>
                )}
              </>
            ) : (
              <span className="muted">{t('removal.notYet')}</span>
            )}
          </dd>
        </div>
        {removal.nonDisclosureUntil && (
          <div>
            <dt>{t('removal.nonDisclosureUntil')}</dt>
            <dd>
              <DateTime iso={removal.nonDisclosureUntil} />
            </dd>
          </div>
        )}
        {removal.contentProviderInformed !== null && (
          <div>
            <dt>{t('removal.contentProviderInformed')}</dt>
            <dd>{removal.contentProviderInformed ? t('common.yes') : t('common.no')}</dd>
          </div>
        )}
        {removal.preservedUntil && (
          <div>
            <dt>{t('removal.preservedUntil')}</dt>
            <dd>
              <DateTime iso={removal.preservedUntil} />
            </dd>
          </div>
        )}
        <div>
          <dt>{t('removal.scrutiny')}</dt>
          <dd>
            {scrutiny ? (
              <>
                {t('removal.scrutinyOf', { state: scrutiny.state, status: label('scrutinyStatus', scrutiny.status) })}
                <dl className="facts facts--nested">
                  {scrutiny.requestDueAt && !scrutiny.requestedAt && scrutiny.status === 'PENDING' && (
                    <div>
                      <dt>{t('removal.requestDueAt')}</dt>
                      <dd>
                        <DateTime iso={scrutiny.requestDueAt} />
                      </dd>
                    </div>
                  )}
                  {scrutiny.requestedAt && (
                    <div>
                      <dt>{t('removal.requestedAt')}</dt>
                      <dd>
                        <DateTime iso={scrutiny.requestedAt} />
                      </dd>
                    </div>
                  )}
                  {scrutiny.endsAt && scrutiny.status === 'PENDING' && (
                    <div>
                      <dt>{t('removal.endsAt')}</dt>
                      <dd>
                        <DateTime iso={scrutiny.endsAt} />
                      </dd>
                    </div>
                  )}
                  {scrutiny.decidedAt && (
                    <div>
                      <dt>{t('removal.decidedAt')}</dt>
                      <dd>
                        <DateTime iso={scrutiny.decidedAt} />
                      </dd>
                    </div>
                  )}
                  {scrutiny.reason && (
                    <div>
                      <dt>{t('removal.scrutinyReason')}</dt>
                      <dd>{scrutiny.reason}</dd>
                    </div>
                  )}
                </dl>
              </>
            ) : (
              <span className="muted">{t('removal.noScrutiny')}</span>
            )}
          </dd>
        </div>
        {removal.certifiedOverride && (
          <div>
            <dt>{t('removal.certifiedOverride')}</dt>
            <dd>
              {removal.certifiedOverride.accounts.map((account) => `${account.handle} (${account.holder})`).join(', ')}: {removal.certifiedOverride.reason}
            </dd>
          </div>
        )}
        {hashes.length > 0 && (
          <div>
            <dt>{removal.reinstate ? t('removal.hashesWithdrawn') : t('removal.hashes')}</dt>
            <dd>
              <ul className="plain hashes">
                {hashes.map((hash) => (
                  <li key={`${hash.sha256}|${hash.pdq ?? ''}`}>
                    <code>SHA-256 {hash.sha256}</code>
                    {hash.pdq && (
                      <>
                        {' · '}
                        <code>PDQ {hash.pdq}</code>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
