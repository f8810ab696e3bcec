/** The forms of the actions that need more than a click. Each builds its request body. */
import { useState } from 'react';
import {
  routingOf,
  CLARIFICATION_REASONS,
  NON_EXECUTION_REASONS,
  type ConflictNature,
  type Evidence,
  type NonExecutionReason,
  type Order,
  type ReviewGround,
  type SubsequentKind,
} from '../api/types';
import { hashFile } from '../evidence/upload';
import { formatBytes, formatDateTime, localInputToIso } from '../i18n/format';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { Checkbox, ChoiceGroup, SelectField, TextAreaField, TextField } from '../ui/fields';
import { useNow } from '../ui/use-now';
import { ActionForm } from './ActionForm';
import { useAuthorities } from './authorities';
import type { ConsoleAction } from './actions';

export interface FormProps {
  order: Order;
  evidence: readonly Evidence[];
  send(body: Record<string, unknown>): Promise<void>;
  cancel(): void;
}

export const ACTION_FORMS: Partial<Record<ConsoleAction, (props: FormProps) => React.JSX.Element>> = {
  REFUSE_VALIDATION: ReasonForm('REFUSE_VALIDATION', 'reason', 'form.refusalReason'),
  WITHDRAW: ReasonForm('WITHDRAW', 'reason', 'form.withdrawalReason'),
  CLARIFY: ReasonForm('CLARIFY', 'message', 'form.clarification'),
  REFUSE_CERTIFICATION: ReasonForm('REFUSE_CERTIFICATION', 'reason', 'form.refusalReason', 'form.hopRefusal.intro'),
  REFUSE_FORWARDING: ReasonForm('REFUSE_FORWARDING', 'reason', 'form.refusalReason', 'form.hopRefusal.intro'),
  CHALLENGE: ReasonForm('CHALLENGE', 'reason', 'form.challengeReason', 'form.challenge.intro'),
  COUNTERSIGN: CountersignForm,
  SUBMIT: SubmitForm,
  EXTEND_PRESERVATION: ExtendPreservationForm,
  REQUEST_CLARIFICATION: ClarificationRequestForm,
  CONFIRM_SUBSEQUENT_REQUEST: SubsequentRequestForm,
  REVIEW: ReviewForm,
  // A removal order's Annex III is Reg. 2021/784's (force majeure, impossibility, errors), not Reg. 2023/1543's.
  NOT_EXECUTE: (props) => (props.order.type === 'REMOVAL' ? <ImpossibilityForm {...props} /> : <NonExecutionForm {...props} />),
  PRODUCE: ProductionForm,
  REMOVE: RemovalForm,
  RESUME_EXECUTION: ResumeForm,
  REQUEST_SCRUTINY: ScrutinyRequestForm,
  SCRUTINISE: ScrutinyForm,
};

function ReasonForm(action: ConsoleAction, field: 'reason' | 'message', labelKey: MessageKey, introKey?: MessageKey) {
  return function Form({ send, cancel }: FormProps) {
    const { t } = useI18n();
    const [text, setText] = useState('');
    return (
      <ActionForm action={action} fields={[field]} intro={introKey && t(introKey)} onSubmit={() => send({ [field]: text })} onCancel={cancel}>
        {(errors) => <TextAreaField name={field} label={t(labelKey)} value={text} onChange={setText} errors={errors[field]} required />}
      </ActionForm>
    );
  };
}

/**
 * Submit for validation, choosing the judicial authority from the directory: those of the
 * issuing State whose type the route lets validate. Left to "any", every one of them may.
 */
