import { RouteConfig } from '@nestjs/platform-fastify';

/**
 * A body limit for one route, below the 1 MiB default: what the route can need and no more,
 * so an unauthenticated stranger cannot make it buffer a megabyte. configure-app.ts turns the
 * route config into fastify's own `bodyLimit` (413 before the body is read past the limit).
 */
export const BodyLimit = (bytes: number): MethodDecorator => RouteConfig({ bodyLimit: bytes });
