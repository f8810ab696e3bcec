/** One organisation, for the operator and its own administrators: its people, their second factor, and its certificates. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, transitionHeaders, unwrap } from '../api/client';
import { ApiProblem, placeFieldErrors } from '../api/problem';
import { useSubmission } from '../api/submission';
import type { Certificate, Me, Organisation, RevocationReason, Role, User } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { Page } from '../shell/page';
import { ChoiceGroup, SelectField, TextAreaField, TextField } from '../ui/fields';
import { DateTime, ProblemAlert, Status } from '../ui/feedback';
import { Link } from '../router';
import { ROLES_BY_KIND } from './roles';

const REVOCATION_REASONS: readonly RevocationReason[] = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn'];

export default function OrganisationPage({ me, organisationId }: { me: Me; organisationId: string }) {
  const { t, label } = useI18n();
  const [organisation, setOrganisation] = useState<Organisation | null>(null);
  const [certificates, setCertificates] = useState<Certificate[] | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [people, setPeople] = useState<User[] | null>(null);
  const [issued, setIssued] = useState<Certificate | null>(null);

  const loadCertificates = useCallback(async () => {
    try {
      const list = await unwrap(api.GET('/api/v1/organisations/{id}/certificates', { params: { path: { id: organisationId } } }));
      setCertificates(list.items);
    } catch (error) {
      setCertificates([]);
      setProblem(error);
    }
  }, [organisationId]);

  const manages = me.user.roles.includes('OPERATOR') || (me.user.roles.includes('ORG_ADMIN') && me.organisation.id === organisationId);
  const loadPeople = useCallback(async () => {
    if (!manages) return;
    try {
      setPeople((await unwrap(api.GET('/api/v1/organisations/{id}/users', { params: { path: { id: organisationId } } }))).items);
    } catch (error) {
      setPeople([]);
      setProblem(error);
    }
  }, [organisationId, manages]);

  useEffect(() => {
    unwrap(api.GET('/api/v1/organisations/{id}', { params: { path: { id: organisationId } } })).then((found) => {
      setOrganisation(found);
      void loadCertificates();
      void loadPeople();
    }, setProblem);
  }, [organisationId, loadCertificates, loadPeople]);

  if (!organisation) {
    return (
      <Page title={t('operator.organisation')}>
        <ProblemAlert problem={problem} />
        {!problem && <p role="status">{t('common.loading')}</p>}
      </Page>
    );
  }

  const manage = me.user.roles.includes('OPERATOR') || (me.user.roles.includes('ORG_ADMIN') && me.organisation.id === organisation.id);

  return (
    <Page title={organisation.name}>
      <Status message={message} />
      <section className="panel" aria-labelledby="org-title">
        <h2 id="org-title">{t('operator.details')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('operator.kind')}</dt>
            <dd>{label('organisationKind', organisation.kind)}</dd>
          </div>
          <div>
            <dt>{t('operator.country')}</dt>
            <dd>{organisation.country ?? '—'}</dd>
          </div>
          {organisation.authorityType && (
            <div>
              <dt>{t('operator.authorityType')}</dt>
              <dd>{label('authorityType', organisation.authorityType)}</dd>
            </div>
          )}
          {organisation.designations.length > 0 && (
            <div>
              <dt>{t('operator.designations')}</dt>
              <dd>{organisation.designations.map((designation) => label('designation', designation)).join(', ')}</dd>
            </div>
          )}
          {organisation.establishments.length > 0 && (
            <div>
              <dt>{t('operator.establishments')}</dt>
              <dd>
                <ul className="plain">
                  {organisation.establishments.map((entry) => (
                    <li key={`${entry.country}-${entry.role}`}>
                      {label('establishmentRole', entry.role)}, {entry.country} ({entry.languages.join(', ')})
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
          {organisation.kind === 'PROVIDER' && (
            <div>
              <dt>{t('operator.cgnat')}</dt>
              <dd>{organisation.cgnatOperator ? t('common.yes') : t('common.no')}</dd>
            </div>
          )}
          {organisation.suspension && (
            <div>
              <dt>{t('suspension.title')}</dt>
              <dd>
                <strong>{t('suspension.since')}</strong> <DateTime iso={organisation.suspension.suspendedAt} />: {organisation.suspension.reason}
              </dd>
            </div>
          )}
          <div>
            <dt>{t('operator.identifier')}</dt>
            <dd>
              <code>{organisation.id}</code>
            </dd>
          </div>
          <div>
            <dt>{t('order.createdAt')}</dt>
            <dd>
              <DateTime iso={organisation.createdAt} />
            </dd>
          </div>
        </dl>
      </section>
      {me.user.roles.includes('OPERATOR') && organisation.kind !== 'OPERATOR' && (
        <SuspensionPanel
          organisation={organisation}
          onChange={async (next, done) => {
            setOrganisation(next);
            setMessage(done);
            await loadCertificates();
          }}
        />
      )}
      {manage && organisation.kind !== 'OPERATOR' && me.organisation.id === organisation.id && (
        <p>
          <Link to="/webhooks">{t('webhooks.title')}</Link>
        </p>
      )}
      {me.user.roles.includes('OPERATOR') && (
        <SecondFactorPanel
          organisation={organisation}
          onChange={(next, done) => {
            setOrganisation(next);
            setMessage(done);
          }}
        />
      )}
      {manage && people && (
        <PeoplePanel
          organisation={organisation}
          people={people}
          mayReset={me.user.roles.includes('OPERATOR')}
          onReset={async (user) => {
            setMessage(t('people.resetDone', { email: user.email }));
            await loadPeople();
          }}
        />
      )}
      {manage && (
        <UserForm
          organisation={organisation}
          onCreated={async (user) => {
            setMessage(t('operator.userCreated', { email: user.email }));
            await loadPeople();
          }}
        />
      )}
      <section className="panel" aria-labelledby="certificates-title">
        <h2 id="certificates-title">{t('certificates.title')}</h2>
        <ProblemAlert problem={problem} />
        {certificates === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : certificates.length === 0 ? (
          <p className="muted">{t('certificates.none')}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="certificates-caption" tabIndex={0}>
            <table>
              <caption id="certificates-caption">{t('certificates.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('certificates.serial')}</th>
                  <th scope="col">{t('certificates.kind')}</th>
                  <th scope="col">{t('certificates.status')}</th>
                  <th scope="col">{t('certificates.notAfter')}</th>
                  <th scope="col">{t('certificates.fingerprint')}</th>
                  {manage && <th scope="col">{t('certificates.revoke')}</th>}
                </tr>
              </thead>
              <tbody>
                {certificates.map((certificate) => (
                  <tr key={certificate.id}>
                    <th scope="row">
                      <code>{certificate.serialNumber}</code>
                    </th>
                    <td>{certificate.custodial ? t('certificates.custodial') : t('certificates.own')}</td>
                    <td>
                      {label('certificateStatus', certificate.status)}
                      {certificate.revocationReason && ` (${label('revocationReason', certificate.revocationReason)})`}
                    </td>
                    <td>
                      <DateTime iso={certificate.notAfter} />
                    </td>
                    <td>
                      <code className="hash">{certificate.fingerprintSha256}</code>
                    </td>
                    {manage && (
                      <td>
                        {certificate.status === 'VALID' && (
                          <RevokeForm
                            organisationId={organisation.id}
                            certificate={certificate}
                            onRevoked={async () => {
                              setMessage(t('certificates.revoked', { serial: certificate.serialNumber }));
                              await loadCertificates();
                            }}
                          />
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {manage && (
          <IssueForm
            organisationId={organisation.id}
            onIssued={async (certificate) => {
              setIssued(certificate);
              setMessage(t('certificates.issued', { serial: certificate.serialNumber }));
              await loadCertificates();
            }}
          />
        )}
        {issued && (
          <div className="issued">
            <label htmlFor="issued-pem">{t('certificates.pem', { serial: issued.serialNumber })}</label>
            <textarea id="issued-pem" readOnly rows={8} value={issued.certificate} />
          </div>
        )}
      </section>
    </Page>
  );
}

/**
 * The operator suspends an organisation at once (a hijacked account, a forged order): its people's
 * tokens stop, its certificates are revoked, it takes no new hop, and the providers of its orders
 * are warned. Lifting it lets its people back in; the certificates stay revoked.
 */
