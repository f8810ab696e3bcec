/**
 * Drafting an order (officer, prosecutor, judge): the form, with the routing decision beside it
 * recomputed as the facts change. Saving creates the draft (`POST /orders`) or amends it
 * (`PATCH /orders/:id`, only while it is a draft); the order page then offers submit or issue.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, transitionHeaders, unwrap } from '../api/client';
import { ApiProblem, placeFieldErrors } from '../api/problem';
import { useSubmission } from '../api/submission';
import type { DataCategory, EmergencyGround, Instrument, ListedCategory, Me, Order, RoutingQuery, RoutingResult } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useAuthorities } from '../orders/authorities';
import { useProviders } from '../orders/directory';
import { navigate } from '../router';
import { Page } from '../shell/page';
import { Checkbox, ChoiceGroup, fieldId, SelectField, TextAreaField, TextField } from '../ui/fields';
import { ProblemAlert } from '../ui/feedback';
import { emptyDraft, emptyTarget, formFields, fromOrder, TCO_CONTENT_REASONS, toOrderBody, toRoutingQuery, type Draft, type TcoContentReason, type TriState } from './draft-model';
import { RoutingPanel } from './RoutingPanel';
import { TargetsEditor } from './TargetsEditor';

const CATEGORIES: readonly DataCategory[] = ['SUBSCRIBER', 'IDENTIFICATION', 'TRAFFIC', 'CONTENT'];
const LISTED: readonly ListedCategory[] = ['NON_CASH_PAYMENT_FRAUD', 'CHILD_SEXUAL_ABUSE', 'ATTACK_ON_INFORMATION_SYSTEMS', 'TERRORISM'];
const GROUNDS: readonly EmergencyGround[] = ['LIFE', 'PHYSICAL_INTEGRITY', 'SAFETY', 'CRITICAL_INFRASTRUCTURE'];
const ROUTING_DELAY_MS = 300;

export default function DraftPage({ me, orderId }: { me: Me; orderId?: string }) {
  const { t, label } = useI18n();
  const providers = useProviders();
  // The evidence may go to another authority of the issuing State (EPOC section L(a)).
  const recipients = useAuthorities(me.organisation.country ? { country: me.organisation.country } : null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [original, setOriginal] = useState<Order | null>(null);
  const [loadProblem, setLoadProblem] = useState<unknown>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmission();
  const [routing, setRouting] = useState<{ key: string; result: RoutingResult | null; problem: unknown } | null>(null);
  const routingRun = useRef(0);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!orderId) return;
    unwrap(api.GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } })).then(
      (order) => {
        setOriginal(order);
        setDraft(fromOrder(order));
      },
      setLoadProblem,
    );
  }, [orderId]);

  const routingQuery = useMemo(() => toRoutingQuery(draft, me.organisation.country), [draft, me.organisation.country]);
  // The query's content, so a new evaluation starts only when a fact changed.
  const routingKey = JSON.stringify(routingQuery);
  useEffect(() => {
    const query = JSON.parse(routingKey) as RoutingQuery | null;
    if (!query) return;
    const run = ++routingRun.current;
    const timer = setTimeout(() => {
      unwrap(api.POST('/api/v1/routing/evaluate', { body: query })).then(
        (result) => {
          if (run !== routingRun.current) return;
          setRouting({ key: routingKey, result, problem: null });
        },
        (error: unknown) => {
          if (run !== routingRun.current) return;
          setRouting({ key: routingKey, result: null, problem: error });
        },
      );
    }, ROUTING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [routingKey]);
  // While the facts change, the last evaluation stays on screen, marked as being updated.
  const shownRouting = routingQuery ? routing : null;
  const routingPending = routingQuery !== null && routing?.key !== routingKey;

  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const placed = problem ? placeFieldErrors(problem.errors, formFields(draft)) : { byField: {} as Record<string, string[]>, unplaced: [] };
  const errors = placed.byField;
  const provider = providers?.find((entry) => entry.id === draft.providerId);
  const selected = shownRouting?.result?.selected ?? null;
  const languages = selected?.addressee.languages ?? [];
  // Only an authority its State designated for them issues removal orders (Reg. 2021/784 Arts 3(1), 12(1)(a)).
  const competentForRemoval = recipients?.some((authority) => authority.id === me.organisation.id && authority.designations.includes('TCO_COMPETENT_AUTHORITY')) ?? false;
  const removal = draft.type === 'REMOVAL';
  const chooseType = (type: Draft['type']) =>
    setDraft((current) => {
      // A removal order names URLs: an untouched first target becomes one (and back).
      const untouched = current.targets.length === 1 && current.targets[0].value.trim() === '';
      const targets = untouched ? [emptyTarget(type === 'REMOVAL' ? 'URL' : 'ACCOUNT')] : current.targets;
      return { ...current, type, targets };
    });
  const alternatives = shownRouting?.result?.candidates.filter((candidate) => candidate.eligible && candidate.instrument !== selected?.instrument) ?? [];

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const body = toOrderBody(draft);
      // Saved again unchanged after a failure, the draft goes with the same key: created once.
      const order = original
        ? await submission.send({ method: 'PATCH', path: `/api/v1/orders/${original.id}`, body }, (key) =>
            unwrap(api.PATCH('/api/v1/orders/{id}', { params: { path: { id: original.id } }, headers: transitionHeaders(original.version, key), body })),
          )
        : await submission.send({ method: 'POST', path: '/api/v1/orders', body }, (key) => unwrap(api.POST('/api/v1/orders', { headers: transitionHeaders(undefined, key), body })));
      navigate(`/orders/${order.id}`);
    } catch (error) {
      setBusy(false);
      setProblem(error instanceof ApiProblem ? error : ApiProblem.network(error));
      requestAnimationFrame(() => summaryRef.current?.focus());
    }
  };

  const triOptions = [
    { value: '', label: t('draft.notStated') },
    { value: 'yes', label: t('common.yes') },
    { value: 'no', label: t('common.no') },
  ];
  const title = original ? t('draft.editTitle', { reference: original.reference }) : t('draft.newTitle');

  if (orderId && !original) {
    return (
      <Page title={t('draft.editTitle', { reference: '' })}>
        <ProblemAlert problem={loadProblem} />
        {!loadProblem && <p role="status">{t('common.loading')}</p>}
      </Page>
    );
  }

  return (
    <Page title={title}>
      <div className="draft-layout">
        <form className="draft-form" onSubmit={save} noValidate>
          {problem && (
            <div className="alert alert--error" role="alert" tabIndex={-1} ref={summaryRef}>
              <p className="alert__title">{problem.errors.length ? t('draft.fixErrors', { count: problem.errors.length }) : t('problem.refused')}</p>
              {problem.detail && problem.errors.length === 0 && <p>{problem.detail}</p>}
              {problem.errors.length > 0 && (
                <ul>
                  {problem.errors.map((error) => (
                    <li key={`${error.field}:${error.message}`}>
                      <a href={`#${fieldAnchor(error.field, formFields(draft))}`}>
                        <code>{error.field}</code>
                      </a>
                      : {error.message}
                    </li>
                  ))}
                </ul>
              )}
              <p className="alert__meta">
                HTTP {problem.status} · <code>{problem.code}</code>
              </p>
            </div>
          )}

          <fieldset className="subsection">
            <legend>{t('draft.section.order')}</legend>
            <ChoiceGroup
              kind="radio"
              inline
              name="type"
              label={t('draft.type')}
              values={[draft.type]}
              onChange={([value]) => chooseType(value as Draft['type'])}
              options={[
                { value: 'PRODUCTION', label: label('orderType', 'PRODUCTION') },
                { value: 'PRESERVATION', label: label('orderType', 'PRESERVATION') },
                ...(competentForRemoval || removal ? [{ value: 'REMOVAL', label: label('orderType', 'REMOVAL') }] : []),
              ]}
              errors={errors.type}
            />
            <SelectField
              name="providerId"
              label={t('draft.provider')}
              value={draft.providerId}
              onChange={set('providerId')}
              options={[{ value: '', label: providers ? t('form.choose') : t('common.loading') }, ...(providers ?? []).map((entry) => ({ value: entry.id, label: `${entry.name} (${entry.country})` }))]}
              errors={errors.providerId}
              required
            />
            <TextField name="caseReference" label={t('draft.caseReference')} value={draft.caseReference} onChange={set('caseReference')} errors={errors.caseReference} hint={t('draft.caseReferenceHint')} required />
            <SelectField
              name="language"
              label={t('draft.language')}
              value={draft.language}
              onChange={set('language')}
              options={[{ value: '', label: languages.length ? t('draft.languageDefault', { language: label('language', languages[0]) }) : t('draft.languageAfterRoute') }, ...languages.map((code) => ({ value: code, label: label('language', code) }))]}
              errors={errors.language}
            />
            {!removal && alternatives.length > 0 && (
              <SelectField
                name="instrument"
                label={t('draft.instrument')}
                value={draft.instrument}
                onChange={(value) => set('instrument')(value as Instrument | '')}
                options={[{ value: '', label: t('draft.instrumentPreferred', { name: selected?.name ?? '' }) }, ...alternatives.map((candidate) => ({ value: candidate.instrument, label: candidate.name }))]}
                errors={errors.instrument}
              />
            )}
            {!removal && (
            <SelectField
              name="evidenceRecipientId"
              label={t('draft.evidenceRecipient')}
              value={draft.evidenceRecipientId}
              onChange={set('evidenceRecipientId')}
              hint={t('draft.evidenceRecipientHint')}
              options={[
                { value: '', label: t('draft.evidenceRecipientSelf', { name: me.organisation.name }) },
                ...(recipients ?? [])
                  .filter((authority) => authority.id !== me.organisation.id)
                  .map((authority) => ({ value: authority.id, label: `${authority.name} (${label('authorityType', authority.authorityType)})` })),
              ]}
              errors={errors.evidenceRecipientId}
            />
            )}
          </fieldset>

          {removal && (
            <fieldset className="subsection">
              <legend>{t('draft.section.removal')}</legend>
              <p className="hint">{t('draft.removalIntro')}</p>
              <ChoiceGroup
                kind="checkbox"
                name="removal.reasons"
                label={t('draft.removalReasons')}
                values={draft.removalReasons}
                onChange={(values) => set('removalReasons')(values as TcoContentReason[])}
                options={TCO_CONTENT_REASONS.map((reason) => ({ value: reason, label: label('tcoReason', reason) }))}
                errors={errors['removal.reasons'] ?? errors.removal}
                required
              />
              <TextAreaField name="removal.contentDescription" label={t('draft.contentDescription')} value={draft.contentDescription} onChange={set('contentDescription')} errors={errors['removal.contentDescription']} required />
              <TextAreaField
                name="removal.emergencyJustification"
                label={t('draft.removalEmergency')}
                value={draft.removalEmergencyJustification}
                onChange={set('removalEmergencyJustification')}
                errors={errors['removal.emergencyJustification']}
                hint={t('draft.removalEmergencyHint')}
              />
              <Checkbox name="removal.nonDisclosure" label={t('draft.nonDisclosure')} checked={draft.nonDisclosure} onChange={set('nonDisclosure')} />
              {draft.nonDisclosure && (
                <div className="row">
                  <TextField name="removal.nonDisclosure.reason" label={t('draft.nonDisclosureReason')} value={draft.nonDisclosureReason} onChange={set('nonDisclosureReason')} errors={errors['removal.nonDisclosure.reason'] ?? errors['removal.nonDisclosure']} required className="grow" />
                  <TextField name="removal.nonDisclosure.until" type="datetime-local" label={t('draft.nonDisclosureUntil')} value={draft.nonDisclosureUntil} onChange={set('nonDisclosureUntil')} errors={errors['removal.nonDisclosure.until']} hint={t('form.localTime')} required />
                </div>
              )}
              {(problem?.code === 'CERTIFIED_ACCOUNT' || draft.overrideCertifiedReason !== '' || errors['overrideCertified.reason']) && (
                <TextAreaField
                  name="overrideCertified.reason"
                  label={t('draft.overrideCertified')}
                  value={draft.overrideCertifiedReason}
                  onChange={set('overrideCertifiedReason')}
                  errors={errors['overrideCertified.reason'] ?? errors.overrideCertified}
                  hint={t('draft.overrideCertifiedHint')}
                />
              )}
            </fieldset>
          )}

          {!removal && (
          <fieldset className="subsection">
            <legend>{t('draft.section.emergency')}</legend>
            <Checkbox name="emergency" label={t('draft.emergency')} checked={draft.emergency} onChange={set('emergency')} hint={t('draft.emergencyHint')} />
            {draft.emergency && (
              <>
                <SelectField
                  name="emergency.ground"
                  label={t('draft.emergencyGround')}
                  value={draft.emergencyGround}
                  onChange={(value) => set('emergencyGround')(value as EmergencyGround)}
                  options={GROUNDS.map((ground) => ({ value: ground, label: label('emergencyGround', ground) }))}
                  errors={errors['emergency.ground'] ?? errors.emergency}
                />
                <TextAreaField name="emergency.justification" label={t('draft.emergencyJustification')} value={draft.emergencyJustification} onChange={set('emergencyJustification')} errors={errors['emergency.justification']} required />
              </>
            )}
          </fieldset>
          )}

          {!removal && (
          <fieldset className="subsection">
            <legend>{t('draft.section.data')}</legend>
            <ChoiceGroup
              kind="checkbox"
              name="dataCategories"
              label={t('draft.dataCategories')}
              values={draft.dataCategories}
              onChange={(values) => set('dataCategories')(values as DataCategory[])}
              options={CATEGORIES.map((category) => ({ value: category, label: label('category', category) }))}
              errors={errors.dataCategories}
              hint={t('draft.dataCategoriesHint')}
              required
            />
            <div className="row">
              <TextField name="timeRange.from" type="datetime-local" label={t('draft.timeFrom')} value={draft.timeFrom} onChange={set('timeFrom')} errors={errors['timeRange.from'] ?? errors.timeRange} hint={t('form.localTime')} />
              <TextField name="timeRange.to" type="datetime-local" label={t('draft.timeTo')} value={draft.timeTo} onChange={set('timeTo')} errors={errors['timeRange.to']} />
            </div>
          </fieldset>
          )}

          <TargetsEditor targets={draft.targets} onChange={set('targets')} errors={errors} cgnat={provider?.cgnatOperator ?? false} removal={removal} />

          {!removal && (
          <>
          <fieldset className="subsection">
            <legend>{t('draft.section.offence')}</legend>
            <TextAreaField name="offence.description" label={t('draft.offenceDescription')} value={draft.offenceDescription} onChange={set('offenceDescription')} errors={errors['offence.description'] ?? errors.offence} required />
            <TextField name="offence.legalProvisions" label={t('draft.legalProvisions')} value={draft.legalProvisions} onChange={set('legalProvisions')} errors={errors['offence.legalProvisions']} required />
            <div className="row">
              <TextField
                name="offence.maxSentenceMonths"
                type="number"
                inputMode="numeric"
                min={0}
                max={1200}
                label={t('draft.maxSentenceMonths')}
                value={draft.maxSentenceMonths}
                onChange={set('maxSentenceMonths')}
                errors={errors['offence.maxSentenceMonths']}
                hint={t('draft.maxSentenceHint')}
                required
              />
              <SelectField
                name="offence.listedCategory"
                label={t('draft.listedCategory')}
                value={draft.listedCategory}
                onChange={(value) => set('listedCategory')(value as ListedCategory | '')}
                options={[{ value: '', label: t('form.none') }, ...LISTED.map((value) => ({ value, label: label('listedCategory', value) }))]}
                errors={errors['offence.listedCategory']}
                hint={t('draft.listedHint')}
              />
            </div>
          </fieldset>

          <fieldset className="subsection">
            <legend>{t('draft.section.facts')}</legend>
            <p className="hint">{t('draft.factsHint')}</p>
            <div className="row">
              <SelectField name="targetIsUsPerson" label={t('order.targetIsUsPerson')} value={draft.targetIsUsPerson} onChange={(value) => set('targetIsUsPerson')(value as TriState)} options={triOptions} errors={errors.targetIsUsPerson} />
              <TextField name="targetLocation" label={t('order.targetLocation')} value={draft.targetLocation} onChange={set('targetLocation')} errors={errors.targetLocation} hint={t('draft.countryHint')} />
            </div>
            <div className="row">
              <SelectField name="offenceInIssuingState" label={t('order.offenceInIssuingState')} value={draft.offenceInIssuingState} onChange={(value) => set('offenceInIssuingState')(value as TriState)} options={triOptions} errors={errors.offenceInIssuingState} />
              <SelectField
                name="targetResidesInIssuingState"
                label={t('order.targetResidesInIssuingState')}
                value={draft.targetResidesInIssuingState}
                onChange={(value) => set('targetResidesInIssuingState')(value as TriState)}
                options={triOptions}
                errors={errors.targetResidesInIssuingState}
              />
            </div>
          </fieldset>

          <fieldset className="subsection subsection--restricted">
            <legend>{t('order.section.m')}</legend>
            <p className="hint">{t('order.section.mHint')}</p>
            <TextAreaField name="caseSummary" label={t('draft.caseSummary')} value={draft.caseSummary} onChange={set('caseSummary')} errors={errors.caseSummary} />
            <TextAreaField name="necessityGrounds" label={t('draft.necessityGrounds')} value={draft.necessityGrounds} onChange={set('necessityGrounds')} errors={errors.necessityGrounds} />
          </fieldset>
          </>
          )}

          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {original ? t('draft.saveChanges') : t('draft.create')}
            </button>
            <button type="button" className="button" onClick={() => navigate(original ? `/orders/${original.id}` : '/outbox')}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
        <RoutingPanel result={shownRouting?.result ?? null} problem={shownRouting?.problem ?? null} waiting={routingQuery === null} pending={routingPending} providerName={provider?.name ?? ''} />
      </div>
    </Page>
  );
}

/** The id of the control an error names, or of the nearest enclosing one the form has. */
function fieldAnchor(field: string, fields: string[]): string {
  const placed = placeFieldErrors([{ field, message: '' }], fields);
  const target = Object.keys(placed.byField)[0] ?? field;
  return fieldId(target);
}