function SubmitForm({ send, cancel, order }: FormProps) {
  const { t, label } = useI18n();
  const validators = routingOf(order)?.selected?.approvals.validators ?? [];
  const authorities = useAuthorities({ country: order.issuingCountry });
  const qualified = (authorities ?? []).filter((authority) => (validators as readonly string[]).includes(authority.authorityType));
  const [validatingAuthorityId, setValidatingAuthorityId] = useState(order.validatingAuthorityId ?? '');
  const types = validators.map((type) => label('authorityType', type)).join(', ');
  return (
    <ActionForm
      action="SUBMIT"
      fields={['validatingAuthorityId']}
      intro={t('form.submit.intro', { types: types || '—', country: order.issuingCountry })}
      onSubmit={() => send(validatingAuthorityId ? { validatingAuthorityId } : {})}
      onCancel={cancel}
    >
      {(errors) => (
        <SelectField
          name="validatingAuthorityId"
          label={t('form.submit.authority')}
          value={validatingAuthorityId}
          onChange={setValidatingAuthorityId}
          options={[
            { value: '', label: authorities === null ? t('common.loading') : t('form.submit.anyAuthority', { count: qualified.length }) },
            ...qualified.map((authority) => ({ value: authority.id, label: `${authority.name} (${label('authorityType', authority.authorityType)})` })),
          ]}
          errors={errors.validatingAuthorityId}
        />
      )}
    </ActionForm>
  );
}

function CountersignForm({ send, cancel }: FormProps) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  return (
    <ActionForm action="COUNTERSIGN" fields={['note']} intro={t('form.countersign.intro')} onSubmit={() => send(note ? { note } : {})} onCancel={cancel}>
      {(errors) => <TextAreaField name="note" label={t('form.note')} value={note} onChange={setNote} errors={errors.note} />}
    </ActionForm>
  );
}

function ExtendPreservationForm({ send, cancel }: FormProps) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  return (
    <ActionForm action="EXTEND_PRESERVATION" fields={['note']} intro={t('form.extension.intro')} onSubmit={() => send(note ? { note } : {})} onCancel={cancel}>
      {(errors) => <TextAreaField name="note" label={t('form.note')} value={note} onChange={setNote} errors={errors.note} />}
    </ActionForm>
  );
}

function ClarificationRequestForm({ send, cancel }: FormProps) {
  const { t, label } = useI18n();
  const [reasons, setReasons] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  return (
    <ActionForm action="REQUEST_CLARIFICATION" fields={['reasons', 'message']} intro={t('form.clarificationRequest.intro')} onSubmit={() => send({ reasons, message })} onCancel={cancel}>
      {(errors) => (
        <>
          <ChoiceGroup
            kind="checkbox"
            name="reasons"
            label={t('form.annexIIIReasons')}
            values={reasons}
            onChange={setReasons}
            options={CLARIFICATION_REASONS.map((reason, index) => ({ value: reason, label: `${index + 1}. ${label('annexIII', reason)}` }))}
            errors={errors.reasons}
            required
          />
          <TextAreaField name="message" label={t('form.message')} value={message} onChange={setMessage} errors={errors.message} required />
        </>
      )}
    </ActionForm>
  );
}

const SUBSEQUENT_KINDS: readonly SubsequentKind[] = ['EPOC', 'EIO', 'MLA', 'OTHER'];

function SubsequentRequestForm({ send, cancel }: FormProps) {
  const { t, label } = useI18n();
  const [kind, setKind] = useState<SubsequentKind>('EPOC');
  const [reference, setReference] = useState('');
  const [issuedAt, setIssuedAt] = useState('');
  return (
    <ActionForm
      action="CONFIRM_SUBSEQUENT_REQUEST"
      fields={['kind', 'reference', 'issuedAt']}
      intro={t('form.subsequent.intro')}
      onSubmit={() => send({ kind, reference, issuedAt: localInputToIso(issuedAt) })}
      onCancel={cancel}
    >
      {(errors) => (
        <>
          <SelectField name="kind" label={t('form.subsequent.kind')} value={kind} onChange={(value) => setKind(value as SubsequentKind)} options={SUBSEQUENT_KINDS.map((value) => ({ value, label: label('subsequentKind', value) }))} errors={errors.kind} />
          <TextField name="reference" label={t('form.subsequent.reference')} value={reference} onChange={setReference} errors={errors.reference} required />
          <TextField name="issuedAt" type="datetime-local" label={t('form.subsequent.issuedAt')} value={issuedAt} onChange={setIssuedAt} errors={errors.issuedAt} hint={t('form.localTime')} required />
        </>
      )}
    </ActionForm>
  );
}