function SuspensionPanel({ organisation, onChange }: { organisation: Organisation; onChange(next: Organisation, message: string): Promise<void> }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmission();
  const errors = problem ? placeFieldErrors(problem.errors, ['reason']).byField : {};
  const path = { params: { path: { id: organisation.id } } };
  const run = async (call: () => Promise<Organisation>, done: string) => {
    setBusy(true);
    setProblem(null);
    try {
      const next = await call();
      setReason('');
      await onChange(next, done);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : ApiProblem.network(error));
    } finally {
      setBusy(false);
    }
  };
  const suspend = (event: FormEvent) => {
    event.preventDefault();
    const body = { reason: reason.trim() };
    const request = { method: 'POST', path: `/api/v1/organisations/${organisation.id}/suspension`, body } as const;
    void run(() => submission.send(request, (key) => unwrap(api.POST('/api/v1/organisations/{id}/suspension', { ...path, headers: transitionHeaders(undefined, key), body }))), t('suspension.suspended', { name: organisation.name }));
  };
  // DELETE needs no key: lifting twice leaves the same state, and the exchange reads Idempotency-Key on POST and PATCH only.
  const lift = () => void run(() => unwrap(api.DELETE('/api/v1/organisations/{id}/suspension', path)), t('suspension.lifted', { name: organisation.name }));
  return (
    <section className="panel" aria-labelledby="suspension-title">
      <h2 id="suspension-title">{t('suspension.title')}</h2>
      {organisation.suspension ? (
        <>
          <p className="alert alert--warning">
            {t('suspension.isSuspended')} <DateTime iso={organisation.suspension.suspendedAt} />: {organisation.suspension.reason}
          </p>
          <p className="hint">{t('suspension.liftHint')}</p>
          <button type="button" className="button button--primary" disabled={busy} onClick={lift}>
            {t('suspension.lift')}
          </button>
        </>
      ) : (
        <form onSubmit={suspend} noValidate>
          <p className="hint">{t('suspension.intro')}</p>
          <TextAreaField name="reason" label={t('suspension.reason')} value={reason} onChange={setReason} errors={errors.reason} hint={t('suspension.reasonHint')} required />
          <button type="submit" className="button button--danger" disabled={busy}>
            {t('suspension.suspend')}
          </button>
        </form>
      )}
      {problem && <ProblemAlert problem={problem} />}
    </section>
  );
}

