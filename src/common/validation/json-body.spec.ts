import { ApiError } from '../errors/api-error.js';
import { JSON_MAX_DEPTH, parseJsonBody } from './json-body.js';

describe('parseJsonBody', () => {
  const refusal = (body: Buffer | string) => {
    try {
      parseJsonBody(body);
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      return (error as ApiError).detail;
    }
    throw new Error('accepted');
  };

  it('parses ordinary JSON, BOM and all', () => {
    expect(parseJsonBody(Buffer.from('\ufeff{"a":[1,{"b":"[{"}]}'))).toEqual({ a: [1, { b: '[{' }] });
  });

  it(`accepts ${JSON_MAX_DEPTH} levels and refuses one more, counting only brackets outside strings`, () => {
    const depth = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(() => parseJsonBody(depth(JSON_MAX_DEPTH))).not.toThrow();
    expect(refusal(depth(JSON_MAX_DEPTH + 1))).toMatch(/more than 64 levels/);
    expect(refusal('['.repeat(1_000_000))).toMatch(/more than 64 levels/);
    expect(parseJsonBody(JSON.stringify({ text: `\\"${'['.repeat(500)}` }))).toEqual({ text: `\\"${'['.repeat(500)}` });
  });

  it('refuses prototype poisoning however the member name is spelt', () => {
    expect(refusal('{"__proto__":{"x":1}}')).toMatch(/__proto__/);
    expect(refusal('{"\\u005f_proto__":{"x":1}}')).toMatch(/__proto__/);
    expect(refusal('{"a":[{"constructor":{"prototype":{"x":1}}}]}')).toMatch(/constructor/);
    expect(parseJsonBody('{"constructor":"a name"}')).toEqual({ constructor: 'a name' });
  });

  it('refuses empty bodies, invalid UTF-8 and invalid JSON', () => {
    expect(refusal(Buffer.alloc(0))).toMatch(/empty/);
    expect(refusal(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))).toMatch(/UTF-8/);
    expect(refusal('{"a":')).toMatch(/not valid JSON/);
  });

  it('refuses numbers that overflow to Infinity, naming where they are', () => {
    expect(refusal('1e999')).toMatch(/at its top level/);
    expect(refusal('{"a":{"b":[1,-1e400]}}')).toMatch(/at a\.b\[1\]/);
    expect(parseJsonBody('{"a":1.7976931348623157e308,"b":5e-324}')).toEqual({ a: 1.7976931348623157e308, b: 5e-324 });
  });
});
