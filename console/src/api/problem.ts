/**
 * RFC 9457 problems as the API sends them, and where each field error belongs in a form.
 */

export interface FieldError {
  field: string;
  message: string;
}

/** A refusal from the API (or the network), carrying what the user needs to read. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
    readonly errorId?: string,
  ) {
    super(detail || title);
    this.name = 'ApiProblem';
  }

  /** From a response's status and parsed body (problem+json, other JSON, text or nothing). */
  static fromResponse(status: number, body: unknown): ApiProblem {
    if (body && typeof body === 'object') {
      const problem = body as Record<string, unknown>;
      const errors = Array.isArray(problem.errors)
        ? problem.errors
            .filter((error): error is FieldError => !!error && typeof error === 'object' && typeof error.field === 'string' && typeof error.message === 'string')
            .map((error) => ({ field: normaliseFieldPath(error.field), message: error.message }))
        : [];
      return new ApiProblem(
        status,
        typeof problem.code === 'string' ? problem.code : `HTTP_${status}`,
        typeof problem.title === 'string' ? problem.title : '',
        typeof problem.detail === 'string' ? problem.detail : '',
        errors,
        typeof problem.errorId === 'string' ? problem.errorId : undefined,
      );
    }
    return new ApiProblem(status, `HTTP_${status}`, '', typeof body === 'string' ? body.slice(0, 300) : '');
  }

  static network(error: unknown): ApiProblem {
    return new ApiProblem(0, 'NETWORK', '', error instanceof Error ? error.message : String(error));
  }
}

/** `targets.0.sourcePort` and `targets[0].sourcePort` name the same field: keep the bracket form. */
export function normaliseFieldPath(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

export interface PlacedErrors {
  /** Messages by the form field they belong to. */
  byField: Record<string, string[]>;
  /** Errors no field of the form shows: listed in the form's summary. */
  unplaced: FieldError[];
}

/**
 * Puts each field error on the form field it names, or on the nearest enclosing field the form
 * has (`offence.maxSentenceMonths` for `offence.maxSentenceMonths.value`); the rest stay unplaced.
 */
export function placeFieldErrors(errors: readonly FieldError[], formFields: Iterable<string>): PlacedErrors {
  const known = new Set(formFields);
  const byField: Record<string, string[]> = {};
  const unplaced: FieldError[] = [];
  for (const error of errors) {
    const field = nearestKnown(normaliseFieldPath(error.field), known);
    if (field === null) unplaced.push(error);
    else (byField[field] ??= []).push(error.message);
  }
  return { byField, unplaced };
}

function nearestKnown(path: string, known: Set<string>): string | null {
  let candidate = path;
  while (candidate) {
    if (known.has(candidate)) return candidate;
    const cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
    if (cut <= 0) return null;
    candidate = candidate.slice(0, cut);
  }
  return null;
}
