import { QueryFailedError } from 'typeorm';
import { createRootLogger } from './logger.js';

describe('createRootLogger', () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createRootLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    return { logger, lines };
  };

  it('redacts secrets by member name at any of the first four levels', () => {
    const { logger, lines } = capture();
    logger.info({
      password: 'p1',
      user: { passwordHash: '$argon2id$v=19$m=19456', accessToken: 'eyJ.a.b' },
      req: { headers: { authorization: 'Bearer eyJ.a.b', cookie: 'c' } },
      order: { content: { caseSummary: 'M1', necessityGrounds: 'M2' } },
      webhook: { secret: 'whsec_abc' },
      evidence: [{ filename: 'Jane Doe.mbox' }],
      kept: 'visible',
    });
    const text = JSON.stringify(lines);
    for (const secret of ['p1', '$argon2id', 'eyJ', 'Bearer', 'M1', 'M2', 'whsec_', 'Jane Doe']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ kept: 'visible', order: { content: { caseSummary: '[redacted]' } } });
  });

  it('logs a database error by its message and SQLSTATE, never its query, parameters or detail', () => {
    const { logger, lines } = capture();
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "users_email"'), {
      code: '23505',
      constraint: 'users_email',
      detail: 'Key (email)=(jane@example.org) already exists.',
      where: 'row (jane@example.org, $argon2id$...)',
    });
    const error = new QueryFailedError('INSERT INTO users (email, password_hash) VALUES ($1, $2)', ['jane@example.org', '$argon2id$v=19$secret'], driverError);
    logger.error({ msg: 'unexpected error', err: error });
    logger.error({ msg: 'unexpected error', err: new Error('wrapped', { cause: error }) });
    logger.error({ msg: 'unexpected error', err: new AggregateError([error], 'several') });
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/jane@example\.org|argon2|INSERT/);
    expect(lines[0].err).toMatchObject({ type: 'QueryFailedError', message: expect.stringContaining('duplicate key'), code: '23505', constraint: 'users_email' });
    expect(lines[1].err).toMatchObject({ message: expect.stringMatching(/^wrapped: duplicate key/) });
    expect(lines[2].err).toMatchObject({ aggregateErrors: [{ code: '23505' }] });
  });
});
