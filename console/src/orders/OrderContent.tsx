/**
 * What the order says, section by section as the signed form (EPOC, EPOC-PR...) prints it: the
 * validating judge reads here what the PDF will show before it exists (PDFs are made at issue).
 */
import { routingOf, type Me, type Order } from '../api/types';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import { DateTime } from '../ui/feedback';
import { useProviders } from './directory';

export function OrderContent({ order, me }: { order: Order; me: Me }) {
  const { t, label, lang } = useI18n();
  const providers = useProviders();
  const provider = providers?.find((entry) => entry.id === order.providerId);
  const route = routingOf(order)?.selected ?? null;
  // Authorities by name, as the order lists its participants (the issuing State when not listed).
  const authority = (id: string | null) =>
    id === null ? '—' : (order.participants.find((entry) => entry.organisationId === id)?.name ?? (id === me.organisation.id ? me.organisation.name : t('order.authorityOf', { country: order.issuingCountry })));
  const yesNo = (value: boolean | null) => (value === null ? null : value ? t('common.yes') : t('common.no'));
  const facts = [
    ['order.targetIsUsPerson', yesNo(order.targetIsUsPerson)],
    ['order.targetLocation', order.targetLocation],
    ['order.offenceInIssuingState', yesNo(order.offenceInIssuingState)],
    ['order.targetResidesInIssuingState', yesNo(order.targetResidesInIssuingState)],
  ] as const;
  return (
    <section className="panel" aria-labelledby="content-title">
      <h2 id="content-title">{t('order.content')}</h2>
      <p className="muted">{t('order.contentIntro')}</p>
      <div className="sections">
        <div className="form-section">
          <h3>{t('order.section.issuing')}</h3>
          <dl className="facts">
            <Fact term={t('order.issuingCountry')}>{order.issuingCountry}</Fact>
            <Fact term={t('order.issuingAuthority')}>{authority(order.issuingAuthorityId)}</Fact>
            <Fact term={t('order.validatingAuthority')}>{authority(order.validatingAuthorityId)}</Fact>
            <Fact term={t('order.evidenceRecipient')}>{authority(order.evidenceRecipientId)}</Fact>
          </dl>
        </div>
        {order.participants.length > 0 && (
          <div className="form-section">
            <h3>{t('order.section.participants')}</h3>
            <dl className="facts">
              {order.participants.map((participant) => (
                <Fact key={`${participant.party}-${participant.organisationId}`} term={label('party', participant.party)}>
                  {participant.name}
                  <span className="muted">
                    {' '}
                    ({[participant.authorityType && label('authorityType', participant.authorityType), participant.country].filter(Boolean).join(', ')})
                  </span>
                  {participant.contact && (participant.contact.email || participant.contact.phone) && (
                    <span className="contact">
                      {' · '}
                      {[participant.contact.email, participant.contact.phone].filter(Boolean).join(' · ')}
                    </span>
                  )}
                  {participant.suspended && (
                    <span className="mark mark--warning">
                      {' · '}
                      {t('order.participantSuspended')} <DateTime iso={participant.suspended.suspendedAt} />: {participant.suspended.reason}
                    </span>
                  )}
                </Fact>
              ))}
            </dl>
          </div>
        )}
        <div className="form-section">
          <h3>{t('order.section.addressee')}</h3>
          <dl className="facts">
            <Fact term={t('order.provider')}>{provider?.name ?? order.providerId}</Fact>
            {order.addressee && route?.addressee && (
              <Fact term={t('order.establishment')}>
                {label('establishmentRole', route.addressee.role)}, {route.addressee.country}
              </Fact>
            )}
            <Fact term={t('order.language')}>{order.language ?? '—'}</Fact>
            <Fact term={t('order.instrument')}>{route?.name ?? order.instrument}</Fact>
            {route && <Fact term={t('routing.legalBasis')}>{route.legalBasis}</Fact>}
          </dl>
        </div>
        {order.emergency && (
          <div className="form-section form-section--emergency">
            <h3>{t('order.section.emergency')}</h3>
            <dl className="facts">
              <Fact term={t('draft.emergencyGround')}>{label('emergencyGround', order.emergency.ground)}</Fact>
              <Fact term={t('draft.emergencyJustification')}>{order.emergency.justification}</Fact>
            </dl>
          </div>
        )}
        <div className="form-section">
          <h3>{t('order.section.data')}</h3>
          <dl className="facts">
            <Fact term={t('order.dataCategories')}>{order.dataCategories.map((category) => label('category', category)).join(', ')}</Fact>
            {order.timeRange && (
              <Fact term={t('order.timeRange')}>
                <DateTime iso={order.timeRange.from} /> – <DateTime iso={order.timeRange.to} />
              </Fact>
            )}
          </dl>
          <table className="targets">
            <caption>{t('order.targets')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('target.kind')}</th>
                <th scope="col">{t('target.value')}</th>
                <th scope="col">{t('target.details')}</th>
              </tr>
            </thead>
            <tbody>
              {order.targets.map((target, index) => (
                <tr key={`${target.kind}-${target.value}-${index}`}>
                  <td>{label('targetKind', target.kind)}</td>
                  <td>
                    <code>{target.value}</code>
                  </td>
                  <td>
                    {[
                      target.sourcePort !== undefined ? `${t('target.sourcePort')} ${target.sourcePort}` : '',
                      target.timestamp ? `${t('target.timestamp')} ${formatDateTime(target.timestamp, lang)}` : '',
                      target.destinationIp ? `${t('target.destinationIp')} ${target.destinationIp}${target.destinationPort !== undefined ? `:${target.destinationPort}` : ''}` : '',
                      target.protocol ?? '',
                    ]
                      .filter(Boolean)
                      .join(' · ') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="form-section">
          <h3>{t('order.section.offence')}</h3>
          <dl className="facts">
            <Fact term={t('draft.offenceDescription')}>{order.offence.description}</Fact>
            <Fact term={t('draft.legalProvisions')}>{order.offence.legalProvisions}</Fact>
            <Fact term={t('draft.maxSentenceMonths')}>{t('order.months', { n: order.offence.maxSentenceMonths })}</Fact>
            {order.offence.listedCategory && <Fact term={t('draft.listedCategory')}>{label('listedCategory', order.offence.listedCategory)}</Fact>}
            {facts
              .filter(([, value]) => value !== null)
              .map(([key, value]) => (
                <Fact key={key} term={t(key)}>
                  {value}
                </Fact>
              ))}
          </dl>
        </div>
        {(order.caseSummary || order.necessityGrounds) && (
          <div className="form-section form-section--restricted">
            <h3>{t('order.section.m')}</h3>
            <p className="hint">{t('order.section.mHint')}</p>
            <dl className="facts">
              {order.caseSummary && <Fact term={t('draft.caseSummary')}>{order.caseSummary}</Fact>}
              {order.necessityGrounds && <Fact term={t('draft.necessityGrounds')}>{order.necessityGrounds}</Fact>}
            </dl>
          </div>
        )}
      </div>
    </section>
  );
}

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
