/** The persons, accounts or addresses the order is about, each with its kind's own fields. */
import type { TargetKind } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { SelectField, TextField } from '../ui/fields';
import { emptyTarget, type TargetDraft } from './draft-model';

const KINDS: readonly TargetKind[] = ['ACCOUNT', 'EMAIL', 'PHONE', 'IP_ADDRESS', 'URL', 'DEVICE_ID'];
const PROTOCOLS = ['', 'TCP', 'UDP', 'SCTP', 'QUIC'] as const;

export function TargetsEditor({
  targets,
  onChange,
  errors,
  cgnat,
  removal = false,
}: {
  targets: TargetDraft[];
  onChange(targets: TargetDraft[]): void;
  errors: Record<string, string[]>;
  /** The provider shares IPv4 addresses behind carrier-grade NAT: port and time are needed. */
  cgnat: boolean;
  /** A removal order: its targets are URLs, each with the account that published it. */
  removal?: boolean;
}) {
  const { t, label } = useI18n();
  const update = (index: number, change: Partial<TargetDraft>) => onChange(targets.map((target, i) => (i === index ? { ...target, ...change } : target)));
  return (
    <fieldset className="subsection targets-editor" id="field-targets">
      <legend>{t('draft.targets')}</legend>
      {errors.targets && <p className="field-error">{errors.targets.join('; ')}</p>}
      {targets.map((target, index) => {
        const path = `targets[${index}]`;
        const number = index + 1;
        return (
          <div className="target" key={index} role="group" aria-label={t('draft.targetN', { n: number })}>
            <p className="target__title">{t('draft.targetN', { n: number })}</p>
            {errors[path] && <p className="field-error">{errors[path].join('; ')}</p>}
            <div className="row">
              <SelectField
                name={`${path}.kind`}
                label={t('target.kind')}
                value={target.kind}
                onChange={(kind) => update(index, { kind: kind as TargetKind })}
                options={KINDS.map((kind) => ({ value: kind, label: label('targetKind', kind) }))}
                errors={errors[`${path}.kind`]}
              />
              <TextField
                name={`${path}.value`}
                label={t('target.value')}
                value={target.value}
                onChange={(value) => update(index, { value })}
                errors={errors[`${path}.value`]}
                hint={t(`target.hint.${target.kind}`)}
                required
                className="grow"
              />
            </div>
            {removal && target.kind === 'URL' && (
              <TextField
                name={`${path}.accountHandle`}
                label={t('target.accountHandle')}
                value={target.accountHandle}
                placeholder="@account"
                onChange={(accountHandle) => update(index, { accountHandle })}
                errors={errors[`${path}.accountHandle`]}
                hint={t('target.accountHandleHint')}
              />
            )}
            {target.kind === 'IP_ADDRESS' && (
              <div className="row">
                <TextField
                  name={`${path}.sourcePort`}
                  label={t('target.sourcePort')}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={65535}
                  value={target.sourcePort}
                  onChange={(sourcePort) => update(index, { sourcePort })}
                  errors={errors[`${path}.sourcePort`]}
                  hint={cgnat ? t('target.cgnatHint') : undefined}
                  required={cgnat}
                />
                <TextField
                  name={`${path}.timestamp`}
                  label={t('target.timestamp')}
                  value={target.timestamp}
                  placeholder="2026-09-01T12:15:30+02:00"
                  onChange={(timestamp) => update(index, { timestamp })}
                  errors={errors[`${path}.timestamp`]}
                  hint={t('target.timestampHint')}
                  required={cgnat}
                  className="grow"
                />
                <TextField name={`${path}.destinationIp`} label={t('target.destinationIp')} value={target.destinationIp} onChange={(destinationIp) => update(index, { destinationIp })} errors={errors[`${path}.destinationIp`]} />
                <TextField
                  name={`${path}.destinationPort`}
                  label={t('target.destinationPort')}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={65535}
                  value={target.destinationPort}
                  onChange={(destinationPort) => update(index, { destinationPort })}
                  errors={errors[`${path}.destinationPort`]}
                />
                <SelectField
                  name={`${path}.protocol`}
                  label={t('target.protocol')}
                  value={target.protocol}
                  onChange={(protocol) => update(index, { protocol: protocol as TargetDraft['protocol'] })}
                  options={PROTOCOLS.map((protocol) => ({ value: protocol, label: protocol || t('form.none') }))}
                  errors={errors[`${path}.protocol`]}
                />
              </div>
            )}
            {targets.length > 1 && (
              <button type="button" className="button button--quiet" onClick={() => onChange(targets.filter((_, i) => i !== index))}>
                {t('draft.removeTarget', { n: number })}
              </button>
            )}
          </div>
        );
      })}
      <button type="button" className="button" onClick={() => onChange([...targets, emptyTarget(removal ? 'URL' : 'ACCOUNT')])}>
        {t('draft.addTarget')}
      </button>
    </fieldset>
  );
}
