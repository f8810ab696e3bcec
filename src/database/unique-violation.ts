import { QueryFailedError } from 'typeorm';

/** Whether `error` is PostgreSQL's unique violation (23505), of `constraint` when named (an index's name). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}

/** Whether `error` is PostgreSQL's deadlock_detected (40P01): the statement was rolled back to break a deadlock. */
export function isDeadlock(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '40P01';
}
