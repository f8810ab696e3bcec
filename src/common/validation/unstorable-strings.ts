import type { FieldError } from '../errors/problem.js';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function problemOf(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode: it contains half of a surrogate pair (such as \\ud800) without the other half';
  return undefined;
}

const isPlainObject = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/** A member name as it can appear in a field path: JSON-escaped when it holds what it should not. */
const printable = (key: string): string => JSON.stringify(key).slice(1, -1);

/**
 * Every string (and member name) in a parsed body, query or parameter that PostgreSQL cannot
 * store as text or that is not Unicode: NUL, and unpaired UTF-16 surrogates (which would
 * silently become U+FFFD). Named by path (`targets[0].value`); walked without recursion, and
 * only through plain objects and arrays (not streams or buffers).
 */
export function unstorableStrings(root: unknown, rootPath = ''): FieldError[] {
  const errors: FieldError[] = [];
  const pending: [unknown, string][] = [[root, rootPath]];
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'string') {
      const message = problemOf(value);
      if (message) errors.push({ field: path || '(value)', message });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push([value[i], `${path}[${i}]`]);
    } else if (value !== null && typeof value === 'object' && isPlainObject(value)) {
      for (const key of Object.keys(value).reverse()) {
        const field = path ? `${path}.${printable(key)}` : printable(key);
        const message = problemOf(key);
        if (message) errors.push({ field, message: `is a member name that ${message}` });
        else pending.push([(value as Record<string, unknown>)[key], field]);
      }
    }
  }
  return errors;
}
