/**
 * GET /console and everything under it: the console's files, and its index for any other path
 * (the console routes in the browser). Registered on fastify directly, outside the versioned
 * API prefix and its token guard: these are public static files. Each answer carries the
 * console's own strict Content-Security-Policy in place of the API's.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleAsset, ConsoleAssets } from './console-assets.js';

export const CONSOLE_PATH = '/console';

/**
 * No inline script or style, no eval, no plugins; PDFs open in a frame from a blob: address the
 * console makes from what the API sent; it talks to its own origin only.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  'frame-src blob:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "manifest-src 'self'",
  // No string ever becomes script through the DOM (React writes none; the console has no innerHTML).
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** A path with a file extension, or under assets/, names a file: no index for it. */
const FILE_LIKE = /(^assets\/)|(\.[a-z0-9]+$)/i;

export function registerConsoleRoutes(fastify: FastifyInstance, assets: ConsoleAssets | null): void {
  const handler = async (request: FastifyRequest<{ Params: { '*'?: string } }>, reply: FastifyReply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) void reply.header(name, value);
    if (!assets) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The console is not built: run `npm run build` (npm start does it), then start the server again.\n');
    }
    const path = request.params['*'] ?? '';
    const asset = assets.find(path) ?? (FILE_LIKE.test(path) ? undefined : assets.index);
    if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
    return send(request, reply, asset);
  };
  fastify.get(CONSOLE_PATH, handler);
  fastify.get(`${CONSOLE_PATH}/*`, handler);
}

function send(request: FastifyRequest, reply: FastifyReply, asset: ConsoleAsset) {
  void reply
    .header('content-type', asset.type)
    .header('etag', asset.etag)
    .header('vary', 'accept-encoding')
    .header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  const encoding = pickEncoding(request.headers['accept-encoding'], asset);
  if (encoding === 'br') return reply.header('content-encoding', 'br').send(asset.br);
  if (encoding === 'gzip') return reply.header('content-encoding', 'gzip').send(asset.gzip);
  return reply.send(asset.body);
}

/** The best encoding both sides have: brotli, then gzip, else none. A `q=0` refuses one. */
export function pickEncoding(header: string | undefined, asset: Pick<ConsoleAsset, 'br' | 'gzip'>): 'br' | 'gzip' | 'identity' {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find((value) => value !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const allows = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (asset.br && allows('br')) return 'br';
  if (asset.gzip && allows('gzip')) return 'gzip';
  return 'identity';
}
