/** The operator's view: register authorities and providers, and open any organisation. */
import { useState, type FormEvent } from 'react';
import { api, transitionHeaders, unwrap } from '../api/client';
import { ApiProblem, placeFieldErrors } from '../api/problem';
import { useSubmission } from '../api/submission';
import type { AuthorityType, CreateOrganisationBody, EstablishmentRole, Me, Organisation } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useProviders } from '../orders/directory';
import { Link, navigate } from '../router';
import { Page } from '../shell/page';
import { Checkbox, ChoiceGroup, SelectField, TextField } from '../ui/fields';
import { ProblemAlert } from '../ui/feedback';

type Designation = NonNullable<CreateOrganisationBody['designations']>[number];
const DESIGNATIONS: readonly Designation[] = ['CENTRAL_AUTHORITY', 'DESIGNATED_AUTHORITY', 'CONTACT_POINT_24_7'];
const AUTHORITY_TYPES: readonly AuthorityType[] = ['POLICE', 'PROSECUTOR', 'INVESTIGATING_JUDGE', 'COURT', 'ENFORCING_AUTHORITY', 'CENTRAL_AUTHORITY', 'DESIGNATED_AUTHORITY'];
const ESTABLISHMENT_ROLES: readonly EstablishmentRole[] = ['DESIGNATED_ESTABLISHMENT', 'LEGAL_REPRESENTATIVE', 'MAIN_ESTABLISHMENT'];

/** Organisations registered in this session (the API has no list of all organisations yet). */
const registered: Organisation[] = [];

interface EstablishmentDraft {
  country: string;
  role: EstablishmentRole;
  languages: string;
}

