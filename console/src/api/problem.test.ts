import { describe, expect, it } from 'vitest';
import { ApiProblem, normaliseFieldPath, placeFieldErrors } from './problem';

describe('problems from the API', () => {
  it('read an RFC 9457 body with its field errors', () => {
    const problem = ApiProblem.fromResponse(400, {
      type: 'urn:evx:problem:validation-failed',
      title: 'The request is not valid',
      status: 400,
      detail: 'targets[0].sourcePort: required for an IPv4 address of a carrier-grade NAT operator',
      code: 'VALIDATION_FAILED',
      errors: [
        { field: 'targets.0.sourcePort', message: 'required for an IPv4 address of a carrier-grade NAT operator' },
        { field: 'caseReference', message: 'must not be empty' },
        { nonsense: true },
      ],
    });
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual([
      { field: 'targets[0].sourcePort', message: 'required for an IPv4 address of a carrier-grade NAT operator' },
      { field: 'caseReference', message: 'must not be empty' },
    ]);
  });

  it('survive an answer that is not a problem (a proxy page, an empty body)', () => {
    const fromText = ApiProblem.fromResponse(502, '<html>Bad gateway</html>');
    expect(fromText.code).toBe('HTTP_502');
    expect(fromText.detail).toContain('Bad gateway');
    expect(ApiProblem.fromResponse(500, undefined).code).toBe('HTTP_500');
  });
});

describe('placing field errors on a form', () => {
  it('normalises dotted indexes to brackets', () => {
    expect(normaliseFieldPath('targets.12.timestamp')).toBe('targets[12].timestamp');
    expect(normaliseFieldPath('decisions.0')).toBe('decisions[0]');
    expect(normaliseFieldPath('offence.maxSentenceMonths')).toBe('offence.maxSentenceMonths');
  });

  it('puts each error on the field it names, or on the nearest field around it', () => {
    const fields = ['caseReference', 'targets', 'targets[0].value', 'targets[0].sourcePort', 'targets[1].value', 'offence.maxSentenceMonths'];
    const placed = placeFieldErrors(
      [
        { field: 'targets[0].sourcePort', message: 'required' },
        { field: 'targets[0].sourcePort', message: 'must be a number' },
        { field: 'targets[1].value', message: 'not an e-mail address' },
        { field: 'targets[2].value', message: 'the form has no third target' },
        { field: 'offence.maxSentenceMonths.value', message: 'nested' },
        { field: 'signature', message: 'not on this form' },
      ],
      fields,
    );
    expect(placed.byField).toEqual({
      'targets[0].sourcePort': ['required', 'must be a number'],
      'targets[1].value': ['not an e-mail address'],
      targets: ['the form has no third target'],
      'offence.maxSentenceMonths': ['nested'],
    });
    expect(placed.unplaced).toEqual([{ field: 'signature', message: 'not on this form' }]);
  });
});
