/**
 * How the exchange compares account handles (the white list of certified accounts) and finds the
 * account a removal order's URL names. Framework-free; the certified-accounts service and the
 * removal order's draft check both use it.
 *
 * A handle's key is NFKC-normalised (fullwidth and other compatibility forms become their plain
 * letters), lower-cased, stripped of format characters (zero-width spaces and joiners, the byte
 * order mark, bidirectional marks: Unicode category Cf), of surrounding spaces and of every
 * leading @ (and spaces between them). Two handles are the same account when their keys are equal.
 */
export function handleKey(handle: string): string {
  return handle
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .toLowerCase()
    .normalize('NFKC')
    .replace(/^[\s@]+/, '')
    .trim();
}

/** Path segments that introduce an account rather than name one (`/user/name`, `/c/name`). */
const ACCOUNT_PREFIXES = new Set(['u', 'user', 'users', 'c', 'channel', 'profile', 'profiles', 'account', 'accounts']);

/**
 * The handles a content URL may name, as keys: the first path segment (`https://host/@name/...`
 * or `https://host/name/...`), and the second where the first only introduces an account
 * (`https://host/user/name`). They are candidates: each is looked up on the white list, and one
 * that is no certified account changes nothing. None when the URL has no path to read an account
 * from (`https://host/?id=1`): the issuer must then state `accountHandle`.
 */
export function urlHandleCandidates(url: string): string[] {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return [];
  }
  const segments = path.split('/').filter((segment) => segment.length > 0).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  const candidates: string[] = [];
  const [first, second] = segments;
  if (first !== undefined) candidates.push(handleKey(first));
  if (first !== undefined && second !== undefined && ACCOUNT_PREFIXES.has(handleKey(first))) candidates.push(handleKey(second));
  return [...new Set(candidates.filter((key) => key.length > 0))];
}

/** The handle keys a removal order's target names: its `accountHandle` and what its URL names. */
export function targetHandleKeys(target: { value: string; accountHandle?: string }): string[] {
  const keys = target.accountHandle !== undefined ? [handleKey(target.accountHandle)] : [];
  return [...new Set([...keys, ...urlHandleCandidates(target.value)].filter((key) => key.length > 0))];
}