export default function OrganisationsPage({ me }: { me: Me }) {
  const { t, label } = useI18n();
  const providers = useProviders();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'AUTHORITY' | 'PROVIDER'>('AUTHORITY');
  const [country, setCountry] = useState('');
  const [authorityType, setAuthorityType] = useState<AuthorityType>('POLICE');
  const [designations, setDesignations] = useState<string[]>([]);
  const [establishments, setEstablishments] = useState<EstablishmentDraft[]>([{ country: '', role: 'LEGAL_REPRESENTATIVE', languages: '' }]);
  const [cgnat, setCgnat] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmission();
  const [openId, setOpenId] = useState('');

  const fields = ['name', 'kind', 'country', 'authorityType', 'designations', 'establishments', 'cgnatOperator', ...establishments.flatMap((_, i) => [`establishments[${i}]`, `establishments[${i}].country`, `establishments[${i}].role`, `establishments[${i}].languages`])];
  const errors = problem ? placeFieldErrors(problem.errors, fields).byField : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const body: CreateOrganisationBody =
      kind === 'AUTHORITY'
        ? { name: name.trim(), kind, country: country.trim().toUpperCase(), authorityType, ...(designations.length > 0 ? { designations: designations as Designation[] } : {}) }
        : {
            name: name.trim(),
            kind,
            country: country.trim().toUpperCase(),
            cgnatOperator: cgnat,
            establishments: establishments.map((entry) => ({
              country: entry.country.trim().toUpperCase(),
              role: entry.role,
              languages: entry.languages.split(/[\s,]+/).filter(Boolean),
            })),
          };
    try {
      const organisation = await submission.send({ method: 'POST', path: '/api/v1/organisations', body }, (key) => unwrap(api.POST('/api/v1/organisations', { headers: transitionHeaders(undefined, key), body })));
      registered.push(organisation);
      navigate(`/organisations/${organisation.id}`);
    } catch (error) {
      setBusy(false);
      setProblem(error instanceof ApiProblem ? error : ApiProblem.network(error));
    }
  };

  const updateEstablishment = (index: number, change: Partial<EstablishmentDraft>) => setEstablishments(establishments.map((entry, i) => (i === index ? { ...entry, ...change } : entry)));

  return (
    <Page title={t('nav.organisations')}>
      <p className="muted">{t('operator.intro', { name: me.organisation.name })}</p>
      <div className="columns">
        <section className="panel" aria-labelledby="register-title">
          <h2 id="register-title">{t('operator.register')}</h2>
          <form onSubmit={submit} noValidate>
            <TextField name="name" label={t('operator.name')} value={name} onChange={setName} errors={errors.name} required />
            <ChoiceGroup
              kind="radio"
              inline
              name="kind"
              label={t('operator.kind')}
              values={[kind]}
              onChange={([value]) => setKind(value as typeof kind)}
              options={[
                { value: 'AUTHORITY', label: label('organisationKind', 'AUTHORITY') },
                { value: 'PROVIDER', label: label('organisationKind', 'PROVIDER') },
              ]}
              errors={errors.kind}
            />
            <TextField name="country" label={t('operator.country')} value={country} onChange={setCountry} errors={errors.country} hint={t('draft.countryHint')} required />
            {kind === 'AUTHORITY' ? (
              <SelectField
                name="authorityType"
                label={t('operator.authorityType')}
                value={authorityType}
                onChange={(value) => setAuthorityType(value as AuthorityType)}
                options={AUTHORITY_TYPES.map((value) => ({ value, label: label('authorityType', value) }))}
                errors={errors.authorityType}
              />
            ) : null}
            {kind === 'AUTHORITY' ? (
              <ChoiceGroup
                kind="checkbox"
                name="designations"
                label={t('operator.designations')}
                hint={t('operator.designationsHint')}
                values={designations}
                onChange={setDesignations}
                options={DESIGNATIONS.map((value) => ({ value, label: label('designation', value) }))}
                errors={errors.designations}
              />
            ) : (
              <>
                <fieldset className="subsection" id="field-establishments">
                  <legend>{t('operator.establishments')}</legend>
                  {errors.establishments && <p className="field-error">{errors.establishments.join('; ')}</p>}
                  {establishments.map((entry, index) => (
                    <div className="row" key={index} role="group" aria-label={t('operator.establishmentN', { n: index + 1 })}>
                      <TextField name={`establishments[${index}].country`} label={t('operator.country')} value={entry.country} onChange={(value) => updateEstablishment(index, { country: value })} errors={errors[`establishments[${index}].country`] ?? errors[`establishments[${index}]`]} />
                      <SelectField
                        name={`establishments[${index}].role`}
                        label={t('operator.establishmentRole')}
                        value={entry.role}
                        onChange={(value) => updateEstablishment(index, { role: value as EstablishmentRole })}
                        options={ESTABLISHMENT_ROLES.map((value) => ({ value, label: label('establishmentRole', value) }))}
                        errors={errors[`establishments[${index}].role`]}
                      />
                      <TextField
                        name={`establishments[${index}].languages`}
                        label={t('operator.languages')}
                        value={entry.languages}
                        onChange={(value) => updateEstablishment(index, { languages: value })}
                        errors={errors[`establishments[${index}].languages`]}
                        hint={t('operator.languagesHint')}
                      />
                    </div>
                  ))}
                  <button type="button" className="button" onClick={() => setEstablishments([...establishments, { country: '', role: 'DESIGNATED_ESTABLISHMENT', languages: '' }])}>
                    {t('operator.addEstablishment')}
                  </button>
                </fieldset>
                <Checkbox name="cgnatOperator" label={t('operator.cgnat')} checked={cgnat} onChange={setCgnat} />
              </>
            )}
            {problem && <ProblemAlert problem={problem} />}
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('operator.registerSubmit')}
            </button>
          </form>
        </section>
        <section className="panel" aria-labelledby="directory-title">
          <h2 id="directory-title">{t('operator.directory')}</h2>
          <h3>{t('operator.providers')}</h3>
          {providers === null ? (
            <p className="muted">{t('common.loading')}</p>
          ) : (
            <ul className="plain">
              {providers.map((provider) => (
                <li key={provider.id}>
                  <Link to={`/organisations/${provider.id}`}>{provider.name}</Link> <span className="muted">({provider.country})</span>
                </li>
              ))}
            </ul>
          )}
          {registered.length > 0 && (
            <>
              <h3>{t('operator.registeredNow')}</h3>
              <ul className="plain">
                {registered.map((organisation) => (
                  <li key={organisation.id}>
                    <Link to={`/organisations/${organisation.id}`}>{organisation.name}</Link> <span className="muted">({label('organisationKind', organisation.kind)})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <form
            className="row"
            onSubmit={(event) => {
              event.preventDefault();
              if (openId.trim()) navigate(`/organisations/${openId.trim()}`);
            }}
          >
            <TextField name="organisationId" label={t('operator.openById')} value={openId} onChange={setOpenId} className="grow" />
            <button type="submit" className="button">
              {t('operator.open')}
            </button>
          </form>
        </section>
      </div>
    </Page>
  );
}
