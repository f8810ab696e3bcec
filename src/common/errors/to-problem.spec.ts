import { HttpException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DOMAIN_ERROR_CODES, DomainError } from '../../../libs/domain/errors.js';
import { ApiError } from './api-error.js';
import { DOMAIN_ERRORS, HTTP_ERRORS } from './error-catalogue.js';
import { problemType } from './problem.js';
import { toProblem } from './to-problem.js';

describe('toProblem', () => {
  it.each(DOMAIN_ERROR_CODES)('maps the domain code %s to its catalogued status and title', (code) => {
    const { problem, unexpected } = toProblem(new DomainError(code, 'why it failed', { field: 'x' }));
    expect(problem).toEqual({ type: problemType(code), title: DOMAIN_ERRORS[code].title, status: DOMAIN_ERRORS[code].status, detail: 'why it failed', code, field: 'x' });
    expect(unexpected).toBeUndefined();
  });

  it('keeps the field errors of an ApiError', () => {
    const { problem } = toProblem(new ApiError('VALIDATION_FAILED', 'email: bad', { errors: [{ field: 'email', message: 'bad' }] }));
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'email', message: 'bad' }] });
  });

  it('maps framework HTTP errors by status', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x')).problem).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'Cannot GET /x' });
    expect(toProblem(new HttpException('slow down', 429)).problem).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });

  it('turns anything unforeseen into a 500 that reveals only an error id', () => {
    const secret = new Error('duplicate key value violates unique constraint "users_pkey" SELECT * FROM users');
    const { problem, unexpected } = toProblem(secret);
    expect(unexpected).toBe(secret);
    expect(problem).toEqual({
      type: problemType('INTERNAL_ERROR'),
      title: HTTP_ERRORS.INTERNAL_ERROR.title,
      status: 500,
      code: 'INTERNAL_ERROR',
      errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      detail: `Something went wrong on our side. Quote error id ${problem.errorId} when reporting it.`,
    });
    expect(JSON.stringify(problem)).not.toMatch(/users|SELECT|constraint/);
  });

  it('treats a server-side HttpException as unforeseen too', () => {
    const { problem, unexpected } = toProblem(new HttpException('db password is hunter2', 500));
    expect(problem.status).toBe(500);
    expect(unexpected).toBeDefined();
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });

  it.each([
    ['a terminated backend (pg, wrapped by TypeORM)', new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a connection exception (SQLSTATE class 08)', Object.assign(new Error('could not receive data'), { code: '08006' })],
    ['a server that is starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a closed embedded database', new Error('PGlite is closed')],
    ['a cause chain', new Error('login failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })],
  ])('answers %s with 503 SERVICE_UNAVAILABLE and an error id to log', (_name, error) => {
    const { problem, unexpected } = toProblem(error);
    expect(problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(problem.detail).toContain(problem.errorId);
    expect(unexpected).toBe(error);
  });

  it('says that a change may have been made when the database was lost during a request that sends one, and not during a read', () => {
    const lost = new Error('Connection terminated unexpectedly');
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) expect(toProblem(lost, method).problem.detail).toContain('may or may not have been made');
    for (const method of ['GET', 'HEAD']) expect(toProblem(lost, method).problem.detail).not.toContain('may or may not');
  });

  it('keeps query errors that are not an outage at 500', () => {
    const constraint = new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate key value'), { code: '23505' }));
    expect(toProblem(constraint).problem.status).toBe(500);
  });
});