const REVIEW_GROUNDS: readonly ReviewGround[] = ['IMMUNITY_PRIVILEGE_OR_PRESS_FREEDOM', 'FUNDAMENTAL_RIGHTS', 'NE_BIS_IN_IDEM', 'DUAL_CRIMINALITY'];

function ReviewForm({ send, cancel }: FormProps) {
  const { t, label } = useI18n();
  const [decision, setDecision] = useState<'NO_GROUNDS' | 'GROUNDS_RAISED'>('NO_GROUNDS');
  const [grounds, setGrounds] = useState<string[]>([]);
  const [partial, setPartial] = useState(false);
  const [explanation, setExplanation] = useState('');
  const body = () =>
    decision === 'NO_GROUNDS'
      ? { decision, ...(explanation ? { explanation } : {}) }
      : { decision, grounds, partial, ...(explanation ? { explanation } : {}) };
  return (
    <ActionForm action="REVIEW" fields={['decision', 'grounds', 'partial', 'explanation']} intro={t('form.review.intro')} onSubmit={() => send(body())} onCancel={cancel}>
      {(errors) => (
        <>
          <ChoiceGroup
            kind="radio"
            name="decision"
            label={t('form.review.decision')}
            values={[decision]}
            onChange={([value]) => setDecision(value as typeof decision)}
            options={[
              { value: 'NO_GROUNDS', label: t('form.review.noGrounds') },
              { value: 'GROUNDS_RAISED', label: t('form.review.groundsRaised') },
            ]}
            errors={errors.decision}
          />
          {decision === 'GROUNDS_RAISED' && (
            <>
              <ChoiceGroup
                kind="checkbox"
                name="grounds"
                label={t('form.review.grounds')}
                values={grounds}
                onChange={setGrounds}
                options={REVIEW_GROUNDS.map((ground) => ({ value: ground, label: label('reviewGround', ground) }))}
                errors={errors.grounds}
                required
              />
              <Checkbox name="partial" label={t('form.review.partial')} checked={partial} onChange={setPartial} />
            </>
          )}
          <TextAreaField name="explanation" label={t('form.explanation')} value={explanation} onChange={setExplanation} errors={errors.explanation} />
        </>
      )}
    </ActionForm>
  );
}

const CONFLICT_NATURES: readonly ConflictNature[] = ['FUNDAMENTAL_RIGHTS', 'NATIONAL_SECURITY_OR_DEFENCE', 'OTHER'];

