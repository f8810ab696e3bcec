import helmet from '@fastify/helmet';
import { Logger, RequestMethod } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OPENAPI_OPEN_DURING_TOTP_ENROLMENT } from './common/auth/decorators.js';
import { ApiError } from './common/errors/api-error.js';
import { PROBLEM_CONTENT_TYPE } from './common/errors/problem.js';
import { sendProblem } from './common/errors/problem.filter.js';
import { RouteMethods } from './common/errors/route-methods.js';
import { parseJsonBody } from './common/validation/json-body.js';
import { requestContext } from './common/logging/request-context.js';
import { TIMESTAMP_QUERY } from './modules/pki/pki.controller.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';

export const API_PREFIX = 'api/v1';

/** Routes whose body is a stream handed to the handler as it arrives (evidence). */
const STREAMED_ROUTES = [`/${API_PREFIX}/orders/:id/evidence`, `/${API_PREFIX}/orders/:id/evidence/uploads/:uploadId`];

/** Routes outside the versioned API prefix. */
export const UNPREFIXED_ROUTES = [
  { path: 'health', method: RequestMethod.GET },
  { path: 'docs', method: RequestMethod.GET },
  { path: 'docs-json', method: RequestMethod.GET },
];

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Evidence Exchange API')
    .setDescription(
      'Cross-border electronic evidence: preservation and production orders between authorities and service providers ' +
        '(Regulation (EU) 2023/1543 and other instruments). Errors are RFC 9457 application/problem+json with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return withCommonProblems(document);
}

/**
 * Any route can fail on our side: document the 500 problem (with only an error id) everywhere.
 * Any route that needs a token may answer 403 `TOTP_ENROLMENT_REQUIRED` (SecondFactorGuard),
 * except those open during the enrolment.
 */
function withCommonProblems(document: OpenAPIObject): OpenAPIObject {
  const problem = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDto' } } } });
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as { responses?: Record<string, unknown>; security?: unknown[]; [extension: string]: unknown }[]) {
      if (!operation?.responses) continue;
      if (operation.security?.length && !operation[OPENAPI_OPEN_DURING_TOTP_ENROLMENT]) {
        operation.responses['403'] ??= problem('The caller\'s organisation requires a second factor they must enrol first (`TOTP_ENROLMENT_REQUIRED`)');
      }
      operation.responses['500'] ??= problem('Unexpected failure (`INTERNAL_ERROR`): the body carries only an `errorId` to quote');
    }
  }
  return document;
}

/**
 * A path that exists under other methods answers 405 with `Allow`, not Nest's 404: the
 * not-found handler Nest installs at init is wrapped before it is installed.
 */
function answerWrongMethods(app: NestFastifyApplication, routeMethods: RouteMethods): void {
  const adapter = app.getHttpAdapter() as unknown as { setNotFoundHandler: (handler: NotFoundHandler, ...rest: unknown[]) => unknown };
  const install = adapter.setNotFoundHandler.bind(adapter);
  const logger = new Logger('Errors');
  adapter.setNotFoundHandler = (handler, ...rest) =>
    install((request, reply) => {
      const allowed = routeMethods.allowed(request.url.split('?')[0]);
      if (allowed.length === 0) return handler(request, reply);
      void reply.header('allow', allowed.join(', '));
      sendProblem(new ApiError('METHOD_NOT_ALLOWED', `${request.method} is not a method of this resource; it answers ${allowed.join(', ')}.`), request, reply, logger);
    }, ...rest);
}
type NotFoundHandler = (request: FastifyRequest, reply: FastifyReply) => unknown;

/**
 * Everything about the HTTP surface that is not a route: shared by main.ts and every e2e test,
 * so tests exercise exactly what production serves.
 */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: a text/plain or form body is refused with 415 instead of failing validation field
  // by field (createApp turns Nest's own JSON and form parsers off: bodyParser: false).
  fastify.removeContentTypeParser('text/plain');
  // Every JSON body goes through one parser with a depth limit and prototype-poisoning checks
  // before any transformer sees it (json-body.ts). Routes may lower the limit (@BodyLimit).
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: fastify.initialConfig.bodyLimit }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // RFC 3161 requests arrive as DER; a request is a few hundred bytes.
  fastify.addContentTypeParser(TIMESTAMP_QUERY, { parseAs: 'buffer', bodyLimit: 16 * 1024 }, (_request, body, done) => done(null, body));
  // Evidence streams through untouched: the handler hashes it on its way to storage (no body limit
  // here; EVIDENCE_MAX_BYTES is enforced while streaming). Any other route refuses the type (415).
  // A CMS EnvelopedData (`application/pkcs7-mime`) is evidence encrypted to its recipient.
  for (const type of ['application/octet-stream', 'application/pkcs7-mime']) {
    fastify.addContentTypeParser(type, (request, payload, done) => {
      if (STREAMED_ROUTES.includes(request.routeOptions.url ?? '')) return done(null, payload);
      done(Object.assign(new Error(`This endpoint does not accept ${type}.`), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), undefined);
    });
  }

  // Request id on every log line of the request, echoed to the client for support tickets.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    requestContext.run({ requestId: request.id }, done);
  });

  // Answers carry who asked: no cache may keep them unless a route says otherwise (the public
  // CA chain does). One hook, so JSON, PDFs, bundles and errors alike.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  const routeMethods = new RouteMethods();
  fastify.addHook('onRoute', (route) => {
    routeMethods.add(route.url, route.method);
    const bodyLimit = (route.config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
    if (typeof bodyLimit === 'number') route.bodyLimit = bodyLimit;
  });
  answerWrongMethods(app, routeMethods);

  await app.register(helmet, {
    // Swagger UI needs its inline bootstrap script; nothing else is HTML.
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
    },
  });

  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json', raw: ['json'] });
  return app;
}