/**
 * The operator requires a second factor of the organisation's people: from their next request,
 * those without one may do nothing but set it up (certificate logins are not concerned).
 */
function SecondFactorPanel({ organisation, onChange }: { organisation: Organisation; onChange(next: Organisation, message: string): void }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmission();
  const toggle = async () => {
    setBusy(true);
    setProblem(null);
    const requireTotp = !organisation.requireTotp;
    const body = { requireTotp };
    const request = { method: 'PATCH', path: `/api/v1/organisations/${organisation.id}`, body } as const;
    try {
      const next = await submission.send(request, (key) => unwrap(api.PATCH('/api/v1/organisations/{id}', { params: { path: { id: organisation.id } }, headers: transitionHeaders(undefined, key), body })));
      onChange(next, t(requireTotp ? 'secondFactor.nowRequired' : 'secondFactor.noLongerRequired', { name: organisation.name }));
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : ApiProblem.network(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="second-factor-title">
      <h2 id="second-factor-title">{t('secondFactor.title')}</h2>
      <p>
        <strong>{organisation.requireTotp ? t('secondFactor.required') : t('secondFactor.optional')}</strong>
      </p>
      <p className="hint">{t('secondFactor.intro')}</p>
      <button type="button" className="button button--primary" disabled={busy} onClick={() => void toggle()}>
        {organisation.requireTotp ? t('secondFactor.stopRequiring') : t('secondFactor.require')}
      </button>
      {problem && <ProblemAlert problem={problem} />}
    </section>
  );
}

/** The organisation's people, with their second factor; the operator resets a lost one. */
function PeoplePanel({ organisation, people, mayReset, onReset }: { organisation: Organisation; people: User[]; mayReset: boolean; onReset(user: User): Promise<void> }) {
  const { t, label } = useI18n();
  return (
    <section className="panel" aria-labelledby="people-title">
      <h2 id="people-title">{t('people.title')}</h2>
      {people.length === 0 ? (
        <p className="muted">{t('people.none')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="people-caption" tabIndex={0}>
          <table>
            <caption id="people-caption">{t('people.caption', { name: organisation.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('operator.userName')}</th>
                <th scope="col">{t('signin.email')}</th>
                <th scope="col">{t('operator.roles')}</th>
                <th scope="col">{t('people.secondFactor')}</th>
                {mayReset && <th scope="col">{t('people.reset')}</th>}
              </tr>
            </thead>
            <tbody>
              {people.map((user) => (
                <tr key={user.id}>
                  <th scope="row">{user.name}</th>
                  <td>{user.email}</td>
                  <td>{user.roles.map((role) => label('role', role)).join(', ')}</td>
                  <td>{user.totpEnabled ? t('people.on') : t('people.off')}</td>
                  {mayReset && <td>{user.totpEnabled && <ResetSecondFactor organisationId={organisation.id} user={user} onReset={() => onReset(user)} />}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ResetSecondFactor({ organisationId, user, onReset }: { organisationId: string; user: User; onReset(): Promise<void> }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  if (!open) {
    return (
      <button type="button" className="button button--danger" aria-label={t('people.resetFor', { email: user.email })} onClick={() => setOpen(true)}>
        {t('people.reset')}
      </button>
    );
  }
  const reset = async () => {
    setProblem(null);
    try {
      await unwrap(api.DELETE('/api/v1/organisations/{id}/users/{userId}/totp', { params: { path: { id: organisationId, userId: user.id } } }));
      setOpen(false);
      await onReset();
    } catch (error) {
      setProblem(error);
    }
  };
  return (
    <div className="inline-form">
      <p className="hint">{t('people.resetHint')}</p>
      <button type="button" className="button button--danger" aria-label={t('people.confirmResetFor', { email: user.email })} onClick={() => void reset()}>
        {t('people.confirmReset')}
      </button>
      <button type="button" className="button" onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </button>
      <ProblemAlert problem={problem} />
    </div>
  );
}

function UserForm({ organisation, onCreated }: { organisation: Organisation; onCreated(user: User): Promise<void> }) {
  const { t, label } = useI18n();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = problem ? placeFieldErrors(problem.errors, ['email', 'name', 'password', 'roles']).byField : {};
  const submission = useSubmission();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const body = { email: email.trim(), name: name.trim(), password, roles: roles as Role[] };
    try {
      const user = await submission.send({ method: 'POST', path: `/api/v1/organisations/${organisation.id}/users`, body }, (key) =>
        unwrap(api.POST('/api/v1/organisations/{id}/users', { params: { path: { id: organisation.id } }, headers: transitionHeaders(undefined, key), body })),
      );
      await onCreated(user);
      setEmail('');
      setName('');
      setPassword('');
      setRoles([]);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : ApiProblem.network(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="user-form-title">
      <h2 id="user-form-title">{t('operator.addUser')}</h2>
      <form onSubmit={submit} noValidate>
        <div className="row">
          <TextField name="email" type="email" autoComplete="off" label={t('signin.email')} value={email} onChange={setEmail} errors={errors.email} required />
          <TextField name="name" label={t('operator.userName')} value={name} onChange={setName} errors={errors.name} required />
          <TextField name="password" type="password" autoComplete="new-password" label={t('signin.password')} value={password} onChange={setPassword} errors={errors.password} hint={t('operator.passwordHint')} required />
        </div>
        <ChoiceGroup
          kind="checkbox"
          inline
          name="roles"
          label={t('operator.roles')}
          values={roles}
          onChange={setRoles}
          options={ROLES_BY_KIND[organisation.kind].map((role) => ({ value: role, label: label('role', role) }))}
          errors={errors.roles}
          required
        />
        {problem && <ProblemAlert problem={problem} />}
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('operator.createUser')}
        </button>
      </form>
    </section>
  );
}

function IssueForm({ organisationId, onIssued }: { organisationId: string; onIssued(certificate: Certificate): Promise<void> }) {
  const { t } = useI18n();
  const [csr, setCsr] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = problem ? placeFieldErrors(problem.errors, ['csr', 'custodial']).byField : {};
  const submission = useSubmission();
  const issue = async (body: { csr: string } | { custodial: true }) => {
    setBusy(true);
    setProblem(null);
    try {
      const certificate = await submission.send({ method: 'POST', path: `/api/v1/organisations/${organisationId}/certificates`, body }, (key) =>
        unwrap(api.POST('/api/v1/organisations/{id}/certificates', { params: { path: { id: organisationId } }, headers: transitionHeaders(undefined, key), body })),
      );
      setCsr('');
      await onIssued(certificate);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : ApiProblem.network(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="issue-forms">
      <h3>{t('certificates.issueTitle')}</h3>
      <p className="hint">{t('certificates.custodialHint')}</p>
      <button type="button" className="button button--primary" disabled={busy} onClick={() => void issue({ custodial: true })}>
        {t('certificates.issueCustodial')}
      </button>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void issue({ csr });
        }}
        noValidate
      >
        <TextAreaField name="csr" label={t('certificates.csr')} value={csr} onChange={setCsr} errors={errors.csr} hint={t('certificates.csrHint')} rows={6} />
        <button type="submit" className="button" disabled={busy}>
          {t('certificates.issueFromCsr')}
        </button>
      </form>
      {problem && <ProblemAlert problem={problem} />}
    </div>
  );
}

function RevokeForm({ organisationId, certificate, onRevoked }: { organisationId: string; certificate: Certificate; onRevoked(): Promise<void> }) {
  const { t, label } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<RevocationReason>('unspecified');
  const [problem, setProblem] = useState<unknown>(null);
  const submission = useSubmission();
  if (!open) {
    return (
      <button type="button" className="button button--danger" aria-label={t('certificates.revokeSerial', { serial: certificate.serialNumber })} onClick={() => setOpen(true)}>
        {t('certificates.revoke')}
      </button>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const path = `/api/v1/organisations/${organisationId}/certificates/${certificate.serialNumber}/revoke`;
    try {
      await submission.send({ method: 'POST', path, body: { reason } }, (key) =>
        unwrap(
          api.POST('/api/v1/organisations/{id}/certificates/{serial}/revoke', {
            params: { path: { id: organisationId, serial: certificate.serialNumber } },
            headers: transitionHeaders(undefined, key),
            body: { reason },
          }),
        ),
      );
      setOpen(false);
      await onRevoked();
    } catch (error) {
      setProblem(error);
    }
  };
  return (
    <form onSubmit={submit} className="inline-form">
      <SelectField
        name={`revocation-${certificate.serialNumber}`}
        label={t('certificates.reason')}
        value={reason}
        onChange={(value) => setReason(value as RevocationReason)}
        options={REVOCATION_REASONS.map((value) => ({ value, label: label('revocationReason', value) }))}
      />
      <button type="submit" className="button button--danger" aria-label={t('certificates.revokeSerial', { serial: certificate.serialNumber })}>
        {t('certificates.revoke')}
      </button>
      <button type="button" className="button" onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </button>
      <ProblemAlert problem={problem} />
    </form>
  );
}