function NonExecutionForm({ send, cancel, order }: FormProps) {
  const { t, label } = useI18n();
  const [reasons, setReasons] = useState<string[]>([]);
  const [explanation, setExplanation] = useState('');
  const [conflict, setConflict] = useState({ law: '', provisions: '', nature: 'OTHER' as ConflictNature, reasoning: '' });
  const [preserved, setPreserved] = useState(order.type === 'PRESERVATION' || order.status === 'PRESERVED');
  const [preservationReason, setPreservationReason] = useState('');
  const conflictNamed = reasons.includes('THIRD_COUNTRY_CONFLICT');
  const body = () => ({
    reasons,
    explanation,
    ...(conflictNamed ? { thirdCountryConflict: conflict } : {}),
    preservation: { preserved, ...(preservationReason ? { reason: preservationReason } : {}) },
  });
  return (
    <ActionForm
      action="NOT_EXECUTE"
      fields={['reasons', 'explanation', 'thirdCountryConflict', 'thirdCountryConflict.law', 'thirdCountryConflict.provisions', 'thirdCountryConflict.nature', 'thirdCountryConflict.reasoning', 'preservation', 'preservation.preserved', 'preservation.reason']}
      intro={t('form.nonExecution.intro')}
      onSubmit={() => send(body())}
      onCancel={cancel}
    >
      {(errors) => (
        <>
          <ChoiceGroup
            kind="checkbox"
            name="reasons"
            label={t('form.annexIIIReasons')}
            values={reasons}
            onChange={setReasons}
            options={NON_EXECUTION_REASONS.map((reason, index) => ({ value: reason, label: `${index + 4}. ${label('annexIII', reason)}` }))}
            errors={errors.reasons}
            required
          />
          <TextAreaField name="explanation" label={t('form.explanation')} value={explanation} onChange={setExplanation} errors={errors.explanation} required />
          {conflictNamed && (
            <fieldset className="subsection" aria-describedby="conflict-intro">
              <legend>{t('form.conflict.title')}</legend>
              <p className="hint" id="conflict-intro">
                {t('form.conflict.intro')}
              </p>
              <TextField name="thirdCountryConflict.law" label={t('form.conflict.law')} value={conflict.law} onChange={(law) => setConflict({ ...conflict, law })} errors={errors['thirdCountryConflict.law'] ?? errors.thirdCountryConflict} required />
              <TextAreaField name="thirdCountryConflict.provisions" label={t('form.conflict.provisions')} value={conflict.provisions} onChange={(provisions) => setConflict({ ...conflict, provisions })} errors={errors['thirdCountryConflict.provisions']} required />
              <SelectField
                name="thirdCountryConflict.nature"
                label={t('form.conflict.nature')}
                value={conflict.nature}
                onChange={(nature) => setConflict({ ...conflict, nature: nature as ConflictNature })}
                options={CONFLICT_NATURES.map((value) => ({ value, label: label('conflictNature', value) }))}
                errors={errors['thirdCountryConflict.nature']}
              />
              <TextAreaField name="thirdCountryConflict.reasoning" label={t('form.conflict.reasoning')} value={conflict.reasoning} onChange={(reasoning) => setConflict({ ...conflict, reasoning })} errors={errors['thirdCountryConflict.reasoning']} required />
            </fieldset>
          )}
          <fieldset className="subsection">
            <legend>{t('form.preservation.title')}</legend>
            <Checkbox name="preservation.preserved" label={t('form.preservation.preserved')} checked={preserved} onChange={setPreserved} />
            <TextField name="preservation.reason" label={t('form.preservation.reason')} value={preservationReason} onChange={setPreservationReason} errors={errors['preservation.reason'] ?? errors.preservation} />
          </fieldset>
        </>
      )}
    </ActionForm>
  );
}

interface Decision {
  target: string;
  category: string;
  produced: boolean;
  reason: NonExecutionReason | '';
}

