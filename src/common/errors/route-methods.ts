/**
 * The methods each registered path answers, so an unmatched request can be told apart: a path
 * that exists under other methods is a 405 with `Allow` (RFC 9110 15.5.6), anything else a 404.
 */
export class RouteMethods {
  private readonly routes: { pattern: RegExp; method: string }[] = [];

  /** Called from fastify's onRoute hook with each route's URL pattern (`/orders/:id`). */
  add(url: string, methods: string | string[]): void {
    const pattern = new RegExp(
      `^${url
        .split('/')
        .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/')}/?$`,
    );
    for (const method of [methods].flat()) this.routes.push({ pattern, method: method.toUpperCase() });
  }

  /** The methods `path` (without its query) answers, sorted; empty for a path no route has. */
  allowed(path: string): string[] {
    const methods = new Set(this.routes.filter((route) => route.pattern.test(path)).map((route) => route.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }
}