function ProductionForm({ send, cancel, order, evidence }: FormProps) {
  const { t, label, lang } = useI18n();
  const unproduced = evidence.filter((item) => item.productionSeq === null);
  // What the user unticked, so a file whose upload lands while the form is open is included.
  const [excluded, setExcluded] = useState<string[]>([]);
  const evidenceIds = unproduced.map((item) => item.id).filter((id) => !excluded.includes(id));
  const setEvidenceIds = (ids: string[]) => setExcluded(unproduced.map((item) => item.id).filter((id) => !ids.includes(id)));
  const [decisions, setDecisions] = useState<Decision[]>(() =>
    order.targets.flatMap((target) => order.dataCategories.map((category) => ({ target: target.value, category, produced: true, reason: '' as const }))),
  );
  const update = (index: number, change: Partial<Decision>) => setDecisions(decisions.map((decision, i) => (i === index ? { ...decision, ...change } : decision)));
  const body = () => ({
    evidenceIds,
    decisions: decisions.map(({ target, category, produced, reason }) => ({ target, category, produced, ...(!produced && reason ? { reason } : {}) })),
  });
  const fields = ['evidenceIds', 'decisions', ...decisions.flatMap((_, index) => [`decisions[${index}]`, `decisions[${index}].reason`, `decisions[${index}].produced`])];
  return (
    <ActionForm action="PRODUCE" fields={fields} intro={t('form.production.intro')} onSubmit={() => send(body())} onCancel={cancel}>
      {(errors) => (
        <>
          {unproduced.length === 0 ? (
            <p className="alert alert--warning" id="field-evidenceIds">
              {t('form.production.noEvidence')}
            </p>
          ) : (
            <ChoiceGroup
              kind="checkbox"
              name="evidenceIds"
              label={t('form.production.evidence')}
              values={evidenceIds}
              onChange={setEvidenceIds}
              options={unproduced.map((item) => ({ value: item.id, label: `${item.filename} (${formatBytes(item.size, lang)}, SHA-256 ${item.sha256.slice(0, 16)}…)` }))}
              errors={errors.evidenceIds}
            />
          )}
          {unproduced.length === 0 && errors.evidenceIds && <p className="field-error">{errors.evidenceIds.join('; ')}</p>}
          <table className="decisions">
            <caption>{t('form.production.decisions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('order.target')}</th>
                <th scope="col">{t('order.category')}</th>
                <th scope="col">{t('form.production.produced')}</th>
                <th scope="col">{t('form.production.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {decisions.map((decision, index) => {
                const rowLabel = `${decision.target}, ${label('category', decision.category)}`;
                const reasonErrors = errors[`decisions[${index}].reason`] ?? errors[`decisions[${index}]`];
                return (
                  <tr key={`${decision.target}|${decision.category}`}>
                    <th scope="row">{decision.target}</th>
                    <td>{label('category', decision.category)}</td>
                    <td>
                      <input
                        type="checkbox"
                        name={`decisions[${index}].produced`}
                        aria-label={t('form.production.producedFor', { what: rowLabel })}
                        checked={decision.produced}
                        onChange={(event) => update(index, { produced: event.target.checked })}
                      />
                    </td>
                    <td>
                      {!decision.produced && (
                        <>
                          <select
                            name={`decisions[${index}].reason`}
                            aria-label={t('form.production.reasonFor', { what: rowLabel })}
                            value={decision.reason}
                            aria-invalid={reasonErrors ? true : undefined}
                            aria-describedby={reasonErrors ? `decision-${index}-error` : undefined}
                            onChange={(event) => update(index, { reason: event.target.value as NonExecutionReason })}
                          >
                            <option value="">{t('form.choose')}</option>
                            {NON_EXECUTION_REASONS.map((reason, number) => (
                              <option key={reason} value={reason}>
                                {`${number + 4}. ${label('annexIII', reason)}`}
                              </option>
                            ))}
                          </select>
                          {reasonErrors && (
                            <p className="field-error" id={`decision-${index}-error`}>
                              {reasonErrors.join('; ')}
                            </p>
                          )}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </ActionForm>
  );
}

const REMOVAL_ACTIONS = ['REMOVED', 'DISABLED'] as const;
/** Reg. 2021/784 Annex III: 3(7) force majeure or de facto impossibility, 3(8) manifest errors or insufficient information. */
export const TCO_IMPOSSIBILITY_REASONS = ['FORCE_MAJEURE', 'DE_FACTO_IMPOSSIBILITY', 'MANIFEST_ERRORS', 'INSUFFICIENT_INFORMATION'] as const;

interface HashRow {
  sha256: string;
  pdq: string;
}

/**
 * Annex II (Reg. 2021/784 Art 3(6)): removed, or access disabled, with the hashes of what was
 * removed for the stay-down list. A file picked here is hashed in the browser and never sent.
 */
function RemovalForm({ send, cancel, order }: FormProps) {
  const { t, label, lang } = useI18n();
  const [action, setAction] = useState<(typeof REMOVAL_ACTIONS)[number]>('REMOVED');
  const [rows, setRows] = useState<HashRow[]>([{ sha256: '', pdq: '' }]);
  const [hashing, setHashing] = useState(false);
  const [note, setNote] = useState('');
  const silentUntil = order.removal?.nonDisclosureUntil ?? null;
  const now = useNow(60_000);
  const silenced = silentUntil !== null && Date.parse(silentUntil) > now.getTime();
  const [informed, setInformed] = useState(false);
  const update = (index: number, change: Partial<HashRow>) => setRows(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const hashFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setHashing(true);
    try {
      const hashes: HashRow[] = [];
      for (const file of Array.from(files)) hashes.push({ sha256: await hashFile(file, () => {}), pdq: '' });
      setRows((current) => [...current.filter((row) => row.sha256.trim() !== '' || row.pdq.trim() !== ''), ...hashes]);
    } finally {
      setHashing(false);
    }
  };
  const hashes = rows
    .map((row) => ({ sha256: row.sha256.trim().toLowerCase(), pdq: row.pdq.trim().toLowerCase() }))
    .filter((row) => row.sha256 !== '' || row.pdq !== '')
    .map((row) => ({ sha256: row.sha256, ...(row.pdq ? { pdq: row.pdq } : {}) }));
  const body = () => ({ action, hashes, contentProviderInformed: !silenced && informed, ...(note ? { note } : {}) });
  const fields = ['action', 'hashes', 'contentProviderInformed', 'note', ...rows.flatMap((_, index) => [`hashes[${index}]`, `hashes[${index}].sha256`, `hashes[${index}].pdq`])];
  return (
    <ActionForm action="REMOVE" fields={fields} intro={t('form.removal.intro')} onSubmit={() => send(body())} onCancel={cancel}>
      {(errors) => (
        <>
          <ChoiceGroup
            kind="radio"
            name="action"
            label={t('form.removal.action')}
            values={[action]}
            onChange={([value]) => setAction(value as typeof action)}
            options={REMOVAL_ACTIONS.map((value) => ({ value, label: label('removalAction', value) }))}
            errors={errors.action}
          />
          <fieldset className="subsection" aria-describedby="hashes-hint">
            <legend>{t('form.removal.hashes')}</legend>
            <p className="hint" id="hashes-hint">
              {t('form.removal.hashesHint')}
            </p>
            {errors.hashes && <p className="field-error">{errors.hashes.join('; ')}</p>}
            {rows.map((row, index) => (
              <div className="hash-row" key={index}>
                <TextField
                  name={`hashes[${index}].sha256`}
                  label={t('form.removal.sha256For', { number: index + 1 })}
                  value={row.sha256}
                  onChange={(sha256) => update(index, { sha256 })}
                  errors={errors[`hashes[${index}].sha256`] ?? errors[`hashes[${index}]`]}
                  className="mono"
                />
                <TextField name={`hashes[${index}].pdq`} label={t('form.removal.pdqFor', { number: index + 1 })} value={row.pdq} onChange={(pdq) => update(index, { pdq })} errors={errors[`hashes[${index}].pdq`]} className="mono" />
                {rows.length > 1 && (
                  <button type="button" className="button" onClick={() => setRows(rows.filter((_, i) => i !== index))}>
                    {t('form.removal.removeHash', { number: index + 1 })}
                  </button>
                )}
              </div>
            ))}
            <div className="button-row">
              <button type="button" className="button" onClick={() => setRows([...rows, { sha256: '', pdq: '' }])}>
                {t('form.removal.addHash')}
              </button>
            </div>
            <div className="field">
              <label htmlFor="removal-files">{t('form.removal.hashFiles')}</label>
              <input
                id="removal-files"
                type="file"
                multiple
                disabled={hashing}
                aria-describedby="hashes-hint"
                onChange={(event) => {
                  const input = event.target;
                  void hashFiles(input.files).finally(() => (input.value = ''));
                }}
              />
              {hashing && (
                <p className="hint" role="status">
                  {t('form.removal.hashing')}
                </p>
              )}
            </div>
          </fieldset>
          {silenced ? (
            <p className="hint" id="field-contentProviderInformed">
              {t('form.removal.nonDisclosure', { until: formatDateTime(silentUntil!, lang) })}
            </p>
          ) : (
            <Checkbox name="contentProviderInformed" label={t('form.removal.contentProviderInformed')} checked={informed} onChange={setInformed} />
          )}
          {errors.contentProviderInformed && <p className="field-error">{errors.contentProviderInformed.join('; ')}</p>}
          <TextAreaField name="note" label={t('form.note')} value={note} onChange={setNote} errors={errors.note} />
        </>
      )}
    </ActionForm>
  );
}

/** Reg. 2021/784 Annex III: why the provider cannot remove the content within the hour; the hour stops. */
function ImpossibilityForm({ send, cancel }: FormProps) {
  const { t, label } = useI18n();
  const [reasons, setReasons] = useState<string[]>([]);
  const [explanation, setExplanation] = useState('');
  return (
    <ActionForm action="NOT_EXECUTE" fields={['reasons', 'explanation']} intro={t('form.impossibility.intro')} onSubmit={() => send({ reasons, explanation })} onCancel={cancel}>
      {(errors) => (
        <>
          <ChoiceGroup
            kind="checkbox"
            name="reasons"
            label={t('form.impossibility.reasons')}
            values={reasons}
            onChange={setReasons}
            options={TCO_IMPOSSIBILITY_REASONS.map((reason) => ({ value: reason, label: label('tcoImpossibility', reason) }))}
            errors={errors.reasons}
            required
          />
          <TextAreaField name="explanation" label={t('form.explanation')} value={explanation} onChange={setExplanation} errors={errors.explanation} required />
        </>
      )}
    </ActionForm>
  );
}

/** Art 3(7): the force majeure or impossibility ceased; the hour runs again. An optional note. */
function ResumeForm({ send, cancel }: FormProps) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  return (
    <ActionForm action="RESUME_EXECUTION" fields={['note']} intro={t('form.resume.intro')} onSubmit={() => send(note ? { note } : {})} onCancel={cancel}>
      {(errors) => <TextAreaField name="note" label={t('form.note')} value={note} onChange={setNote} errors={errors.note} />}
    </ActionForm>
  );
}

const SCRUTINY_REQUESTERS = ['HOSTING_SERVICE_PROVIDER', 'CONTENT_PROVIDER'] as const;

/** Art 4(3): the provider, or the content provider through it, asks the host State's competent authority to scrutinise the order. */
function ScrutinyRequestForm({ send, cancel, order }: FormProps) {
  const { t, label, lang } = useI18n();
  const [requestedBy, setRequestedBy] = useState<(typeof SCRUTINY_REQUESTERS)[number]>('HOSTING_SERVICE_PROVIDER');
  const [reason, setReason] = useState('');
  const dueAt = order.removal?.scrutiny?.requestDueAt ?? null;
  const intro = [t('form.scrutinyRequest.intro'), dueAt ? t('form.scrutinyRequest.dueAt', { time: formatDateTime(dueAt, lang) }) : ''].filter(Boolean).join(' ');
  return (
    <ActionForm action="REQUEST_SCRUTINY" fields={['requestedBy', 'reason']} intro={intro} onSubmit={() => send({ requestedBy, reason })} onCancel={cancel}>
      {(errors) => (
        <>
          <ChoiceGroup
            kind="radio"
            name="requestedBy"
            label={t('form.scrutinyRequest.requestedBy')}
            values={[requestedBy]}
            onChange={([value]) => setRequestedBy(value as typeof requestedBy)}
            options={SCRUTINY_REQUESTERS.map((value) => ({ value, label: label('scrutinyRequester', value) }))}
            errors={errors.requestedBy}
          />
          <TextAreaField name="reason" label={t('form.reason')} value={reason} onChange={setReason} errors={errors.reason} required />
        </>
      )}
    </ActionForm>
  );
}

const SCRUTINY_DECISIONS = ['NO_INFRINGEMENT', 'INFRINGEMENT'] as const;

/** Art 4(4)-(5): the host State's competent authority decides; an infringement revokes the order. */
function ScrutinyForm({ send, cancel }: FormProps) {
  const { t, label } = useI18n();
  const [decision, setDecision] = useState<(typeof SCRUTINY_DECISIONS)[number]>('NO_INFRINGEMENT');
  const [reason, setReason] = useState('');
  return (
    <ActionForm action="SCRUTINISE" fields={['decision', 'reason']} intro={t('form.scrutiny.intro')} onSubmit={() => send({ decision, reason })} onCancel={cancel}>
      {(errors) => (
        <>
          <ChoiceGroup
            kind="radio"
            name="decision"
            label={t('form.scrutiny.decision')}
            values={[decision]}
            onChange={([value]) => setDecision(value as typeof decision)}
            options={SCRUTINY_DECISIONS.map((value) => ({ value, label: label('scrutinyDecision', value) }))}
            errors={errors.decision}
          />
          <TextAreaField name="reason" label={t('form.reason')} value={reason} onChange={setReason} errors={errors.reason} required />
        </>
      )}
    </ActionForm>
  );
}
